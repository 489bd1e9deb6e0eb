import Fluent
import Foundation
import NaraCore
import NaraPersistence

/// The indicator catalogue with what is stored for each.
struct IndicatorList: Sendable {
    struct Item: Sendable {
        let definition: IndicatorDefinition
        let series: Indicators.Series
    }

    let items: [Item]

    static func query(on db: any Database) async throws -> IndicatorList {
        var items: [Item] = []
        for d in IndicatorDefinition.catalogue { items.append(Item(definition: d, series: try await Indicators.series(d, on: db))) }
        return IndicatorList(items: items)
    }
}

/// One indicator for every region and year, next to the money each agreement gave the regions.
struct IndicatorView: Sendable {
    let definition: IndicatorDefinition
    /// `K`, `M`, or empty for both.
    let sex: String
    /// The county code the chart shows.
    let region: String
    let series: Indicators.Series
    let table: DataTable

    var regionName: String { Geography.shipped.counties.first { $0.code == region }?.name ?? region }
    var regional: [Int: Int64] { series.values[region] ?? [:] }

    /// - Parameters:
    ///   - key: the indicator's key; nil when the catalogue has no such indicator.
    ///   - sex: `K` or `M`; anything else means both.
    ///   - region: a county code; anything else means Halland (13).
    static func query(key: String, sex: String?, region: String?, on db: any Database) async throws -> IndicatorView? {
        guard let d = IndicatorDefinition.catalogue.first(where: { $0.key == key }) else { return nil }
        let sex = ["K", "M"].contains(sex ?? "") ? sex! : ""
        let series = try await Indicators.series(d, sex: sex, on: db)
        let counties = Geography.shipped.counties
        let region = region.flatMap { c in counties.contains { $0.code == c } ? c : nil } ?? "13"
        let money = try await regionalMoney(on: db)
        let moneyYears = money.keys.sorted()
        let table = DataTable(id: "indikator", caption: "\(d.name)\(sex.isEmpty ? "" : sex == "K" ? ", kvinnor" : ", män") per region och år",
                              columns: ["Region"] + series.years.map(String.init) + ["Når målet \(series.years.last.map(String.init) ?? "")"] + moneyYears.map { "Medel \($0) (kr)" },
                              numeric: Set(1...(series.years.count + 1 + moneyYears.count)),
                              rows: counties.map { c in
                                  let values = series.values[c.code] ?? [:]
                                  let latest = series.years.last.flatMap { values[$0] }
                                  return [.link(c.name, href: "/uppfoljning/indikatorer/\(d.key)?region=\(c.code)&kon=\(sex)#vald-region")]
                                      + series.years.map { y in values[y].map { cell($0, d) } ?? .empty }
                                      + [latest.flatMap { d.meetsTarget($0) }.map { .text($0 ? "Ja" : "Nej") } ?? .empty]
                                      + moneyYears.map { y in money[y]?[c.code].map { .kronor($0) } ?? .empty }
                              })
        return IndicatorView(definition: d, sex: sex, region: region, series: series, table: table)
    }

    /// A value as the page shows it (`55,4 %`, one decimal) and that same rounded value for the
    /// downloads: a share in per cent as a fraction with the per cent format.
    static func cell(_ hundredths: Int64, _ d: IndicatorDefinition) -> DataTable.Cell {
        let shown = Indicators.text(hundredths, unit: d.unit), value = (Decimal(hundredths) / 100).roundedHalfUp(1)
        return d.unit == "%" ? .percent(value / 100, shown, decimals: 1) : .number(value, shown)
    }

    /// What each agreement allocated to each region: year → county code → money.
    static func regionalMoney(on db: any Database) async throws -> [Int: [String: Money]] {
        var money: [Int: [String: Money]] = [:]
        for year in try await AgreementModel.query(on: db).all().map(\.year) {
            if let (_, rows) = try await MoneyService.overview(year: year, on: db) {
                for r in rows where r.organisation.kind == OrganisationKind.region.rawValue {
                    money[year, default: [:]][r.organisation.countyCode ?? r.organisation.code] = r.total.allocated
                }
            }
        }
        return money
    }
}
