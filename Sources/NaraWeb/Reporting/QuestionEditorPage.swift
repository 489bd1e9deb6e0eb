import Foundation
import NaraCore
import NaraPersistence
import Plot

/// A question's form in the builder: its number, text, help, whether it must be answered, its type
/// and the type's settings, and the condition that shows it. Settings for other types are kept in
/// groups a script hides; without the script they are all shown and only the chosen type's are used.
struct QuestionEditorPage {
    let draft: FormDrafts.Loaded
    let section: Int
    /// The question being changed; nil for a new one.
    let existing: Question?
    let input: QuestionInput
    let csrf: String
    var errors: [FieldError] = []
    var alert: String? = nil

    var d: FormDefinition { draft.definition }

    func render() -> String {
        let s = d.sections[section]
        let heading = existing.map { "Ändra fråga " + ($0.number.isEmpty ? $0.id : $0.number) } ?? "Ny fråga i ”\(s.heading)”"
        let action = existing.map { SiteURL.adminDraftQuestion(draft.id, $0.id) } ?? SiteURL.adminDraft(draft.id, "fragor/ny")
        return Layout.render(title: heading + " – " + d.title,
                             breadcrumbs: [("Administration", SiteURL.admin), ("Formulär", SiteURL.adminForms), ("Utkast", SiteURL.adminDraft(draft.id)), (heading, nil)],
                             current: SiteURL.admin,
            .unwrap(alert) { .div(.class("error-summary"), .attribute(named: "role", value: "alert"), .attribute(named: "tabindex", value: "-1"),
                                  .h2(.class("error-summary-title"), .text("Frågan sparades inte")), .p(.text($0))) },
            Forms.errorSummary(errors),
            .p(.class("section-count"), .text("Avsnitt \(section + 1): \(s.heading)")),
            .h1(.text(heading)),
.element(named: "form", nodes: fields(action: action)))
    }

    func fields(action: String) -> [Node<HTML.BodyContext>] {
        let head: [Node<HTML.BodyContext>] = [
                  .attribute(named: "method", value: "post"), .attr("action", action), .class("question-editor"),
                  .data(named: "question-editor", value: "on"), .data(named: "live", value: "question"),
                  Forms.csrf(csrf),
                  .input(.type(.hidden), .name("revision"), .value(String(draft.model.revision))),
                  .input(.type(.hidden), .name("section"), .value(String(section))),
                  Forms.field("Nummer", name: "number", value: input.number, hint: "Det nummer mottagaren ser, till exempel 1, 5a eller 8b.", errors: errors),
                  idField,
                  Forms.textarea("Frågetext", name: "text", value: input.text, errors: errors, rows: 3),
                  Forms.textarea("Hjälptext (frivillig)", name: "help", value: input.help, hint: "Visas under frågan.", errors: errors, rows: 2),
                  checkbox("required", label: "Frågan måste besvaras", checked: input.required)]
        let types: [Node<HTML.BodyContext>] = [
                  Forms.select("Typ", name: "type", options: QuestionType.allCases.map { ($0.rawValue, $0.swedishName) }, selected: input.type, errors: errors),
                  settings("Svarsalternativ", types: [.singleChoice, .multipleChoice],
                           Forms.textarea("Svarsalternativ", name: "options", value: input.options, hint: "Ett alternativ per rad, i den ordning de ska visas.", errors: errors, rows: 5),
                           Forms.field("Kommentarsfält (frivilligt)", name: "comment", value: input.comment,
                                       hint: "Ledtexten till ett fritextfält under alternativen, till exempel ”Lämna gärna en kommentar här:”. Lämna tomt för inget fält.", errors: errors),
                           Forms.field("Högst antal val (bara flera val)", name: "maxChoices", value: input.maxChoices, errors: errors)),
                  settings("Fritext", types: [.text],
                           Forms.field("Högst antal tecken (frivilligt)", name: "maxLength", value: input.maxLength, errors: errors)),
                  settings("Gränser", types: [.integer, .amount],
                           Forms.field("Lägsta värde (frivilligt)", name: "min", value: input.min, hint: "Heltal; för belopp i kronor.", errors: errors),
                           Forms.field("Högsta värde (frivilligt)", name: "max", value: input.max, hint: "Heltal; för belopp i kronor.", errors: errors)),
                  settings("Tabell", types: [.table],
                           Forms.textarea("Rader", name: "rows", value: input.rows, hint: "En rad per rad: id, kolon, text. Till exempel ”r1: Kommun A”.", errors: errors, rows: 4),
                           Forms.textarea("Kolumner", name: "columns", value: input.columns,
                                          hint: "En kolumn per rad: id, text och typ (fritext, heltal eller belopp) med kolon emellan. Till exempel ”antal: Antal: heltal”.",
                                          errors: errors, rows: 3)),
                  settings("Bifogad fil", types: [.file], fileSettings)]
        let tail: [Node<HTML.BodyContext>] = [
                  condition,
                  .div(.class("button-row"), Forms.submit(existing == nil ? "Lägg till frågan" : "Spara frågan"),
                       .a(.href(SiteURL.adminDraft(draft.id) + (existing.map { "#fraga-" + $0.id } ?? "")), .text("Avbryt")))]
        return head + types + tail
    }

    var idField: Node<HTML.BodyContext> {
        if let q = existing {
            return .div(.class("field"), .p(.strong(.text("Id: ")), .code(.text(q.id))),
                        .p(.class("hint"), .text("Id:t ändras inte, så att uppföljningen kan jämföra svaren år från år.")))
        }
        return Forms.field("Id (frivilligt)", name: "id", value: input.id,
                           hint: "Stabilt namn för uppföljningen: bokstäverna a–z, siffror, - och _. Lämnas det tomt blir det q och numret, till exempel q5a.",
                           errors: errors)
    }

    func settings(_ legend: String, types: [QuestionType], _ fields: Node<HTML.BodyContext>...) -> Node<HTML.BodyContext> {
        .element(named: "fieldset", nodes: [.class("type-settings"), .attr("data-types", types.map(\.rawValue).joined(separator: " ")),
                  .element(named: "legend", nodes: [.text(legend + " (för " + types.map { $0.swedishName.lowercased() }.joined(separator: " och ") + ")")]),
                  .group(fields)])
    }

    func checkbox(_ name: String, label: String, checked: Bool, value: String = "ja", id: String? = nil) -> Node<HTML.BodyContext> {
        let fieldID = id ?? name
        var attributes: [Attribute<HTML.InputContext>] = [.type(.checkbox), .id(fieldID), .name(name), .attr("value", value)]
        if checked { attributes.append(Attribute(name: "checked", value: "checked")) }
        return .div(.class("choice"), .selfClosedElement(named: "input", attributes: attributes), .label(.for(fieldID), .text(label)))
    }

    var fileSettings: Node<HTML.BodyContext> {
        let error = errors.first { $0.field == "accept" }
        return .group(
            .element(named: "fieldset", nodes: [.class("choices" + (error == nil ? "" : " field-error")), .id("accept"),
                      .element(named: "legend", nodes: [.text("Tillåtna filtyper")]),
                      .unwrap(error) { .p(.class("error-message"), .span(.class("visually-hidden"), .text("Fel: ")), .text($0.message)) },
                      .forEach(FormValidator.fileTypes) { t in checkbox("accept", label: t.uppercased(), checked: input.accept.contains(t), value: t, id: "accept-" + t) }]),
            Forms.field("Största fil i MB", name: "maxMegabytes", value: input.maxMegabytes, hint: "Högst 20.", errors: errors))
    }

    /// The earlier choice questions the condition may name, and the answers that show this one.
    var condition: Node<HTML.BodyContext> {
        let position = existing.flatMap { q in d.questions.firstIndex { $0.id == q.id } }
            ?? d.sections.prefix(section + 1).reduce(0) { $0 + $1.questions.count }
        let earlier = d.questions.prefix(position).filter { $0.type == .singleChoice || $0.type == .multipleChoice }
        return .element(named: "fieldset", nodes: [.class("condition-settings"),
            .element(named: "legend", nodes: [.text("Villkor (frivilligt)")]),
            .p(.class("hint"), .text("Frågan kan visas bara när en tidigare valfråga har ett visst svar. Den kan då också vara obligatorisk bara när den visas.")),
            Forms.select("Visa frågan bara om", name: "conditionQuestion",
                         options: [("", "Visa alltid")] + earlier.map { ($0.id, "fråga \($0.number.isEmpty ? $0.id : $0.number): \($0.text.prefix(60))") },
                         selected: input.conditionQuestion, errors: errors),
            Forms.textarea("… har något av svaren", name: "conditionValues", value: input.conditionValues,
                           hint: "Ett svar per rad, skrivet som alternativet i frågan." + (d.question(input.conditionQuestion).map { q in
                               " Fråga \(q.number) har: " + (q.options ?? []).joined(separator: " / ") + "." } ?? ""),
                           errors: errors, rows: 3)])
    }
}
