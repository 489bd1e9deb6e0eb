import Fluent
import SQLKit

/// State the app servers share through the database: a counter of access changes each server
/// watches to empty its principal cache, and a claim on each reminder so two runs of
/// `send-reminders` send it once.
public struct SharedStateMigration: AsyncMigration {
    public init() {}
    public var name: String { "017_SharedState" }

    public func prepare(on database: any Database) async throws {
        try await database.schema(AccessVersion.schema)
            .field("id", .int, .identifier(auto: false))
            .field("version", .int64, .required)
            .create()
        try await (database as! any SQLDatabase).raw("INSERT INTO access_version (id, version) VALUES (1, 0)").run()
        // Until when a run of send-reminders holds the reminder (null: nobody is sending it).
        try await database.schema(ReminderModel.schema).field("claimed_until", .datetime).update()
    }

    public func revert(on database: any Database) async throws {
        try await database.schema(ReminderModel.schema).deleteField("claimed_until").update()
        try await database.schema(AccessVersion.schema).delete()
    }
}

/// The single-row counter of access changes (`access_version`, id 1).
public enum AccessVersion {
    public static let schema = "access_version"

    /// Counts one access change; call it in the transaction that makes the change.
    public static func bump(on db: any Database) async throws {
        try await (db as! any SQLDatabase).raw("UPDATE access_version SET version = version + 1 WHERE id = 1").run()
    }

    /// The current count, or nil before the migration has run.
    public static func read(on db: any Database) async throws -> Int64? {
        try await (db as! any SQLDatabase).raw("SELECT version FROM access_version WHERE id = 1").first()?
            .decode(column: "version", as: Int64.self)
    }
}
