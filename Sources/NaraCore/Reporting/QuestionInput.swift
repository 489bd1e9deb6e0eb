import Foundation

/// One question as the builder's form sends it: every field as the person typed it. Read into a
/// `Question` by `FormEditing`, which names every field that is wrong.
public struct QuestionInput: Sendable, Equatable {
    public var id = ""
    public var number = ""
    public var text = ""
    public var help = ""
    public var required = false
    public var type = QuestionType.singleChoice.rawValue
    /// One option per line.
    public var options = ""
    /// The comment field's label; empty for none.
    public var comment = ""
    public var maxChoices = ""
    public var maxLength = ""
    public var min = ""
    public var max = ""
    /// One row per line: `id: label`.
    public var rows = ""
    /// One column per line: `id: label: type` (`text`, `integer` or `amount`).
    public var columns = ""
    public var accept: [String] = []
    /// The largest file, in MB (decimal comma allowed).
    public var maxMegabytes = ""
    /// The earlier question whose answer shows this one; empty for always shown.
    public var conditionQuestion = ""
    /// The answers that show it, one per line.
    public var conditionValues = ""

    public init() {}

    /// The fields of a stored question, as the form shows them.
    public init(_ q: Question) {
        id = q.id; number = q.number; text = q.text; help = q.help ?? ""; required = q.required; type = q.type.rawValue
        options = (q.options ?? []).joined(separator: "\n")
        comment = q.comment?.label ?? ""
        maxChoices = q.maxChoices.map(String.init) ?? ""
        maxLength = q.maxLength.map(String.init) ?? ""
        min = q.min.map(String.init) ?? ""
        max = q.max.map(String.init) ?? ""
        rows = (q.rows ?? []).map { "\($0.id): \($0.label)" }.joined(separator: "\n")
        columns = (q.columns ?? []).map { "\($0.id): \($0.label): \($0.type)" }.joined(separator: "\n")
        accept = q.accept ?? []
        maxMegabytes = q.maxBytes.map(Self.megabytes) ?? ""
        conditionQuestion = q.showIf?.question ?? ""
        conditionValues = (q.showIf?.values ?? []).joined(separator: "\n")
    }

    /// Bytes as MB with up to two decimals and a decimal comma ("10", "2,5").
    public static func megabytes(_ bytes: Int) -> String {
        let mb = Double(bytes) / 1_048_576
        if mb == mb.rounded() { return String(Int(mb)) }
        return String(format: "%.2f", mb).replacingOccurrences(of: ".", with: ",")
    }

    /// The input's lines, trimmed, without empty ones.
    static func lines(_ s: String) -> [String] {
        s.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }
}

/// Paragraphs typed in one text area, separated by an empty line.
public enum Paragraphs {
    public static func read(_ s: String) -> [String] {
        s.replacingOccurrences(of: "\r\n", with: "\n").components(separatedBy: "\n\n")
            .map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }.filter { !$0.isEmpty }
    }

    public static func write(_ paragraphs: [String]) -> String { paragraphs.joined(separator: "\n\n") }
}

/// A change the builder refused: messages by the form field they belong to (`text`, `options`,
/// `min` …), and a message for the whole change when it is about no one field.
public struct EditRefusal: Error, Sendable, Equatable {
    public var fields: [(field: String, message: String)]
    public var message: String?

    public init(fields: [(field: String, message: String)] = [], message: String? = nil) {
        self.fields = fields; self.message = message
    }

    public static func == (a: EditRefusal, b: EditRefusal) -> Bool {
        a.message == b.message && a.fields.map(\.field) == b.fields.map(\.field) && a.fields.map(\.message) == b.fields.map(\.message)
    }

    /// Every message, field messages first.
    public var messages: [String] { fields.map(\.message) + (message.map { [$0] } ?? []) }
}
