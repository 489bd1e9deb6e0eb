import Fluent
import Foundation
import NaraCore
import NaraPersistence

/// One line of the agreements list.
struct AgreementSummary: Sendable {
    let year: Int
    let title: String
    let frame: Money
    let areaCount: Int
    let potCount: Int
}

/// A pot with the state of its current allocation, for the agreement page.
struct PotStatus: Sendable {
    let pot: Pot
    let currentVersion: Int?
    let referenceDate: CivilDate?
}

/// Reads what the agreement pages show; callable from tests without HTTP.
enum AgreementQueries {
    static func summaries(on db: any Database) async throws -> [AgreementSummary] {
        var out: [AgreementSummary] = []
        for m in try await AgreementStore.list(on: db) {
            let id = try m.requireID()
            let areas = try await AreaModel.query(on: db).filter(\.$agreementID == id).count()
            let pots = try await PotModel.query(on: db).filter(\.$agreementID == id).count()
            out.append(AgreementSummary(year: m.year, title: m.title, frame: Money(ore: m.frameOre), areaCount: areas, potCount: pots))
        }
        return out
    }

    static func potStatuses(year: Int, on db: any Database) async throws -> [PotStatus] {
        guard let m = try await AgreementStore.model(year: year, on: db) else { return [] }
        var out: [PotStatus] = []
        for pm in try await AgreementStore.potModels(agreementID: m.requireID(), on: db) {
            let current = try await AllocationStore.currentVersion(potID: pm.requireID(), on: db)
            out.append(PotStatus(pot: AgreementStore.pot(from: pm), currentVersion: current?.version,
                                 referenceDate: current?.referenceDate.flatMap(CivilDate.init(iso:))))
        }
        return out
    }
}
