import NaraCore
import Vapor

/// Allocations as CSV rows (written by `CSVWriter`: Swedish Excel's `;`, BOM and CRLF), amounts
/// both in öre and in kronor with a decimal comma.
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
        return CSVWriter.document(rows)
    }
}
