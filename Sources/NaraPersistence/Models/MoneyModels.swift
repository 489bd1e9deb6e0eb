import Fluent
import Foundation

// Plans of how recipients use their funds. `@unchecked Sendable`: see `OrganisationModel`.

/// A recipient's plan for one agreement.
public final class PlanModel: Model, @unchecked Sendable {
    public static let schema = "plans"
    @ID(key: .id) public var id: UUID?
    @Field(key: "agreement_year") public var agreementYear: Int
    @Field(key: "organisation_id") public var organisationID: UUID
    @Field(key: "updated_at") public var updatedAt: Date
    @Field(key: "updated_by") public var updatedBy: String
    public init() {}
}

/// One insats of a plan.
public final class PlanLineModel: Model, @unchecked Sendable {
    public static let schema = "plan_lines"
    @ID(key: .id) public var id: UUID?
    @Field(key: "plan_id") public var planID: UUID
    @Field(key: "position") public var position: Int
    @Field(key: "area") public var area: Int
    @Field(key: "title") public var title: String
    @Field(key: "amount_ore") public var amountOre: Int64
    public init() {}
}
