import Fluent
import Foundation
import NaraCore
import NaraPersistence

/// Imports a population file: checks every row first, then stores the table in one
/// transaction. A file with any problem changes nothing. Used by the command line and (with
/// accounts) by the administration page.
enum PopulationImporter {
    struct Outcome: Sendable {
        let table: PopulationTable
        let format: PopulationFileFormat
        let stored: PopulationTableModel?
    }

    /// - Parameters:
    ///   - bytes: the file as uploaded or read.
    ///   - dryRun: check only; store nothing.
    /// - Throws: `PopulationImportError` listing every problem by line.
    static func run(bytes: [UInt8], referenceDate: CivilDate, source: String, by actor: String, now: Date,
                    dryRun: Bool = false, on db: any Database) async throws -> Outcome {
        let (table, format) = try PopulationImport.parse(bytes, referenceDate: referenceDate, source: source)
        if dryRun { return Outcome(table: table, format: format, stored: nil) }
        let stored = try await PopulationStore.save(table, importedBy: actor, now: now, on: db)
        return Outcome(table: table, format: format, stored: stored)
    }
}
