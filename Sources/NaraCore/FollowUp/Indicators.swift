/// An indicator followed per region (or municipality) and year, with an optional target.
public struct IndicatorDefinition: Sendable, Equatable {
    public enum Direction: String, Sendable { case atLeast = "at_least", atMost = "at_most" }
    public let key: String
    public let name: String
    public let unit: String
    /// In hundredths (`5500` = 55 %).
    public let target: Int64?
    public let direction: Direction
    public let source: String

    public init(key: String, name: String, unit: String, target: Int64?, direction: Direction = .atLeast, source: String) {
        self.key = key; self.name = name; self.unit = unit; self.target = target; self.direction = direction; self.source = source
    }

    /// Whether `value` (hundredths) meets the target; nil without a target.
    public func meetsTarget(_ value: Int64) -> Bool? {
        guard let target else { return nil }
        return direction == .atLeast ? value >= target : value <= target
    }

    /// The indicators Nära knows: the agreements' continuity targets.
    public static let catalogue: [IndicatorDefinition] = [
        IndicatorDefinition(key: "fast-lakarkontakt", name: "Andel av befolkningen med fast läkarkontakt i primärvården", unit: "%",
                            target: 5_500, source: "Överenskommelserna om God och nära vård: målet att minst 55 procent av befolkningen ska ha en fast läkarkontakt i primärvården."),
        IndicatorDefinition(key: "fast-vardkontakt", name: "Andel av befolkningen med fast vårdkontakt i primärvården", unit: "%",
                            target: nil, source: "Överenskommelserna om God och nära vård: kontinuitet, fast vårdkontakt och fast läkarkontakt (seed 003_…)."),
    ]
}

/// One indicator value: the indicator, a region or municipality code, a year, an optional sex
/// (`K`, `M` or empty for everyone) and the value in hundredths.
public struct IndicatorValue: Sendable, Equatable, Hashable {
    public let indicator: String
    public let code: String
    public let year: Int
    public let sex: String
    public let value: Int64
    public init(indicator: String, code: String, year: Int, sex: String, value: Int64) {
        self.indicator = indicator; self.code = code; self.year = year; self.sex = sex; self.value = value
    }
}

/// An indicator file that could not be imported, with every problem by line.
public struct IndicatorImportError: Error, Sendable, CustomStringConvertible {
    public let problems: [ImportProblem]
    public init(problems: [ImportProblem]) { self.problems = problems }
    public var description: String {
        "Filen importerades inte (\(problems.count) fel):\n" + problems.map { "  " + $0.description }.joined(separator: "\n")
    }
}

/// Reads indicator values from CSV: a header naming the columns `indikator`, `kod`, `år`,
/// `värde` and optionally `kön`, in any order, separated by `;` or `,`, UTF-8 with or without a
/// byte order mark. Values are written the Swedish way (`55,3`) or with a point (`55.3`), with
/// at most two decimals and an optional `%`. Every row must be right or nothing is returned.
public enum IndicatorImport {
    public static let maxRows = 200_000

    public static func parse(_ bytes: [UInt8], known: [IndicatorDefinition] = IndicatorDefinition.catalogue,
                             geography: Geography = .shipped) throws -> [IndicatorValue] {
        var data = bytes[...]
        if data.starts(with: [0xEF, 0xBB, 0xBF]) { data = data.dropFirst(3) }
        guard let text = String(validating: Array(data), as: UTF8.self) else {
            throw IndicatorImportError(problems: [ImportProblem(line: nil, "Filen är inte UTF-8. Spara den som CSV (UTF-8) och försök igen.")])
        }
        let lines = text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" })
            .map { $0.hasSuffix("\r") ? String($0.dropLast()) : String($0) }
        guard let headerIndex = lines.firstIndex(where: { !$0.trimmingSpaces().isEmpty }) else {
            throw IndicatorImportError(problems: [ImportProblem(line: nil, "Filen är tom.")])
        }
        let separator: Character = lines[headerIndex].contains(";") ? ";" : ","
        let header = PopulationImport.splitFields(lines[headerIndex], separator: separator).map { $0.trimmingSpaces().lowercased() }
        func column(_ names: [String]) -> Int? { header.firstIndex { names.contains($0) } }
        let cIndicator = column(["indikator", "indicator"]), cCode = column(["kod", "code", "regionkod", "kommunkod"])
        let cYear = column(["år", "ar", "year"]), cValue = column(["värde", "varde", "value"]), cSex = column(["kön", "kon", "sex"])
        var missing: [String] = []
        if cIndicator == nil { missing.append("indikator") }
        if cCode == nil { missing.append("kod") }
        if cYear == nil { missing.append("år") }
        if cValue == nil { missing.append("värde") }
        if !missing.isEmpty {
            throw IndicatorImportError(problems: [ImportProblem(line: headerIndex + 1,
                "Rubrikraden saknar kolumnen \(missing.joined(separator: ", ")). Första raden ska vara till exempel: indikator;kod;år;värde;kön")])
        }
        let keys = Set(known.map(\.key))
        var problems: [ImportProblem] = []
        var values: [IndicatorValue] = []
        var seen: [String: Int] = [:]
        for (i, line) in lines.enumerated() where i > headerIndex && !line.trimmingSpaces().isEmpty {
            let n = i + 1
            if values.count >= maxRows {
                problems.append(ImportProblem(line: n, "Filen har fler än \(SwedishNumber.grouped(Int64(maxRows))) rader; dela upp den.")); break
            }
            let f = PopulationImport.splitFields(line, separator: separator).map { $0.trimmingSpaces() }
            func field(_ c: Int?) -> String { c.flatMap { $0 < f.count ? f[$0] : nil } ?? "" }
            var rowProblems: [String] = []
            let indicator = field(cIndicator)
            if !keys.contains(indicator) {
                rowProblems.append(indicator.isEmpty ? "indikator saknas" : "okänd indikator ”\(clip(indicator))” (kända: \(known.map(\.key).joined(separator: ", ")))")
            }
            let code = field(cCode)
            if geography.county(code) == nil && geography.municipality(code) == nil {
                rowProblems.append(code.isEmpty ? "kod saknas" : "”\(clip(code))” är varken en länskod (01–25) eller en kommunkod")
            }
            let yearText = field(cYear)
            let year = Int(yearText)
            if year == nil || !(2000...2100).contains(year!) { rowProblems.append("året ”\(clip(yearText))” ska vara ett årtal som 2023") }
            let sexText = field(cSex).lowercased()
            let sex: String? = ["", "alla", "totalt", "båda könen", "t"].contains(sexText) ? "" :
                ["k", "kvinnor", "kvinna"].contains(sexText) ? "K" : ["m", "män", "man"].contains(sexText) ? "M" : nil
            if sex == nil { rowProblems.append("kön ”\(clip(sexText))” ska vara K, M eller tomt") }
            let valueText = field(cValue)
            let value = hundredths(valueText)
            if value == nil { rowProblems.append("värdet ”\(clip(valueText))” är inte ett tal med högst två decimaler, till exempel 55,3") }
            if rowProblems.isEmpty, let year, let sex, let value {
                let id = "\(indicator)|\(code)|\(year)|\(sex)"
                if let first = seen[id] {
                    problems.append(ImportProblem(line: n, "samma indikator, kod, år och kön som rad \(first)"))
                } else {
                    seen[id] = n
                    values.append(IndicatorValue(indicator: indicator, code: code, year: year, sex: sex, value: value))
                }
            } else if !rowProblems.isEmpty {
                problems.append(ImportProblem(line: n, rowProblems.joined(separator: "; ")))
            }
        }
        if problems.isEmpty && values.isEmpty { problems.append(ImportProblem(line: nil, "Filen har inga värden under rubrikraden.")) }
        if !problems.isEmpty { throw IndicatorImportError(problems: problems) }
        return values
    }

    /// `55,3` / `55.3` / `55 %` / `-1,25` → hundredths; nil for anything else.
    public static func hundredths(_ raw: String) -> Int64? {
        var s = raw.filter { $0 != " " && $0 != "\u{00A0}" && $0 != "\u{202F}" }
        if s.hasSuffix("%") { s.removeLast() }
        s = s.replacingOccurrences(of: "−", with: "-")
        var negative = false
        if s.hasPrefix("-") { negative = true; s.removeFirst() }
        let parts = s.split(separator: s.contains(",") ? "," : ".", omittingEmptySubsequences: false)
        guard parts.count <= 2, let whole = parts.first, !whole.isEmpty, whole.count <= 12,
              whole.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        var fraction = parts.count == 2 ? String(parts[1]) : ""
        guard fraction.count <= 2, fraction.allSatisfy({ $0.isASCII && $0.isNumber }), parts.count == 1 || !fraction.isEmpty else { return nil }
        while fraction.count < 2 { fraction += "0" }
        guard let w = Int64(whole), let fr = Int64(fraction) else { return nil }
        return (negative ? -1 : 1) * (w * 100 + fr)
    }

    static func clip(_ s: String) -> String { s.count > 40 ? String(s.prefix(40)) + "…" : s }
}
