import Foundation
import NaraCore
import NaraPersistence
import Plot

/// What changed between two submitted versions.
struct VersionsPage {
    let ctx: ReportContext
    let submissions: [SubmissionModel]
    let from: SubmissionModel
    let to: SubmissionModel

    func render() -> String {
        let reportID = ctx.report.id!
        let a = ReportService.frozenAnswers(from), b = ReportService.frozenAnswers(to)
        let changed = ctx.definition.questions.filter { q in a[q.id]?.value != b[q.id]?.value || a[q.id]?.comment != b[q.id]?.comment }
        return Layout.render(title: "Versioner – \(ctx.title)",
                             breadcrumbs: [("Rapporter", SiteURL.reports), (ctx.title, SiteURL.report(reportID)), ("Versioner", nil)],
                             current: SiteURL.reports,
            .h1(.text("Ändringar mellan version \(from.version) och \(to.version)")),
            .ul(.forEach(submissions) { s in
                .li(.a(.href(SiteURL.printView(reportID, version: s.version)), .text("Version \(s.version), \(s.reference), \(SwedishDateTime.format(s.submittedAt))")))
            }),
            changed.isEmpty ? .p(.text("Inga svar skiljer sig.")) :
            .div(.class("table-wrap"), .attribute(named: "tabindex", value: "0"), .table(.class("diff"),
                .caption(.text("\(changed.count) ändrade svar")),
                .thead(.tr(Blocks.col("Fråga"), Blocks.col("Version \(from.version)"), Blocks.col("Version \(to.version)"))),
                .tbody(.forEach(changed) { q in
                    .tr(Blocks.rowHeader(.text("\(q.number). \(q.text.prefix(120))")),
                        .td(.class("diff-old"), .text(AnswerFormatter.display(a[q.id]?.value ?? "", for: q) + ((a[q.id]?.comment ?? "").isEmpty ? "" : " — " + a[q.id]!.comment))),
                        .td(.class("diff-new"), .text(AnswerFormatter.display(b[q.id]?.value ?? "", for: q) + ((b[q.id]?.comment ?? "").isEmpty ? "" : " — " + b[q.id]!.comment))))
                })))
        )
    }
}
