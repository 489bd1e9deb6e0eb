import Fluent
import Foundation
import NaraCore

/// A stored population table. `@unchecked Sendable`: see `OrganisationModel`.
public final class PopulationTableModel: Model, @unchecked Sendable {
    public static let schema = "population_tables"

    @ID(key: .id) public var id: UUID?
    @Field(key: "reference_date") public var referenceDate: String
    @Field(key: "level") public var level: String
    @Field(key: "source") public var source: String
    @Field(key: "total") public var total: Int64
    @Field(key: "row_count") public var rowCount: Int
    @Field(key: "imported_at") public var importedAt: Date
    @Field(key: "imported_by") public var importedBy: String

    public init() {}
}

/// One area's population in a table.
public final class PopulationValueModel: Model, @unchecked Sendable {
    public static let schema = "population_values"

    @ID(key: .id) public var id: UUID?
    @Field(key: "table_id") public var tableID: UUID
    @Field(key: "code") public var code: String
    @Field(key: "population") public var population: Int64

    public init() {}

    public init(tableID: UUID, code: String, population: Int64) {
        self.tableID = tableID; self.code = code; self.population = population
    }
}
