import Fluent
import Foundation
import NaraCore
import NaraPersistence

/// Each pot's allocation computed on a chosen population table before publishing, stored nowhere.
struct AgreementPreview: Sendable {
    struct PotPreview: Sendable {
        let pot: Pot
        let result: AllocationResult?
        /// Why the pot cannot be previewed (a quantity pot waits for reports; a split that does not sum).
        let pending: String?
        /// The table a population pot uses, the date it should ideally use, and the days between.
        let table: PopulationTableModel?
        let targetDate: CivilDate?
        let daysFromTarget: Int?
    }

    let pots: [PotPreview]
    let tables: [PopulationTableModel]
    let chosen: UUID?

    static func load(_ a: Agreement, tableID: UUID?, on db: any Database) async throws -> AgreementPreview {
        let tables = try await PopulationStore.list(on: db)
        let chosen = tableID.flatMap { id in tables.first { $0.id == id } }
        var out: [PotPreview] = []
        for pot in a.pots {
            switch pot.key {
            case .reportedQuantity(let unit):
                out.append(PotPreview(pot: pot, result: nil, pending: "Fördelas efter rapporterat antal \(unit) när rapporteringen är avslutad\(pot.quantityDeadline.map { " (sista dag \($0.swedish))" } ?? "").",
                                      table: nil, targetDate: nil, daysFromTarget: nil))
            case .fixed:
                do { out.append(PotPreview(pot: pot, result: try Allocator.allocate(pot, population: nil), pending: nil, table: nil, targetDate: nil, daysFromTarget: nil)) }
                catch { out.append(PotPreview(pot: pot, result: nil, pending: "\(error)", table: nil, targetDate: nil, daysFromTarget: nil)) }
            case .populationShare:
                let target = AllocationStore.targetDate(for: pot, year: a.year)
                var model = chosen
                if model == nil { model = try await PopulationStore.nearest(to: target, on: db) }
                guard let model, let table = try? await PopulationStore.load(model, on: db) else {
                    out.append(PotPreview(pot: pot, result: nil, pending: "Det finns ingen befolkningstabell att fördela efter.", table: nil, targetDate: target, daysFromTarget: nil))
                    continue
                }
                let days = CivilDate(iso: model.referenceDate).map { ReminderPlan.daysBetween(target, $0) }
                do {
                    out.append(PotPreview(pot: pot, result: try Allocator.allocate(pot, population: table), pending: nil, table: model, targetDate: target, daysFromTarget: days))
                } catch {
                    out.append(PotPreview(pot: pot, result: nil, pending: "\(error)", table: model, targetDate: target, daysFromTarget: days))
                }
            }
        }
        return AgreementPreview(pots: out, tables: tables, chosen: chosen?.id)
    }
}
