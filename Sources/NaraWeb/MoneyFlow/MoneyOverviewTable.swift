import Foundation
import NaraCore
import NaraPersistence
import Plot

/// The money overview's table: one row per recipient with six figures, and the total.
///
/// The page, the CSV and the .xlsx are one `DataTable`, so the downloads hold the same rows and
/// figures as the page, the total last (`footer`). A figure that is not known yet (what was used, before an
/// attested financial report) is an empty cell in the downloads and "–" on the page, never 0.
/// The page puts the total in `<tfoot>` and gives each figure its step and öre as data attributes.
struct MoneyOverviewTable {
    /// A figure's column: the key (`data-step`), the heading, and the figure for a recipient
    /// (nil when not known yet).
    struct Column: Sendable {
        let key: String
        let heading: String
        let figure: @Sendable (MoneyService.Row) -> Money?
    }

    static let columns: [Column] = [
        Column(key: "tilldelat", heading: "Tilldelat") { $0.total.allocated },
        Column(key: "rekvirerat", heading: "Rekvirerat") { $0.total.requisitioned },
        Column(key: "utbetalt", heading: "Utbetalt") { $0.total.paid },
        Column(key: "anvant", heading: "Redovisat använt") { $0.reported ? $0.total.spent : nil },
        Column(key: "aterbetalt", heading: "Återbetalt") { $0.total.repaid },
        Column(key: "saldo", heading: "Saldo") { $0.total.balance },
    ]

    static let caption = "Medel per mottagare"
    /// Read with an empty figure by screen readers, where the page shows "–".
    static let notReported = "ingen attesterad redovisning"

    let table: DataTable

    init(year: Int, rows: [MoneyService.Row]) {
        func cell(_ m: Money?) -> DataTable.Cell { m.map(DataTable.Cell.kronor) ?? .empty }
        let lines: [[DataTable.Cell]] = rows.map { r in
            [.link(r.organisation.name, href: SiteURL.funds(r.organisation.id!, year) + "#omraden")] + Self.columns.map { cell($0.figure(r)) }
        }
        let total: [DataTable.Cell] = [.text("Summa")] + Self.columns.map { c in
            let known = rows.compactMap { c.figure($0) }
            return cell(known.isEmpty ? nil : known.sum())
        }
        table = DataTable(id: "medel", caption: Self.caption, columns: ["Mottagare"] + Self.columns.map(\.heading),
                          numeric: Set(1...Self.columns.count), rows: lines, footer: [total])
    }

    /// The table in its scrollable region, the total row in `<tfoot>`.
    func node() -> Node<HTML.BodyContext> {
        .div(.class("table-wrap money-overview"), .attribute(named: "tabindex", value: "0"), .attribute(named: "role", value: "region"),
             .attr("aria-label", Self.caption + ", kan rullas i sidled"), .table(.id(table.id), .class("money-table"),
            .caption(.text(table.caption)),
            .thead(.tr(.forEach(Array(table.columns.enumerated())) { i, c in Blocks.col(c, numeric: table.numeric.contains(i)) })),
            .tbody(.forEach(table.rows) { row($0) }),
            .tfoot(.forEach(table.footer) { row($0) })))
    }

    func row(_ cells: [DataTable.Cell]) -> Node<HTML.TableContext> {
        .tr(.forEach(Array(cells.enumerated())) { i, cell -> Node<HTML.TableRowContext> in
            if i == 0 {
                if case .link(let t, let href) = cell { return Blocks.rowHeader(.a(.href(href), .text(t))) }
                return Blocks.rowHeader(.text(cell.plain))
            }
            let key = Self.columns[i - 1].key
            guard let value = cell.numeric else {
                return .td(.class("num"), .attr("data-step", key),
                           .span(.attribute(named: "aria-hidden", value: "true"), .text("–")), .span(.class("visually-hidden"), .text(Self.notReported)))
            }
            let ore = NSDecimalNumber(decimal: value * 100).int64Value
            return .td(.class("num"), .attr("data-step", key), .attr("data-ore", String(ore)), .text(cell.plain))
        })
    }

    func csv() -> String { table.csv() }

    func xlsx(year: Int) throws -> Data { try XLSX.workbook(sheetName: "Medel \(year)", rows: table.xlsxRows()) }
}
