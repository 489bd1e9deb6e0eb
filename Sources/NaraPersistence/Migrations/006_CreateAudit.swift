import Fluent
import SQLKit

/// The append-only audit trail. Besides the code having no way to change an entry, the
/// database itself refuses updates and deletes through triggers (SQLite and PostgreSQL each in
/// their own dialect).
public struct CreateAudit: AsyncMigration {
    public init() {}
    public var name: String { "006_CreateAudit" }

    public func prepare(on database: any Database) async throws {
        try await database.schema(AuditEntryModel.schema)
            .id()
            .field("at", .datetime, .required)
            .field("actor_id", .uuid)
            .field("actor", .string, .required)
            .field("organisation_id", .uuid)
            .field("organisation_name", .string, .required)
            .field("action", .string, .required)
            .field("entity_type", .string, .required)
            .field("entity_id", .string, .required)
            .field("before", .string, .required)
            .field("after", .string, .required)
            .field("address", .string, .required)
            .create()
        guard let sql = database as? any SQLDatabase else { return }
        if sql.dialect.name == "postgresql" {
            try await sql.raw("""
                CREATE FUNCTION nara_audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN RAISE EXCEPTION 'audit entries are append-only'; END $$
                """).run()
            try await sql.raw("""
                CREATE TRIGGER audit_entries_append_only BEFORE UPDATE OR DELETE ON audit_entries
                FOR EACH ROW EXECUTE FUNCTION nara_audit_append_only()
                """).run()
        } else if sql.dialect.name == "sqlite" {
            try await sql.raw("""
                CREATE TRIGGER audit_entries_no_update BEFORE UPDATE ON audit_entries
                BEGIN SELECT RAISE(ABORT, 'audit entries are append-only'); END
                """).run()
            try await sql.raw("""
                CREATE TRIGGER audit_entries_no_delete BEFORE DELETE ON audit_entries
                BEGIN SELECT RAISE(ABORT, 'audit entries are append-only'); END
                """).run()
        }
    }

    public func revert(on database: any Database) async throws {
        try await database.schema(AuditEntryModel.schema).delete()
        if let sql = database as? any SQLDatabase, sql.dialect.name == "postgresql" {
            try await sql.raw("DROP FUNCTION IF EXISTS nara_audit_append_only()").run()
        }
    }
}
