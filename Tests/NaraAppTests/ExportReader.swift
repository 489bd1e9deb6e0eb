import Foundation
import NaraCore
import Testing
import ZIPFoundation

/// Reads a table three ways, as a person would see it: the page's `<table>` as text, the CSV as
/// Swedish Excel splits it, and the .xlsx's first sheet with each cell's number format. Used to
/// show that a download holds what the page shows.
enum ExportReader {
    /// One cell of a workbook: text, or a number with its format code (`0.0 %`, `yyyy-mm-dd`).
    enum SheetCell: Equatable {
        case text(String)
        case number(Decimal, format: String)
    }

    // MARK: The page

    /// The rows of the table with `id` (the header row first, then body and footer), as text.
    static func htmlTable(_ id: String, in html: String) -> [[String]]? {
        guard let start = html.range(of: "<table id=\"\(id)\"") else { return nil }
        guard let end = html.range(of: "</table>", range: start.upperBound..<html.endIndex) else { return nil }
        let table = String(html[start.upperBound..<end.lowerBound])
        let cell = try! NSRegularExpression(pattern: "<t([hd])(?:\\s[^>]*)?>(.*?)</t\\1>", options: [.dotMatchesLineSeparators])
        return table.components(separatedBy: "</tr>").compactMap { row in
            let ns = row as NSString
            let cells = cell.matches(in: row, range: NSRange(location: 0, length: ns.length)).map { text(ns.substring(with: $0.range(at: 2))) }
            return cells.isEmpty ? nil : cells
        }
    }

    /// Markup to the text a reader sees.
    static func text(_ markup: String) -> String {
        markup.replacingOccurrences(of: "<[^>]*>", with: "", options: .regularExpression)
            .replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
            .replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&#39;", with: "'")
            .replacingOccurrences(of: "&amp;", with: "&").trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// The `href` of every link on a page.
    static func links(in html: String) -> [String] {
        let re = try! NSRegularExpression(pattern: "href=\"([^\"]*)\"")
        let ns = html as NSString
        return re.matches(in: html, range: NSRange(location: 0, length: ns.length)).map { text(ns.substring(with: $0.range(at: 1))) }
    }

    // MARK: CSV

    /// The fields of a CSV download (byte order mark, `;`, quotes, CRLF).
    static func csvRows(_ text: String) -> [[String]] {
        var rows: [[String]] = [], row: [String] = [], field = "", quoted = false
        var chars = Array(text.hasPrefix("\u{FEFF}") ? String(text.dropFirst()) : text)[...]
        while let c = chars.popFirst() {
            if quoted {
                if c == "\"" { if chars.first == "\"" { field.append("\""); chars.removeFirst() } else { quoted = false } } else { field.append(c) }
            } else if c == "\"" { quoted = true
            } else if c == ";" { row.append(field); field = ""
            } else if c == "\r\n" || c == "\n" { row.append(field); rows.append(row); row = []; field = ""
            } else { field.append(c) }
        }
        if !field.isEmpty || !row.isEmpty { row.append(field); rows.append(row) }
        return rows
    }

    // MARK: The workbook

    /// The first sheet's rows, a missing cell as nil, each number with its format code.
    static func xlsxRows(_ data: Data) throws -> [[SheetCell?]] {
        let archive = try Archive(data: data, accessMode: .read)
        func part(_ path: String) throws -> String? {
            guard let entry = archive[path] else { return nil }
            var out = Data()
            _ = try archive.extract(entry) { out.append($0) }
            return String(decoding: out, as: UTF8.self)
        }
        let sheet = try #require(try part("xl/worksheets/sheet1.xml"))
        let styles = try part("xl/styles.xml") ?? ""
        let shared = matches("<si>(.*?)</si>", in: try part("xl/sharedStrings.xml") ?? "").map { unescape(matches("<t[^>]*>(.*?)</t>", in: $0[1]).map { $0[1] }.joined()) }
        // Number formats by id, then each cell style's format.
        var formats: [String: String] = ["0": "General", "3": "#,##0", "9": "0%", "10": "0.00%", "14": "yyyy-mm-dd"]
        for m in matches("<numFmt numFmtId=\"(\\d+)\" formatCode=\"([^\"]*)\"", in: styles) { formats[m[1]] = unescape(m[2]) }
        let cellXfs = styles.range(of: "<cellXfs").map { String(styles[$0.lowerBound...]) } ?? ""
        let styleFormats = matches("<xf numFmtId=\"(\\d+)\"", in: cellXfs).map { formats[$0[1]] ?? "General" }
        var rows: [[SheetCell?]] = []
        for row in matches("<row[^>]*>(.*?)</row>", in: sheet) {
            var cells: [SheetCell?] = []
            // A cell names its column (`r="D7"`), or follows the one before it.
            for c in matches("<c((?:\\s[^>]*?)?)(?:/>|>(.*?)</c>)", in: row[1]) {
                let attributes = c[1], body = c[2]
                if let ref = matches("r=\"([A-Z]+)\\d+\"", in: attributes).first {
                    let column = ref[1].unicodeScalars.reduce(0) { $0 * 26 + Int($1.value) - 64 } - 1
                    while cells.count < column { cells.append(nil) }
                }
                let style = matches("s=\"(\\d+)\"", in: attributes).first.flatMap { Int($0[1]) } ?? 0
                if attributes.contains("t=\"inlineStr\"") {
                    cells.append(.text(unescape(matches("<t[^>]*>(.*?)</t>", in: body).map { $0[1] }.joined())))
                } else if attributes.contains("t=\"s\""), let i = matches("<v>(.*?)</v>", in: body).first.flatMap({ Int($0[1]) }) {
                    cells.append(.text(shared[i]))
                } else if let v = matches("<v>(.*?)</v>", in: body).first.flatMap({ Decimal(string: $0[1]) }) {
                    cells.append(.number(v, format: style < styleFormats.count ? styleFormats[style] : "General"))
                } else { cells.append(nil) }
            }
            rows.append(cells)
        }
        return rows
    }

    static func matches(_ pattern: String, in text: String) -> [[String]] {
        let re = try! NSRegularExpression(pattern: pattern, options: [.dotMatchesLineSeparators])
        let ns = text as NSString
        return re.matches(in: text, range: NSRange(location: 0, length: ns.length)).map { m in
            (0..<m.numberOfRanges).map { m.range(at: $0).location == NSNotFound ? "" : ns.substring(with: m.range(at: $0)) }
        }
    }

    static func unescape(_ s: String) -> String {
        s.replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
            .replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&amp;", with: "&")
    }

    /// A serial day (with its time as the fraction) as `2026-11-30` or `2026-11-30 14:05`.
    static func serialText(_ serial: Decimal, withTime: Bool) -> String {
        let seconds = NSDecimalNumber(decimal: serial * 86_400).doubleValue.rounded()
        var utc = Calendar(identifier: .gregorian)
        utc.timeZone = TimeZone(identifier: "UTC")!
        let base = utc.date(from: DateComponents(year: 1899, month: 12, day: 30))!
        let c = utc.dateComponents([.year, .month, .day, .hour, .minute], from: base.addingTimeInterval(seconds))
        let day = String(format: "%04d-%02d-%02d", c.year!, c.month!, c.day!)
        return withTime ? day + String(format: " %02d:%02d", c.hour!, c.minute!) : day
    }
}
