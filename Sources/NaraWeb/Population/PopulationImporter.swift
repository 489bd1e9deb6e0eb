import Fluent
import Foundation
import NaraCore
import NaraPersistence

/// Imports a population file: checks every row first (codes, names against codes, figures),
/// then stores the table and its audit entry in one transaction. A file with any problem
/// changes nothing. Used by the command line and by the administration page.
///
/// A table for a reference date and level that already has one is stored only when the caller
/// says to replace it (`replace`); otherwise the import stops with `PopulationTableExists`.
enum PopulationImporter {
    struct Outcome: Sendable {
        let table: PopulationTable
        let format: PopulationFileFormat
        /// The new table; nil on a dry run.
        let stored: PopulationTableModel?
        /// The table already stored for the same reference date and level, before this import.
        let existing: PopulationTableModel?
        /// How many allocation versions were computed on `existing`.
        let existingUses: Int
        /// The national total against the nearest earlier table's, when there is one.
        let change: PopulationChange?
        /// After a replacement: whether the old table stays for the versions computed on it.
        let keptOld: Bool

        /// The warning to show when the total moved more than 2 %, in Swedish.
        var warning: String? { change?.warning }
    }

    /// - Parameters:
    ///   - bytes: the file as uploaded or read.
    ///   - by: who imports, as stored on the table (an e-mail address, or the command).
    ///   - dryRun: check only; store nothing.
    ///   - replace: replace a table stored for the same date and level.
    ///   - file: the file's name, for the audit trail.
    ///   - principal: the person importing, for the audit trail; without one, `by` names the actor.
    ///   - alongside: more writes that belong to the same action, run in the import's transaction
    ///     after the table is stored (SQLite's write transaction cannot be nested).
    /// - Throws: `PopulationImportError` listing every problem by line; `PopulationTableExists`
    ///   when the date and level have a table and `replace` is false.
    static func run(bytes: [UInt8], referenceDate: CivilDate, source: String, by actor: String, now: Date,
                    dryRun: Bool = false, replace: Bool = false, file: String = "", principal: Principal? = nil,
                    address: String = "", alongside: (@Sendable (any Database) async throws -> Void)? = nil,
                    on db: any Database) async throws -> Outcome {
        let (table, format) = try PopulationImport.parse(bytes, referenceDate: referenceDate, source: source)
        if dryRun {
            let context = try await Context.read(for: table, on: db)
            return Outcome(table: table, format: format, stored: nil, existing: context.existing,
                           existingUses: context.existingUses, change: context.change, keptOld: false)
        }
        return try await db.writeTransaction { tx in
            // Read inside the write transaction, so no other import slips in between check and write.
            let context = try await Context.read(for: table, on: tx)
            var before: [String: String] = [:]
            let stored: PopulationTableModel
            var keptOld = false
            if let existing = context.existing {
                guard replace else { throw PopulationTableExists(existing: existing, uses: context.existingUses) }
                before = ["tabell": existing.id?.uuidString ?? "", "referensdatum": existing.referenceDate,
                          "rader": String(existing.rowCount), "folkmängd": String(existing.total), "källa": existing.source]
                let replaced = try await PopulationStore.replace(existing, with: table, importedBy: actor, now: now, on: tx)
                stored = replaced.stored
                keptOld = replaced.keptOld
                before["tabellen"] = keptOld ? "behålls för \(context.existingUses) fördelningsversioner" : "borttagen"
            } else {
                stored = try await PopulationStore.insert(table, importedBy: actor, now: now, on: tx)
            }
            try await ContentVersion.bump(on: tx)
            var after = ["referensdatum": referenceDate.iso, "rader": String(table.values.count),
                         "folkmängd": String(table.total), "källa": source]
            if !file.isEmpty { after["fil"] = file }
            if let change = context.change, change.exceedsWarning {
                after["jämfört med"] = "\(change.earlierDate.iso): \(change.earlierTotal) (\(change.percentText))"
            }
            try await AuditLog.record(.import, entity: "population_table", id: stored.id?.uuidString ?? "",
                                      before: before, after: after, actor: principal,
                                      actorLabel: principal == nil ? actor : nil, address: address, now: now, on: tx)
            try await alongside?(tx)
            return Outcome(table: table, format: format, stored: stored, existing: context.existing,
                           existingUses: context.existingUses, change: context.change, keptOld: keptOld)
        }
    }

    /// What a new table is compared with in the database.
    struct Context: Sendable {
        let existing: PopulationTableModel?
        let existingUses: Int
        let change: PopulationChange?

        static func read(for table: PopulationTable, on db: any Database) async throws -> Context {
            let existing = try await PopulationStore.current(on: table.referenceDate, level: table.level, on: db)
            var uses = 0
            if let existing { uses = try await PopulationStore.uses(of: existing.requireID(), on: db) }
            var change: PopulationChange?
            if let earlier = try await PopulationStore.nearestEarlier(than: table.referenceDate, on: db),
               let date = CivilDate(iso: earlier.referenceDate) {
                change = PopulationChange(earlierDate: date, earlierTotal: earlier.total, newTotal: table.total)
            }
            return Context(existing: existing, existingUses: uses, change: change)
        }
    }
}

/// An import stopped because a table for the same reference date and level is stored already:
/// replacing it is a decision someone makes explicitly.
struct PopulationTableExists: Error, CustomStringConvertible {
    let existing: PopulationTableModel
    let uses: Int

    /// `en tabell per kommun per 31 december 2018 (folkmängd 10 230 185, inläst 2 maj 2026 av …)`.
    var existingDescription: String {
        let date = CivilDate(iso: existing.referenceDate)?.swedish ?? existing.referenceDate
        let level = existing.level == PopulationLevel.county.rawValue ? "län" : "kommun"
        return "en tabell per \(level) per \(date) (folkmängd \(SwedishNumber.grouped(existing.total, separator: " ")), "
            + "inläst \(SwedishDateTime.format(existing.importedAt)) av \(existing.importedBy))"
    }

    var description: String {
        "Det finns redan \(existingDescription). Inget har sparats; välj om den ska ersättas eller behållas."
    }
}
