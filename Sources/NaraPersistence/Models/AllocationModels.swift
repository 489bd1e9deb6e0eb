import Fluent
import Foundation

/// One computed version of a pot's allocation. Versions are never changed: recomputing adds a
/// new version and marks it current. `@unchecked Sendable`: see `OrganisationModel`.
public final class AllocationModel: Model, @unchecked Sendable {
    public static let schema = "allocations"
    @ID(key: .id) public var id: UUID?
    @Field(key: "pot_id") public var potID: UUID
    @Field(key: "version") public var version: Int
    @Field(key: "is_current") public var isCurrent: Bool
    @OptionalField(key: "population_table_id") public var populationTableID: UUID?
    @OptionalField(key: "reference_date") public var referenceDate: String?
    @Field(key: "total_ore") public var totalOre: Int64
    @OptionalField(key: "total_weight") public var totalWeight: Int64?
    @Field(key: "leftover_units") public var leftoverUnits: Int64
    @Field(key: "computed_at") public var computedAt: Date
    @Field(key: "computed_by") public var computedBy: String
    public init() {}
}

/// One recipient's line in an allocation version, with the figures its calculation sheet shows.
public final class AllocationLineModel: Model, @unchecked Sendable {
    public static let schema = "allocation_lines"
    @ID(key: .id) public var id: UUID?
    @Field(key: "allocation_id") public var allocationID: UUID
    @Field(key: "position") public var position: Int
    @Field(key: "code") public var code: String
    @Field(key: "name") public var name: String
    @OptionalField(key: "weight") public var weight: Int64?
    @Field(key: "amount_ore") public var amountOre: Int64
    @OptionalField(key: "floor_units") public var floorUnits: Int64?
    @OptionalField(key: "remainder_numerator") public var remainderNumerator: Int64?
    @OptionalField(key: "remainder_rank") public var remainderRank: Int?
    @Field(key: "received_extra_unit") public var receivedExtraUnit: Bool
    @Field(key: "residual_ore") public var residualOre: Int64
    @Field(key: "note") public var note: String
    public init() {}
}
