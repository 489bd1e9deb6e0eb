import Fluent

/// Organisations: regions, RSS, municipalities, national bodies, later providers.
public struct CreateOrganisations: AsyncMigration {
    public init() {}
    public var name: String { "001_CreateOrganisations" }

    public func prepare(on database: any Database) async throws {
        try await database.schema(OrganisationModel.schema)
            .id()
            .field("kind", .string, .required)
            .field("code", .string, .required)
            .field("name", .string, .required)
            .field("county_code", .string)
            .field("parent_id", .uuid, .references(OrganisationModel.schema, "id"))
            .unique(on: "kind", "code")
            .create()
    }

    public func revert(on database: any Database) async throws {
        try await database.schema(OrganisationModel.schema).delete()
    }
}
