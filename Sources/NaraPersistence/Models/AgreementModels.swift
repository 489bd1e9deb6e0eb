import Fluent
import Foundation

// Stored agreements. All `@unchecked Sendable`: see `OrganisationModel`.

public final class AgreementModel: Model, @unchecked Sendable {
    public static let schema = "agreements"
    @ID(key: .id) public var id: UUID?
    @Field(key: "year") public var year: Int
    @Field(key: "title") public var title: String
    @Field(key: "frame_ore") public var frameOre: Int64
    @Field(key: "summary") public var summary: String
    @Field(key: "source") public var source: String
    /// `draft` or `published` (`AgreementStatus`).
    @Field(key: "status") public var status: String
    /// 1 when published; each amendment adds one.
    @Field(key: "version") public var version: Int
    @Field(key: "source_reference") public var sourceReference: String
    @OptionalField(key: "signed_on") public var signedOn: String?
    @OptionalField(key: "updated_at") public var updatedAt: Date?
    @Field(key: "updated_by") public var updatedBy: String
    public init() {}

    public var isPublished: Bool { status == "published" }
}

public final class AreaModel: Model, @unchecked Sendable {
    public static let schema = "agreement_areas"
    @ID(key: .id) public var id: UUID?
    @Field(key: "agreement_id") public var agreementID: UUID
    @Field(key: "number") public var number: Int
    @Field(key: "title") public var title: String
    @Field(key: "summary") public var summary: String
    @OptionalField(key: "stated_total_ore") public var statedTotalOre: Int64?
    public init() {}
}

public final class AreaAmountModel: Model, @unchecked Sendable {
    public static let schema = "area_amounts"
    @ID(key: .id) public var id: UUID?
    @Field(key: "area_id") public var areaID: UUID
    @Field(key: "position") public var position: Int
    @Field(key: "category") public var category: String
    @Field(key: "purpose") public var purpose: String
    @Field(key: "amount_ore") public var amountOre: Int64
    public init() {}
}

public final class PotModel: Model, @unchecked Sendable {
    public static let schema = "pots"
    @ID(key: .id) public var id: UUID?
    @Field(key: "agreement_id") public var agreementID: UUID
    @Field(key: "position") public var position: Int
    @Field(key: "slug") public var slug: String
    @Field(key: "name") public var name: String
    @Field(key: "category") public var category: String
    @Field(key: "amount_ore") public var amountOre: Int64
    @Field(key: "key_kind") public var keyKind: String
    /// The quantity's name for quantity keys; JSON `{code: öre}` for fixed keys.
    @Field(key: "key_detail") public var keyDetail: String
    @OptionalField(key: "stated_reference_date") public var statedReferenceDate: String?
    @Field(key: "note") public var note: String
    @OptionalField(key: "quantity_deadline") public var quantityDeadline: String?
    public init() {}
}

public final class ConditionModel: Model, @unchecked Sendable {
    public static let schema = "agreement_conditions"
    @ID(key: .id) public var id: UUID?
    @Field(key: "agreement_id") public var agreementID: UUID
    @Field(key: "position") public var position: Int
    @Field(key: "text") public var text: String
    public init() {}
}

public final class MilestoneModel: Model, @unchecked Sendable {
    public static let schema = "milestones"
    @ID(key: .id) public var id: UUID?
    @Field(key: "agreement_id") public var agreementID: UUID
    @Field(key: "position") public var position: Int
    @Field(key: "date") public var date: String
    @Field(key: "kind") public var kind: String
    @Field(key: "title") public var title: String
    @Field(key: "responsible") public var responsible: String
    @Field(key: "recipient") public var recipient: String
    public init() {}
}

public final class StatedReceiptModel: Model, @unchecked Sendable {
    public static let schema = "stated_receipts"
    @ID(key: .id) public var id: UUID?
    @Field(key: "agreement_id") public var agreementID: UUID
    @Field(key: "pot_slug") public var potSlug: String
    @Field(key: "code") public var code: String
    @Field(key: "amount_ore") public var amountOre: Int64
    @Field(key: "source") public var source: String
    @OptionalField(key: "reference_date") public var referenceDate: String?
    public init() {}
}

/// A published version of an agreement: the first publication or an amendment, with the whole
/// agreement as its JSON document and what changed.
public final class AgreementVersionModel: Model, @unchecked Sendable {
    public static let schema = "agreement_versions"
    @ID(key: .id) public var id: UUID?
    @Field(key: "agreement_id") public var agreementID: UUID
    @Field(key: "version") public var version: Int
    /// `published` (version 1) or `amendment`.
    @Field(key: "kind") public var kind: String
    @OptionalField(key: "amendment_date") public var amendmentDate: String?
    @Field(key: "reason") public var reason: String
    @Field(key: "reference") public var reference: String
    /// `AgreementDocument` as JSON.
    @Field(key: "document") public var document: String
    /// `[FieldChange]` as JSON, against the version before.
    @Field(key: "changes") public var changes: String
    @Field(key: "created_at") public var createdAt: Date
    @Field(key: "created_by") public var createdBy: String
    public init() {}
}

/// What a recipient must pay back because an amendment lowered its allocation below what it
/// was paid (never a negative payment).
public final class RepaymentClaimModel: Model, @unchecked Sendable {
    public static let schema = "repayment_claims"
    @ID(key: .id) public var id: UUID?
    @Field(key: "agreement_year") public var agreementYear: Int
    @Field(key: "organisation_id") public var organisationID: UUID
    @Field(key: "agreement_version") public var agreementVersion: Int
    @Field(key: "amount_ore") public var amountOre: Int64
    @Field(key: "due_date") public var dueDate: String
    @Field(key: "reason") public var reason: String
    /// `open` or `paid`.
    @Field(key: "state") public var state: String
    @Field(key: "created_at") public var createdAt: Date
    @Field(key: "created_by") public var createdBy: String
    public init() {}
}
