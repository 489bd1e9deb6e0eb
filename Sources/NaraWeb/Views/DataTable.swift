import Foundation
import NaraCore
import Plot
import Vapor

/// A table a view shows and lets people download: one value, three forms. The page shows each
/// cell's text; the CSV (Swedish Excel: `;`, BOM, CRLF, formula-like text neutralised) and the
/// .xlsx workbook hold its typed value, which is the value the text shows, already rounded: a
/// share shown as `66,7 %` is 0,667 in the workbook and `66,7` in the CSV; an empty cell, `–`
/// on the page, is empty in both.
struct DataTable: Sendable {
    enum Cell: Sendable {
        case text(String)
        /// A number shown as `text`; `value` goes into the spreadsheet as a number.
        case number(Decimal, String)
        case link(String, href: String)
        /// A count that links to what it counts.
        case numberLink(Decimal, String, href: String)
        /// A share: `value` is the fraction the text shows (0,667 for `66,7 %`), rounded to
        /// `decimals` decimals of per cent.
        case percent(Decimal, String, decimals: Int)
        /// An amount in kronor shown as `text` (`30 600 000 kr`).
        case money(Decimal, String)
        /// A day or a moment (in Swedish time) shown as `text`.
        case date(XLSX.Cell, String)
        /// Nothing to show: `–` on the page, an empty cell in a download.
        case empty

        var plain: String {
            switch self {
            case .text(let t), .number(_, let t), .link(let t, _), .numberLink(_, let t, _), .percent(_, let t, _), .money(_, let t), .date(_, let t): return t
            case .empty: return "–"
            }
        }

        var numeric: Decimal? {
            switch self {
            case .number(let v, _), .numberLink(let v, _, _), .money(let v, _): return v
            case .percent(let v, _, _): return v
            default: return nil
            }
        }

        /// What a download holds.
        var exported: XLSX.Cell {
            switch self {
            case .text(let t), .link(let t, _): return .text(t)
            case .number(let v, _), .numberLink(let v, _, _): return .number(v)
            case .percent(let v, _, let decimals): return .percent(v, decimals: decimals)
            case .money(let v, _): return .money(v)
            case .date(let v, _): return v
            case .empty: return .empty
            }
        }

        /// `count` of `total` as the page shows it (`66,7 %`, rounded half up to tenths, as
        /// `Share.text`), with the same rounded value for the downloads; empty when `total` is 0.
        static func share(_ count: Int, of total: Int) -> Cell {
            guard total > 0 else { return .empty }
            let tenths = (Int64(count) * 1000 + Int64(total) / 2) / Int64(total)
            return .percent(Decimal(tenths) / 1000, Share.text(count, of: total), decimals: 1)
        }

        /// An amount as `30 600 000 kr`.
        static func kronor(_ m: Money) -> Cell { .money(Decimal(m.ore) / 100, m.krText) }

        /// A whole number as `1 234`.
        static func count(_ n: Int) -> Cell { .number(Decimal(n), SwedishNumber.grouped(Int64(n))) }

        /// A day as `31 mars 2024`; empty when there is none.
        static func day(_ d: CivilDate?) -> Cell { d.map { .date(.day($0), $0.swedish) } ?? .empty }

        /// A moment in Swedish time as `30 november 2026 kl. 14:05`; empty when there is none.
        static func time(_ t: Date?) -> Cell { t.map { .date(.time($0), SwedishDateTime.format($0)) } ?? .empty }
    }

    let id: String
    let caption: String
    let columns: [String]
    /// Which columns hold numbers (right-aligned).
    var numeric: Set<Int> = []
    var rows: [[Cell]]
    /// Rows under the body (a total): shown in `<tfoot>`, last in the downloads.
    var footer: [[Cell]] = []

    func node() -> Node<HTML.BodyContext> {
        // Wide tables scroll sideways; the region can then be reached and scrolled by keyboard.
        .div(.class("table-wrap"), .attribute(named: "tabindex", value: "0"), .attribute(named: "role", value: "region"),
             .attr("aria-label", caption), .table(.id(id),
            .caption(.text(caption)),
            .thead(.tr(.forEach(Array(columns.enumerated())) { i, c in Blocks.col(c, numeric: numeric.contains(i)) })),
            .tbody(.forEach(rows) { row in .tr(.forEach(Array(row.enumerated())) { i, cell in self.cell(cell, at: i) }) }),
            .if(!footer.isEmpty, .tfoot(.forEach(footer) { row in .tr(.forEach(Array(row.enumerated())) { i, cell in self.cell(cell, at: i) }) }))))
    }

    func cell(_ cell: Cell, at i: Int) -> Node<HTML.TableRowContext> {
        let content: Node<HTML.BodyContext> = {
            if case .link(let t, let href) = cell { return .a(.href(href), .text(t)) }
            if case .numberLink(_, let t, let href) = cell { return .a(.href(href), .text(t)) }
            return .text(cell.plain)
        }()
        if i == 0 { return Blocks.rowHeader(content) }
        // A date ("27 mars 2024 kl. 12:00") stays on one line, as an amount does.
        if case .date = cell { return .td(.class(numeric.contains(i) ? "num" : "nowrap"), content) }
        return .td(.if(numeric.contains(i), .class("num")), content)
    }

    /// The header and every row (the footer last) as a download holds them.
    func exportedRows() -> [[XLSX.Cell]] {
        [columns.map { XLSX.Cell.text($0) }] + (rows + footer).map { $0.map(\.exported) }
    }

    func csv() -> String {
        var writer = CSVRowWriter()
        for row in exportedRows() { writer.row(row) }
        return CSVWriter.byteOrderMark + String(decoding: writer.out.bytes, as: UTF8.self)
    }

    func xlsxRows() -> [[XLSX.Cell]] { exportedRows() }

    /// The download the request asks for with `?format=csv` or `?format=xlsx`, if any.
    func download(_ req: Request, filename: String) throws -> Response? {
        switch req.query[String.self, at: "format"] {
        case "csv": return CSVWriter.response(csv(), filename: filename + ".csv")
        case "xlsx":
            var headers = HTTPHeaders()
            headers.replaceOrAdd(name: .contentType, value: XLSX.contentType)
            headers.replaceOrAdd(name: .contentDisposition, value: "attachment; filename=\"\(filename).xlsx\"")
            return Response(status: .ok, headers: headers, body: .init(data: try XLSX.workbook(sheetName: caption, rows: xlsxRows())))
        default: return nil
        }
    }

    /// The download of the table a page with several asks for with `?tabell=<id>` (the first
    /// when none is named), named `filename-<id>` for any but the first.
    static func download(_ req: Request, tables: [DataTable], filename: String) throws -> Response? {
        guard req.query[String.self, at: "format"] != nil, let first = tables.first else { return nil }
        guard let asked = req.query[String.self, at: "tabell"], !asked.isEmpty else { return try first.download(req, filename: filename) }
        guard let table = tables.first(where: { $0.id == asked }) else { throw Abort(.notFound, reason: "Sidan har ingen tabell ”\(asked.prefix(40))”.") }
        return try table.download(req, filename: table.id == first.id ? filename : filename + "-" + table.id)
    }

    /// Links to this view as CSV and Excel, and a print button.
    /// - Parameters:
    ///   - table: the id of the table to download when the page has several (`tabell=`).
    ///   - name: what the links call it when it is not the page's only table (`tabellen per län`).
    static func downloads(_ path: String, query: String, table: String? = nil, name: String? = nil) -> Node<HTML.BodyContext> {
        var parts = query.isEmpty ? [] : [query]
        if let table { parts.append("tabell=" + table.urlPart) }
        let sep = parts.isEmpty ? "" : parts.joined(separator: "&") + "&"
        let what = name.map { "Ladda ned \($0)" } ?? "Ladda ned"
        return .div(.class("page-tools"),
            .ul(.class("downloads"),
                .li(.a(.href("\(path)?\(sep)format=csv"), .text("\(what) som CSV"))),
                .li(.a(.href("\(path)?\(sep)format=xlsx"), .text("\(what) som Excel")))),
            .if(table == nil, .button(.type(.button), .class("button button-secondary"), .attribute(named: "data-print", value: "1"),
                    .attribute(named: "hidden", value: "hidden"), .text("Skriv ut"))))
    }
}
