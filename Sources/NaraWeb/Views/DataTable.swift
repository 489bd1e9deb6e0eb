import Foundation
import NaraCore
import Plot
import Vapor

/// A table a view shows and lets people download: the same rows as HTML, as CSV for Swedish
/// Excel (`;`, BOM, CRLF, formula-like text neutralised) and as an .xlsx workbook.
struct DataTable: Sendable {
    enum Cell: Sendable {
        case text(String)
        /// A number shown as `text`; `value` goes into the spreadsheet as a number.
        case number(Decimal, String)
        case link(String, href: String)
        /// A count that links to what it counts.
        case numberLink(Decimal, String, href: String)

        var plain: String {
            switch self {
            case .text(let t), .number(_, let t), .link(let t, _), .numberLink(_, let t, _): return t
            }
        }

        var numeric: Decimal? {
            switch self {
            case .number(let v, _), .numberLink(let v, _, _): return v
            default: return nil
            }
        }
    }

    let id: String
    let caption: String
    let columns: [String]
    /// Which columns hold numbers (right-aligned).
    var numeric: Set<Int> = []
    var rows: [[Cell]]

    func node() -> Node<HTML.BodyContext> {
        // Wide tables scroll sideways; the region can then be reached and scrolled by keyboard.
        .div(.class("table-wrap"), .attribute(named: "tabindex", value: "0"), .attribute(named: "role", value: "region"),
             .attr("aria-label", caption), .table(.id(id),
            .caption(.text(caption)),
            .thead(.tr(.forEach(Array(columns.enumerated())) { i, c in Blocks.col(c, numeric: numeric.contains(i)) })),
            .tbody(.forEach(rows) { row in
                .tr(.forEach(Array(row.enumerated())) { i, cell -> Node<HTML.TableRowContext> in
                    let content: Node<HTML.BodyContext> = {
                        if case .link(let t, let href) = cell { return .a(.href(href), .text(t)) }
                        if case .numberLink(_, let t, let href) = cell { return .a(.href(href), .text(t)) }
                        return .text(cell.plain)
                    }()
                    if i == 0 { return Blocks.rowHeader(content) }
                    return .td(.if(numeric.contains(i), .class("num")), content)
                })
            })))
    }

    func csv() -> String {
        CSVWriter.byteOrderMark + CSVWriter.line(columns.map(CSVWriter.field)) + rows.map { row in
            CSVWriter.line(row.map { cell in cell.numeric.map(CSVWriter.number) ?? CSVWriter.field(cell.plain) })
        }.joined()
    }

    func xlsxRows() -> [[XLSX.Cell]] {
        [columns.map { XLSX.Cell.text($0) }] + rows.map { row in
            row.map { cell in
                if let v = cell.numeric { return XLSX.Cell.number(v) }
                return XLSX.Cell.text(cell.plain)
            }
        }
    }

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

    /// Links to this view as CSV and Excel, and a print button.
    static func downloads(_ path: String, query: String) -> Node<HTML.BodyContext> {
        let sep = query.isEmpty ? "" : query + "&"
        return .div(.class("page-tools"),
            .ul(.class("downloads"),
                .li(.a(.href("\(path)?\(sep)format=csv"), .text("Ladda ned som CSV"))),
                .li(.a(.href("\(path)?\(sep)format=xlsx"), .text("Ladda ned som Excel")))),
            .button(.type(.button), .class("button button-secondary"), .attribute(named: "data-print", value: "1"),
                    .attribute(named: "hidden", value: "hidden"), .text("Skriv ut")))
    }
}
