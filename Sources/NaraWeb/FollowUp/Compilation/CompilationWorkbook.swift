import Foundation
import NaraCore

/// The national compilation as a workbook: a sheet per questionnaire section (each question's
/// heading, then its tables, each with its header row), and a last sheet with the appendix.
enum CompilationWorkbook {
    static func sheets(_ model: Compilation) -> [(name: String, rows: [[XLSX.Cell]])] {
        var used = Set<String>()
        var out: [(name: String, rows: [[XLSX.Cell]])] = []
        for s in model.sections {
            var rows: [[XLSX.Cell]] = [[.text(s.title)]]
            for item in s.items {
                let q = item.question
                rows.append([])
                rows.append([.text("Fråga \(q.number): \(q.text)")])
                rows.append([.text("\(q.type.swedishName). \(item.answered) av \(model.submitted) inskickade rapporter har svarat.")])
                for table in tables(item) {
                    rows.append([.text(table.caption)])
                    rows += table.exportedRows()
                }
                if case .texts(_, let quotes) = item.body, !quotes.isEmpty {
                    rows.append([.text("Citat per län, fråga \(q.number)")])
                    rows.append([.text("Län"), .text("Mottagare"), .text("Citat")])
                    for c in quotes { for quote in c.quotes { rows.append([.text(c.countyName), .text(quote.recipient), .text(quote.text)]) } }
                }
            }
            out.append((unique(sheetName("\(s.number) \(s.heading)"), &used), rows))
        }
        out.append((unique("Bilaga inskickade rapporter", &used), [[.text("Bilaga: mottagarnas rapporter")]] + model.appendixTable.exportedRows()))
        return out
    }

    /// The tables the page shows for a question, in its order.
    static func tables(_ item: Compilation.Item) -> [DataTable] {
        switch item.body {
        case .choices(let distribution, let byCounty, _, _): return [distribution] + (byCounty.map { [$0] } ?? [])
        case .numbers(let summary, let distribution, _, _): return [summary, distribution].compactMap { $0 }
        case .texts(let themes, _): return themes.map { [$0] } ?? []
        case .files: return []
        }
    }

    /// A name Excel accepts: no `[]:*?/\`, at most 31 characters, cut at a word.
    static func sheetName(_ name: String) -> String {
        let clean = String(name.map { "[]:*?/\\".contains($0) ? " " : $0 })
        guard clean.count > 31 else { return clean }
        let cut = clean.prefix(31)
        return String(cut.lastIndex(of: " ").map { cut[..<$0] } ?? cut).trimmingCharacters(in: .whitespaces)
    }

    /// `name`, or `name` with a number when a sheet already has it (Excel compares without case).
    static func unique(_ name: String, _ used: inout Set<String>) -> String {
        var candidate = name, n = 2
        while used.contains(candidate.lowercased()) {
            let suffix = " (\(n))"
            candidate = String(name.prefix(31 - suffix.count)) + suffix
            n += 1
        }
        used.insert(candidate.lowercased())
        return candidate
    }

    static func workbook(_ model: Compilation) throws -> Data {
        let sheets = sheets(model)
        return try XLSX.workbook(sheets: sheets, widths: Dictionary(uniqueKeysWithValues: sheets.map { ($0.name, [34, 22, 60, 16, 16]) }))
    }
}
