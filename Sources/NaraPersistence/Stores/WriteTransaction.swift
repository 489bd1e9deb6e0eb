import Fluent
import SQLKit

extension Database {
    /// A transaction that reads and then writes. On SQLite it begins `IMMEDIATE`, taking the
    /// write lock at once: two deferred transactions that both read and then write would
    /// otherwise deadlock, and SQLite answers one of them "database is locked" without waiting.
    /// On PostgreSQL it is an ordinary transaction.
    public func writeTransaction<T: Sendable>(_ body: @escaping @Sendable (any Database) async throws -> T) async throws -> T {
        guard !inTransaction, let sql = self as? any SQLDatabase, sql.dialect.name == "sqlite" else {
            return try await transaction(body)
        }
        return try await withConnection { conn in
            let sqlConn = conn as! any SQLDatabase
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
