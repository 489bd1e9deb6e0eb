import Fluent
import FluentPostgresDriver
import FluentSQLiteDriver
import Foundation
import NaraPersistence
import SQLKit
import Vapor

/// `nara transfer --to postgres://…`: copies every table of the embedded database into an empty
/// PostgreSQL database. The target is migrated first (its schema is Nära's own, with PostgreSQL's
/// full-text column and triggers), then every row is copied in foreign-key order, in batches, in
/// one transaction that commits only when every table's row count and fingerprint equal the
/// source's; a target where any Nära table holds rows is refused. Stop Nära before transferring.
struct TransferCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Option(name: "to", help: "PostgreSQL-databasen att flytta till, postgres://användare:lösenord@värd:5432/databas")
        var to: String?
    }
    let config: AppConfig
    var help: String { "Flyttar hela den inbyggda databasen (SQLite) till en tom PostgreSQL-databas och kontrollerar varje tabell." }

    func run(using context: CommandContext, signature: Signature) async throws {
        guard case .sqliteFile = config.database else {
            throw CommandFailure("nara transfer flyttar från den inbyggda databasen (SQLite-fil); DATABASE_URL pekar på en annan databas.")
        }
        guard let raw = signature.to, raw.hasPrefix("postgres://") || raw.hasPrefix("postgresql://"),
              let url = URL(string: raw), url.host != nil else {
            throw CommandFailure("Ange måldatabasen med --to postgres://användare:lösenord@värd:5432/databas.")
        }
        let app = context.application
        try app.databases.use(.postgres(url: url), as: .transferTarget, isDefault: false)
        let started = Date()
        let report = try await DatabaseTransfer.run(app: app, source: app.db, target: app.db(.transferTarget)) { line in
            context.console.print(line)
        }
        context.console.print(report + String(format: " Tid: %.1f s.", Date().timeIntervalSince(started)))
    }
}

extension DatabaseID {
    static let transferTarget = DatabaseID(string: "transfer-target")
    static let transferFresh = DatabaseID(string: "transfer-fresh")
}

/// The copy itself, apart from the command line.
enum DatabaseTransfer {
    /// Rows per INSERT; PostgreSQL takes at most 65 535 parameters in one statement.
    static let maxParameters = 30_000

    struct Column { let name: String; let type: String }
    struct ForeignKey { let table: String; let column: String; let parent: String; let parentColumn: String }

    /// Copies `source` (SQLite) into `target` (PostgreSQL).
    /// - Returns: a Swedish sentence naming the tables and rows copied and the fingerprint.
    static func run(app: Application, source: any Database, target: any Database, progress: @escaping @Sendable (String) -> Void) async throws -> String {
        let src = source as! any SQLDatabase
        let dst = target as! any SQLDatabase

        // 1. Refuse a target that holds data. Rows a fresh migration writes itself (counters)
        //    do not count: they are found by migrating an in-memory database.
        let fresh = try await rowsWrittenByMigrations(app: app)
        var occupied: [String] = []
        for table in try await DatabaseFingerprint.tables(dst) where table != "_fluent_migrations" {
            let rows = try await count(dst, table)
            if rows > 0 && rows != fresh[table] { occupied.append("\(table) (\(rows) rader)") }
        }
        guard occupied.isEmpty else {
            throw CommandFailure("Måldatabasen är inte tom: \(occupied.prefix(8).joined(separator: ", "))\(occupied.count > 8 ? " …" : ""). Flytta bara till en tom databas; inget ändrades.")
        }

        // 2. Migrate the target, so its schema is PostgreSQL's own version of Nära's.
        try await migrate(app: app, database: .transferTarget)
        progress("Måldatabasen är migrerad.")

        // 3. What to copy, in foreign-key order.
        let sourceTables = try await DatabaseFingerprint.tables(src).filter { $0 != "_fluent_migrations" }
        let targetColumns = try await postgresColumns(dst)
        let missing = sourceTables.filter { targetColumns[$0] == nil }
        guard missing.isEmpty else { throw CommandFailure("Tabellerna \(missing.joined(separator: ", ")) finns inte i måldatabasen efter migreringen; inget kopierades.") }
        var columns: [String: [Column]] = [:]
        for table in sourceTables {
            let names = try await src.raw("SELECT name FROM pragma_table_info(\(bind: table)) ORDER BY cid").all().map { try $0.decode(column: "name", as: String.self) }
            let byName = Dictionary(uniqueKeysWithValues: (targetColumns[table] ?? []).map { ($0.name, $0) })
            let absent = names.filter { byName[$0] == nil }
            guard absent.isEmpty else { throw CommandFailure("Kolumnerna \(absent.joined(separator: ", ")) i \(table) finns inte i måldatabasen; inget kopierades.") }
            columns[table] = names.compactMap { byName[$0] }
        }
        let tableColumns = columns
        let keys = try await foreignKeys(dst)
        let order = try dependencyOrder(sourceTables, keys)
        let identity = try await identityColumns(dst)

        // 4. Copy and check in one transaction: a failed check rolls everything back.
        var sourcePrints: [String: DatabaseFingerprint.Table] = [:]
        let printStarted = Date()
        for table in order { sourcePrints[table] = try await DatabaseFingerprint.table(src, table, columns: columns[table]!.map(\.name), types: types(columns[table]!)) }
        progress(String(format: "Kontrollsummor i källan: %.1f s", Date().timeIntervalSince(printStarted)))
        let prints = sourcePrints
        let totalRows = try await target.transaction { tx -> Int in
            let sql = tx as! any SQLDatabase
            var total = 0
            for table in order {
                if fresh[table] != nil { try await sql.raw("DELETE FROM \(ident: table)").run() }
                let selfKeys = keys.filter { $0.table == table && $0.parent == table }
                let tableStarted = Date()
                let copied = try await copy(table, columns: tableColumns[table]!, selfKeys: selfKeys, identity: identity[table] != nil, from: src, to: sql)
                total += copied
                progress(String(format: "%@: %d rader (%.1f s)", table, copied, Date().timeIntervalSince(tableStarted)))
            }
            // Sequences behind identity columns continue after the highest copied value.
            for (table, column) in identity.sorted(by: { $0.key < $1.key }).flatMap({ t in t.value.map { (t.key, $0) } }) {
                try await sql.raw("SELECT setval(pg_get_serial_sequence(\(bind: table), \(bind: column)), COALESCE((SELECT MAX(\(ident: column)) FROM \(ident: table)), 0) + 1, false)").run()
            }
            let checkStarted = Date()
            defer { progress(String(format: "Kontrollsummor i målet: %.1f s", Date().timeIntervalSince(checkStarted))) }
            var differing: [String] = []
            for table in order {
                let print = try await DatabaseFingerprint.table(sql, table, columns: tableColumns[table]!.map(\.name), types: types(tableColumns[table]!))
                if print != prints[table] { differing.append("\(table) (källa \(prints[table]!.rows) rader, mål \(print.rows))") }
            }
            if let first = differing.first?.split(separator: " ").first.map(String.init) {
                // Name one row that differs, so the cause can be found.
                let names = tableColumns[first]!.map(\.name)
                let theirs = Set(try await DatabaseFingerprint.lines(sql, first, columns: names, types: types(tableColumns[first]!)))
                if let row = try await DatabaseFingerprint.lines(src, first, columns: names, types: types(tableColumns[first]!)).first(where: { !theirs.contains($0) }) {
                    let other = theirs.sorted().first { $0.prefix(40) == row.prefix(40) } ?? "–"
                    progress("Första rad som skiljer sig i \(first):\n källa: \(row.prefix(600))\n mål:   \(other.prefix(600))")
                }
            }
            guard differing.isEmpty else {
                throw CommandFailure("Kontrollsumman skiljer sig för \(differing.joined(separator: ", ")); allt rullades tillbaka.")
            }
            return total
        }
        let summary = DatabaseFingerprint.summary(order.sorted().map { sourcePrints[$0]! })
        return "Flyttat \(order.count) tabeller och \(totalRows) rader; varje tabells antal rader och kontrollsumma är lika i källan och målet (\(summary))."
    }

    /// Copies one table in batches read by rowid; a table referring to itself is copied parents first.
    static func copy(_ table: String, columns: [Column], selfKeys: [ForeignKey], identity: Bool,
                     from src: any SQLDatabase, to dst: any SQLDatabase) async throws -> Int {
        let batch = max(1, min(1000, maxParameters / max(1, columns.count)))
        let names = columns.map(\.name)
        func insert(_ rows: [[any Encodable & Sendable]]) async throws {
            guard !rows.isEmpty else { return }
            var q: SQLQueryString = "INSERT INTO \(ident: table) (\(idents: names, joinedBy: ", ")) \(unsafeRaw: identity ? "OVERRIDING SYSTEM VALUE " : "")VALUES "
            for (r, row) in rows.enumerated() {
                q.appendLiteral(r == 0 ? "(" : ", (")
                for (c, value) in row.enumerated() {
                    if c > 0 { q.appendLiteral(", ") }
                    q.appendInterpolation(bind: value)
                    q.appendLiteral("::" + columns[c].type)
                }
                q.appendLiteral(")")
            }
            try await dst.raw(q).run()
        }
        let select: SQLQueryString = "SELECT rowid AS nara_rowid, \(idents: names, joinedBy: ", ") FROM \(ident: table)"
        if !selfKeys.isEmpty {
            // Small tables (organisations): read whole, emit each row once what it refers to is in.
            let rows = try await src.raw(select + " ORDER BY rowid").all()
            var pending = rows
            var done: [String: Set<String>] = [:]
            var count = 0
            while !pending.isEmpty {
                let ready = pending.filter { row in
                    selfKeys.allSatisfy { key in
                        let v = DatabaseFingerprint.text(row, key.column)
                        return v == "∅" || done[key.parentColumn, default: []].contains(v)
                    }
                }
                guard !ready.isEmpty else { throw CommandFailure("\(table) hänvisar till sig själv i en slinga; inget kopierades.") }
                for part in stride(from: 0, to: ready.count, by: batch) {
                    try await insert(try ready[part..<min(part + batch, ready.count)].map { try values($0, columns) })
                }
                for row in ready { for key in selfKeys { done[key.parentColumn, default: []].insert(DatabaseFingerprint.text(row, key.parentColumn)) } }
                let readyIDs = Set(ready.map { (try? $0.decode(column: "nara_rowid", as: Int64.self)) ?? -1 })
                pending.removeAll { readyIDs.contains((try? $0.decode(column: "nara_rowid", as: Int64.self)) ?? -1) }
                count += ready.count
            }
            return count
        }
        var last = Int64.min
        var count = 0
        while true {
            let rows = try await src.raw(select + " WHERE rowid > \(bind: last) ORDER BY rowid LIMIT \(literal: batch)").all()
            guard let tail = rows.last else { break }
            try await insert(try rows.map { try values($0, columns) })
            count += rows.count
            last = try tail.decode(column: "nara_rowid", as: Int64.self)
        }
        return count
    }

    /// One SQLite row's values as the Swift types the PostgreSQL columns take.
    static func values(_ row: any SQLRow, _ columns: [Column]) throws -> [any Encodable & Sendable] {
        try columns.map { column -> any Encodable & Sendable in
            if try row.decodeNil(column: column.name) { return String?.none }
            switch column.type {
            case "uuid": return try row.decode(column: column.name, as: UUID.self)
            case "int2", "int4", "int8": return try row.decode(column: column.name, as: Int64.self)
            case "bool": return try row.decode(column: column.name, as: Bool.self)
            case "timestamptz", "timestamp": return try row.decode(column: column.name, as: Date.self)
            case "float4", "float8", "numeric": return try row.decode(column: column.name, as: Double.self)
            case "text", "varchar", "bpchar", "json", "jsonb": return try row.decode(column: column.name, as: String.self)
            default: throw CommandFailure("Kolumntypen \(column.type) (\(column.name)) kan inte flyttas.")
            }
        }
    }

    static func types(_ columns: [Column]) -> [String: String] {
        Dictionary(uniqueKeysWithValues: columns.map { ($0.name, $0.type) })
    }

    static func count(_ sql: any SQLDatabase, _ table: String) async throws -> Int {
        try await sql.raw("SELECT COUNT(*) AS n FROM \(ident: table)").first()?.decode(column: "n", as: Int.self) ?? 0
    }

    /// Runs Nära's migrations on one database.
    static func migrate(app: Application, database id: DatabaseID) async throws {
        let migrations = Migrations()
        migrations.add(NaraMigrations.all, to: id)
        let migrator = Migrator(databases: app.databases, migrations: migrations, logger: app.logger,
                                on: app.eventLoopGroup.any(), migrationLogLevel: .debug)
        try await migrator.setupIfNeeded().flatMap { migrator.prepareBatch() }.get()
    }

    /// The tables a fresh migration fills, with their row counts (from an in-memory database).
    static func rowsWrittenByMigrations(app: Application) async throws -> [String: Int] {
        app.databases.use(.sqlite(.memory), as: .transferFresh, isDefault: false)
        try await migrate(app: app, database: .transferFresh)
        let sql = app.db(.transferFresh) as! any SQLDatabase
        var rows: [String: Int] = [:]
        for table in try await DatabaseFingerprint.tables(sql) where table != "_fluent_migrations" {
            let n = try await count(sql, table)
            if n > 0 { rows[table] = n }
        }
        return rows
    }

    /// Every table's columns on PostgreSQL, without generated ones (the full-text vector).
    static func postgresColumns(_ sql: any SQLDatabase) async throws -> [String: [Column]] {
        let rows = try await sql.raw("""
            SELECT table_name, column_name, udt_name FROM information_schema.columns
            WHERE table_schema = current_schema() AND is_generated = 'NEVER' ORDER BY table_name, ordinal_position
            """).all()
        var out: [String: [Column]] = [:]
        for row in rows {
            out[try row.decode(column: "table_name", as: String.self), default: []]
                .append(Column(name: try row.decode(column: "column_name", as: String.self), type: try row.decode(column: "udt_name", as: String.self)))
        }
        return out
    }

    static func identityColumns(_ sql: any SQLDatabase) async throws -> [String: [String]] {
        let rows = try await sql.raw("""
            SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = current_schema()
            AND (is_identity = 'YES' OR column_default LIKE 'nextval(%')
            """).all()
        var out: [String: [String]] = [:]
        for row in rows { out[try row.decode(column: "table_name", as: String.self), default: []].append(try row.decode(column: "column_name", as: String.self)) }
        return out
    }

    static func foreignKeys(_ sql: any SQLDatabase) async throws -> [ForeignKey] {
        try await sql.raw("""
            SELECT c.conrelid::regclass::text AS child, a.attname AS col, c.confrelid::regclass::text AS parent, p.attname AS parent_col
            FROM pg_constraint c
            JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]
            JOIN pg_attribute p ON p.attrelid = c.confrelid AND p.attnum = c.confkey[1]
            WHERE c.contype = 'f' AND c.connamespace = current_schema()::regnamespace
            """).all().map {
            ForeignKey(table: try $0.decode(column: "child", as: String.self), column: try $0.decode(column: "col", as: String.self),
                       parent: try $0.decode(column: "parent", as: String.self), parentColumn: try $0.decode(column: "parent_col", as: String.self))
        }
    }

    /// Tables ordered so every table comes after the tables it refers to (references to itself
    /// are handled row by row).
    static func dependencyOrder(_ tables: [String], _ keys: [ForeignKey]) throws -> [String] {
        var remaining = tables.sorted()
        var placed: Set<String> = []
        var order: [String] = []
        while !remaining.isEmpty {
            let ready = remaining.filter { t in keys.allSatisfy { $0.table != t || $0.parent == t || placed.contains($0.parent) || !tables.contains($0.parent) } }
            guard !ready.isEmpty else { throw CommandFailure("Tabellerna \(remaining.joined(separator: ", ")) hänvisar till varandra i en slinga; inget kopierades.") }
            order += ready
            placed.formUnion(ready)
            remaining.removeAll { placed.contains($0) }
        }
        return order
    }
}
