import Foundation
import NaraCore
import NaraPersistence
import Vapor

extension SiteURL {
    /// A pot's allocation table as a download: `?format=csv` or `?format=xlsx`, `version=` as the page.
    static func allocationTable(_ year: Int, _ pot: String, version: Int?, format: String) -> String {
        "/overenskommelser/\(year)/fordelning/\(pot)/tabell?" + (version.map { "version=\($0)&" } ?? "") + "format=\(format)"
    }
}

extension AllocationView {
    /// The amounts per recipient as the page shows them and the downloads hold them: the weight,
    /// the reference date, the share rounded to four decimals of per cent, the amount in kronor,
    /// and the total row equal to the pot.
    var amounts: DataTable {
        let hasWeights = lines.contains { $0.weight != nil }
        let weightLabel: String = {
            if case .reportedQuantity(let unit) = pot.key { return unit.prefix(1).uppercased() + unit.dropFirst() }
            return AllocationPage.Text.population
        }()
        let dated = table != nil
        var columns = [AllocationPage.Text.code, AllocationPage.Text.recipient]
        if hasWeights { columns.append(weightLabel) }
        if dated { columns.append(AllocationPage.Text.referenceDate) }
        if hasWeights { columns.append(AllocationPage.Text.share) }
        columns.append(AllocationPage.Text.amount)
        func row(_ line: AllocationLineModel) -> [DataTable.Cell] {
            var cells: [DataTable.Cell] = [.text(line.code), .text(line.name + (line.note.isEmpty ? "" : " *"))]
            if hasWeights { cells.append(line.weight.map { DataTable.Cell.number(Decimal($0), SwedishNumber.grouped($0)) } ?? .empty) }
            if dated { cells.append(.day(referenceDate)) }
            if hasWeights { cells.append(shareCell(line)) }
            cells.append(.kronor(Money(ore: line.amountOre)))
            return cells
        }
        let totalWeight: Int64 = version?.totalWeight ?? 0
        var footer: [DataTable.Cell] = [.empty, .text(AllocationPage.Text.total)]
        if hasWeights { footer.append(.number(Decimal(totalWeight), SwedishNumber.grouped(totalWeight))) }
        if dated { footer.append(.empty) }
        if hasWeights { footer.append(.percent(1, "100,0000\u{00A0}%", decimals: 4)) }
        footer.append(.kronor(total))
        let numeric = Set(columns.indices.filter { [weightLabel, AllocationPage.Text.share, AllocationPage.Text.amount].contains(columns[$0]) })
        return DataTable(id: "fordelning", caption: AllocationPage.Text.caption + " – " + pot.name + ", " + pot.amount.mnkrText(),
                         columns: columns, numeric: numeric, rows: lines.map(row), footer: [footer])
    }

    /// The share as the page shows it (`1,2735 %`, half up) with that rounded value as a fraction.
    func shareCell(_ line: AllocationLineModel) -> DataTable.Cell {
        guard let w = line.weight, let t = version?.totalWeight, t > 0 else { return .empty }
        // Ten-thousandths of a per cent, rounded half up as `SwedishNumber.decimal`.
        let units = (w * 1_000_000 * 2 + t) / (2 * t)
        return .percent(Decimal(units) / 1_000_000, sharePercent(line), decimals: 4)
    }
}

/// A pot's allocation table as CSV and .xlsx, the same `DataTable` the page shows.
struct AllocationTableRoutes: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.on(.GET, "overenskommelser", ":year", "fordelning", ":pot", "tabell", rule: .everyone, use: Self.download)
    }

    @Sendable static func download(req: Request) async throws -> Response {
        let year = try RequestParameters.year(req)
        let pot = try RequestParameters.slug(req, "pot")
        guard let view = try await AllocationQueries.load(year: year, pot: pot, version: try RequestParameters.version(req), on: req.db), let v = view.version else {
            throw Abort(.notFound, reason: "Fördelningen finns inte: kontrollera år, pott och version.")
        }
        guard let response = try view.amounts.download(req, filename: "nara-fordelning-\(year)-\(pot)-v\(v.version)") else {
            throw Abort(.badRequest, reason: "Ange format=csv eller format=xlsx.")
        }
        return response
    }
}
