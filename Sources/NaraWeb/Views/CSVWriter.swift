import Foundation
import NaraCore
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

    /// One text field. Quotes it when it holds a separator, a quote or a line break; puts a `'`
    /// before text a spreadsheet would run as a formula (`=`, `+`, `-`, `@`, also behind a leading
    /// tab or carriage return, which Excel skips before it reads the formula). Whole numbers such
    /// as `-5` are left as they are.
    static func field(_ s: String) -> String {
        var out = ByteOutput(capacity: s.utf8.count + 2)
        out.append(csvField: s)
        return String(decoding: out.bytes, as: UTF8.self)
    }

    /// A number as Swedish Excel reads one: decimal comma, no thousands separator. Written by
    /// Nära, never typed by a person, so it needs no formula guard.
    static func number(_ value: Decimal) -> String {
        "\(value)".replacingOccurrences(of: ".", with: ",")
    }

    /// `value` with exactly `decimals` decimals (rounded half up) and a decimal comma: `66,7`.
    static func fixed(_ value: Decimal, decimals: Int) -> String {
        let r = value.roundedHalfUp(decimals)
        var text = "\(r.magnitude)"
        var (whole, frac) = (text, "")
        if let dot = text.firstIndex(of: ".") { whole = String(text[..<dot]); frac = String(text[text.index(after: dot)...]) }
        frac += String(repeating: "0", count: max(0, decimals - frac.count))
        text = decimals > 0 ? whole + "," + frac.prefix(decimals) : whole
        return (r < 0 ? "-" : "") + text
    }

    /// A moment in Swedish time, to the minute: `2026-11-30 14:05`.
    static func localTime(_ t: Date) -> String {
        let c = SwedishDateTime.calendar.dateComponents([.year, .month, .day, .hour, .minute], from: t)
        func two(_ n: Int?) -> String { let n = n ?? 0; return n < 10 ? "0\(n)" : "\(n)" }
        return "\(c.year ?? 1970)-\(two(c.month))-\(two(c.day)) \(two(c.hour)):\(two(c.minute))"
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
