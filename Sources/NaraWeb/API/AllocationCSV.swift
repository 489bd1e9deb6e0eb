import NaraCore
import Vapor

/// Allocations as CSV for Swedish Excel: `;` between fields, decimal comma, UTF-8 with a byte
/// order mark so Excel reads å, ä and ö right, CRLF line ends.
enum AllocationCSV {
    static let header = ["ar", "pott", "kategori", "nyckel", "referensdatum", "version", "kod", "mottagare",
                         "befolkning", "andel", "belopp_ore", "belopp_kr"]

    static func render(_ views: [AllocationView]) -> String {
        var rows: [[String]] = [header]
        for v in views where v.version != nil {
            for line in v.lines {
                let share: String = {
                    guard let w = line.weight, let t = v.version?.totalWeight, t > 0 else { return "" }
                    return SwedishNumber.decimal(w, t, digits: 10, separator: "")
                }()
                rows.append([String(v.year), v.pot.id, v.pot.category.rawValue, v.pot.key.kind, v.referenceDate?.iso ?? "",
                             String(v.version?.version ?? 0), line.code, line.name, line.weight.map(String.init) ?? "",
                             share, String(line.amountOre), Money(ore: line.amountOre).csvKronor])
            }
        }
        return "\u{FEFF}" + rows.map { $0.map(field).joined(separator: ";") }.joined(separator: "\r\n") + "\r\n"
    }

    /// Quotes a field when it holds a separator, a quote or a line break; neutralises text that
    /// a spreadsheet would run as a formula (also behind a leading tab or carriage return, which
    /// Excel skips before it reads the formula).
    static func field(_ s: String) -> String {
        var s = s
        if let first = s.unicodeScalars.first, "=+-@\t\r".unicodeScalars.contains(first), Int64(s) == nil { s = "'" + s }
        if s.contains(where: { $0 == ";" || $0 == "\"" || $0 == "\n" || $0 == "\r" }) {
            return "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        }
        return s
    }

    static func response(_ body: String, filename: String) -> Response {
        var headers = HTTPHeaders()
        headers.replaceOrAdd(name: .contentType, value: "text/csv; charset=utf-8")
        headers.replaceOrAdd(name: .contentDisposition, value: "attachment; filename=\"\(filename)\"")
        return Response(status: .ok, headers: headers, body: .init(string: body))
    }
}
