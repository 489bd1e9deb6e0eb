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

/// A requisition of funds by a recipient.
public final class RequisitionModel: Model, @unchecked Sendable {
    public static let schema = "requisitions"
    @ID(key: .id) public var id: UUID?
    @Field(key: "agreement_year") public var agreementYear: Int
    @Field(key: "organisation_id") public var organisationID: UUID
    /// A `RequisitionState` code.
    @Field(key: "state") public var state: String
    @Field(key: "amount_ore") public var amountOre: Int64
    /// JSON `{area: öre}`.
    @Field(key: "areas") public var areas: String
    @Field(key: "created_at") public var createdAt: Date
    @Field(key: "created_by") public var createdBy: String
    /// The account that made it (separation of duties); absent on requisitions made before 020.
    @OptionalField(key: "created_by_id") public var createdByID: UUID?
    @OptionalField(key: "attested_at") public var attestedAt: Date?
    @OptionalField(key: "attested_by") public var attestedBy: String?
    @OptionalField(key: "attested_by_id") public var attestedByID: UUID?
    /// The first of two payers' approvals, for amounts above the second-approval limit.
    @OptionalField(key: "first_approved_at") public var firstApprovedAt: Date?
    @OptionalField(key: "first_approved_by") public var firstApprovedBy: String?
    @OptionalField(key: "first_approved_by_id") public var firstApprovedByID: UUID?
    @OptionalField(key: "decided_at") public var decidedAt: Date?
    @OptionalField(key: "decided_by") public var decidedBy: String?
    @OptionalField(key: "reason") public var reason: String?
    public init() {}
}

/// A payment from Kammarkollegiet (a requisition) or from a region to a provider (a quarter).
public final class PaymentModel: Model, @unchecked Sendable {
    public static let schema = "payments"
    @ID(key: .id) public var id: UUID?
    @Field(key: "agreement_year") public var agreementYear: Int
    /// The payee.
    @Field(key: "organisation_id") public var organisationID: UUID
    @OptionalField(key: "requisition_id") public var requisitionID: UUID?
    @OptionalField(key: "provider_request_id") public var providerRequestID: UUID?
    @Field(key: "amount_ore") public var amountOre: Int64
    /// JSON `{area: öre}`.
    @Field(key: "areas") public var areas: String
    @Field(key: "payment_date") public var paymentDate: String
    @Field(key: "reference") public var reference: String
    /// `planned` or `paid`.
    @Field(key: "status") public var status: String
    @OptionalField(key: "paid_at") public var paidAt: Date?
    @Field(key: "created_by") public var createdBy: String
    public init() {}
}

/// A recipient's financial report (*ekonomisk redovisning*): outcome per insats. Attested
/// versions are frozen; a change makes the next version.
public final class FinancialReportModel: Model, @unchecked Sendable {
    public static let schema = "financial_reports"
    @ID(key: .id) public var id: UUID?
    @Field(key: "agreement_year") public var agreementYear: Int
    @Field(key: "organisation_id") public var organisationID: UUID
    @Field(key: "version") public var version: Int
    /// `draft` or `attested`.
    @Field(key: "state") public var state: String
    @Field(key: "repayment_ore") public var repaymentOre: Int64
    @Field(key: "due_date") public var dueDate: String
    @Field(key: "updated_at") public var updatedAt: Date
    @Field(key: "updated_by") public var updatedBy: String
    /// The account that last saved it (separation of duties); absent before 020.
    @OptionalField(key: "updated_by_id") public var updatedByID: UUID?
    @OptionalField(key: "attested_at") public var attestedAt: Date?
    @OptionalField(key: "attested_by") public var attestedBy: String?
    @OptionalField(key: "attested_by_id") public var attestedByID: UUID?
    public init() {}
}

public final class FinancialReportLineModel: Model, @unchecked Sendable {
    public static let schema = "financial_report_lines"
    @ID(key: .id) public var id: UUID?
    @Field(key: "report_id") public var reportID: UUID
    @Field(key: "position") public var position: Int
    @Field(key: "area") public var area: Int
    @Field(key: "title") public var title: String
    @Field(key: "planned_ore") public var plannedOre: Int64
    @Field(key: "spent_ore") public var spentOre: Int64
    public init() {}
}

/// A repayment the recipient has made.
public final class RepaymentModel: Model, @unchecked Sendable {
    public static let schema = "repayments"
    @ID(key: .id) public var id: UUID?
    @Field(key: "agreement_year") public var agreementYear: Int
    @Field(key: "organisation_id") public var organisationID: UUID
    @Field(key: "amount_ore") public var amountOre: Int64
    @Field(key: "paid_on") public var paidOn: String
    @Field(key: "recorded_by") public var recordedBy: String
    @Field(key: "created_at") public var createdAt: Date
    public init() {}
}

/// A region's assignment of funds onward (*uppdrag*): to one of its own units (booked on a
/// cost object) or to an external care provider.
public final class FundAssignmentModel: Model, @unchecked Sendable {
    public static let schema = "fund_assignments"
    @ID(key: .id) public var id: UUID?
    @Field(key: "agreement_year") public var agreementYear: Int
    @Field(key: "organisation_id") public var organisationID: UUID
    @Field(key: "area") public var area: Int
    @Field(key: "title") public var title: String
    @Field(key: "cost_object") public var costObject: String
    @OptionalField(key: "provider_id") public var providerID: UUID?
    @Field(key: "amount_ore") public var amountOre: Int64
    @Field(key: "created_at") public var createdAt: Date
    @Field(key: "created_by") public var createdBy: String
    public init() {}
}

/// A provider's quarterly funding request (*äskande*) against an assignment.
public final class ProviderRequestModel: Model, @unchecked Sendable {
    public static let schema = "provider_requests"
    @ID(key: .id) public var id: UUID?
    @Field(key: "assignment_id") public var assignmentID: UUID
    @Field(key: "quarter") public var quarter: Int
    @Field(key: "amount_ore") public var amountOre: Int64
    /// `submitted`, `approved`, `rejected`.
    @Field(key: "state") public var state: String
    @OptionalField(key: "reason") public var reason: String?
    @Field(key: "created_at") public var createdAt: Date
    @Field(key: "created_by") public var createdBy: String
    @OptionalField(key: "decided_at") public var decidedAt: Date?
    @OptionalField(key: "decided_by") public var decidedBy: String?
    public init() {}
}
