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
        return try await WriteGate.shared.inTurn {
            try await self.withConnection { conn in
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
        return try await WriteGate.shared.inTurn { try await body(self) }
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

    /// Runs `body` in this process's turn to write, and gives the turn on when it ends.
    public nonisolated func inTurn<T: Sendable>(_ body: @Sendable () async throws -> T) async throws -> T {
        await acquire()
        do {
            let result = try await body()
            await release()
            return result
        } catch {
            await release()
            throw error
        }
    }
}

/// Group commit for single writing statements on SQLite. Statements that arrive while a commit
/// is under way wait and are then run together in one transaction, so one disk flush makes a
/// whole group durable instead of one flush each. A caller is answered only after the commit
/// that holds its statement has succeeded, so an acknowledged save is on disk. A statement
/// that fails fails alone (SQLite undoes just that statement); a failed commit fails the group.
/// Groups pass the same `WriteGate` as write transactions.
public actor GroupCommit {
    struct Job: Sendable {
        let statement: SQLQueryString
        let continuation: CheckedContinuation<[any SQLRow], any Error>
    }

    private let database: any Database
    private var pending: [Job] = []
    private var flushing = false
    private var preparedConnection = false

    public init(database: any Database) { self.database = database }

    /// Runs one statement in the next group and returns its rows once the group is committed.
    public func run(_ statement: SQLQueryString) async throws -> [any SQLRow] {
        try await withCheckedThrowingContinuation { (c: CheckedContinuation<[any SQLRow], any Error>) in
            pending.append(Job(statement: statement, continuation: c))
            if !flushing {
                flushing = true
                Task { await self.flush() }
            }
        }
    }

    private func flush() async {
        while !pending.isEmpty {
            let group = pending
            pending = []
            await WriteGate.shared.acquire()
            let outcome = await execute(group)
            await WriteGate.shared.release()
            switch outcome {
            case .success(let results):
                for (job, result) in zip(group, results) { job.continuation.resume(with: result) }
            case .failure(let error):
                for job in group { job.continuation.resume(throwing: error) }
            }
        }
        flushing = false
    }

    private func execute(_ group: [Job]) async -> Result<[Result<[any SQLRow], any Error>], any Error> {
        let prepare = !preparedConnection
        preparedConnection = true
        do {
            let results = try await database.withConnection { conn -> [Result<[any SQLRow], any Error>] in
                let sql = conn as! any SQLDatabase
                // A sleeping wait, not a spin, if a write from outside the gate holds the lock.
                if prepare { try await sql.raw("PRAGMA busy_timeout = 10000").run() }
                if group.count == 1 {
                    do { return [.success(try await sql.raw(group[0].statement).all())] } catch { return [.failure(error)] }
                }
                try await sql.raw("BEGIN IMMEDIATE").run()
                var out: [Result<[any SQLRow], any Error>] = []
                for job in group {
                    do { out.append(.success(try await sql.raw(job.statement).all())) } catch { out.append(.failure(error)) }
                }
                do {
                    try await sql.raw("COMMIT").run()
                } catch {
                    try? await sql.raw("ROLLBACK").run()
                    throw error
                }
                return out
            }
            return .success(results)
        } catch {
            return .failure(error)
        }
    }
}
