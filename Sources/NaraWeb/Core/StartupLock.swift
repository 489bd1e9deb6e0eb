#if canImport(Glibc)
import Glibc
#endif
import Fluent
import Foundation
import SQLKit
import Vapor

/// Runs migrations and first-start seeding once when several servers start together on one
/// database: each takes the start-up lock, the first migrates and seeds, the others wait and then
/// find nothing left to do.
enum StartupLock {
    /// The advisory lock's key on PostgreSQL (any fixed number no other program uses; "NARA").
    static let key: Int64 = 0x4E41_5241

    /// Runs `body` holding the lock: a transaction-scoped advisory lock on PostgreSQL (released
    /// when its transaction ends, also if the process dies), an exclusive `flock` on a file beside
    /// the SQLite database, nothing for an in-memory database.
    static func run(_ app: Application, config: AppConfig, _ body: @escaping @Sendable () async throws -> Void) async throws {
        switch config.database {
        case .postgres:
            // The lock lives on the transaction's connection; `body` works through the others.
            try await app.db.transaction { tx in
                try await (tx as! any SQLDatabase).raw("SELECT pg_advisory_xact_lock(\(unsafeRaw: String(key)))").run()
                try await body()
            }
        case .sqliteFile(let path):
            let fd = open(path + ".lock", O_CREAT | O_RDWR | O_CLOEXEC, 0o644)
            guard fd >= 0 else { throw Abort(.internalServerError, reason: "kan inte öppna \(path).lock") }
            defer { close(fd) }
            // Blocks until another process starting on the same file has finished; released by
            // close, also if the process dies.
            while flock(fd, LOCK_EX) != 0 { guard errno == EINTR else { break } }
            try await body()
        case .sqliteMemory:
            try await body()
        }
    }
}
