import Fluent

/// Recipients' reported quantities for reported-quantity pots, and Socialstyrelsen's decisions.
/// One report per pot and organisation.
public struct CreateQuantityReports: AsyncMigration {
    public init() {}
    public var name: String { "015_CreateQuantityReports" }

    public func prepare(on database: any Database) async throws {
        try await database.schema(QuantityReportModel.schema)
            .id()
            .field("pot_id", .uuid, .required, .references(PotModel.schema, "id", onDelete: .cascade))
            .field("organisation_id", .uuid, .required, .references(OrganisationModel.schema, "id"))
            .field("code", .string, .required)
            .field("quantity", .int64, .required)
            .field("accepted_quantity", .int64)
            .field("state", .string, .required)
            .field("reason", .string, .required)
            .field("comment", .string, .required)
            .field("attachment_name", .string)
            .field("attachment_size", .int)
            .field("attachment_content", .string)
            .field("is_demo", .bool, .required)
            .field("reported_at", .datetime, .required)
            .field("reported_by", .string, .required)
            .field("decided_at", .datetime)
            .field("decided_by", .string)
            .unique(on: "pot_id", "organisation_id")
            .create()
    }

    public func revert(on database: any Database) async throws {
        try await database.schema(QuantityReportModel.schema).delete()
    }
}
