import Fluent

/// Regions' onward assignments and providers' quarterly requests.
public struct CreateFundAssignments: AsyncMigration {
    public init() {}
    public var name: String { "011_CreateFundAssignments" }

    public func prepare(on database: any Database) async throws {
        try await database.schema(FundAssignmentModel.schema)
            .id()
            .field("agreement_year", .int, .required)
            .field("organisation_id", .uuid, .required, .references(OrganisationModel.schema, "id"))
            .field("area", .int, .required)
            .field("title", .string, .required)
            .field("cost_object", .string, .required)
            .field("provider_id", .uuid, .references(OrganisationModel.schema, "id"))
            .field("amount_ore", .int64, .required)
            .field("created_at", .datetime, .required)
            .field("created_by", .string, .required)
            .create()
        try await database.schema(ProviderRequestModel.schema)
            .id()
            .field("assignment_id", .uuid, .required, .references(FundAssignmentModel.schema, "id"))
            .field("quarter", .int, .required)
            .field("amount_ore", .int64, .required)
            .field("state", .string, .required)
            .field("reason", .string)
            .field("created_at", .datetime, .required)
            .field("created_by", .string, .required)
            .field("decided_at", .datetime)
            .field("decided_by", .string)
            .create()
    }

    public func revert(on database: any Database) async throws {
        try await database.schema(ProviderRequestModel.schema).delete()
        try await database.schema(FundAssignmentModel.schema).delete()
    }
}
