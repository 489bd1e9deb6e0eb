import Foundation
import NaraCore
import NaraPersistence
import Plot

/// The receipt after submitting.
struct ReceiptPage {
    let ctx: ReportContext
    let submission: SubmissionModel

    func render() -> String {
        let reportID = ctx.report.id!
        return Layout.render(title: "Kvitto – \(ctx.title)",
                             breadcrumbs: [("Rapporter", SiteURL.reports), (ctx.title, SiteURL.report(reportID)), ("Kvitto", nil)],
                             current: SiteURL.reports,
            .div(.class("receipt"),
                 .h1(.text("Rapporten är inskickad")),
                 .p(.class("receipt-reference"), .text("Referensnummer: "), .strong(.id("referens"), .text(submission.reference)))),
            .dl(.class("figures"),
                .div(.dt(.text("Rapport")), .dd(.text(ctx.title))),
                .div(.dt(.text("Avser")), .dd(.class("report-period"), .text(ctx.covers))),
                .div(.dt(.text("Inskickad")), .dd(.text(SwedishDateTime.format(submission.submittedAt)))),
                .div(.dt(.text("Av")), .dd(.text(submission.submittedBy))),
                .div(.dt(.text("Version")), .dd(.text(String(submission.version))))),
            .if(submission.late, Blocks.notice("warning", heading: "Inskickad efter sista dag", .p(.text("Sista dag var \(ctx.deadline.swedish)."))) ),
            .p(.text("Svaren i den här versionen är låsta. Socialstyrelsen kan begära komplettering; då öppnas rapporten som en ny version och den här finns kvar.")),
            .ul(.class("downloads"),
                .li(.a(.href(SiteURL.printView(reportID, version: submission.version)), .text("Utskrift av rapporten"))),
                .li(.a(.href(SiteURL.reports), .text("Till dina rapporter"))))
        )
    }
}
