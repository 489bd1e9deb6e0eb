import Foundation
import NaraCore
import NaraPersistence
import Plot

/// One section of the form, for filling in (or reading when closed).
struct SectionPage {
    let ctx: ReportContext
    let index: Int
    let editable: Bool
    let errors: [String: String]
    let typed: [String: String]
    let others: [String]
    let csrf: String
    let today: CivilDate
    let saved: Bool

    func formNodes(reportID: UUID, section: FormSection, values: [String: String], count: Int) -> [Node<HTML.BodyContext>] {
        var nodes: [Node<HTML.BodyContext>] = [
            .attribute(named: "method", value: "post"), .attr("action", SiteURL.section(reportID, index)),
            .class("report-form"), .data(named: "report", value: reportID.uuidString),
            .if(editable, .data(named: "autosave", value: "on")),
            .if(section.questions.contains { $0.type == .file }, .attribute(named: "enctype", value: "multipart/form-data")),
            Forms.csrf(csrf),
        ]
        let files = ctx.attachments()
        for q in section.questions {
            nodes.append(.div(.class(FormLogic.isVisible(q, answers: values) ? "question-wrap" : "question-wrap is-hidden"),
                              FormFields.question(q, answer: ctx.answers[q.id], editable: editable, error: errors[q.id], typed: typed[q.id],
                                                                 attachment: files[q.id])))
        }
        nodes.append(.div(.class("form-actions"),
            .if(editable, .button(.type(.submit), .class("button"), .attribute(named: "name", value: "action"), .value("next"),
                                  .text(index + 1 < count ? "Spara och fortsätt" : "Spara och kontrollera"))),
            .if(editable, .button(.type(.submit), .class("button button-secondary"), .attribute(named: "name", value: "action"),
                                  .value("stay"), .text("Spara"))),
            .div(.class("autosave-status"), .id("autosave-status"), .attribute(named: "role", value: "status"))))
        return nodes
    }

    func render() -> String {
        let section = ctx.definition.sections[index]
        let reportID = ctx.report.id!
        let count = ctx.definition.sections.count
        let values = ctx.values
        let visible = section.questions.filter { FormLogic.isVisible($0, answers: values) || $0.showIf != nil }
        let summary = visible.compactMap { q in errors[q.id].map { FieldError(field: FormFields.fieldID(q), message: "\(q.number). \($0)") } }
        return Layout.render(title: "\(section.heading) – \(ctx.title)",
                             breadcrumbs: [("Rapporter", SiteURL.reports), (ctx.title, SiteURL.report(reportID)), (section.heading, nil)],
                             current: SiteURL.reports,
            Forms.errorSummary(summary),
            .p(.class("section-count"), .text("Avsnitt \(index + 1) av \(count)")),
            .h1(.text(Wording.breakingAfterSlashes(section.heading))),
            .element(named: "progress", nodes: [Node<HTML.BodyContext>.attribute(named: "max", value: "100"),
                                                .attribute(named: "value", value: String(FormLogic.progress(ctx.definition, answers: values))),
                                                .attribute(named: "aria-label", value: "Andel besvarade frågor"),
                                                .text("\(FormLogic.progress(ctx.definition, answers: values)) %")]),
            ReportPages.notices(ctx, others: others, today: today),
            .if(saved, .div(.class("flash"), .attribute(named: "role", value: "status"), .p(.text("Avsnittet är sparat.")))),
            .forEach(section.introduction) { .p(.class("quote"), .text($0)) },
            .unwrap(ctx.definition.instruction) { .p(.class("instruction"), .strong(.text($0))) },
            .element(named: "form", nodes: formNodes(reportID: reportID, section: section, values: values, count: count)),
            .nav(.class("section-nav"), .attribute(named: "aria-label", value: "Avsnitt"),
                 .if(index > 0, .a(.href(SiteURL.section(reportID, index - 1)), .text("Föregående avsnitt"))),
                 .a(.href(SiteURL.report(reportID)), .text("Alla avsnitt")),
                 .if(index + 1 < count, .a(.href(SiteURL.section(reportID, index + 1)), .text("Nästa avsnitt"))))
        )
    }
}
