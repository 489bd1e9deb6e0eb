import Fluent

/// Population tables and their values.
public struct CreatePopulation: AsyncMigration {
    public init() {}
    public var name: String { "002_CreatePopulation" }

    public func prepare(on database: any Database) async throws {
        try await database.schema(PopulationTableModel.schema)
            .id()
            .field("reference_date", .string, .required)
            .field("level", .string, .required)
            .field("source", .string, .required)
            .field("total", .int64, .required)
            .field("row_count", .int, .required)
            .field("imported_at", .datetime, .required)
            .field("imported_by", .string, .required)
            .create()
        try await database.schema(PopulationValueModel.schema)
            .id()
            .field("table_id", .uuid, .required, .references(PopulationTableModel.schema, "id", onDelete: .cascade))
            .field("code", .string, .required)
            .field("population", .int64, .required)
            .unique(on: "table_id", "code")
            .create()
    }

    public func revert(on database: any Database) async throws {
        try await database.schema(PopulationValueModel.schema).delete()
        try await database.schema(PopulationTableModel.schema).delete()
    }
}
