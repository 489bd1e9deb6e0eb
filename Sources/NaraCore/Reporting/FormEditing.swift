import Foundation

/// A change an administrator makes to a questionnaire draft in the builder.
public enum FormEdit: Sendable, Equatable {
    case setForm(title: String, introduction: String, instruction: String)
    case addSection(heading: String, introduction: String)
    case updateSection(index: Int, heading: String, introduction: String)
    case removeSection(index: Int)
    case moveSection(index: Int, up: Bool)
    case addQuestion(section: Int, QuestionInput)
    case updateQuestion(id: String, QuestionInput)
    case removeQuestion(id: String)
    case moveQuestion(id: String, up: Bool)
}

/// The builder's rules: each edit gives the new draft, or is refused with Swedish messages at the
/// fields. A draft may be unfinished (an empty section, a new form without questions); what it may
/// not become is wrong in a way the person did not just see refused, so every edit is checked with
/// `FormValidator` and refused when it adds a problem. `publishProblems` says what stands between
/// a draft and a version.
public enum FormEditing {
    public static func apply(_ edit: FormEdit, to d: FormDefinition) -> Result<FormDefinition, EditRefusal> {
        var n = d
        switch edit {
        case .setForm(let title, let introduction, let instruction):
            let t = title.trimmingCharacters(in: .whitespacesAndNewlines)
            if t.isEmpty { return .failure(EditRefusal(fields: [("title", "Skriv formulärets titel.")])) }
            let i = instruction.trimmingCharacters(in: .whitespacesAndNewlines)
            n.title = t; n.introduction = Paragraphs.read(introduction); n.instruction = i.isEmpty ? nil : i
            return .success(n)
        case .addSection(let heading, let introduction):
            let h = heading.trimmingCharacters(in: .whitespacesAndNewlines)
            if h.isEmpty { return .failure(EditRefusal(fields: [("heading", "Skriv avsnittets rubrik.")])) }
            n.sections.append(FormSection(id: sectionID(for: h, taken: Set(d.sections.map(\.id))), heading: h,
                                          introduction: Paragraphs.read(introduction), questions: []))
            return .success(n)
        case .updateSection(let index, let heading, let introduction):
            guard n.sections.indices.contains(index) else { return .failure(EditRefusal(message: "Avsnittet finns inte längre.")) }
            let h = heading.trimmingCharacters(in: .whitespacesAndNewlines)
            if h.isEmpty { return .failure(EditRefusal(fields: [("heading", "Skriv avsnittets rubrik.")])) }
            n.sections[index].heading = h; n.sections[index].introduction = Paragraphs.read(introduction)
            return .success(n)
        case .removeSection(let index):
            guard n.sections.indices.contains(index) else { return .failure(EditRefusal(message: "Avsnittet finns inte längre.")) }
            let gone = Set(n.sections[index].questions.map(\.id))
            n.sections.remove(at: index)
            if let q = n.questions.first(where: { $0.showIf.map { gone.contains($0.question) } ?? false }), let t = d.question(q.showIf!.question) {
                return .failure(EditRefusal(message: "Avsnittet kan inte tas bort: fråga \(q.number) har ett villkor på fråga \(t.number) i avsnittet. Ändra villkoret först."))
            }
            return .success(n)
        case .moveSection(let index, let up):
            let to = up ? index - 1 : index + 1
            guard n.sections.indices.contains(index), n.sections.indices.contains(to) else { return .success(d) }
            n.sections.swapAt(index, to)
            return checkedOrder(n, was: d, moving: "Avsnittet")
        case .addQuestion(let section, let input):
            guard n.sections.indices.contains(section) else { return .failure(EditRefusal(message: "Avsnittet finns inte längre.")) }
            switch QuestionReading.read(input) {
            case .failure(let r): return .failure(r)
            case .success(let q):
                n.sections[section].questions.append(q)
                return checkedQuestion(q.id, in: n, was: d)
            }
        case .updateQuestion(let id, let input):
            guard let s = d.sectionIndex(of: id), let j = d.sections[s].questions.firstIndex(where: { $0.id == id }) else {
                return .failure(EditRefusal(message: "Frågan finns inte längre i utkastet."))
            }
            var kept = input
            kept.id = id // a question's id never changes: answers and the follow-up hang on it
            switch QuestionReading.read(kept, original: d.sections[s].questions[j]) {
            case .failure(let r): return .failure(r)
            case .success(let q):
                n.sections[s].questions[j] = q
                return checkedQuestion(q.id, in: n, was: d)
            }
        case .removeQuestion(let id):
            guard let q = d.question(id), let s = d.sectionIndex(of: id) else { return .failure(EditRefusal(message: "Frågan finns inte längre i utkastet.")) }
            if let dependent = d.questions.first(where: { $0.showIf?.question == id }) {
                return .failure(EditRefusal(message: "Fråga \(q.number) kan inte tas bort: fråga \(dependent.number) visas utifrån svaret på den. Ändra villkoret i fråga \(dependent.number) först."))
            }
            n.sections[s].questions.removeAll { $0.id == id }
            return .success(n)
        case .moveQuestion(let id, let up):
            guard let s = d.sectionIndex(of: id), let j = d.sections[s].questions.firstIndex(where: { $0.id == id }) else {
                return .failure(EditRefusal(message: "Frågan finns inte längre i utkastet."))
            }
            let q = n.sections[s].questions.remove(at: j)
            if up {
                if j > 0 { n.sections[s].questions.insert(q, at: j - 1) }
                else if s > 0 { n.sections[s - 1].questions.append(q) } else { return .success(d) }
            } else {
                if j < d.sections[s].questions.count - 1 { n.sections[s].questions.insert(q, at: j + 1) }
                else if s < d.sections.count - 1 { n.sections[s + 1].questions.insert(q, at: 0) } else { return .success(d) }
            }
            return checkedOrder(n, was: d, moving: "Fråga \(q.number)", id: q.id)
        }
    }

    // MARK: Checks

    /// A problem keyed by the question (or section) it is about, so problems compare across edits
    /// that move things.
    struct Located: Hashable {
        let question: String?
        let section: Int?
        let key: String
        let message: String
    }

    static func locate(_ p: DefinitionProblem, in d: FormDefinition) -> Located {
        let parts = ProblemPath(p.path)
        if let s = parts.section, let j = parts.question, d.sections.indices.contains(s), d.sections[s].questions.indices.contains(j) {
            return Located(question: d.sections[s].questions[j].id, section: nil, key: parts.key, message: p.message)
        }
        return Located(question: nil, section: parts.section, key: parts.key, message: p.message)
    }

    static func located(_ d: FormDefinition) -> Set<Located> { Set(FormValidator.validate(d).map { locate($0, in: d) }) }

    /// Refuses a new or changed question when it is wrong itself, or breaks another question.
    static func checkedQuestion(_ id: String, in n: FormDefinition, was d: FormDefinition) -> Result<FormDefinition, EditRefusal> {
        let before = located(d), after = located(n)
        let q = n.question(id)!
        let own = after.filter { $0.question == id && $0.key != "" }
        var fields: [(field: String, message: String)] = []
        for p in own.sorted(by: { $0.key < $1.key }) {
            let field = QuestionReading.field(forKey: p.key)
            let sentence = QuestionReading.sentence(key: p.key, message: p.message, question: q, in: n)
            if !fields.contains(where: { $0.field == field && $0.message == sentence }) { fields.append((field, sentence)) }
        }
        let broken = after.subtracting(before).filter { $0.question != nil && $0.question != id }
        // A condition on a question that is no longer a choice question says so before naming options.
        func rank(_ p: Located) -> (String, Int, String) { (p.question!, p.key == "showIf.question" ? 0 : 1, p.key) }
        let message = broken.sorted(by: { rank($0) < rank($1) }).first.flatMap { p -> String? in
            guard let other = n.question(p.question!) else { return nil }
            return "Ändringen skulle göra fråga \(other.number) felaktig: " + QuestionReading.sentence(key: p.key, message: p.message, question: other, in: n)
        }
        if fields.isEmpty && message == nil { return .success(n) }
        return .failure(EditRefusal(fields: fields, message: message))
    }

    /// Refuses a move that puts a question before the question its condition depends on.
    static func checkedOrder(_ n: FormDefinition, was d: FormDefinition, moving what: String, id moved: String? = nil) -> Result<FormDefinition, EditRefusal> {
        let broken = located(n).subtracting(located(d)).filter { $0.key.hasPrefix("showIf") }
        guard let p = broken.first, let q = n.question(p.question ?? ""), let t = n.question(q.showIf?.question ?? "") else { return .success(n) }
        let who = q.id == moved ? "den" : "fråga \(q.number)"
        return .failure(EditRefusal(message: "\(what) kan inte flyttas dit: \(who) visas utifrån svaret på fråga \(t.number) och måste stå efter den."))
    }

    /// What must be put right before the draft can be published, each with where it is.
    public struct Problem: Sendable, Equatable {
        /// The question's id, when the problem is about a question.
        public let question: String?
        /// The section (0-based), when the problem is about a section.
        public let section: Int?
        /// The builder's field it belongs to (`options`, `heading` …), or nil.
        public let field: String?
        public let message: String
    }

    public static func publishProblems(_ d: FormDefinition) -> [Problem] {
        FormValidator.validate(d).map { p in
            let l = locate(p, in: d)
            if let id = l.question, let q = d.question(id) {
                let field = QuestionReading.field(forKey: l.key)
                return Problem(question: id, section: nil, field: field,
                               message: "Fråga \(q.number.isEmpty ? q.id : q.number): " + QuestionReading.sentence(key: l.key, message: l.message, question: q, in: d))
            }
            if let s = l.section, d.sections.indices.contains(s) {
                let heading = d.sections[s].heading
                if l.key == "questions" {
                    return Problem(question: nil, section: s, field: nil, message: "Avsnittet ”\(heading)” har inga frågor; lägg till en fråga eller ta bort avsnittet.")
                }
                return Problem(question: nil, section: s, field: "heading", message: "Avsnittet ”\(heading)”: \(l.key) \(l.message).")
            }
            switch l.key {
            case "sections": return Problem(question: nil, section: nil, field: nil, message: "Formuläret har inga avsnitt ännu; lägg till ett avsnitt med minst en fråga.")
            case "title": return Problem(question: nil, section: nil, field: "title", message: "Skriv formulärets titel.")
            default: return Problem(question: nil, section: nil, field: nil, message: "\(l.key): \(l.message)")
            }
        }
    }

    // MARK: Names

    /// A section id from its heading ("Målbild för …" → "malbild-for"), unique among `taken`.
    public static func sectionID(for heading: String, taken: Set<String>) -> String {
        let folded = heading.folding(options: [.diacriticInsensitive, .caseInsensitive], locale: Locale(identifier: "sv_SE")).lowercased()
        var words: [String] = [], word = ""
        for ch in folded {
            if ch.isASCII && (ch.isLetter || ch.isNumber) { word.append(ch) } else if !word.isEmpty { words.append(word); word = "" }
        }
        if !word.isEmpty { words.append(word) }
        var base = words.prefix(3).joined(separator: "-")
        if base.isEmpty { base = "avsnitt" }
        var candidate = base, n = 2
        while taken.contains(candidate) { candidate = "\(base)-\(n)"; n += 1 }
        return candidate
    }
}

/// A validator path taken apart: `sections[2].questions[1].showIf.question`.
struct ProblemPath {
    var section: Int?
    var question: Int?
    var key = ""

    init(_ path: String) {
        var rest = Substring(path)
        func index(after prefix: String) -> Int? {
            guard rest.hasPrefix(prefix + "["), let close = rest.firstIndex(of: "]") else { return nil }
            let value = Int(rest[rest.index(rest.startIndex, offsetBy: prefix.count + 1)..<close])
            rest = rest[rest.index(after: close)...]
            if rest.hasPrefix(".") { rest = rest.dropFirst() }
            return value
        }
        section = index(after: "sections")
        if section != nil { question = index(after: "questions") }
        key = String(rest)
    }
}
