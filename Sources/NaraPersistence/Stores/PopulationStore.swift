import Fluent
import Foundation
import NaraCore

/// Stored population tables.
public enum PopulationStore {
    /// Stores a table and its values in one transaction: all of it or nothing.
    @discardableResult
    public static func save(_ table: PopulationTable, importedBy: String, now: Date, on db: any Database) async throws -> PopulationTableModel {
        try await db.transaction { tx in
            let m = PopulationTableModel()
            m.referenceDate = table.referenceDate.iso; m.level = table.level.rawValue; m.source = table.source
            m.total = table.total; m.rowCount = table.values.count; m.importedAt = now; m.importedBy = importedBy
            try await m.create(on: tx)
            let id = try m.requireID()
            let values = table.values.keys.sorted().map { PopulationValueModel(tableID: id, code: $0, population: table.values[$0]!) }
            try await values.create(on: tx)
            return m
        }
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
