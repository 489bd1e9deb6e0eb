import Foundation

/// One thing wrong in a questionnaire workbook, named as Excel shows it: the sheet, the row
/// (1-based), the column letter and its header.
public struct WorkbookProblem: Hashable, Sendable, CustomStringConvertible {
    public let sheet: String
    /// The row as Excel numbers it (the header row is 1); nil when the whole sheet is missing.
    public let row: Int?
    /// The column letter (`D`), or nil when the problem is the whole row.
    public let column: String?
    /// The column's header (`type`), or nil.
    public let header: String?
    /// What is wrong, in Swedish.
    public let message: String

    public init(sheet: String, row: Int?, column: String? = nil, header: String? = nil, message: String) {
        self.sheet = sheet; self.row = row; self.column = column; self.header = header; self.message = message
    }

    /// `Blad survey, rad 5, kolumn D (type): okänd typ ”singel”`.
    public var description: String {
        var place = "Blad \(sheet)"
        if let row { place += ", rad \(row)" }
        if let column { place += ", kolumn \(column)" + (header.map { " (\($0))" } ?? "") }
        else if let header { place += " (\(header))" }
        return place + ": " + message
    }
}

/// A workbook that does not make a valid questionnaire, with every problem.
public struct FormWorkbookError: Error, Sendable, CustomStringConvertible {
    public let problems: [WorkbookProblem]
    public init(problems: [WorkbookProblem]) { self.problems = problems }
    public var description: String { problems.map(\.description).joined(separator: "\n") }
}

/// A questionnaire as a workbook drafted in Excel, laid out after XLSForm's conventions
/// (`docs/FORMS.md`, *Drafted in Excel*): sheets `settings`, `sections`, `survey`, `choices` and
/// `tables`, every cell text. `sheets(for:)` writes one, `definition(from:)` reads one back.
public enum FormWorkbook {
    public enum Sheet {
        public static let settings = "settings", sections = "sections", survey = "survey", choices = "choices", tables = "tables"
        public static let order = [settings, sections, survey, choices, tables]
    }

    public static let settingsHeader = ["form_id", "version", "form_title", "instruction", "introduction"]
    public static let sectionsHeader = ["section", "heading", "introduction"]
    public static let surveyHeader = ["section", "name", "number", "type", "label", "hint", "required", "relevant", "comment",
                                      "max_choices", "max_length", "min", "max", "accept", "max_bytes"]
    public static let choicesHeader = ["list_name", "label"]
    public static let tablesHeader = ["list_name", "part", "name", "label", "type"]

    /// The type names written in `survey`: XLSForm's where there is one, Nära's own for the rest.
    public static func typeName(_ t: QuestionType) -> String {
        switch t {
        case .singleChoice: return "select_one"
        case .multipleChoice: return "select_multiple"
        default: return t.rawValue
        }
    }

    /// A type read from `survey`: XLSForm's names and Nära's, in any case.
    public static func type(named raw: String) -> QuestionType? {
        let name = raw.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
        if let t = QuestionType.allCases.first(where: { typeName($0) == name }) { return t }
        return QuestionType(rawValue: name)
    }

    /// Paragraphs in one cell, separated by a blank line.
    static let paragraphBreak = "\n\n"

    /// A condition in XLSForm's syntax: `${q1} = 'Ja'`, or `selected(${q9a}, 'A') or selected(${q9a}, 'B')`.
    public static func relevant(_ c: Question.Condition) -> String {
        let field = "${\(c.question)}"
        let equals = c.equals.map { ["\(field) = \(quoted($0))"] } ?? []
        let any = (c.in ?? []).map { "selected(\(field), \(quoted($0)))" }
        return (equals + any).joined(separator: " or ")
    }

    /// A value in single quotes, a quote inside doubled.
    static func quoted(_ s: String) -> String { "'" + s.replacingOccurrences(of: "'", with: "''") + "'" }

    /// The workbook's sheets, in order, every cell as text; the first row of each is its header.
    public static func sheets(for d: FormDefinition) -> [(name: String, rows: [[String]])] {
        let settings = [settingsHeader, [d.id, String(d.version), d.title, d.instruction ?? "", d.introduction.joined(separator: paragraphBreak)]]
        let sections = [sectionsHeader] + d.sections.map { [$0.id, $0.heading, $0.introduction.joined(separator: paragraphBreak)] }
        var survey = [surveyHeader], choices = [choicesHeader], tables = [tablesHeader]
        for section in d.sections {
            for q in section.questions {
                func number<N: BinaryInteger>(_ n: N?) -> String { n.map { String($0) } ?? "" }
                survey.append([section.id, q.id, q.number, typeName(q.type), q.text, q.help ?? "", q.required ? "yes" : "",
                               q.showIf.map(relevant) ?? "", q.comment?.label ?? "", number(q.maxChoices), number(q.maxLength),
                               number(q.min), number(q.max), q.accept?.joined(separator: ", ") ?? "", number(q.maxBytes)])
                choices += (q.options ?? []).map { [q.id, $0] }
                tables += (q.rows ?? []).map { [q.id, "row", $0.id, $0.label, ""] }
                tables += (q.columns ?? []).map { [q.id, "column", $0.id, $0.label, $0.type] }
            }
        }
        return [(Sheet.settings, settings), (Sheet.sections, sections), (Sheet.survey, survey), (Sheet.choices, choices), (Sheet.tables, tables)]
    }

    /// Excel's letter for a 0-based column index: 0 → A, 26 → AA.
    public static func columnLetter(_ index: Int) -> String {
        var n = index + 1, name = ""
        while n > 0 { let r = (n - 1) % 26; name = String(UnicodeScalar(UInt8(65 + r))) + name; n = (n - 1) / 26 }
        return name
    }
}

/// Where each part of the definition being read came from, so the validator's paths
/// (`sections[1].questions[2].min`) can be named as cells.
struct WorkbookOrigins {
    var settingsRow = 2
    /// The `sections` row of each section, by index.
    var sectionRows: [Int] = []
    /// The `survey` row of each question, by section index and question index.
    var questionRows: [[Int]] = []
    /// The `choices` rows of each question's options, in order.
    var optionRows: [String: [Int]] = [:]
    /// The `tables` rows of each table question's columns, in order.
    var columnRows: [String: [Int]] = [:]
    /// The first `survey` row of each question id.
    var firstRow: [String: Int] = [:]
    /// The column of each header, per sheet.
    var columns: [String: [String: Int]] = [:]

    func cell(_ sheet: String, _ row: Int?, _ header: String?, _ message: String) -> WorkbookProblem {
        let index = header.flatMap { columns[sheet]?[$0] }
        return WorkbookProblem(sheet: sheet, row: row, column: index.map(FormWorkbook.columnLetter), header: index == nil ? nil : header, message: message)
    }

    /// The validator's problem named by sheet, row and column, with a message for people
    /// editing a workbook.
    func locate(_ p: DefinitionProblem, in d: FormDefinition) -> WorkbookProblem {
        let S = FormWorkbook.Sheet.self
        let parts = p.path.split(separator: ".").map(String.init)
        func index(_ part: String, _ name: String) -> Int? {
            guard part.hasPrefix(name + "["), part.hasSuffix("]") else { return nil }
            return Int(part.dropFirst(name.count + 1).dropLast())
        }
        switch parts.first {
        case "id": return cell(S.settings, settingsRow, "form_id", "formulärets id " + p.message)
        case "version": return cell(S.settings, settingsRow, "version", p.message)
        case "title": return cell(S.settings, settingsRow, "form_title", p.message)
        case "sections": return cell(S.sections, 1, nil, "formuläret har inga avsnitt")
        default: break
        }
        guard let first = parts.first, let i = index(first, "sections"), i < d.sections.count, i < sectionRows.count else {
            return WorkbookProblem(sheet: S.survey, row: nil, message: p.description)
        }
        let section = d.sections[i]
        guard parts.count > 1, let j = index(parts[1], "questions") else {
            switch parts.count > 1 ? parts[1] : "" {
            case "heading": return cell(S.sections, sectionRows[i], "heading", "rubriken är tom")
            case "questions": return cell(S.sections, sectionRows[i], "section", "avsnittet ”\(section.id)” har inga frågor i bladet survey")
            default: return cell(S.sections, sectionRows[i], "section", "avsnittets id " + p.message)
            }
        }
        let q = section.questions[j], row = questionRows[i][j]
        let field = parts.count > 2 ? parts[2] : ""
        switch field {
        case "id":
            if p.message.hasSuffix("finns redan"), let earlier = firstRow[q.id] {
                return cell(S.survey, row, "name", "frågan ”\(q.id)” finns redan på rad \(earlier); varje fråga behöver ett eget id")
            }
            return cell(S.survey, row, "name", "frågans id " + p.message)
        case "text": return cell(S.survey, row, "label", "frågetexten är tom")
        case "type": return cell(S.survey, row, "type", p.message)
        case "options":
            let rows = optionRows[q.id] ?? [], options = q.options ?? []
            if options.isEmpty {
                return cell(S.survey, row, "type", "valfrågan har inga alternativ; lägg till dem i bladet choices med list_name ”\(q.id)”")
            }
            if p.message.hasPrefix("samma"), let k = options.indices.first(where: { options[..<$0].contains(options[$0]) }), k < rows.count {
                return cell(S.choices, rows[k], "label", "alternativet ”\(options[k])” finns redan för ”\(q.id)”")
            }
            if p.message == "tomt alternativ", let k = options.firstIndex(where: { $0.trimmingCharacters(in: .whitespaces).isEmpty }), k < rows.count {
                return cell(S.choices, rows[k], "label", "alternativet är tomt")
            }
            return cell(S.survey, row, "type", p.message)
        case "maxChoices": return cell(S.survey, row, "max_choices", "ogiltigt antal; högst så många alternativ som frågan har, och bara för select_multiple")
        case "maxLength": return cell(S.survey, row, "max_length", p.message)
        case "min":
            if let lo = q.min, let hi = q.max, lo > hi { return cell(S.survey, row, "min", "min (\(lo)) är större än max (\(hi))") }
            return cell(S.survey, row, "min", p.message)
        case "max": return cell(S.survey, row, "max", p.message)
        case "rows": return cell(S.survey, row, "type", "tabellens rader: " + (p.message == "tom lista" ? "lägg till rader (part row) i bladet tables med list_name ”\(q.id)”" : p.message))
        case "accept": return cell(S.survey, row, "accept", p.message)
        case "maxBytes": return cell(S.survey, row, "max_bytes", p.message)
        case "comment": return cell(S.survey, row, "comment", "en kommentar kan bara höra till en valfråga")
        case "showIf": return cell(S.survey, row, "relevant", conditionMessage(p, q, d))
        default:
            if field.hasPrefix("columns") {
                if let k = index(field, "columns"), let rows = columnRows[q.id], k < rows.count {
                    return cell(S.tables, rows[k], "type", "kolumnens typ ska vara text, integer eller amount")
                }
                return cell(S.survey, row, "type", "tabellens kolumner: " + (p.message == "tom lista" ? "lägg till kolumner (part column) i bladet tables med list_name ”\(q.id)”" : p.message))
            }
            return cell(S.survey, row, nil, p.description)
        }
    }

    /// Why a condition cannot be used, in the workbook's words.
    func conditionMessage(_ p: DefinitionProblem, _ q: Question, _ d: FormDefinition) -> String {
        guard let c = q.showIf else { return p.message }
        if p.path.hasSuffix("showIf.question"), p.message.hasSuffix("är ingen tidigare fråga") {
            if let later = firstRow[c.question] {
                return "villkoret pekar på ”\(c.question)” (rad \(later)), som kommer senare; ett villkor kan bara gälla en tidigare fråga"
            }
            return "villkoret pekar på ”\(c.question)”, som inte finns"
        }
        if p.path.hasSuffix("showIf.question") { return "villkoret pekar på ”\(c.question)”, som inte är en valfråga" }
        return "villkoret: " + p.message
    }
}

/// Reads a condition written in XLSForm's syntax: `${q1} = 'Ja'`, `selected(${q9a}, 'A')`, and
/// such terms joined by `or`, all about one question. Values are quoted with `'` (a quote inside
/// doubled) or `"`.
enum RelevantParser {
    enum Outcome { case success(Question.Condition), failure(String) }

    static let example = "skriv till exempel ${q1} = 'Ja' eller selected(${q9a}, 'A') or selected(${q9a}, 'B')"

    static func parse(_ text: String) -> Outcome {
        var scanner = Scanner(chars: Array(text))
        var question: String?, equals: String?, values: [String] = []
        repeat {
            scanner.skipSpace()
            let term: (id: String, value: String, selected: Bool)?
            if scanner.take("selected") {
                scanner.skipSpace()
                guard scanner.take("("), let id = scanner.field(), scanner.skipSpace() || true, scanner.take(","),
                      let value = scanner.string(), scanner.skipSpace() || true, scanner.take(")") else { return .failure("villkoret kan inte läsas; " + example) }
                term = (id, value, true)
            } else if let id = scanner.field() {
                scanner.skipSpace()
                guard scanner.take("="), let value = scanner.string() else { return .failure("villkoret kan inte läsas; " + example) }
                term = (id, value, false)
            } else { term = nil }
            guard let term else { return .failure("villkoret kan inte läsas; " + example) }
            if let question, question != term.id { return .failure("ett villkor kan bara gälla en fråga, här både ”\(question)” och ”\(term.id)”") }
            question = term.id
            if term.selected { values.append(term.value) } else {
                if equals != nil { return .failure("villkoret har flera ”=”; skriv flera svar som selected(${\(term.id)}, '…') or selected(…)") }
                equals = term.value
            }
            scanner.skipSpace()
        } while scanner.takeWord("or")
        guard scanner.atEnd, let question else { return .failure("villkoret kan inte läsas; " + example) }
        return .success(Question.Condition(question: question, equals: equals, in: values.isEmpty ? nil : values))
    }

    struct Scanner {
        let chars: [Character]
        var i = 0

        var atEnd: Bool { i >= chars.count }

        @discardableResult mutating func skipSpace() -> Bool {
            while i < chars.count, chars[i].isWhitespace { i += 1 }
            return true
        }

        /// Takes a literal, ignoring case.
        mutating func take(_ literal: String) -> Bool {
            let l = Array(literal.lowercased())
            guard i + l.count <= chars.count, zip(chars[i..<(i + l.count)], l).allSatisfy({ $0.lowercased() == String($1) }) else { return false }
            i += l.count
            return true
        }

        /// Takes `or` standing as a word.
        mutating func takeWord(_ word: String) -> Bool {
            let start = i
            guard take(word), i < chars.count, chars[i].isWhitespace else { i = start; return false }
            return true
        }

        /// `${id}`: the id inside.
        mutating func field() -> String? {
            skipSpace()
            guard take("${") else { return nil }
            var id = ""
            while i < chars.count, chars[i] != "}" { id.append(chars[i]); i += 1 }
            guard i < chars.count else { return nil }
            i += 1
            let trimmed = id.trimmingCharacters(in: .whitespaces)
            return trimmed.isEmpty ? nil : trimmed
        }

        /// A quoted value; the quote doubled inside stands for itself.
        mutating func string() -> String? {
            skipSpace()
            guard i < chars.count, chars[i] == "'" || chars[i] == "\"" else { return nil }
            let quote = chars[i]
            i += 1
            var out = ""
            while i < chars.count {
                if chars[i] == quote {
                    if i + 1 < chars.count, chars[i + 1] == quote { out.append(quote); i += 2; continue }
                    i += 1
                    return out
                }
                out.append(chars[i]); i += 1
            }
            return nil
        }
    }
}
