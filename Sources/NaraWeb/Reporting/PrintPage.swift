import Foundation
import NaraCore
import NaraPersistence
import Plot

/// The whole report as a document, for printing to paper or PDF.
struct PrintPage {
    let ctx: ReportContext
    let submission: SubmissionModel?
    let answers: [String: (value: String, comment: String)]

    func render() -> String {
        let values = answers.mapValues(\.value)
        let files = ctx.attachments(for: values)
        return Layout.render(title: "Utskrift – \(ctx.title)",
            .article(.class("print-document"),
                .header(.class("print-header"),
                    .p(.class("muted report-period"), .text("Socialstyrelsen · \(ctx.covers)")),
                    .h1(.text(ctx.definition.title)),
                    .p(.strong(.text(ctx.organisation.name))),
                    .unwrap(submission) { s in .p(.text("Inskickad \(SwedishDateTime.format(s.submittedAt)) av \(s.submittedBy). Referensnummer \(s.reference). Version \(s.version)."))},
                    .if(submission == nil, .p(.text("Utkast – inte inskickat. Utskrivet från Nära.")))),
                .forEach(ctx.definition.introduction) { .p(.text($0)) },
                .forEach(ctx.definition.sections) { section in
                    .section(.class("print-section"),
                        .h2(.text(Wording.breakingAfterSlashes(section.heading))),
                        .forEach(section.introduction) { .p(.class("quote"), .text($0)) },
                        .forEach(section.questions.filter { FormLogic.isVisible($0, answers: values) }) { q in
                            FormFields.answerRow(q, value: answers[q.id]?.value ?? "", comment: answers[q.id]?.comment ?? "", attachment: files[q.id])
                        })
                })
        )
    }
}
