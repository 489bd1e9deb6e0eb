import Fluent
import Foundation
import SQLKit

/// A counter of changes to what the public pages show, shared by every app server: each server
/// keeps rendered public pages in memory and empties that cache when the counter moves.
public struct ContentVersionMigration: AsyncMigration {
    public init() {}
    public var name: String { "026_ContentVersion" }

    public func prepare(on database: any Database) async throws {
        try await database.schema(ContentVersion.schema)
            .field("id", .int, .identifier(auto: false))
            .field("version", .int64, .required)
            .create()
        try await (database as! any SQLDatabase).raw("INSERT INTO content_version (id, version) VALUES (1, 0)").run()
    }

    public func revert(on database: any Database) async throws {
        try await database.schema(ContentVersion.schema).delete()
    }
}

/// Something in this process that keeps what public pages showed, and forgets it when a change
/// is counted here (`ContentVersion.bump`).
public protocol ContentChangeListener: AnyObject, Sendable {
    func contentChangedHere()
}

/// The single-row counter of changes to public content (`content_version`, id 1): an allocation
/// computed, an agreement published or amended, a population table imported, a payment made,
/// paid or repaid.
public enum ContentVersion {
    public static let schema = "content_version"

    /// Counts one change to public content; call it in the transaction that makes the change.
    /// Listeners in this process forget their pages at once; other servers see the counter move.
    public static func bump(on db: any Database) async throws {
        try await (db as! any SQLDatabase).raw("UPDATE content_version SET version = version + 1 WHERE id = 1").run()
        listeners.notify()
    }

    /// The current count, or nil before the migration has run.
    public static func read(on db: any Database) async throws -> Int64? {
        try await (db as! any SQLDatabase).raw("SELECT version FROM content_version WHERE id = 1").first()?
            .decode(column: "version", as: Int64.self)
    }

    /// Tells `listener` of every change counted in this process, as long as it lives.
    public static func listen(_ listener: any ContentChangeListener) { listeners.add(listener) }

    private static let listeners = Listeners()

    private final class Listeners: @unchecked Sendable {
        private struct Weak { weak var value: (any ContentChangeListener)? }
        private var all: [Weak] = []
        private let lock = NSLock()

        func add(_ l: any ContentChangeListener) {
            lock.withLock { all.removeAll { $0.value == nil }; all.append(Weak(value: l)) }
        }

        func notify() {
            for l in lock.withLock({ all.compactMap(\.value) }) { l.contentChangedHere() }
        }
    }
}
