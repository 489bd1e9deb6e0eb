import Foundation
import NaraCore
import NaraPersistence
import Plot

/// "Kontrollera dina svar": every answer by section, with change links, then submit.
struct CheckPage {
    let ctx: ReportContext
    let missing: [Question]
    let editable: Bool
    let csrf: String
    /// Why a submission was refused (a locked period, a report already submitted), shown in the summary.
    var refusal: String? = nil

    func render() -> String {
        let reportID = ctx.report.id!
        let values = ctx.values
        let files = ctx.attachments()
        let summary = missing.map { q in FieldError(field: "fraga-" + q.id, message: "\(q.number). Frågan måste besvaras: \(q.text.prefix(80))…") }
            + (refusal.map { [FieldError(field: "skicka-in", message: $0)] } ?? [])
        return Layout.render(title: "Kontrollera dina svar – \(ctx.title)",
                             breadcrumbs: [("Rapporter", SiteURL.reports), (ctx.title, SiteURL.report(reportID)), ("Kontrollera", nil)],
                             current: SiteURL.reports,
            Forms.errorSummary(summary),
            .h1(.text("Kontrollera dina svar")),
            .p(.class("lead"), .text("\(ctx.title). Läs igenom svaren innan du skickar in. Du kan ändra ett avsnitt via länken vid det.")),
            .forEach(Array(ctx.definition.sections.enumerated())) { i, section in
                .section(.class("check-section"),
                    .h2(.text(Wording.breakingAfterSlashes(section.heading))),
                    .p(.a(.href(SiteURL.section(reportID, i)), .text("Ändra"), .span(.class("visually-hidden"), .text(" " + section.heading)))),
                    .forEach(section.questions.filter { FormLogic.isVisible($0, answers: values) }) { q in
                        .div(.id("fraga-" + q.id), FormFields.answerRow(q, value: values[q.id] ?? "", comment: ctx.answers[q.id]?.comment ?? "",
                                                                                attachment: files[q.id]))
                    })
            },
            .h2(.id("skicka-in"), .text("Skicka in rapporten")),
            editable
                ? .form(.method(.post), .action(SiteURL.submit(reportID)),
                        Forms.csrf(csrf),
                        .p(.text("När du skickar in låses svaren. Du får ett kvitto med referensnummer.")),
                        Forms.submit("Skicka in"))
                : .p(.text("Rapporten kan inte skickas in just nu."))
        )
    }
}
