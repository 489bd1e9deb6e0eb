/// One thing wrong with a population file: the line it is on (1-based; nil for the file as a
/// whole) and a Swedish sentence.
public struct ImportProblem: Hashable, Sendable, CustomStringConvertible {
    public let line: Int?
    public let message: String

    public init(line: Int?, _ message: String) {
        self.line = line
        self.message = message
    }

    public var description: String { line.map { "Rad \($0): \(message)" } ?? message }
}

/// A population file that could not be imported, with every problem found.
public struct PopulationImportError: Error, Sendable, CustomStringConvertible {
    public let problems: [ImportProblem]
    public var description: String {
        "Filen importerades inte (\(problems.count) fel):\n" + problems.map { "  " + $0.description }.joined(separator: "\n")
    }
}

/// Which layout a file had.
public enum PopulationFileFormat: String, Sendable {
    /// SCB Statistikdatabasen export: `KKKK Namn;värde` rows, header, metadata footer.
    case scb
    /// A plain CSV of code and population, with or without a header.
    case plain
}

/// Reads population files: SCB's Statistikdatabasen export exactly as SCB writes it (UTF-8 with
/// BOM, `;`, CRLF, `"KKKK Namn"` in the first column, a metadata footer), and a plain CSV of code
/// and population (`;` or `,`). A file is accepted only if every row is right, every name
/// written beside a code is that code's (`AreaNames`), and every county or municipality is
/// present; otherwise every problem is reported with its line and nothing is returned.
///
/// The generic CSV readers stop at SCB's footer, which is not tabular, so the reading here is
/// line-based: fields are split on the separator with double quotes honoured.
public enum PopulationImport {
    public static func parse(_ bytes: [UInt8], referenceDate: CivilDate, source: String,
                             geography: Geography = .shipped) throws -> (PopulationTable, PopulationFileFormat) {
        var data = bytes[...]
        if data.starts(with: [0xEF, 0xBB, 0xBF]) { data = data.dropFirst(3) }
        guard let text = String(validating: Array(data), as: UTF8.self) else {
            throw PopulationImportError(problems: [ImportProblem(line: nil, "Filen är inte UTF-8. Spara den som CSV (UTF-8) och försök igen.")])
        }
        let lines = text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" })
            .map { $0.hasSuffix("\r") ? String($0.dropLast()) : String($0) }
        guard let firstContent = lines.firstIndex(where: { !$0.trimmingSpaces().isEmpty }) else {
            throw PopulationImportError(problems: [ImportProblem(line: nil, "Filen är tom.")])
        }
        let separator: Character = lines[firstContent].contains(";") ? ";" : ","

        var problems: [ImportProblem] = []
        var values: [String: Int64] = [:]
        var seen: [String: Int] = [:] // first line of each known code, valid or not
        var level: PopulationLevel?
        var format: PopulationFileFormat = .plain
        var inFooter = false
        let names = AreaNames(geography)

        for (index, raw) in lines.enumerated() {
            let lineNo = index + 1
            let fields = splitFields(raw, separator: separator)
            let isBlank = fields.allSatisfy { $0.trimmingSpaces().isEmpty }
            if inFooter { continue }
            if isBlank {
                // In SCB's export the first empty row ends the data; the rest is metadata.
                if format == .scb && !values.isEmpty || format == .scb && !problems.isEmpty { inFooter = true }
                continue
            }
            let first = fields[0].trimmingSpaces()
            let (code, name) = splitCode(first)
            if index == firstContent && code == nil {
                continue // a header row
            }
            guard let code else {
                problems.append(ImportProblem(line: lineNo, "”\(first)” är ingen läns- eller kommunkod (två eller fyra siffror)."))
                continue
            }
            if name != nil { format = .scb }
            guard fields.count >= 2 else {
                problems.append(ImportProblem(line: lineNo, "Folkmängd saknas efter ”\(first)”."))
                continue
            }
            if fields.count > 2, fields.dropFirst(2).contains(where: { !$0.trimmingSpaces().isEmpty }) {
                problems.append(ImportProblem(line: lineNo, "Raden har fler än två kolumner; filen ska ha en kolumn med folkmängd (välj ett år i SCB:s tabell)."))
                continue
            }
            let rowLevel: PopulationLevel = code.count == 2 ? .county : .municipality
            if let level, level != rowLevel {
                problems.append(ImportProblem(line: lineNo, "Koden \(code) är en \(rowLevel.codeName), men filen har \(level.codeName)er; blanda inte län och kommuner."))
                continue
            }
            level = rowLevel
            let known = rowLevel == .county ? geography.county(code) != nil : geography.municipality(code) != nil
            if !known {
                problems.append(ImportProblem(line: lineNo, "Okänd \(rowLevel.codeName) \(code)."))
                continue
            }
            let seenBefore = seen[code]
            if seenBefore == nil { seen[code] = lineNo }
            if let name, let problem = nameProblem(name, code: code, level: rowLevel, names: names, geography: geography) {
                problems.append(ImportProblem(line: lineNo, problem))
                continue
            }
            let valueText = fields[1].trimmingSpaces()
            guard let value = parseCount(valueText) else {
                problems.append(ImportProblem(line: lineNo, "”\(valueText)” är inte ett heltal (folkmängd för \(code))."))
                continue
            }
            if let earlier = seenBefore {
                problems.append(ImportProblem(line: lineNo, "Koden \(code) förekommer redan på rad \(earlier)."))
                continue
            }
            values[code] = value
        }

        if level == nil && problems.isEmpty {
            problems.append(ImportProblem(line: nil, "Filen innehåller inga rader med kod och folkmängd."))
        }
        if let level {
            switch level {
            case .county:
                for c in geography.counties where seen[c.code] == nil {
                    problems.append(ImportProblem(line: nil, "Länet \(c.code) \(c.name) saknas i filen."))
                }
            case .municipality:
                for m in geography.municipalities where seen[m.code] == nil {
                    problems.append(ImportProblem(line: nil, "Kommunen \(m.code) \(m.name) saknas i filen."))
                }
            }
        }
        if !problems.isEmpty { throw PopulationImportError(problems: problems) }
        return (PopulationTable(referenceDate: referenceDate, level: level!, values: values, source: source), format)
    }

    /// Why a name written beside a code does not fit it, in Swedish; nil when it does.
    static func nameProblem(_ name: String, code: String, level: PopulationLevel, names: AreaNames,
                            geography: Geography) -> String? {
        func named(_ c: String) -> String {
            (level == .county ? geography.county(c)?.name : geography.municipality(c)?.name) ?? ""
        }
        switch names.match(name, code: code) {
        case .matches:
            return nil
        case .belongsTo(let others):
            let owners = others.map { "\($0) \(named($0))" }.joined(separator: " eller ")
            return "Namnet ”\(name)” hör till \(owners), men \(level.codeName)en \(code) är \(named(code)). Kontrollera att kod och namn hör ihop."
        case .unknown:
            return "Namnet ”\(name)” stämmer inte med \(level.codeName)en \(code), som är \(named(code))."
        }
    }

    /// Splits a line on `separator`, honouring double quotes (`""` inside quotes is a quote).
    static func splitFields(_ line: String, separator: Character) -> [String] {
        var fields: [String] = [], current = "", quoted = false
        var chars = line.makeIterator()
        while let ch = chars.next() {
            if ch == "\"" {
                if quoted, let next = chars.next() {
                    if next == "\"" { current.append("\"") } else {
                        quoted = false
                        if next == separator { fields.append(current); current = "" } else { current.append(next) }
                    }
                } else { quoted.toggle() }
            } else if ch == separator && !quoted {
                fields.append(current); current = ""
            } else { current.append(ch) }
        }
        fields.append(current)
        return fields
    }

    /// `"2380 Östersund"` → (`2380`, `Östersund`); `"23"` → (`23`, nil); a header → (nil, nil).
    static func splitCode(_ field: String) -> (String?, String?) {
        let digits = field.prefix(while: { $0.isASCII && $0.isNumber })
        guard digits.count == 2 || digits.count == 4 else { return (nil, nil) }
        let rest = field.dropFirst(digits.count)
        if rest.isEmpty { return (String(digits), nil) }
        guard rest.first == " " else { return (nil, nil) }
        return (String(digits), String(rest).trimmingSpaces())
    }

    /// A head count: digits, optionally grouped by spaces.
    static func parseCount(_ text: String) -> Int64? {
        let cleaned = text.filter { $0 != " " && $0 != "\u{00A0}" && $0 != "\u{202F}" }
        guard !cleaned.isEmpty, cleaned.count <= 12, cleaned.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        return Int64(cleaned)
    }
}
