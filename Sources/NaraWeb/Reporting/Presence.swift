import Fluent
import Foundation
import NaraPersistence
import SQLKit
import Vapor

/// Who has which report open ("Anna Berg har också rapporten öppen"), kept in `report_presence`
/// so every app server sees the people the others have seen. An autosave every few seconds must
/// not become a database write every few seconds, so each server writes a person's sighting at
/// most every `writeEvery` and reads a report's list at most every `readEvery`; the notice is a
/// hint, at most that late, never data anyone relies on.
final class PresenceBoard: @unchecked Sendable {
    static let window: TimeInterval = 120
    static let writeEvery: TimeInterval = 20
    static let readEvery: TimeInterval = 3
    private struct Seen: Hashable { let report: UUID, user: UUID }
    private var written: [Seen: Date] = [:]
    private var lists: [UUID: (people: [(user: UUID, name: String)], at: Date)] = [:]
    private let lock = NSLock()

    /// Notes the person on the report and returns the names of the others seen within the window.
    func note(report: UUID, user: UUID, name: String, now: Date, on db: any Database) async throws -> [String] {
        let key = Seen(report: report, user: user)
        let write: Bool = lock.withLock {
            // Bounded: a server that saw very many people forgets when it last wrote them.
            if written.count > 50_000 { written.removeAll(keepingCapacity: true); lists.removeAll() }
            guard (written[key].map { now.timeIntervalSince($0) >= Self.writeEvery || $0 > now }) ?? true else { return false }
            written[key] = now
            return true
        }
        if write {
            try await db.gatedWrite { db in
                try await (db as! any SQLDatabase).raw("""
                    INSERT INTO report_presence (id, report_id, user_id, user_name, seen_at)
                    VALUES (\(bind: UUID()), \(bind: report), \(bind: user), \(bind: name), \(bind: now))
                    ON CONFLICT (report_id, user_id) DO UPDATE SET seen_at = excluded.seen_at, user_name = excluded.user_name
                    """).run()
            }
        }
        let cached: [(user: UUID, name: String)]? = lock.withLock {
            guard !write, let l = lists[report], now.timeIntervalSince(l.at) < Self.readEvery, l.at <= now else { return nil }
            return l.people
        }
        var people = cached ?? []
        if cached == nil {
            let rows = try await (db as! any SQLDatabase).raw("""
                SELECT user_id, user_name FROM report_presence
                WHERE report_id = \(bind: report) AND seen_at >= \(bind: now.addingTimeInterval(-Self.window))
                """).all()
            people = try rows.map { (try $0.decode(column: "user_id", as: UUID.self), try $0.decode(column: "user_name", as: String.self)) }
            let read = people
            lock.withLock { lists[report] = (read, now) }
        }
        return people.filter { $0.user != user }.map(\.name).sorted()
    }
}
