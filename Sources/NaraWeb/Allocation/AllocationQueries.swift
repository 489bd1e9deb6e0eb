import Fluent
import Foundation
import NaraCore
import NaraPersistence

/// Everything an allocation page, its downloads and its API answer show about one pot.
struct AllocationView: Sendable {
    let year: Int
    let agreementTitle: String
    let frame: Money
    let pot: Pot
    /// The version shown; nil when the pot has not been allocated.
    let version: AllocationModel?
    let lines: [AllocationLineModel]
    let table: PopulationTableModel?
    let versions: [AllocationModel]
    let checks: [ReceiptCheck]
    /// The population date the pot is computed for.
    let targetDate: CivilDate
    /// Why there is no allocation yet, in Swedish.
    let pendingReason: String?
    /// For a reported-quantity pot: every recipient it names with its report.
    var quantity: QuantityPotView? = nil

    var total: Money { lines.map { Money(ore: $0.amountOre) }.sum() }
    var isCurrent: Bool { version?.isCurrent ?? false }
    var referenceDate: CivilDate? { version?.referenceDate.flatMap(CivilDate.init(iso:)) }

    /// The share of a line as a fraction (for JSON); nil for fixed amounts.
    func share(_ line: AllocationLineModel) -> Double? {
        guard let w = line.weight, let t = version?.totalWeight, t > 0 else { return nil }
        return Double(w) / Double(t)
    }

    /// `1,2735 %`.
    func sharePercent(_ line: AllocationLineModel) -> String {
        guard let w = line.weight, let t = version?.totalWeight, t > 0 else { return "–" }
        return SwedishNumber.decimal(w * 100, t, digits: 4) + "\u{00A0}%"
    }
}

/// A recipient's calculation sheet.
struct CalculationView: Sendable {
    let allocation: AllocationView
    let line: AllocationLineModel
    /// The county's municipalities and their populations, when the table is per municipality.
    let municipalities: [(code: String, name: String, population: Int64)]
}

enum AllocationQueries {
    /// Loads a pot's allocation, the current version unless `version` names another.
    /// - Returns: nil if the agreement, the pot or the version does not exist.
    static func load(year: Int, pot slug: String, version number: Int?, on db: any Database) async throws -> AllocationView? {
        guard let agreement = try await AgreementStore.model(year: year, on: db) else { return nil }
        let agreementID = try agreement.requireID()
        guard let potModel = try await PotModel.query(on: db).filter(\.$agreementID == agreementID).filter(\.$slug == slug).first()
        else { return nil }
        let pot = AgreementStore.pot(from: potModel)
        let potID = try potModel.requireID()
        let versions = try await AllocationStore.versions(potID: potID, on: db)
        let version: AllocationModel?
        if let number {
            guard let v = versions.first(where: { $0.version == number }) else { return nil }
            version = v
        } else {
            version = versions.first(where: \.isCurrent)
        }
        var lines: [AllocationLineModel] = []
        if let version { lines = try await AllocationStore.lines(allocationID: version.requireID(), on: db) }
        var table: PopulationTableModel?
        if let id = version?.populationTableID { table = try await PopulationTableModel.find(id, on: db) }
        var checks: [ReceiptCheck] = []
        if let version, let totalWeight = version.totalWeight {
            let receipts = try await StatedReceiptModel.query(on: db).filter(\.$agreementID == agreementID).filter(\.$potSlug == slug).all()
            for r in receipts {
                guard let line = lines.first(where: { $0.code == r.code }), let w = line.weight else { continue }
                let receipt = StatedReceipt(potID: slug, code: r.code, amount: Money(ore: r.amountOre), source: r.source,
                                            referenceDate: r.referenceDate.flatMap(CivilDate.init(iso:)))
                checks.append(ReceiptCheck(receipt: receipt, computed: Money(ore: line.amountOre), weight: w, totalWeight: totalWeight))
            }
        }
        var pending: String?
        var quantity: QuantityPotView?
        if case .reportedQuantity = pot.key {
            quantity = try await QuantityQueries.load(year: year, pot: slug, on: db)
        }
        if version == nil, let q = quantity {
            pending = quantityPending(q)
        } else if version == nil {
            do { _ = try Allocator.allocate(pot, population: nil) } catch let e as AllocationError { pending = e.description }
            catch { pending = "\(error)" }
        }
        return AllocationView(year: year, agreementTitle: agreement.title, frame: Money(ore: agreement.frameOre), pot: pot,
                              version: version, lines: lines, table: table, versions: versions, checks: checks,
                              targetDate: AllocationStore.targetDate(for: pot, year: year), pendingReason: pending, quantity: quantity)
    }

    /// Why a reported-quantity pot is not allocated yet: how many have reported, and the deadline.
    static func quantityPending(_ q: QuantityPotView) -> String {
        let deadline = q.deadline.map { "Sista dag att rapportera är \($0.swedish)." } ?? "Överenskommelsen anger ingen sista dag för rapporteringen."
        let count = q.reported.isEmpty ? "inga uppgifter har rapporterats ännu (0 av \(q.rows.count) mottagare)."
                                       : "\(q.reported.count) av \(q.rows.count) mottagare har rapporterat."
        return "Potten fördelas efter godkänt antal \(q.unit); " + count + " " + deadline
            + " Efter sista dagen fördelar Socialstyrelsen potten efter de godkända antalen."
    }

    /// Loads one recipient's calculation sheet.
    static func calculation(year: Int, pot: String, code: String, version: Int?, on db: any Database) async throws -> CalculationView? {
        guard let view = try await load(year: year, pot: pot, version: version, on: db),
              let line = view.lines.first(where: { $0.code == code }) else { return nil }
        var municipalities: [(String, String, Int64)] = []
        if let table = view.table, table.level == PopulationLevel.municipality.rawValue, view.pot.key == .populationShare {
            let geography = Geography.shipped
            let codes = geography.municipalities.filter { $0.countyCode == code }
            let values = try await PopulationValueModel.query(on: db).filter(\.$tableID == table.requireID())
                .filter(\.$code ~~ codes.map(\.code)).all()
            let byCode = Dictionary(uniqueKeysWithValues: values.map { ($0.code, $0.population) })
            municipalities = codes.map { ($0.code, $0.name, byCode[$0.code] ?? 0) }
        }
        return CalculationView(allocation: view, line: line, municipalities: municipalities)
    }
}
