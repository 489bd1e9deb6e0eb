import Fluent
import SQLKit

extension Database {
    /// A transaction that reads and then writes. On SQLite it begins `IMMEDIATE`, taking the
    /// write lock at once: two deferred transactions that both read and then write would
    /// otherwise deadlock, and SQLite answers one of them "database is locked" without waiting.
    /// SQLite has one writer at a time anyway, so the process lets one write transaction in at a
    /// time and queues the others (`WriteGate`) instead of letting them spin on the lock; the
    /// connection also gets a sleeping busy timeout for writes made outside these transactions.
    /// On PostgreSQL it is an ordinary transaction.
    public func writeTransaction<T: Sendable>(_ body: @escaping @Sendable (any Database) async throws -> T) async throws -> T {
        guard !inTransaction, let sql = self as? any SQLDatabase, sql.dialect.name == "sqlite" else {
            return try await transaction(body)
        }
        await WriteGate.shared.acquire()
        do {
            let result = try await withConnection { conn in
                let sqlConn = conn as! any SQLDatabase
                try await sqlConn.raw("PRAGMA busy_timeout = 10000").run()
                try await sqlConn.raw("BEGIN IMMEDIATE").run()
                do {
                    let result = try await body(conn)
                    try await sqlConn.raw("COMMIT").run()
                    return result
                } catch {
                    try? await sqlConn.raw("ROLLBACK").run()
                    throw error
                }
            }
            await WriteGate.shared.release()
            return result
        } catch {
            await WriteGate.shared.release()
            throw error
        }
    }
}

extension Database {
    /// One writing statement (or a few that need no transaction). On SQLite it waits its turn at
    /// the same gate as `writeTransaction`, so writers in this process queue in order instead of
    /// meeting at SQLite's lock, where the loser spins or sleeps in growing steps (1, 2, 5, 10 …
    /// ms). On PostgreSQL, which locks rows, it runs at once.
    public func gatedWrite<T: Sendable>(_ body: @escaping @Sendable (any Database) async throws -> T) async throws -> T {
        guard !inTransaction, let sql = self as? any SQLDatabase, sql.dialect.name == "sqlite" else {
            return try await body(self)
        }
        await WriteGate.shared.acquire()
        do {
            let result = try await body(self)
            await WriteGate.shared.release()
            return result
        } catch {
            await WriteGate.shared.release()
            throw error
        }
    }
}

/// Lets one SQLite write transaction run at a time in this process; the others wait their turn
/// in order, without holding a connection or burning a core on SQLite's busy handler.
public actor WriteGate {
    public static let shared = WriteGate()
    private var busy = false
    private var waiting: [CheckedContinuation<Void, Never>] = []

    public func acquire() async {
        if !busy { busy = true; return }
        await withCheckedContinuation { waiting.append($0) }
    }

    public func release() {
        if waiting.isEmpty { busy = false } else { waiting.removeFirst().resume() }
    }
}
