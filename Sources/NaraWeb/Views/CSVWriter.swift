import Foundation
import Vapor

/// Every CSV download Nära offers, written one way for Swedish Excel: UTF-8 with a byte order
/// mark (so Excel reads å, ä and ö right), `;` between fields (the comma is the decimal sign),
/// CRLF line ends, quotes around a field that holds a separator, a quote or a line break, and
/// text a spreadsheet would run as a formula neutralised.
enum CSVWriter {
    /// Written first, once per file.
    static let byteOrderMark = "\u{FEFF}"

    /// A whole file of text rows (the first is usually the header).
    static func document(_ rows: [[String]]) -> String {
        byteOrderMark + rows.map { $0.map(field).joined(separator: ";") }.joined(separator: "\r\n") + "\r\n"
    }

    /// One line of fields already written with `field` or `number`, with its line end: for files
    /// written piece by piece.
    static func line(_ fields: [String]) -> String {
        fields.joined(separator: ";") + "\r\n"
    }

    /// One text field. Quotes it when it holds a separator, a quote or a line break; puts a `'`
    /// before text a spreadsheet would run as a formula (`=`, `+`, `-`, `@`, also behind a leading
    /// tab or carriage return, which Excel skips before it reads the formula). Whole numbers such
    /// as `-5` are left as they are.
    static func field(_ s: String) -> String {
        var s = s
        if let first = s.unicodeScalars.first, "=+-@\t\r".unicodeScalars.contains(first), Int64(s) == nil { s = "'" + s }
        if s.contains(where: { $0 == ";" || $0 == "\"" || $0 == "\n" || $0 == "\r" }) {
            return "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        }
        return s
    }

    /// A number as Swedish Excel reads one: decimal comma, no thousands separator. Written by
    /// Nära, never typed by a person, so it needs no formula guard.
    static func number(_ value: Decimal) -> String {
        "\(value)".replacingOccurrences(of: ".", with: ",")
    }

    /// The headers of a CSV download named `filename`.
    static func headers(filename: String) -> HTTPHeaders {
        var headers = HTTPHeaders()
        headers.replaceOrAdd(name: .contentType, value: "text/csv; charset=utf-8")
        headers.replaceOrAdd(name: .contentDisposition, value: "attachment; filename=\"\(filename)\"")
        return headers
    }

    /// A finished file as a download.
    static func response(_ body: String, filename: String) -> Response {
        Response(status: .ok, headers: headers(filename: filename), body: .init(string: body))
    }

    /// Text rows as a download.
    static func response(rows: [[String]], filename: String) -> Response {
        response(document(rows), filename: filename)
    }
}
