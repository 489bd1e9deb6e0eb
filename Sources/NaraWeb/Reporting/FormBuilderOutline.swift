import Foundation
import NaraCore
import NaraPersistence
import Plot

/// One section of a draft in the builder: its heading and introduction, its questions in order,
/// and the buttons that change them. Years in the texts are marked for review.
struct FormBuilderOutline {
    let draft: FormDrafts.Loaded
    let csrf: String

    var d: FormDefinition { draft.definition }

    /// Text with every year standing on its own in a `<mark>`.
    static func marked<C: HTML.BodyContext>(_ text: String) -> Node<C> {
        .forEach(FormYear.marked(text)) { piece in
            piece.isYear ? .element(named: "mark", nodes: [.text(piece.text)]) : .text(piece.text)
        }
    }

    func button(_ text: String, action: String, label: String, direction: String? = nil) -> Node<HTML.BodyContext> {
        .form(.method(.post), .action(action), .class("inline-form"),
              Forms.csrf(csrf), .input(.type(.hidden), .name("revision"), .value(String(draft.model.revision))),
              .unwrap(direction) { .input(.type(.hidden), .name("direction"), .attr("value", $0)) },
              .button(.type(.submit), .class("button button-secondary button-small"), .text(text), .attr("aria-label", label)))
    }

    func section(_ s: FormSection, index i: Int) -> Node<HTML.BodyContext> {
        let name = "avsnitt \(i + 1)"
        return .section(.class("builder-section"), .id("avsnitt-\(i + 1)"),
            .h3(.text("Avsnitt \(i + 1): "), Self.marked(s.heading)),
            .forEach(s.introduction) { .p(.class("quote"), Self.marked($0)) },
            .div(.class("button-row"),
                 .a(.class("button button-secondary button-small"), .href(SiteURL.adminDraftSection(draft.id, i)), .text("Ändra avsnittet"),
                    .attr("aria-label", "Ändra \(name)")),
                 .if(i > 0, button("Flytta upp", action: SiteURL.adminDraft(draft.id, "avsnitt/\(i)/flytta"), label: "Flytta upp \(name)", direction: "upp")),
                 .if(i < d.sections.count - 1, button("Flytta ner", action: SiteURL.adminDraft(draft.id, "avsnitt/\(i)/flytta"), label: "Flytta ner \(name)", direction: "ner")),
                 button("Ta bort", action: SiteURL.adminDraft(draft.id, "avsnitt/\(i)/ta-bort"),
                        label: "Ta bort \(name)" + (s.questions.isEmpty ? "" : " och dess \(s.questions.count) frågor"))),
            s.questions.isEmpty ? .p(.class("notice notice-warning"), .text("Avsnittet har inga frågor ännu.")) :
                .ol(.class("builder-questions"), .forEach(Array(s.questions.enumerated())) { j, q in question(q, first: i == 0 && j == 0, last: i == d.sections.count - 1 && j == s.questions.count - 1) }),
            .p(.a(.class("button button-small"), .href(SiteURL.adminDraftNewQuestion(draft.id, section: i)), .text("Lägg till fråga"),
                  .attr("aria-label", "Lägg till fråga i \(name)"))))
    }

    func question(_ q: Question, first: Bool, last: Bool) -> Node<HTML.ListContext> {
        let name = "fråga " + (q.number.isEmpty ? q.id : q.number)
        return .li(.class("builder-question"), .id("fraga-" + q.id),
            .p(.class("builder-question-text"), .strong(.text(q.number.isEmpty ? "" : q.number + ". ")), Self.marked(q.text)),
            .p(.class("muted"), .text(facts(q).joined(separator: " · "))),
            .unwrap(q.options) { options in .ul(.class("builder-options"), .forEach(options) { .li(.text($0)) }) },
            .unwrap(q.help) { .p(.class("hint"), Self.marked($0)) },
            .unwrap(q.comment) { .p(.class("hint"), .text("Kommentarsfält: "), Self.marked($0.label)) },
            .div(.class("button-row"),
                 .a(.class("button button-secondary button-small"), .href(SiteURL.adminDraftQuestion(draft.id, q.id)), .text("Ändra"),
                    .attr("aria-label", "Ändra \(name)")),
                 .if(!first, button("Flytta upp", action: SiteURL.adminDraft(draft.id, "fragor/\(q.id)/flytta"), label: "Flytta upp \(name)", direction: "upp")),
                 .if(!last, button("Flytta ner", action: SiteURL.adminDraft(draft.id, "fragor/\(q.id)/flytta"), label: "Flytta ner \(name)", direction: "ner")),
                 button("Ta bort", action: SiteURL.adminDraft(draft.id, "fragor/\(q.id)/ta-bort"), label: "Ta bort \(name)")))
    }

    /// The question's type and settings in a line: "Ett val · obligatorisk · kommentarsfält · visas om 9a är ”Ja”".
    func facts(_ q: Question) -> [String] {
        var out = [q.type.swedishName, q.required ? "obligatorisk" : "frivillig", "id \(q.id)"]
        if q.comment != nil { out.append("kommentarsfält") }
        if let m = q.maxChoices { out.append("högst \(m) val") }
        if let m = q.maxLength { out.append("högst \(SwedishNumber.grouped(Int64(m))) tecken") }
        if let lo = q.min { out.append("minst \(SwedishNumber.grouped(lo))") }
        if let hi = q.max { out.append("högst \(SwedishNumber.grouped(hi))") }
        if let r = q.rows, let c = q.columns { out.append("\(r.count) rader, \(c.count) kolumner") }
        if let a = q.accept { out.append(a.map { $0.uppercased() }.joined(separator: ", ")) }
        if let c = q.showIf { out.append(Self.condition(c, in: d)) }
        return out
    }

    /// "visas om 9a är ”A” eller ”B”".
    static func condition(_ c: Question.Condition, in d: FormDefinition) -> String {
        let target = d.question(c.question).map { $0.number.isEmpty ? $0.id : $0.number } ?? c.question
        return "visas om \(target) är " + c.values.map { "”\($0)”" }.joined(separator: " eller ")
    }
}
