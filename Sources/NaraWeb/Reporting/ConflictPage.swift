import Foundation
import NaraCore
import NaraPersistence
import Plot

/// Two people saved the same answer: show both and let the person choose.
struct ConflictPage {
    let ctx: ReportContext
    let question: Question
    let mine: String
    let theirs: AnswerModel
    let section: Int
    let csrf: String

    func render() -> String {
        let reportID = ctx.report.id!
        return Layout.render(title: "Svaret har ändrats av någon annan",
                             breadcrumbs: [("Rapporter", SiteURL.reports), (ctx.title, SiteURL.report(reportID)), ("Välj svar", nil)],
                             current: SiteURL.reports,
            .h1(.text("Svaret har ändrats av någon annan")),
            .p(.class("lead"), .text("\(theirs.updatedBy) sparade ett annat svar på fråga \(question.number) \(SwedishDateTime.format(theirs.updatedAt)), medan du skrev. Välj vilket svar som ska gälla.")),
            .p(.strong(.text("\(question.number). \(question.text)"))),
            .div(.class("conflict"),
                .section(.class("conflict-option"),
                    .h2(.text("Ditt svar")),
                    .div(.class("conflict-value"), .id("ditt-svar"), .forEach(mine.split(separator: "\n").map(String.init)) { .p(.text($0)) }),
                    .form(.method(.post), .action(SiteURL.resolveConflict(reportID)),
                          Forms.csrf(csrf),
                          .input(.type(.hidden), .name("question"), .attr("value", question.id, keepEmpty: true)),
                          .input(.type(.hidden), .name("value"), .attr("value", mine, keepEmpty: true)),
                          .input(.type(.hidden), .name("revision"), .value(String(theirs.revision))),
                          .input(.type(.hidden), .name("section"), .value(String(section))),
                          Forms.submit("Använd mitt svar"))),
                .section(.class("conflict-option"),
                    .h2(.text("\(theirs.updatedBy)s svar")),
                    .div(.class("conflict-value"), .id("deras-svar"), .forEach(AnswerFormatter.display(theirs.value, for: question).split(separator: "\n").map(String.init)) { .p(.text($0)) }),
                    .p(.a(.class("button button-secondary"), .href(SiteURL.section(reportID, section)), .text("Behåll deras svar")))))
        )
    }
}
