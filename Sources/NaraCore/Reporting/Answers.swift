import Foundation

/// What a person typed for one question, before it is checked.
public enum AnswerInput: Sendable, Equatable {
    case text(String)
    case choices([String])
    case cells([String: [String: String]])
}

/// Reads typed answers into their stored form, with a Swedish sentence when they cannot be
/// read. Stored forms: choice text; JSON list for multiple choice; digits for integers; öre for
/// amounts; hundredths for percentages (`12,5` → `1250`); ISO dates; JSON for tables.
public enum AnswerParser {
    /// - Returns: the stored value, or `""` for an empty answer.
    public static func parse(_ input: AnswerInput, for q: Question) -> Result<String, AnswerError> {
        switch (q.type, input) {
        case (.singleChoice, .text(let raw)):
            let v = raw.trimmingCharacters(in: .whitespacesAndNewlines)
            if v.isEmpty { return .success("") }
            return (q.options ?? []).contains(v) ? .success(v) : .failure(.init("Välj ett av alternativen."))
        case (.multipleChoice, .choices(let raw)):
            let chosen = (q.options ?? []).filter { raw.contains($0) }
            if chosen.count != Set(raw.filter { !$0.isEmpty }).count { return .failure(.init("Välj bland alternativen.")) }
            if let m = q.maxChoices, chosen.count > m { return .failure(.init("Välj högst \(m) alternativ.")) }
            return .success(chosen.isEmpty ? "" : json(chosen))
        case (.multipleChoice, .text(let raw)):
            return parse(.choices(raw.isEmpty ? [] : [raw]), for: q)
        case (.text, .text(let raw)):
            let v = withoutControlCharacters(raw.replacingOccurrences(of: "\r\n", with: "\n"))
            if let m = q.maxLength, v.count > m {
                return .failure(.init("Svaret får ha högst \(SwedishNumber.grouped(Int64(m))) tecken; det har \(SwedishNumber.grouped(Int64(v.count)))."))
            }
            return .success(v.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty ? "" : v)
        case (.integer, .text(let raw)):
            return integer(raw, q)
        case (.amount, .text(let raw)):
            return amount(raw, q)
        case (.percent, .text(let raw)):
            let v = raw.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: "%", with: "").trimmingCharacters(in: .whitespaces)
            if v.isEmpty { return .success("") }
            guard let m = try? MoneyParser.parse(v, defaultUnit: .kr), m.ore >= 0, m.ore <= 10_000 else {
                return .failure(.init("Skriv en procentsats mellan 0 och 100, till exempel 12,5."))
            }
            return .success(String(m.ore))
        case (.date, .text(let raw)):
            let v = raw.trimmingCharacters(in: .whitespaces)
            if v.isEmpty { return .success("") }
            guard let d = CivilDate(iso: v) else { return .failure(.init("Skriv datumet som ÅÅÅÅ-MM-DD, till exempel 2024-03-31.")) }
            return .success(d.iso)
        case (.table, .cells(let cells)):
            var out: [String: [String: String]] = [:]
            for row in q.rows ?? [] {
                for col in q.columns ?? [] {
                    let raw = cells[row.id]?[col.id] ?? ""
                    let cellQuestion = Question(id: q.id, number: q.number, text: q.text, type: col.type == "amount" ? .amount : col.type == "integer" ? .integer : .text)
                    switch parse(.text(raw), for: cellQuestion) {
                    case .success(let v): if !v.isEmpty { out[row.id, default: [:]][col.id] = v }
                    case .failure(let e): return .failure(.init("\(row.label), \(col.label): \(e.message)"))
                    }
                }
            }
            return .success(out.isEmpty ? "" : json(out))
        case (.file, .text(let raw)):
            return .success(raw)
        default:
            return .failure(.init("Svaret har fel form för frågan."))
        }
    }

    static func integer(_ raw: String, _ q: Question) -> Result<String, AnswerError> {
        let v = raw.filter { !$0.isWhitespace && $0 != "\u{00A0}" && $0 != "\u{202F}" }.replacingOccurrences(of: "−", with: "-")
        if v.isEmpty { return .success("") }
        guard let n = Int64(v) else { return .failure(.init("Skriv ett heltal, till exempel 1 200.")) }
        if let lo = q.min, n < lo { return .failure(.init("Talet får inte vara mindre än \(SwedishNumber.grouped(lo)).")) }
        if let hi = q.max, n > hi { return .failure(.init("Talet får inte vara större än \(SwedishNumber.grouped(hi)).")) }
        return .success(String(n))
    }

    static func amount(_ raw: String, _ q: Question) -> Result<String, AnswerError> {
        if raw.trimmingCharacters(in: .whitespaces).isEmpty { return .success("") }
        do {
            let m = try MoneyParser.parse(raw)
            if let lo = q.min, m.ore < lo * 100 { return .failure(.init("Beloppet får inte vara mindre än \(Money.kronor(lo).krText).")) }
            if let hi = q.max, m.ore > hi * 100 { return .failure(.init("Beloppet får inte vara större än \(Money.kronor(hi).krText).")) }
            return .success(String(m.ore))
        } catch let e as MoneyParseError {
            return .failure(.init(e.description))
        } catch { return .failure(.init("Beloppet går inte att läsa.")) }
    }

    /// Text without control characters other than tab and line breaks (NUL cannot be stored).
    public static func withoutControlCharacters(_ s: String) -> String {
        String(String.UnicodeScalarView(s.unicodeScalars.filter { $0 == "\t" || $0 == "\n" || $0 == "\r" || ($0.value >= 0x20 && $0.value != 0x7F) }))
    }

    public static func json<T: Encodable>(_ value: T) -> String {
        let e = JSONEncoder()
        e.outputFormatting = .sortedKeys
        return (try? String(decoding: e.encode(value), as: UTF8.self)) ?? ""
    }
}

/// An answer that cannot be read, with a sentence for the person who typed it.
public struct AnswerError: Error, Equatable, Sendable {
    public let message: String
    public init(_ message: String) { self.message = message }
}

/// Shows stored answers to people.
public enum AnswerFormatter {
    /// The answer as it should read on the check page, the receipt and the print view.
    public static func display(_ stored: String, for q: Question) -> String {
        guard !stored.isEmpty else { return "" }
        switch q.type {
        case .singleChoice, .text, .file: return stored
        case .multipleChoice: return choices(stored).joined(separator: "; ")
        case .integer: return Int64(stored).map { SwedishNumber.grouped($0) } ?? stored
        case .amount: return Int64(stored).map { Money(ore: $0).krText } ?? stored
        case .percent: return Int64(stored).map { SwedishNumber.decimal($0, 100, digits: 2).replacingOccurrences(of: ",00", with: "") + "\u{00A0}%" } ?? stored
        case .date: return CivilDate(iso: stored)?.swedish ?? stored
        case .table:
            let cells = table(stored)
            return (q.rows ?? []).compactMap { row -> String? in
                let values = (q.columns ?? []).compactMap { col -> String? in
                    guard let v = cells[row.id]?[col.id] else { return nil }
                    let shown = col.type == "amount" ? (Int64(v).map { Money(ore: $0).krText } ?? v) : col.type == "integer" ? (Int64(v).map { SwedishNumber.grouped($0) } ?? v) : v
                    return "\(col.label): \(shown)"
                }
                return values.isEmpty ? nil : "\(row.label) – " + values.joined(separator: ", ")
            }.joined(separator: "\n")
        }
    }

    /// The value to put back into an input field.
    public static func editable(_ stored: String, for q: Question) -> String {
        guard !stored.isEmpty else { return "" }
        switch q.type {
        case .amount: return Int64(stored).map { Money(ore: $0).typedKronor } ?? stored
        case .integer: return Int64(stored).map { SwedishNumber.grouped($0, separator: " ") } ?? stored
        case .percent: return Int64(stored).map { SwedishNumber.decimal($0, 100, digits: 2).replacingOccurrences(of: ",00", with: "") } ?? stored
        default: return stored
        }
    }

    public static func choices(_ stored: String) -> [String] {
        (try? JSONDecoder().decode([String].self, from: Data(stored.utf8))) ?? (stored.isEmpty ? [] : [stored])
    }

    public static func table(_ stored: String) -> [String: [String: String]] {
        (try? JSONDecoder().decode([String: [String: String]].self, from: Data(stored.utf8))) ?? [:]
    }
}

/// Which questions show and which required ones are still empty.
public enum FormLogic {
    /// Whether a question is shown, given the answers so far (stored values by question id).
    public static func isVisible(_ q: Question, answers: [String: String]) -> Bool {
        guard let c = q.showIf else { return true }
        let given = AnswerFormatter.choices(answers[c.question] ?? "")
        return c.values.contains { given.contains($0) }
    }

    /// Required, visible questions without an answer, in order.
    public static func missingRequired(_ d: FormDefinition, answers: [String: String]) -> [Question] {
        d.questions.filter { $0.required && isVisible($0, answers: answers) && (answers[$0.id] ?? "").isEmpty }
    }

    /// Share of visible questions answered, 0…100.
    public static func progress(_ d: FormDefinition, answers: [String: String]) -> Int {
        let visible = d.questions.filter { isVisible($0, answers: answers) }
        guard !visible.isEmpty else { return 0 }
        let answered = visible.filter { !(answers[$0.id] ?? "").isEmpty }.count
        return answered * 100 / visible.count
    }
}
