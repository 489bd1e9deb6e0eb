import Foundation

/// One thing wrong with a definition: where (`sections[3].questions[2].options`) and what.
public struct DefinitionProblem: Hashable, Sendable, CustomStringConvertible {
    public let path: String
    public let message: String
    public var description: String { "\(path): \(message)" }
}

/// Reads and checks questionnaire definitions; every problem is reported, with its path.
public enum FormValidator {
    /// Allowed file types and the largest file a question may accept.
    public static let fileTypes = ["pdf", "docx", "xlsx"]
    public static let largestFile = 20 * 1024 * 1024
    /// The longest text answer a question may allow (`maxLength`), in characters.
    public static let longestText = 100_000

    /// Parses JSON text into a definition and validates it.
    /// - Throws: `FormDefinitionError` with every problem.
    public static func parse(_ json: String) throws -> FormDefinition {
        let data = Data(json.utf8)
        // First check the raw structure, so missing or mistyped keys are reported by path.
        guard let raw = try? JSONSerialization.jsonObject(with: data) else {
            throw FormDefinitionError(problems: [DefinitionProblem(path: "$", message: "inte giltig JSON")])
        }
        let structural = structuralProblems(raw)
        if !structural.isEmpty { throw FormDefinitionError(problems: structural) }
        let definition: FormDefinition
        do { definition = try JSONDecoder().decode(FormDefinition.self, from: data) } catch {
            throw FormDefinitionError(problems: [DefinitionProblem(path: "$", message: "kunde inte läsas: \(error)")])
        }
        let problems = validate(definition)
        if !problems.isEmpty { throw FormDefinitionError(problems: problems) }
        return definition
    }

    static func structuralProblems(_ raw: Any) -> [DefinitionProblem] {
        var out: [DefinitionProblem] = []
        guard let root = raw as? [String: Any] else { return [DefinitionProblem(path: "$", message: "ska vara ett objekt")] }
        func requireString(_ obj: [String: Any], _ key: String, _ path: String) {
            if !(obj[key] is String) { out.append(DefinitionProblem(path: "\(path).\(key)", message: obj[key] == nil ? "saknas" : "ska vara text")) }
        }
        requireString(root, "id", "$")
        requireString(root, "title", "$")
        if !(root["version"] is Int) { out.append(DefinitionProblem(path: "$.version", message: "ska vara ett heltal")) }
        guard let sections = root["sections"] as? [Any] else {
            out.append(DefinitionProblem(path: "sections", message: "saknas eller är inte en lista"))
            return out
        }
        for (i, s) in sections.enumerated() {
            guard let section = s as? [String: Any] else { out.append(DefinitionProblem(path: "sections[\(i)]", message: "ska vara ett objekt")); continue }
            requireString(section, "id", "sections[\(i)]")
            requireString(section, "heading", "sections[\(i)]")
            guard let questions = section["questions"] as? [Any] else {
                out.append(DefinitionProblem(path: "sections[\(i)].questions", message: "saknas eller är inte en lista")); continue
            }
            for (j, q) in questions.enumerated() {
                let path = "sections[\(i)].questions[\(j)]"
                guard let question = q as? [String: Any] else { out.append(DefinitionProblem(path: path, message: "ska vara ett objekt")); continue }
                requireString(question, "id", path)
                requireString(question, "text", path)
                if let type = question["type"] as? String {
                    if QuestionType(rawValue: type) == nil {
                        out.append(DefinitionProblem(path: "\(path).type", message: "okänd typ ”\(type)”; tillåtna: \(QuestionType.allCases.map(\.rawValue).joined(separator: ", "))"))
                    }
                } else { out.append(DefinitionProblem(path: "\(path).type", message: "saknas")) }
                if let options = question["options"], !(options is [String]) {
                    out.append(DefinitionProblem(path: "\(path).options", message: "ska vara en lista med text"))
                }
                if let required = question["required"], !(required is Bool) {
                    out.append(DefinitionProblem(path: "\(path).required", message: "ska vara true eller false"))
                }
            }
        }
        return out
    }

    /// Checks a decoded definition.
    public static func validate(_ d: FormDefinition) -> [DefinitionProblem] {
        var out: [DefinitionProblem] = []
        func add(_ path: String, _ message: String) { out.append(DefinitionProblem(path: path, message: message)) }
        let idPattern: (String) -> Bool = { !$0.isEmpty && $0.count <= 80 && $0.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") } }
        if !idPattern(d.id) { add("id", "ska vara bokstäver, siffror, - och _ (högst 80 tecken)") }
        if d.version < 1 { add("version", "ska vara 1 eller större") }
        if d.title.trimmingCharacters(in: .whitespaces).isEmpty { add("title", "tom") }
        if d.sections.isEmpty { add("sections", "tom lista") }
        var sectionIDs = Set<String>(), questionIDs = Set<String>()
        var earlier: [String: Question] = [:]
        for (i, section) in d.sections.enumerated() {
            let sp = "sections[\(i)]"
            if !idPattern(section.id) { add("\(sp).id", "ska vara bokstäver, siffror, - och _") }
            if !sectionIDs.insert(section.id).inserted { add("\(sp).id", "”\(section.id)” finns redan") }
            if section.heading.trimmingCharacters(in: .whitespaces).isEmpty { add("\(sp).heading", "tom") }
            if section.questions.isEmpty { add("\(sp).questions", "tom lista") }
            for (j, q) in section.questions.enumerated() {
                let qp = "\(sp).questions[\(j)]"
                if !idPattern(q.id) { add("\(qp).id", "ska vara bokstäver, siffror, - och _") }
                if !questionIDs.insert(q.id).inserted { add("\(qp).id", "”\(q.id)” finns redan") }
                if q.text.trimmingCharacters(in: .whitespaces).isEmpty { add("\(qp).text", "tom") }
                switch q.type {
                case .singleChoice, .multipleChoice:
                    let options = q.options ?? []
                    if options.isEmpty { add("\(qp).options", "tom lista") }
                    if Set(options).count != options.count { add("\(qp).options", "samma alternativ förekommer flera gånger") }
                    if options.contains(where: { $0.trimmingCharacters(in: .whitespaces).isEmpty }) { add("\(qp).options", "tomt alternativ") }
                    if let m = q.maxChoices, q.type == .singleChoice || m < 1 || m > options.count { add("\(qp).maxChoices", "ogiltigt antal") }
                case .text:
                    if let m = q.maxLength, m < 1 || m > longestText { add("\(qp).maxLength", "ska vara mellan 1 och 100 000") }
                case .integer, .amount:
                    if let lo = q.min, let hi = q.max, lo > hi { add("\(qp).min", "större än max") }
                case .percent, .date:
                    break
                case .table:
                    let rows = q.rows ?? [], columns = q.columns ?? []
                    if rows.isEmpty { add("\(qp).rows", "tom lista") }
                    if columns.isEmpty { add("\(qp).columns", "tom lista") }
                    if Set(rows.map(\.id)).count != rows.count { add("\(qp).rows", "samma rad-id förekommer flera gånger") }
                    if Set(columns.map(\.id)).count != columns.count { add("\(qp).columns", "samma kolumn-id förekommer flera gånger") }
                    for (k, c) in columns.enumerated() where !["text", "integer", "amount"].contains(c.type) {
                        add("\(qp).columns[\(k)].type", "ska vara text, integer eller amount")
                    }
                case .file:
                    let accept = q.accept ?? []
                    if accept.isEmpty { add("\(qp).accept", "tom lista") }
                    for a in accept where !fileTypes.contains(a) { add("\(qp).accept", "”\(a)” är inte tillåtet; tillåtna: pdf, docx, xlsx") }
                    if let m = q.maxBytes, m < 1 || m > largestFile { add("\(qp).maxBytes", "ska vara mellan 1 och \(largestFile)") }
                    if q.maxBytes == nil { add("\(qp).maxBytes", "saknas") }
                }
                if q.comment != nil && q.type != .singleChoice && q.type != .multipleChoice { add("\(qp).comment", "bara för valfrågor") }
                if let c = q.showIf {
                    if let target = earlier[c.question] {
                        if target.type != .singleChoice && target.type != .multipleChoice { add("\(qp).showIf.question", "ska vara en valfråga") }
                        if c.values.isEmpty { add("\(qp).showIf", "ange equals eller in") }
                        for v in c.values where !(target.options ?? []).contains(v) { add("\(qp).showIf", "”\(v)” är inget alternativ i \(c.question)") }
                    } else {
                        add("\(qp).showIf.question", "”\(c.question)” är ingen tidigare fråga")
                    }
                }
                earlier[q.id] = q
            }
        }
        return out
    }
}

/// A definition that cannot be used, with every problem.
public struct FormDefinitionError: Error, Sendable, CustomStringConvertible {
    public let problems: [DefinitionProblem]
    public var description: String { problems.map(\.description).joined(separator: "\n") }
}
