import Fluent
import Foundation
import NaraCore

/// Stored population tables.
public enum PopulationStore {
    /// Stores a table and its values in one transaction: all of it or nothing.
    @discardableResult
    public static func save(_ table: PopulationTable, importedBy: String, now: Date, on db: any Database) async throws -> PopulationTableModel {
        try await db.transaction { tx in try await insert(table, importedBy: importedBy, now: now, on: tx) }
    }

    /// Writes a table and its values without a transaction of its own, for a caller that holds
    /// one (a `writeTransaction` on SQLite cannot have Fluent's transaction inside it).
    @discardableResult
    public static func insert(_ table: PopulationTable, importedBy: String, now: Date, on db: any Database) async throws -> PopulationTableModel {
        let m = PopulationTableModel()
        m.referenceDate = table.referenceDate.iso; m.level = table.level.rawValue; m.source = table.source
        m.total = table.total; m.rowCount = table.values.count; m.importedAt = now; m.importedBy = importedBy
        try await m.create(on: db)
        let id = try m.requireID()
        let values = table.values.keys.sorted().map { PopulationValueModel(tableID: id, code: $0, population: table.values[$0]!) }
        try await values.create(on: db)
        return m
    }

    /// Replaces `existing` (a table for the same reference date and level) with `table`. It has
    /// no transaction of its own: call it inside the caller's write transaction, which also
    /// read `existing`, so the old table's fate and the new table are written together or not at all.
    ///
    /// The new figures get a new row rather than overwriting the old one: allocation versions
    /// record the table they were computed on (`allocations.population_table_id`), and a version
    /// is recomputed only when the table it would use is another one. So a table that versions
    /// used stays, with ` (ersatt …)` added to its source, and those versions keep showing the
    /// figures they were computed on; `nearest` prefers the newer import of a date, so the next
    /// recomputation uses the new table. A table nothing used is deleted with its values.
    /// - Returns: the new table, and whether the old one was kept for the versions that use it.
    public static func replace(_ existing: PopulationTableModel, with table: PopulationTable, importedBy: String, now: Date,
                               on db: any Database) async throws -> (stored: PopulationTableModel, keptOld: Bool) {
        let oldID = try existing.requireID()
        let kept = try await uses(of: oldID, on: db) > 0
        if kept {
            existing.source = String((existing.source + " (ersatt \(ReportRules.swedishDate(now).swedish))").prefix(400))
            try await existing.update(on: db)
        } else {
            try await PopulationValueModel.query(on: db).filter(\.$tableID == oldID).delete()
            try await existing.delete(on: db)
        }
        let stored = try await insert(table, importedBy: importedBy, now: now, on: db)
        return (stored, kept)
    }

    /// How many allocation versions were computed on a table.
    public static func uses(of tableID: UUID, on db: any Database) async throws -> Int {
        try await AllocationModel.query(on: db).filter(\.$populationTableID == tableID).count()
    }

    /// The table in effect for a reference date and level (the latest import of it), if any.
    public static func current(on date: CivilDate, level: PopulationLevel, on db: any Database) async throws -> PopulationTableModel? {
        try await PopulationTableModel.query(on: db).filter(\.$referenceDate == date.iso).filter(\.$level == level.rawValue)
            .sort(\.$importedAt, .descending).first()
    }

    /// The table with the latest reference date before `date`, of either level (the latest
    /// import wins a tie): what a new table's national total is compared with.
    public static func nearestEarlier(than date: CivilDate, on db: any Database) async throws -> PopulationTableModel? {
        try await PopulationTableModel.query(on: db).filter(\.$referenceDate < date.iso)
            .sort(\.$referenceDate, .descending).sort(\.$importedAt, .descending).first()
    }

    /// Every table, newest reference date first.
    public static func list(on db: any Database) async throws -> [PopulationTableModel] {
        try await PopulationTableModel.query(on: db).sort(\.$referenceDate, .descending).sort(\.$importedAt, .descending).all()
    }

    /// The domain table for a stored row.
    public static func load(_ m: PopulationTableModel, on db: any Database) async throws -> PopulationTable {
        let values = try await PopulationValueModel.query(on: db).filter(\.$tableID == m.requireID()).all()
        return PopulationTable(referenceDate: CivilDate(iso: m.referenceDate) ?? .make(1900, 1, 1),
                               level: PopulationLevel(rawValue: m.level) ?? .municipality,
                               values: Dictionary(uniqueKeysWithValues: values.map { ($0.code, $0.population) }),
                               source: m.source)
    }

    /// The table whose reference date is nearest `target` (the latest import wins a tie).
    public static func nearest(to target: CivilDate, on db: any Database) async throws -> PopulationTableModel? {
        let tables = try await list(on: db)
        return tables.min { a, b in
            let da = distance(CivilDate(iso: a.referenceDate), target), db = distance(CivilDate(iso: b.referenceDate), target)
            return da != db ? da < db : a.importedAt > b.importedAt
        }
    }

    /// Days between two dates, roughly (for choosing the nearest table only).
    static func distance(_ a: CivilDate?, _ b: CivilDate) -> Int {
        guard let a else { return .max }
        return abs((a.year * 372 + a.month * 31 + a.day) - (b.year * 372 + b.month * 31 + b.day))
    }
}
