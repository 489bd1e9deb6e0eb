import Fluent
import SQLKit

/// Sign-in with e-ID: the identities people are bound to (stored as keyed hashes), the sign-in
/// requests on their way to a provider and back (each used once), and the provider and assurance
/// level on each audit entry.
public struct EIDSignInMigration: AsyncMigration {
    public init() {}
    public var name: String { "022_EIDSignIn" }

    public func prepare(on database: any Database) async throws {
        try await database.schema(PersonIdentityModel.schema)
            .id()
            .field("user_id", .uuid, .required, .references(UserModel.schema, "id"))
            .field("provider", .string, .required)
            .field("identity_hash", .string, .required)
            .field("display", .string, .required)
            .field("created_at", .datetime, .required)
            .field("last_used_at", .datetime)
            .unique(on: "provider", "identity_hash")
            .create()
        try await database.schema(SignInRequestModel.schema)
            .id()
            .field("state_hash", .string, .required)
            .field("browser_hash", .string, .required)
            .field("provider", .string, .required)
            .field("nonce", .string, .required)
            .field("code_verifier", .string, .required)
            .field("purpose", .string, .required)
            .field("invitation_hash", .string)
            .field("return_to", .string, .required)
            .field("created_at", .datetime, .required)
            .field("expires_at", .datetime, .required)
            .unique(on: "state_hash")
            .create()
        guard let sql = database as? any SQLDatabase else { throw MigrationError.needsSQL }
        try await sql.raw("ALTER TABLE audit_entries ADD COLUMN assurance_provider TEXT").run()
        try await sql.raw("ALTER TABLE audit_entries ADD COLUMN assurance_level TEXT").run()
    }

    public func revert(on database: any Database) async throws {
        try await database.schema(SignInRequestModel.schema).delete()
        try await database.schema(PersonIdentityModel.schema).delete()
        try await database.schema(AuditEntryModel.schema).deleteField("assurance_provider").deleteField("assurance_level").update()
    }

    enum MigrationError: Error { case needsSQL }
}
