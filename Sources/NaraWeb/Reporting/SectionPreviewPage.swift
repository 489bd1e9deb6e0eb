import Foundation
import NaraCore
import NaraPersistence
import Plot

/// One section of a questionnaire (a draft or a stored version) as a recipient will see it, with
/// its conditions working in the browser; nothing is saved. The same fields as the report's
/// section page (`FormFields.question`).
struct SectionPreviewPage {
    let definition: FormDefinition
    let index: Int
    /// "utkastet" or "version 3": what is previewed.
    let what: String
    let back: (url: String, text: String)
    let link: (Int) -> String

    func render() -> String {
        let d = definition, section = d.sections[index], count = d.sections.count
        return Layout.render(title: "Förhandsgranskning: \(section.heading) – \(d.title)",
                             breadcrumbs: [("Administration", SiteURL.admin), ("Formulär", SiteURL.adminForms), ("Förhandsgranskning", nil)],
                             current: SiteURL.admin,
            .div(.class("notice preview-notice"), .p(.strong(.text("Förhandsgranskning av \(what). ")),
                                                     .text("Så här ser mottagaren avsnittet. Du kan prova att svara; inget sparas.")),
                 .p(.a(.href(back.url), .text(back.text)))),
            .p(.class("muted"), .text(d.title)),
            .p(.class("section-count"), .text("Avsnitt \(index + 1) av \(count)")),
            .h1(.text(Wording.breakingAfterSlashes(section.heading))),
            .if(index == 0, .forEach(d.introduction) { .p(.text($0)) }),
            .forEach(section.introduction) { .p(.class("quote"), .text($0)) },
            .unwrap(d.instruction) { .p(.class("instruction"), .strong(.text($0))) },
            .element(named: "form", nodes: [
                  Node<HTML.BodyContext>.class("report-form preview-form"), .data(named: "preview", value: "on"), .attr("action", link(index)),
                  .attribute(named: "method", value: "get"),
                  .forEach(section.questions) { q in
                      .div(.class(FormLogic.isVisible(q, answers: [:]) || !section.questions.contains { $0.id == q.showIf?.question } ? "question-wrap" : "question-wrap is-hidden"),
                           FormFields.question(q, answer: nil, editable: true, error: nil))
                  }]),
            .nav(.class("section-nav"), .attribute(named: "aria-label", value: "Avsnitt"),
                 .if(index > 0, .a(.href(link(index - 1)), .text("Föregående avsnitt"))),
                 .a(.href(back.url), .text(back.text)),
                 .if(index + 1 < count, .a(.href(link(index + 1)), .text("Nästa avsnitt")))))
    }
}
