import Foundation
import NaraCore
import NaraPersistence
import Plot

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
    /// A refused review action: what the reviewer typed and why it was refused.
    var message: String = ""
    var errors: [FieldError] = []

    func render() -> String {
        let values = ctx.values
        let reportID = ctx.report.id!
        return Layout.render(title: ctx.title, breadcrumbs: [("Rapporter", SiteURL.reports), (ctx.title, nil)], current: SiteURL.reports,
            Forms.errorSummary(errors),
            .h1(.text(ctx.title)),
            .p(.class("report-period"), .text(ctx.covers)),
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
            .if(canReview, ReportPages.reviewBlock(ctx, csrf: csrf, message: message, errors: errors))
        )
    }
}
