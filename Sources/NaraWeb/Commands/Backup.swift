import Fluent
import Foundation
import NaraPersistence
import SQLKit
import Vapor

/// A fingerprint of every table's contents: rows and a hash of their values in key order. Two
/// databases with the same fingerprint hold the same data, whatever their files look like.
enum DatabaseFingerprint {
    struct Table: Sendable, Equatable { let name: String; let rows: Int; let hash: UInt64 }

    static func tables(_ sql: any SQLDatabase) async throws -> [String] {
        if sql.dialect.name == "postgresql" {
            return try await sql.raw("SELECT tablename AS name FROM pg_tables WHERE schemaname = current_schema() ORDER BY tablename").all()
                .map { try $0.decode(column: "name", as: String.self) }
        }
        // The full-text index is derived from followup_values; its shadow tables are left out.
        return try await sql.raw("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'followup_fts%' ORDER BY name").all()
            .map { try $0.decode(column: "name", as: String.self) }
    }

    /// One column's value as canonical text, whatever its type on either engine.
    /// - Parameter sqlite: whether the row is SQLite's, which reads a text such as "2018-12-31"
    ///   as a date too; PostgreSQL reads only a timestamp as a date.
    static func text(_ row: any SQLRow, _ column: String, sqlite: Bool = false) -> String {
        if (try? row.decodeNil(column: column)) == true { return "∅" }
        if let v = try? row.decode(column: column, as: UUID.self) { return v.uuidString }
        // SQLite stored it as text (only numbers decode as Double there): it stays text, as
        // PostgreSQL's text does, rather than becoming a date or a number ("01", "2018-12-31").
        if sqlite, (try? row.decode(column: column, as: Double.self)) == nil, let v = try? row.decode(column: column, as: String.self) { return v }
        if let v = try? row.decode(column: column, as: Int64.self) { return String(v) }
        if let v = try? row.decode(column: column, as: Bool.self) { return v ? "1" : "0" }
        if let v = try? row.decode(column: column, as: Date.self) { return String(format: "%.3f", v.timeIntervalSince1970) }
        if let v = try? row.decode(column: column, as: Double.self) { return String(v) }
        if let v = try? row.decode(column: column, as: String.self) { return v }
        if let v = try? row.decode(column: column, as: Data.self) { return v.base64EncodedString() }
        return "?"
    }

    /// The same text as `text`, read as a known PostgreSQL type; nil when it cannot be.
    static func typedText(_ row: any SQLRow, _ column: String, type: String) -> String? {
        if (try? row.decodeNil(column: column)) == true { return "∅" }
        switch type {
        case "uuid": return (try? row.decode(column: column, as: UUID.self))?.uuidString
        case "int2", "int4", "int8": return (try? row.decode(column: column, as: Int64.self)).map { String($0) }
        case "bool": return (try? row.decode(column: column, as: Bool.self)).map { $0 ? "1" : "0" }
        case "timestamptz", "timestamp": return (try? row.decode(column: column, as: Date.self)).map { String(format: "%.3f", $0.timeIntervalSince1970) }
        case "text", "varchar":
            // `text` reads a text holding a UUID as one; so does this.
            return (try? row.decode(column: column, as: String.self)).map { UUID(uuidString: $0)?.uuidString ?? $0 }
        default: return nil
        }
    }

    static func compute(_ db: any Database) async throws -> [Table] {
        let sql = db as! any SQLDatabase
        var out: [Table] = []
        for name in try await tables(sql) { out.append(try await table(sql, name)) }
        return out
    }

    /// One table's fingerprint, over the given columns or all of them. `nara transfer` names the
    /// source's columns, so PostgreSQL's generated full-text column is left out on both sides.
    static func table(_ sql: any SQLDatabase, _ name: String, columns: [String]? = nil, types: [String: String] = [:]) async throws -> Table {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        var count = 0
        // Order-independent of the engine's row order: hash the sorted rows.
        for line in try await lines(sql, name, columns: columns, types: types) {
            for b in line.utf8 { hash = (hash ^ UInt64(b)) &* 0x100_0000_01b3 }
            hash = (hash ^ 0x0A) &* 0x100_0000_01b3
            count += 1
        }
        return Table(name: name, rows: count, hash: hash)
    }

    /// One table's rows as canonical text, sorted: what `table` hashes.
    /// - Parameter types: PostgreSQL's type of each column where known (`nara transfer`): the
    ///   value is then read as that type at once instead of by trying each type in turn.
    static func lines(_ sql: any SQLDatabase, _ name: String, columns: [String]? = nil, types: [String: String] = [:]) async throws -> [String] {
        let query: SQLQueryString = columns.map { "SELECT \(idents: $0, joinedBy: ", ") FROM \(ident: name)" } ?? "SELECT * FROM \(ident: name)"
        let sqlite = sql.dialect.name == "sqlite"
        return try await sql.raw(query).all().map { row in
            row.allColumns.sorted().map { c in "\(c)=\(types[c].flatMap { typedText(row, c, type: $0) } ?? text(row, c, sqlite: sqlite))" }.joined(separator: "\u{1F}")
        }.sorted()
    }

    static func summary(_ tables: [Table]) -> String {
        var all: UInt64 = 0xcbf2_9ce4_8422_2325
        for t in tables { for b in "\(t.name):\(t.rows):\(t.hash);".utf8 { all = (all ^ UInt64(b)) &* 0x100_0000_01b3 } }
        return "\(tables.count) tabeller, \(tables.map(\.rows).reduce(0, +)) rader, kontrollsumma \(String(all, radix: 16))"
    }
}

/// `nara backup FILE`: a consistent copy of the whole database while Nära runs. On SQLite a
/// `VACUUM INTO` copy (a single file); on PostgreSQL `pg_dump --format=custom`.
struct BackupCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Argument(name: "file", help: "Filen som säkerhetskopian skrivs till (får inte finnas)")
        var file: String
    }
    let config: AppConfig
    var help: String { "Skriver en säkerhetskopia av hela databasen till en fil, medan Nära är igång." }

    func run(using context: CommandContext, signature: Signature) async throws {
        let target = URL(fileURLWithPath: signature.file).standardizedFileURL
        guard !FileManager.default.fileExists(atPath: target.path) else { throw CommandFailure("Filen \(target.path) finns redan; välj ett nytt namn.") }
        let db = context.application.db
        let before = try await DatabaseFingerprint.compute(db)
        switch config.database {
        case .sqliteFile:
            try await (db as! any SQLDatabase).raw("VACUUM INTO \(bind: target.path)").run()
        case .postgres(let url):
            try Shell.run("pg_dump", ["--format=custom", "--no-owner", "--file", target.path, url.absoluteString])
        case .sqliteMemory:
            throw CommandFailure("En databas i minnet kan inte säkerhetskopieras.")
        }
        context.console.print("Säkerhetskopia skriven till \(target.path): \(DatabaseFingerprint.summary(before)).")
    }
}

/// `nara restore FILE`: replaces the database by a backup. Stop Nära first. On SQLite the file
/// replaces the database file (checked first, swapped in with a rename); on PostgreSQL
/// `pg_restore --clean`. Prints the same fingerprint `backup` printed.
struct RestoreCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Argument(name: "file", help: "Säkerhetskopian att läsa in")
        var file: String
    }
    let config: AppConfig
    var help: String { "Ersätter databasen med en säkerhetskopia. Stoppa Nära först." }

    func run(using context: CommandContext, signature: Signature) async throws {
        let source = URL(fileURLWithPath: signature.file).standardizedFileURL
        guard let handle = FileHandle(forReadingAtPath: source.path) else { throw CommandFailure("Filen \(source.path) finns inte eller går inte att läsa.") }
        let head = handle.readData(ofLength: 16)
        try? handle.close()
        switch config.database {
        case .sqliteFile(let path):
            guard head == Data("SQLite format 3\u{0}".utf8) else { throw CommandFailure("\(source.path) är ingen säkerhetskopia av en SQLite-databas; inget ändrades.") }
            let target = URL(fileURLWithPath: path).standardizedFileURL
            let staging = target.appendingPathExtension("aterlasning")
            try? FileManager.default.removeItem(at: staging)
            try FileManager.default.copyItem(at: source, to: staging)
            for suffix in ["-wal", "-shm"] { try? FileManager.default.removeItem(atPath: target.path + suffix) }
            try FileManager.default.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
            // rename(2) swaps the file in atomically: the database is either the old or the new one.
            guard rename(staging.path, target.path) == 0 else {
                throw CommandFailure("Kunde inte ersätta \(target.path) (fel \(errno)); databasen är oförändrad.")
            }
        case .postgres(let url):
            guard head.starts(with: Data("PGDMP".utf8)) else { throw CommandFailure("\(source.path) är ingen säkerhetskopia från pg_dump; inget ändrades.") }
            try Shell.run("pg_restore", ["--clean", "--if-exists", "--no-owner", "--single-transaction", "--dbname", url.absoluteString, source.path])
        case .sqliteMemory:
            throw CommandFailure("En databas i minnet kan inte återställas.")
        }
        let after = try await DatabaseFingerprint.compute(context.application.db)
        context.console.print("Återläst från \(source.path): \(DatabaseFingerprint.summary(after)).")
    }
}

/// `nara fingerprint`: prints the database's fingerprint (to compare a restore with its backup).
struct FingerprintCommand: AsyncCommand {
    struct Signature: CommandSignature {}
    var help: String { "Skriver ut databasens kontrollsumma: antal tabeller och rader och en kontrollsumma över innehållet." }
    func run(using context: CommandContext, signature: Signature) async throws {
        context.console.print(DatabaseFingerprint.summary(try await DatabaseFingerprint.compute(context.application.db)))
    }
}

enum Shell {
    /// Runs a program found on PATH; fails with its error output.
    static func run(_ program: String, _ arguments: [String]) throws {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = [program] + arguments
        let err = Pipe()
        p.standardError = err
        do { try p.run() } catch { throw CommandFailure("\(program) kunde inte startas: \(error)") }
        let output = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        guard p.terminationStatus == 0 else {
            throw CommandFailure("\(program) misslyckades (\(p.terminationStatus)): \(String(decoding: output, as: UTF8.self))")
        }
    }
}
