import Foundation

/// What differs between two versions of a questionnaire, question by question. Questions and
/// sections are matched by id (ids stay the same across versions and years); every difference is
/// named in Swedish as people read the questionnaire, so a view only lays it out.
public struct FormDiff: Sendable, Equatable {
    /// One thing that differs: its Swedish name and how it read before and after. An empty
    /// `before` or `after` means the thing was not there. `note` says more when a list changed
    /// ("Tillagt: Delvis; borttaget: Vet ej").
    public struct FieldChange: Sendable, Equatable {
        public var name: String
        public var before: String
        public var after: String
        public var note: String?

        public init(name: String, before: String, after: String, note: String? = nil) {
            self.name = name; self.before = before; self.after = after; self.note = note
        }
    }

    /// A section added, removed, or with a changed heading, introduction or place.
    public struct SectionChange: Sendable, Equatable {
        public enum Kind: Sendable, Equatable {
            case added
            case removed
            case changed(fields: [FieldChange])
        }

        public var id: String
        /// The heading in the newer version (the older one's for a removed section).
        public var heading: String
        public var kind: Kind

        public init(id: String, heading: String, kind: Kind) {
            self.id = id; self.heading = heading; self.kind = kind
        }
    }

    /// A question added, removed, or changed (its fields, its section or its place).
    public struct QuestionChange: Sendable, Equatable {
        public enum Kind: Sendable, Equatable {
            case added
            case removed
            case changed(fields: [FieldChange])
        }

        public var id: String
        /// The number and text in the newer version (the older one's for a removed question).
        public var number: String
        public var text: String
        public var kind: Kind

        public init(id: String, number: String, text: String, kind: Kind) {
            self.id = id; self.number = number; self.text = text; self.kind = kind
        }

        /// The changed fields; empty for an added or removed question.
        public var fields: [FieldChange] {
            if case .changed(let fields) = kind { return fields }
            return []
        }

        /// Whether the question moved to another section or to another place among its neighbours.
        public var moved: Bool {
            fields.contains { $0.name == FieldName.section || $0.name == FieldName.place }
        }
    }

    /// The Swedish names of the fields a change can name.
    public enum FieldName {
        public static let title = "Rubrik"
        public static let introduction = "Inledning"
        public static let instruction = "Instruktion"
        public static let heading = "Rubrik"
        public static let number = "Nummer"
        public static let text = "Frågetext"
        public static let help = "Hjälptext"
        public static let required = "Obligatorisk"
        public static let type = "Typ"
        public static let options = "Svarsalternativ"
        public static let comment = "Kommentarsfält"
        public static let maxChoices = "Högst antal val"
        public static let maxLength = "Högst antal tecken"
        public static let min = "Lägsta värde"
        public static let max = "Högsta värde"
        public static let rows = "Rader"
        public static let columns = "Kolumner"
        public static let accept = "Filtyper"
        public static let maxBytes = "Största fil"
        public static let condition = "Villkor"
        public static let section = "Avsnitt"
        public static let place = "Plats"
    }

    /// Title, introduction and instruction of the questionnaire itself.
    public var form: [FieldChange]
    /// Sections in the newer version's order, removed ones where they stood.
    public var sections: [SectionChange]
    /// Questions in the newer version's order, removed ones where they stood.
    public var questions: [QuestionChange]

    public init(form: [FieldChange] = [], sections: [SectionChange] = [], questions: [QuestionChange] = []) {
        self.form = form; self.sections = sections; self.questions = questions
    }

    /// Nothing differs that a person reads or answers.
    public var isEmpty: Bool { form.isEmpty && sections.isEmpty && questions.isEmpty }

    /// Questions present in both versions that differ.
    public var changedCount: Int { questions.filter { if case .changed = $0.kind { return true }; return false }.count }
    public var addedCount: Int { questions.filter { $0.kind == .added }.count }
    public var removedCount: Int { questions.filter { $0.kind == .removed }.count }

    /// The difference from `old` to `new`.
    public static func compare(_ old: FormDefinition, _ new: FormDefinition) -> FormDiff {
        var form: [FieldChange] = []
        form.appendIfDiffers(FieldName.title, old.title, new.title)
        form.appendIfDiffers(FieldName.introduction, paragraphs(old.introduction), paragraphs(new.introduction))
        form.appendIfDiffers(FieldName.instruction, old.instruction ?? "", new.instruction ?? "")
        return FormDiff(form: form, sections: compareSections(old, new), questions: compareQuestions(old, new))
    }

    // MARK: Sections

    static func compareSections(_ old: FormDefinition, _ new: FormDefinition) -> [SectionChange] {
        let oldByID = Dictionary(old.sections.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        let newIDs = Set(new.sections.map(\.id))
        let kept = Set(longestCommonSubsequence(old.sections.map(\.id).filter(newIDs.contains),
                                                new.sections.map(\.id).filter { oldByID[$0] != nil }))
        let changes: [SectionChange] = new.sections.compactMap { s in
            guard let o = oldByID[s.id] else { return SectionChange(id: s.id, heading: s.heading, kind: .added) }
            var fields: [FieldChange] = []
            fields.appendIfDiffers(FieldName.heading, o.heading, s.heading)
            fields.appendIfDiffers(FieldName.introduction, paragraphs(o.introduction), paragraphs(s.introduction))
            if !kept.contains(s.id) {
                fields.append(FieldChange(name: FieldName.place, before: sectionPlace(o.id, in: old), after: sectionPlace(s.id, in: new)))
            }
            return fields.isEmpty ? nil : SectionChange(id: s.id, heading: s.heading, kind: .changed(fields: fields))
        }
        let removed = old.sections.filter { !newIDs.contains($0.id) }
            .map { (id: $0.id, change: SectionChange(id: $0.id, heading: $0.heading, kind: .removed)) }
        return interleave(changes.map { ($0.id, $0) }, removed: removed, oldOrder: old.sections.map(\.id),
                          newOrder: new.sections.map(\.id))
    }

    static func sectionPlace(_ id: String, in d: FormDefinition) -> String {
        guard let i = d.sections.firstIndex(where: { $0.id == id }) else { return "" }
        return i == 0 ? "Först" : "Efter ”\(d.sections[i - 1].heading)”"
    }

    // MARK: Questions

    static func compareQuestions(_ old: FormDefinition, _ new: FormDefinition) -> [QuestionChange] {
        let oldQuestions = old.questions
        let oldByID = Dictionary(oldQuestions.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        let newIDs = Set(new.questions.map(\.id))
        let oldSection = sectionOf(old), newSection = sectionOf(new)
        // Within each section, the questions that kept their order among those staying in it; the rest moved.
        var kept: Set<String> = []
        for s in new.sections {
            let stayed = s.questions.map(\.id).filter { oldSection[$0] == s.id }
            let before = old.sections.first { $0.id == s.id }?.questions.map(\.id).filter { newSection[$0] == s.id } ?? []
            kept.formUnion(longestCommonSubsequence(before, stayed))
        }
        var changes: [(String, QuestionChange)] = []
        for q in new.questions {
            guard let o = oldByID[q.id] else {
                changes.append((q.id, QuestionChange(id: q.id, number: q.number, text: q.text, kind: .added)))
                continue
            }
            var fields = questionFields(o, q, old: old, new: new)
            if oldSection[q.id] != newSection[q.id] {
                fields.append(FieldChange(name: FieldName.section, before: sectionHeading(oldSection[q.id], in: old),
                                          after: sectionHeading(newSection[q.id], in: new)))
            } else if !kept.contains(q.id) {
                fields.append(FieldChange(name: FieldName.place, before: questionPlace(q.id, in: old), after: questionPlace(q.id, in: new)))
            }
            if !fields.isEmpty { changes.append((q.id, QuestionChange(id: q.id, number: q.number, text: q.text, kind: .changed(fields: fields)))) }
        }
        let removed = oldQuestions.filter { !newIDs.contains($0.id) }
            .map { (id: $0.id, change: QuestionChange(id: $0.id, number: $0.number, text: $0.text, kind: .removed)) }
        return interleave(changes, removed: removed, oldOrder: oldQuestions.map(\.id), newOrder: new.questions.map(\.id))
    }

    /// Every field of a question that differs, in the order people read a question.
    static func questionFields(_ o: Question, _ q: Question, old: FormDefinition, new: FormDefinition) -> [FieldChange] {
        var f: [FieldChange] = []
        f.appendIfDiffers(FieldName.number, o.number, q.number)
        f.appendIfDiffers(FieldName.text, o.text, q.text)
        f.appendIfDiffers(FieldName.help, o.help ?? "", q.help ?? "")
        f.appendIfDiffers(FieldName.required, o.required ? "Ja" : "Nej", q.required ? "Ja" : "Nej")
        f.appendIfDiffers(FieldName.type, o.type.swedishName, q.type.swedishName)
        f.appendList(FieldName.options, o.options ?? [], q.options ?? [])
        f.appendIfDiffers(FieldName.comment, o.comment?.label ?? "", q.comment?.label ?? "")
        f.appendIfDiffers(FieldName.maxChoices, number(o.maxChoices), number(q.maxChoices))
        f.appendIfDiffers(FieldName.maxLength, number(o.maxLength), number(q.maxLength))
        f.appendIfDiffers(FieldName.min, number(o.min), number(q.min))
        f.appendIfDiffers(FieldName.max, number(o.max), number(q.max))
        f.appendList(FieldName.rows, (o.rows ?? []).map(\.label), (q.rows ?? []).map(\.label))
        f.appendList(FieldName.columns, (o.columns ?? []).map(column), (q.columns ?? []).map(column))
        f.appendList(FieldName.accept, o.accept ?? [], q.accept ?? [])
        f.appendIfDiffers(FieldName.maxBytes, o.maxBytes.map(megabytes) ?? "", q.maxBytes.map(megabytes) ?? "")
        if o.showIf != q.showIf {
            f.append(FieldChange(name: FieldName.condition, before: condition(o.showIf, in: old), after: condition(q.showIf, in: new)))
        }
        return f
    }

    /// A condition as Swedish text: `Visas om 9a är ”A” eller ”B”`, naming the question by its
    /// number in `definition` (by its id when it has none there); no condition: `Visas alltid`.
    public static func condition(_ c: Question.Condition?, in definition: FormDefinition) -> String {
        guard let c else { return "Visas alltid" }
        let target = definition.question(c.question).map(\.number).flatMap { $0.isEmpty ? nil : $0 } ?? c.question
        return "Visas om \(target) är \(alternatives(c.values.map { "”\($0)”" }))"
    }

    /// "A", "A eller B", "A, B eller C".
    static func alternatives(_ items: [String]) -> String {
        guard let last = items.last else { return "" }
        return items.count == 1 ? last : items.dropLast().joined(separator: ", ") + " eller " + last
    }

    static func sectionOf(_ d: FormDefinition) -> [String: String] {
        var map: [String: String] = [:]
        for s in d.sections { for q in s.questions where map[q.id] == nil { map[q.id] = s.id } }
        return map
    }

    static func sectionHeading(_ id: String?, in d: FormDefinition) -> String {
        d.sections.first { $0.id == id }?.heading ?? ""
    }

    /// Where a question stands in its section: first, or after the question before it.
    static func questionPlace(_ id: String, in d: FormDefinition) -> String {
        for s in d.sections {
            guard let i = s.questions.firstIndex(where: { $0.id == id }) else { continue }
            if i == 0 { return "Först i avsnittet" }
            let previous = s.questions[i - 1]
            return "Efter fråga " + (previous.number.isEmpty ? previous.id : previous.number)
        }
        return ""
    }

    static func paragraphs(_ p: [String]) -> String { p.joined(separator: "\n") }

    static func number<T: BinaryInteger>(_ value: T?) -> String { value.map { String($0) } ?? "" }

    static func column(_ c: Question.TableColumn) -> String {
        let type = QuestionType(rawValue: c.type)?.swedishName.lowercased() ?? c.type
        return "\(c.label) (\(type))"
    }

    /// A file size in megabytes as people write it: "5 MB", "2,5 MB".
    static func megabytes(_ bytes: Int) -> String {
        let mb = Double(bytes) / 1_048_576
        if mb == mb.rounded() { return "\(Int(mb)) MB" }
        return String(format: "%.1f", mb).replacingOccurrences(of: ".", with: ",") + " MB"
    }

    /// `items` (in the newer version's order) with each removed item placed after the nearest
    /// item before it in the older version that is still there (first, when there is none).
    static func interleave<T>(_ items: [(String, T)], removed: [(id: String, change: T)], oldOrder: [String],
                              newOrder: [String]) -> [T] {
        let present = Set(newOrder)
        var after: [String: [T]] = [:], atStart: [T] = []
        var anchor: String?
        var removedByID = Dictionary(removed.map { ($0.id, $0.change) }, uniquingKeysWith: { a, _ in a })
        for id in oldOrder {
            if present.contains(id) { anchor = id; continue }
            guard let change = removedByID.removeValue(forKey: id) else { continue }
            if let anchor { after[anchor, default: []].append(change) } else { atStart.append(change) }
        }
        let changeByID = Dictionary(items, uniquingKeysWith: { a, _ in a })
        var out = atStart
        for id in newOrder {
            if let c = changeByID[id] { out.append(c) }
            out += after[id] ?? []
        }
        return out
    }

    /// The longest sequence of ids in the same order in both lists: what did not move.
    static func longestCommonSubsequence(_ a: [String], _ b: [String]) -> [String] {
        commonIndices(a, b).sorted().map { a[$0] }
    }

    /// The positions in `words` of the longest run of words, in order, that `other` shares: the
    /// words that did not change between two texts (split at spaces).
    public static func commonWords(_ words: [String], _ other: [String]) -> Set<Int> {
        commonIndices(words, other)
    }

    /// The indices in `a` of a longest common subsequence of `a` and `b`.
    static func commonIndices(_ a: [String], _ b: [String]) -> Set<Int> {
        guard !a.isEmpty, !b.isEmpty else { return [] }
        var table = Array(repeating: Array(repeating: 0, count: b.count + 1), count: a.count + 1)
        for i in stride(from: a.count - 1, through: 0, by: -1) {
            for j in stride(from: b.count - 1, through: 0, by: -1) {
                table[i][j] = a[i] == b[j] ? table[i + 1][j + 1] + 1 : Swift.max(table[i + 1][j], table[i][j + 1])
            }
        }
        var out: Set<Int> = [], i = 0, j = 0
        while i < a.count && j < b.count {
            if a[i] == b[j] { out.insert(i); i += 1; j += 1 }
            else if table[i + 1][j] >= table[i][j + 1] { i += 1 } else { j += 1 }
        }
        return out
    }
}

extension Array where Element == FormDiff.FieldChange {
    mutating func appendIfDiffers(_ name: String, _ before: String, _ after: String) {
        if before != after { append(FormDiff.FieldChange(name: name, before: before, after: after)) }
    }

    /// A list's change, with the items added and removed named ("Tillagt: Delvis; borttaget: Vet ej")
    /// or, when only the order changed, "Ny ordning".
    mutating func appendList(_ name: String, _ before: [String], _ after: [String]) {
        guard before != after else { return }
        let added = after.filter { !before.contains($0) }, removed = before.filter { !after.contains($0) }
        var parts: [String] = []
        if !added.isEmpty { parts.append("tillagt: " + added.joined(separator: ", ")) }
        if !removed.isEmpty { parts.append("borttaget: " + removed.joined(separator: ", ")) }
        let note = parts.isEmpty ? "Ny ordning" : parts.joined(separator: "; ")
        append(FormDiff.FieldChange(name: name, before: before.joined(separator: ", "), after: after.joined(separator: ", "),
                                    note: note.prefix(1).uppercased() + note.dropFirst()))
    }
}
