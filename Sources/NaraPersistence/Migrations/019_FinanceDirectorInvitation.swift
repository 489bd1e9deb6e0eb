import Fluent
import SQLKit

/// The finance-director duty (*ekonomichef, attesträtt*) on an invitation, so an administrator
/// can give it when inviting; accepting the invitation sets it on the membership.
public struct FinanceDirectorInvitationMigration: AsyncMigration {
    public init() {}
    public var name: String { "019_FinanceDirectorInvitation" }

    public func prepare(on database: any Database) async throws {
        // One column, with a default so the invitations already sent keep working (same SQL on SQLite and PostgreSQL).
        guard let sql = database as? any SQLDatabase else { throw MigrationError.needsSQL }
        try await sql.raw("ALTER TABLE invitations ADD COLUMN finance_director BOOLEAN NOT NULL DEFAULT FALSE").run()
    }

    public func revert(on database: any Database) async throws {
        try await database.schema(InvitationModel.schema).deleteField("finance_director").update()
    }

    enum MigrationError: Error { case needsSQL }
}
