import Foundation
import NaraCore
import NaraPersistence
import Plot

/// A recipient's reports, as a task list with status and deadline.
struct TaskListPage {
    struct Item {
        let id: UUID
        let title: String
        let year: Int
        let status: ReportStatus
        let deadline: CivilDate
        let lastChanged: Date?
    }

    let organisationName: String
    let items: [Item]
    let canFollow: Bool

    func render() -> String {
        let byYear = Dictionary(grouping: items, by: \.year).sorted { $0.key > $1.key }
        return Layout.render(title: "Rapporter", current: SiteURL.reports,
            .h1(.text("Rapporter")),
            .p(.class("lead"), .text("Redovisningar som \(organisationName) ska lämna, per överenskommelse. Svaren sparas medan du skriver.")),
            .if(canFollow, .p(.a(.href(SiteURL.followUp), .text("Följ alla mottagares rapporter")))),
            items.isEmpty ? .p(.text("Det finns inga rapporter för \(organisationName).")) : .forEach(byYear) { year, items in
                .group(
                    .h2(.text("Överenskommelsen \(year)")),
                    .ul(.class("task-list"), .forEach(items) { item in
                        .li(.class("task"),
                            .a(.href(SiteURL.report(item.id)), .text(item.title)),
                            .span(.class("task-meta"), .text("Sista dag \(item.deadline.swedish)")),
                            .strong(.class("tag status-\(item.status.rawValue)"), .text(item.status.swedishName)))
                    }))
            })
    }
}

/// One report: its sections as a task list with progress, and what can be done with it.
struct ReportOverviewPage {
    let ctx: ReportContext
    let status: ReportStatus
    let editable: Bool
    let canReview: Bool
    let submissions: [SubmissionModel]
    let others: [String]
    let csrf: String
    let today: CivilDate

    func render() -> String {
        let values = ctx.values
        let reportID = ctx.report.id!
        return Layout.render(title: ctx.title, breadcrumbs: [("Rapporter", SiteURL.reports), (ctx.title, nil)], current: SiteURL.reports,
            .h1(.text(ctx.title)),
            .p(.class("lead"), .text(ctx.definition.title)),
            .dl(.class("figures"),
                .div(.dt(.text("Status")), .dd(.text(status.swedishName))),
                .div(.dt(.text("Sista dag")), .dd(.text(ctx.deadline.swedish))),
                .div(.dt(.text("Besvarat")), .dd(.text("\(FormLogic.progress(ctx.definition, answers: values)) %"))),
                .div(.dt(.text("Version")), .dd(.text(String(ctx.report.version))))),
            ReportPages.notices(ctx, others: others, today: today),
            .unwrap(editable ? ctx.report.lastSection : nil) { last in
                .p(.a(.class("button"), .href(SiteURL.section(reportID, min(last, ctx.definition.sections.count - 1))), .text("Fortsätt där du slutade")))
            },
            .h2(.text("Avsnitt")),
            .ol(.class("task-list"), .forEach(Array(ctx.definition.sections.enumerated())) { i, section in
                let visible = section.questions.filter { FormLogic.isVisible($0, answers: values) }
                let answered = visible.filter { !(values[$0.id] ?? "").isEmpty }.count
                let label = answered == 0 ? "Ej påbörjat" : answered == visible.count ? "Klart" : "Påbörjat"
                return .li(.class("task"),
                    .a(.href(SiteURL.section(reportID, i)), .text(section.heading)),
                    .span(.class("task-meta"), .text("\(answered) av \(visible.count) frågor besvarade")),
                    .strong(.class("tag"), .text(label)))
            }),
            .h2(.text("Skicka in")),
            editable ? .p(.a(.class("button"), .href(SiteURL.check(reportID)), .text("Kontrollera dina svar och skicka in")))
                     : .p(.text("Rapporten kan inte ändras just nu.")),
            .if(!submissions.isEmpty, .group(
                .h2(.text("Inskickade versioner")),
                .ul(.forEach(submissions) { s in
                    .li(.a(.href(SiteURL.receipt(reportID, s.version)), .text("Version \(s.version): \(s.reference), \(SwedishDateTime.format(s.submittedAt))")),
                        .text(" · "), .a(.href(SiteURL.printView(reportID, version: s.version)), .text("Utskrift"), .span(.class("visually-hidden"), .text(" version \(s.version)"))))
                }),
                .if(submissions.count > 1, .p(.a(.href(SiteURL.versions(reportID)), .text("Jämför versioner")))))),
            .if(canReview, ReportPages.reviewBlock(ctx, csrf: csrf))
        )
    }
}

enum ReportPages {
    static func notices(_ ctx: ReportContext, others: [String], today: CivilDate) -> Node<HTML.BodyContext> {
        .group(
            .unwrap(ctx.report.completionMessage) { m in Blocks.notice("warning", heading: "Socialstyrelsen begär komplettering", .p(.text(m))) },
            .if(!others.isEmpty, Blocks.notice("info", heading: "Fler har rapporten öppen",
                .p(.text("\(others.joined(separator: ", ")) har rapporten öppen just nu. Om ni ändrar samma svar får den som sparar sist välja vilket som ska gälla.")))),
            .if(ctx.assignment.locked, Blocks.notice("warning", heading: "Perioden är låst", .p(.text("Socialstyrelsen har låst perioden; svaren kan inte ändras.")))),
            .if(ctx.state == .draft && today > ctx.deadline && !ctx.assignment.locked,
                Blocks.notice("warning", heading: "Sista dag har passerat", .p(.text("Sista dag var \(ctx.deadline.swedish). Du kan fortfarande skicka in; rapporten markeras som försenad.")))),
            .if(ctx.report.changedAfterApproval, Blocks.notice("warning", heading: "Ändrad efter godkännande", .p(.text("Svar har ändrats efter att rapporten godkändes."))))
        )
    }

    static func reviewBlock(_ ctx: ReportContext, csrf: String) -> Node<HTML.BodyContext> {
        let id = ctx.report.id!
        return .group(
            .h2(.text("Granska")),
            .if(ctx.state == .submitted, Forms.button("Godkänn rapporten", action: SiteURL.approve(id), csrf: csrf, secondary: false)),
            .if(ctx.state == .submitted || ctx.state == .approved,
                .form(.method(.post), .action(SiteURL.requestCompletion(id)), .class("narrow-form"),
                      Forms.csrf(csrf),
                      .div(.class("field"), .label(.for("message"), .text("Begär komplettering: vad behöver mottagaren lägga till?")),
                           .element(named: "textarea", nodes: [Node<HTML.BodyContext>.attribute(named: "id", value: "message"),
                                                               .attribute(named: "name", value: "message"), .attribute(named: "rows", value: "4")])),
                      Forms.submit("Begär komplettering", secondary: true))),
            .if(ctx.state != .submitted && ctx.state != .approved, .p(.text("Rapporten är inte inskickad ännu."))))
    }
}

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
        for q in section.questions {
            nodes.append(.div(.class(FormLogic.isVisible(q, answers: values) ? "question-wrap" : "question-wrap is-hidden"),
                              FormFields.question(q, answer: ctx.answers[q.id], editable: editable, error: errors[q.id], typed: typed[q.id])))
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
            .h1(.text(section.heading)),
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
