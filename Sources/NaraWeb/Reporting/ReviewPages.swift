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

    func render() -> String {
        let reportID = ctx.report.id!
        let values = ctx.values
        let summary = missing.map { q in FieldError(field: "fraga-" + q.id, message: "\(q.number). Frågan måste besvaras: \(q.text.prefix(80))…") }
        return Layout.render(title: "Kontrollera dina svar – \(ctx.title)",
                             breadcrumbs: [("Rapporter", SiteURL.reports), (ctx.title, SiteURL.report(reportID)), ("Kontrollera", nil)],
                             current: SiteURL.reports,
            Forms.errorSummary(summary),
            .h1(.text("Kontrollera dina svar")),
            .p(.class("lead"), .text("\(ctx.title). Läs igenom svaren innan du skickar in. Du kan ändra ett avsnitt via länken vid det.")),
            .forEach(Array(ctx.definition.sections.enumerated())) { i, section in
                .section(.class("check-section"),
                    .h2(.text(section.heading)),
                    .p(.a(.href(SiteURL.section(reportID, i)), .text("Ändra"), .span(.class("visually-hidden"), .text(" " + section.heading)))),
                    .forEach(section.questions.filter { FormLogic.isVisible($0, answers: values) }) { q in
                        .div(.id("fraga-" + q.id), FormFields.answerRow(q, value: values[q.id] ?? "", comment: ctx.answers[q.id]?.comment ?? ""))
                    })
            },
            .h2(.text("Skicka in rapporten")),
            editable
                ? .form(.method(.post), .action(SiteURL.submit(reportID)),
                        Forms.csrf(csrf),
                        .p(.text("När du skickar in låses svaren. Du får ett kvitto med referensnummer.")),
                        Forms.submit("Skicka in"))
                : .p(.text("Rapporten kan inte skickas in just nu."))
        )
    }
}

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

/// The whole report as a document, for printing to paper or PDF.
struct PrintPage {
    let ctx: ReportContext
    let submission: SubmissionModel?
    let answers: [String: (value: String, comment: String)]

    func render() -> String {
        let values = answers.mapValues(\.value)
        return Layout.render(title: "Utskrift – \(ctx.title)",
            .article(.class("print-document"),
                .header(.class("print-header"),
                    .p(.class("muted"), .text("Socialstyrelsen · \(ctx.reportKind.swedishName) · överenskommelsen \(ctx.assignment.agreementYear)")),
                    .h1(.text(ctx.definition.title)),
                    .p(.strong(.text(ctx.organisation.name))),
                    .unwrap(submission) { s in .p(.text("Inskickad \(SwedishDateTime.format(s.submittedAt)) av \(s.submittedBy). Referensnummer \(s.reference). Version \(s.version)."))},
                    .if(submission == nil, .p(.text("Utkast – inte inskickat. Utskrivet från Nära.")))),
                .forEach(ctx.definition.introduction) { .p(.text($0)) },
                .forEach(ctx.definition.sections) { section in
                    .section(.class("print-section"),
                        .h2(.text(section.heading)),
                        .forEach(section.introduction) { .p(.class("quote"), .text($0)) },
                        .forEach(section.questions.filter { FormLogic.isVisible($0, answers: values) }) { q in
                            FormFields.answerRow(q, value: answers[q.id]?.value ?? "", comment: answers[q.id]?.comment ?? "")
                        })
                })
        )
    }
}

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

/// Every recipient's report in a round, for analysts.
struct StatusBoardPage {
    struct Row {
        let reportID: UUID
        let organisation: String
        let county: String
        let status: ReportStatus
        let lastChanged: Date?
        let submittedAt: Date?
        let late: Bool
        let flagged: Bool
    }

    let title: String
    let assignmentID: UUID
    let deadline: CivilDate
    let rows: [Row]
    let county: String
    let status: String
    /// Which page of the table (from 1); a round with many recipients is shown `perPage` at a time.
    var page: Int = 1
    static let perPage = 200

    func render() -> String {
        let pages = max(1, (rows.count + Self.perPage - 1) / Self.perPage)
        let page = min(max(1, self.page), pages)
        let shown = rows.dropFirst((page - 1) * Self.perPage).prefix(Self.perPage)
        let query = "county=\(county.urlPart)&status=\(status.urlPart)"
        let base = SiteURL.statusBoard(assignmentID)
        let counties: [(value: String, label: String)] = [("", "Alla län")] + Geography.shipped.counties.map { ($0.code, $0.name) }
        let statuses: [(value: String, label: String)] = [("", "Alla statusar")] + ReportStatus.allCases.map { ($0.rawValue, $0.swedishName) }
        let counts = Dictionary(grouping: rows, by: \.status).mapValues(\.count)
        return Layout.render(title: title, breadcrumbs: [("Uppföljning", SiteURL.followUp), (title, nil)], current: SiteURL.followUp,
            .h1(.text(title)),
            .p(.class("lead"), .text("Sista dag \(deadline.swedish). " + ReportStatus.allCases.compactMap { s in counts[s].map { "\(s.swedishName): \($0)" } }.joined(separator: " · "))),
            .form(.method(.get), .action(SiteURL.statusBoard(assignmentID)), .class("filter-form"),
                  Forms.select("Län", name: "county", options: counties, selected: county),
                  Forms.select("Status", name: "status", options: statuses, selected: status),
                  Forms.submit("Filtrera")),
            .ul(.class("downloads"), .li(.a(.href(SiteURL.statusBoardCSV(assignmentID) + "?county=\(county)&status=\(status)"), .text("Ladda ned som CSV")))),
            .div(.class("table-wrap"), .attribute(named: "tabindex", value: "0"), .table(.id("statustavla"),
                .caption(.text(pages == 1 ? "\(rows.count) mottagare" : "\(rows.count) mottagare, sida \(page) av \(pages)")),
                .thead(.tr(Blocks.col("Mottagare"), Blocks.col("Län"), Blocks.col("Status"), Blocks.col("Senast ändrad"), Blocks.col("Inskickad"), Blocks.col("Försenad"))),
                .tbody(.forEach(Array(shown)) { r in
                    .tr(Blocks.rowHeader(.a(.href(SiteURL.report(r.reportID)), .text(r.organisation))),
                        Blocks.cell(r.county),
                        .td(.text(r.status.swedishName), .if(r.flagged, .strong(.class("tag"), .text(" Ändrad efter godkännande")))),
                        Blocks.cell(r.lastChanged.map(SwedishDateTime.format) ?? "–"),
                        Blocks.cell(r.submittedAt.map(SwedishDateTime.format) ?? "–"),
                        Blocks.cell(r.late ? "Ja" : "Nej"))
                }))),
            .if(pages > 1, .nav(.attribute(named: "aria-label", value: "Sidor i statustavlan"), .ul(.class("pager"),
                .if(page > 1, .li(.a(.href(base + "?\(query)&sida=\(page - 1)"), .text("Föregående sida")))),
                .li(.text("Visar \((page - 1) * Self.perPage + 1)–\((page - 1) * Self.perPage + shown.count) av \(rows.count)")),
                .if(page < pages, .li(.a(.href(base + "?\(query)&sida=\(page + 1)"), .text("Nästa sida")))))))
        )
    }
}
