import Fluent
import Foundation

/// Kammarkollegiet's decision to pay a requisition (*beslut om utbetalning*), made in the same
/// transaction as the approval and never changed afterwards: `content` is the letter's JSON
/// (`DecisionLetter.json`), `contentSHA256` its checksum. `@unchecked Sendable`: see `OrganisationModel`.
public final class DecisionLetterModel: Model, @unchecked Sendable {
    public static let schema = "decision_letters"
    @ID(key: .id) public var id: UUID?
    /// One letter per requisition (unique).
    @Field(key: "requisition_id") public var requisitionID: UUID
    /// The reference number, `KAMK-2019-0001` (unique).
    @Field(key: "reference") public var reference: String
    @Field(key: "agreement_year") public var agreementYear: Int
    /// The number within the year; (year, sequence) is unique.
    @Field(key: "sequence") public var sequence: Int
    @Field(key: "organisation_id") public var organisationID: UUID
    /// `YYYY-MM-DD`.
    @Field(key: "decided_on") public var decidedOn: String
    @Field(key: "content") public var content: String
    @Field(key: "content_sha256") public var contentSHA256: String
    @Field(key: "created_at") public var createdAt: Date
    public init() {}
}
