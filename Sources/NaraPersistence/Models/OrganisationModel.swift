import Fluent
import Foundation
import NaraCore

/// A stored organisation. `@unchecked Sendable` because Fluent models are reference types with
/// property wrappers that Swift 6 cannot check; each instance is used by one task at a time.
public final class OrganisationModel: Model, @unchecked Sendable {
    public static let schema = "organisations"

    @ID(key: .id) public var id: UUID?
    @Field(key: "kind") public var kind: String
    @Field(key: "code") public var code: String
    @Field(key: "name") public var name: String
    @OptionalField(key: "county_code") public var countyCode: String?
    @OptionalField(key: "parent_id") public var parentID: UUID?
    /// The organisation number (`NNNNNN-NNNN`), where known (migration 023).
    @OptionalField(key: "org_number") public var orgNumber: String?

    public init() {}

    public init(_ seed: OrganisationSeed) {
        kind = seed.kind.rawValue
        code = seed.code
        name = seed.name
        countyCode = seed.countyCode
    }
}
