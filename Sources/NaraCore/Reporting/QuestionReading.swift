import Foundation

/// Reads the builder's question form into a `Question` and says, in Swedish and at the field,
/// what is wrong. The rules are `FormValidator`'s, so the builder, the JSON upload and the Excel
/// upload refuse the same things.
public enum QuestionReading {
    /// The column types a table question may have, with the words people may type for them.
    static let columnTypes: [String: String] = ["text": "text", "fritext": "text", "integer": "integer", "heltal": "integer",
                                                "amount": "amount", "belopp": "amount"]

    /// The question the fields describe, or every field that is wrong. Settings that do not belong
    /// to the chosen type are left out. `original` keeps what the form cannot show (a condition
    /// written with `in` and one value, a file size that is not whole MB) when unchanged.
    public static func read(_ input: QuestionInput, original: Question? = nil) -> Result<Question, EditRefusal> {
        var errors: [(field: String, message: String)] = []
        func integer(_ field: String, _ text: String) -> Int64? {
            let t = text.replacingOccurrences(of: " ", with: "").replacingOccurrences(of: "\u{00A0}", with: "")
            if t.isEmpty { return nil }
            if let v = Int64(t) { return v }
            errors.append((field, "Skriv ett heltal, till exempel 10."))
            return nil
        }
        guard let type = QuestionType(rawValue: input.type) else {
            return .failure(EditRefusal(fields: [("type", "Välj en frågetyp i listan.")]))
        }
        let id = input.id.trimmingCharacters(in: .whitespaces).isEmpty
            ? suggestedID(number: input.number) : input.id.trimmingCharacters(in: .whitespaces)
        if id.isEmpty { errors.append(("number", "Skriv frågans nummer (till exempel 5a) eller ett id.")) }
        let help = input.help.trimmingCharacters(in: .whitespacesAndNewlines)
        var q = Question(id: id, number: input.number.trimmingCharacters(in: .whitespaces),
                         text: input.text.trimmingCharacters(in: .whitespacesAndNewlines), type: type, required: input.required,
                         help: help.isEmpty ? nil : help)
        switch type {
        case .singleChoice, .multipleChoice:
            q.options = QuestionInput.lines(input.options)
            let label = input.comment.trimmingCharacters(in: .whitespaces)
            q.comment = label.isEmpty ? nil : Question.Comment(label: label)
            if type == .multipleChoice { q.maxChoices = integer("maxChoices", input.maxChoices).map { Int(clamping: $0) } }
        case .text:
            q.maxLength = integer("maxLength", input.maxLength).map { Int(clamping: $0) }
        case .integer, .amount:
            q.min = integer("min", input.min)
            q.max = integer("max", input.max)
        case .percent, .date:
            break
        case .table:
            q.rows = []; q.columns = []
            for (n, line) in QuestionInput.lines(input.rows).enumerated() {
                let parts = line.split(separator: ":", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
                if parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty { q.rows!.append(.init(id: parts[0], label: parts[1])) }
                else { errors.append(("rows", "Rad \(n + 1): skriv id, kolon och text, till exempel ”r1: Kommun A”.")) }
            }
            for (n, line) in QuestionInput.lines(input.columns).enumerated() {
                let parts = line.split(separator: ":", maxSplits: 2).map { $0.trimmingCharacters(in: .whitespaces) }
                if parts.count == 3, !parts[0].isEmpty, !parts[1].isEmpty, let t = columnTypes[parts[2].lowercased()] {
                    q.columns!.append(.init(id: parts[0], label: parts[1], type: t))
                } else {
                    errors.append(("columns", "Rad \(n + 1): skriv id, text och typ med kolon emellan, till exempel ”antal: Antal: heltal” (typ fritext, heltal eller belopp)."))
                }
            }
        case .file:
            q.accept = FormValidator.fileTypes.filter { input.accept.contains($0) }
            let mb = input.maxMegabytes.trimmingCharacters(in: .whitespaces)
            if let o = original?.maxBytes, mb == QuestionInput.megabytes(o) { q.maxBytes = o }
            else if mb.isEmpty { q.maxBytes = nil }
            else if let v = Double(mb.replacingOccurrences(of: ",", with: ".")), v > 0 { q.maxBytes = Int(v * 1_048_576) }
            else { errors.append(("maxMegabytes", "Skriv största filstorlek i MB, till exempel 10.")) }
        }
        let target = input.conditionQuestion.trimmingCharacters(in: .whitespaces)
        let values = QuestionInput.lines(input.conditionValues)
        if !target.isEmpty {
            if let o = original?.showIf, o.question == target, o.values == values { q.showIf = o }
            else if values.isEmpty { errors.append(("conditionValues", "Skriv vilka svar som visar frågan, ett per rad.")) }
            else { q.showIf = values.count == 1 ? .init(question: target, equals: values[0]) : .init(question: target, in: values) }
        } else if !values.isEmpty {
            errors.append(("conditionQuestion", "Välj vilken fråga svaren gäller, eller töm rutan med svar."))
        }
        return errors.isEmpty ? .success(q) : .failure(EditRefusal(fields: errors))
    }

    /// "q5a" for number "5a"; empty when the number has no letters or digits.
    public static func suggestedID(number: String) -> String {
        let kept = number.lowercased().filter { $0.isASCII && ($0.isLetter || $0.isNumber) }
        return kept.isEmpty ? "" : "q" + kept
    }

    /// The builder's field for a validator key (`showIf.question` → `conditionQuestion`).
    public static func field(forKey key: String) -> String {
        switch key {
        case "showIf.question": return "conditionQuestion"
        case "showIf": return "conditionValues"
        case "maxBytes": return "maxMegabytes"
        default:
            if key.hasPrefix("columns") { return "columns" }
            if key.hasPrefix("rows") { return "rows" }
            return key
        }
    }

    /// A validator message about a question's key as a Swedish sentence for the person at the form.
    public static func sentence(key: String, message: String, question q: Question, in d: FormDefinition) -> String {
        switch field(forKey: key) {
        case "id":
            return message.contains("finns redan") ? "Id:t ”\(q.id)” används redan av en annan fråga; välj ett annat."
                : "Id:t får bara innehålla bokstäverna a–z, siffror, - och _ (högst 80 tecken)."
        case "text": return "Skriv frågans text."
        case "options":
            if message.contains("flera gånger") { return "Samma svarsalternativ står flera gånger." }
            return "En valfråga behöver minst ett svarsalternativ; skriv ett per rad."
        case "maxChoices":
            return q.type == .singleChoice ? "Högst antal val gäller bara frågor med flera val."
                : "Högst antal val ska vara mellan 1 och antalet svarsalternativ (\((q.options ?? []).count))."
        case "maxLength": return "Högst antal tecken ska vara mellan 1 och 100 000."
        case "min": return "Lägsta värdet är större än det högsta."
        case "rows": return message.contains("flera gånger") ? "Samma rad-id står flera gånger." : "En tabellfråga behöver minst en rad."
        case "columns":
            if message.contains("flera gånger") { return "Samma kolumn-id står flera gånger." }
            if message.contains("integer") { return "En kolumns typ ska vara fritext, heltal eller belopp." }
            return "En tabellfråga behöver minst en kolumn."
        case "accept": return "Välj minst en filtyp."
        case "maxMegabytes":
            return message == "saknas" ? "Skriv största filstorlek i MB (högst 20)." : "Största filstorlek ska vara mellan 1 byte och 20 MB."
        case "comment": return "Kommentarsfält finns bara för valfrågor."
        case "conditionQuestion":
            if message.contains("valfråga") { return "Villkoret måste gälla en valfråga (ett val eller flera val)." }
            if let t = d.question(q.showIf?.question ?? "") { return "Villkoret gäller fråga \(t.number), som står efter den här; en fråga kan bara visas utifrån en tidigare fråga." }
            return "Villkoret gäller en fråga som inte finns (”\(q.showIf?.question ?? "")”)."
        case "conditionValues":
            if let t = d.question(q.showIf?.question ?? ""), let bad = q.showIf?.values.first(where: { !(t.options ?? []).contains($0) }) {
                return "”\(bad)” är inget svarsalternativ i fråga \(t.number)."
            }
            return "Skriv vilka svar som visar frågan, ett per rad."
        default: return "\(key): \(message)"
        }
    }
}
