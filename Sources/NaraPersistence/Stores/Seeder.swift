import Fluent
import Foundation
import NaraCore

/// Fills an empty database with the reference data and the demo agreements.
public enum Seeder {
    /// The actor recorded for everything the first start creates.
    public static let actor = "Nära (grunddata)"

    /// Seeds organisations, the built-in population tables, the three demo agreements and their
    /// allocations, unless organisations already exist. One transaction: all or nothing.
    /// - Returns: whether anything was seeded.
    @discardableResult
    public static func seedIfEmpty(on db: any Database, geography: Geography = .shipped, now: Date = Date()) async throws -> Bool {
        if try await OrganisationModel.query(on: db).count() > 0 { return false }
        try await db.transaction { tx in
            try await geography.organisationSeeds.map(OrganisationModel.init).create(on: tx)
            for table in geography.builtInPopulationTables {
                try await PopulationStore.save(table, importedBy: actor, now: now, on: tx)
            }
            for agreement in DemoAgreements.all() {
                let model = try await AgreementStore.save(agreement, by: actor, now: now, on: tx)
                try await AgreementVersionStore.record(agreement, model: model, amendment: nil, changes: [], by: actor, now: now, on: tx)
                try await AllocationStore.allocate(year: agreement.year, by: actor, now: now, on: tx)
            }
        }
        return true
    }
}
