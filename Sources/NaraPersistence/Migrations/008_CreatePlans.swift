import Fluent

/// Recipients' plans and their lines.
public struct CreatePlans: AsyncMigration {
    public init() {}
    public var name: String { "008_CreatePlans" }

    public func prepare(on database: any Database) async throws {
        try await database.schema(PlanModel.schema)
            .id()
            .field("agreement_year", .int, .required)
            .field("organisation_id", .uuid, .required, .references(OrganisationModel.schema, "id"))
            .field("updated_at", .datetime, .required)
            .field("updated_by", .string, .required)
            .unique(on: "agreement_year", "organisation_id")
            .create()
        try await database.schema(PlanLineModel.schema)
            .id()
            .field("plan_id", .uuid, .required, .references(PlanModel.schema, "id", onDelete: .cascade))
            .field("position", .int, .required)
            .field("area", .int, .required)
            .field("title", .string, .required)
            .field("amount_ore", .int64, .required)
            .create()
    }

    public func revert(on database: any Database) async throws {
        try await database.schema(PlanLineModel.schema).delete()
        try await database.schema(PlanModel.schema).delete()
    }
}
