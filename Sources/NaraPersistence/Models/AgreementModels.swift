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
    public init() {}
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
