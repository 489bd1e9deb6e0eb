import Fluent

/// Organisations get an organisation number (*organisationsnummer*), used in the open payment
/// files as the 360Giving-style recipient id. Nullable: where it is not known from a public source
/// the files leave it empty and say so. No numbers are filled here; see
/// `Sources/NaraCore/ReferenceData/sources.md`.
public struct OrganisationNumbersMigration: AsyncMigration {
    public init() {}
    public var name: String { "023_OrganisationNumbers" }

    public func prepare(on database: any Database) async throws {
        try await database.schema(OrganisationModel.schema).field("org_number", .string).update()
    }

    public func revert(on database: any Database) async throws {
        try await database.schema(OrganisationModel.schema).deleteField("org_number").update()
    }
}
