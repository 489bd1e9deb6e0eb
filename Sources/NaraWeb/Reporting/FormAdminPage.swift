import Foundation
import NaraCore
import NaraPersistence
import Plot

/// Questionnaires and report rounds for administrators: upload a questionnaire, create a round
/// (or take one the agreements' milestones offer), lock a period.
struct FormAdminPage {
    let definitions: [FormDefinitionModel]
    let rounds: [StatusBoardQuery.Round]
    let years: [Int]
    let csrf: String
    let json: String
    let problems: [DefinitionProblem]
    let roundErrors: [FieldError]
    /// Rounds the agreements' milestones ask for, not created yet.
    let offers: [RoundOffer]
    let reviewers: [UUID: String]
    /// A refused round's fields as they were sent.
    var roundTyped: [String: String] = [:]
    /// Questionnaires being built or changed, not yet published.
    var drafts: [FormDraftModel] = []
    /// A refused new questionnaire's messages and fields as sent.
    var draftErrors: [FieldError] = []
    var draftTyped: [String: String] = [:]

    var draftsPart: Node<HTML.BodyContext> {
        .group(
            .h3(.text("Utkast")),
            drafts.isEmpty ? .p(.text("Inga utkast just nu.")) :
                .ul(.forEach(drafts) { m in
                    .li(.a(.href(SiteURL.adminDraft(m.id!)), .text((try? FormDrafts.decode(m.definition).title) ?? m.formKey)),
                        .text(" – ändrat \(SwedishDateTime.format(m.updatedAt)) av \(m.updatedBy)"))
                }),
            .h3(.id("nytt-formular"), .text("Nytt formulär")),
            .form(.method(.post), .action(SiteURL.adminDrafts), .class("narrow-form"),
                  Forms.csrf(csrf),
                  Forms.field("Id", name: "key", value: draftTyped["key"] ?? "",
                              hint: "Stabilt namn för uppföljningen, till exempel regioner-lagesrapport-2024: bokstäverna a–z, siffror, - och _.", errors: draftErrors),
                  Forms.field("Titel", name: "title", value: draftTyped["title"] ?? "", errors: draftErrors),
                  Forms.submit("Börja bygga formuläret")))
    }

    func render() -> String {
        Layout.render(title: "Formulär och rapportomgångar", breadcrumbs: [("Administration", SiteURL.admin), ("Formulär", nil)], current: SiteURL.admin,
            .h1(.text("Formulär och rapportomgångar")),
            .if(!problems.isEmpty, .div(.class("error-summary"), .attribute(named: "role", value: "alert"), .id("felsammanfattning"),
                .h2(.class("error-summary-title"), .text("Formuläret sparades inte (\(problems.count) fel)")),
                .ul(.forEach(problems) { .li(.a(.href("#definition"), .text($0.description))) }))),
            Forms.errorSummary(roundErrors + draftErrors),
            .h2(.text("Formulär")),
            .p(.text("Bygg ett formulär på sidan, kopiera ett tidigare års formulär till ett nytt utkast (öppna formuläret och välj ”Kopiera”), eller "),
               .a(.href("/admin/formular/arbetsbok"), .text("arbeta med formuläret i Excel")), .text(".")),
            .div(.class("table-wrap"), .attribute(named: "tabindex", value: "0"), .table(
                .caption(.text("Sparade formulär och versioner")),
                .thead(.tr(Blocks.col("Formulär"), Blocks.col("Version", numeric: true), Blocks.col("Frågor", numeric: true), Blocks.col("Sparat"))),
                .tbody(.forEach(definitions) { d in
                    .tr(Blocks.rowHeader(.a(.href(SiteURL.adminForm(d.id!)), .text(d.title)), .text(" "), .code(.text(d.formKey))),
                        Blocks.num(String(d.version)),
                        Blocks.num(String((try? ReportService.definition(d).questions.count) ?? 0)),
                        Blocks.cell(SwedishDateTime.format(d.createdAt) + ", " + d.createdBy))
                }))),
            draftsPart,
            .h3(.text("Ladda upp eller ändra ett formulär i JSON")),
            .p(.text("Klistra in definitionen i JSON (se docs/FORMS.md). Ett formulär med samma id som redan finns sparas som en ny version; den gamla ändras aldrig.")),
            .form(.method(.post), .action(SiteURL.adminForms),
                  Forms.csrf(csrf),
                  .div(.class("field" + (problems.isEmpty ? "" : " field-error")),
                       .label(.for("definition"), .text("Definition (JSON)")),
                       .if(!problems.isEmpty, .p(.class("error-message"), .id("definition-error"), .span(.class("visually-hidden"), .text("Fel: ")),
                                                 .text("Formuläret har \(problems.count) fel; de står i listan överst."))),
                       .element(named: "textarea", nodes: [Node<HTML.BodyContext>.attribute(named: "id", value: "definition"),
                                                           .attribute(named: "name", value: "definition"), .attribute(named: "rows", value: "14"),
                                                           .if(!problems.isEmpty, .attribute(named: "aria-describedby", value: "definition-error")),
                                                           .if(!problems.isEmpty, .attribute(named: "aria-invalid", value: "true")),
                                                           .class("code-input"), .text(json)])),
                  Forms.submit("Kontrollera och spara")),
            .h2(.text("Rapportomgångar")),
            .div(.class("table-wrap"), .attribute(named: "tabindex", value: "0"), .table(
                .caption(.text("Omgångar")),
                .thead(.tr(Blocks.col("Omgång"), Blocks.col("Mottagare"), Blocks.col("Granskas av"), Blocks.col("Öppnar"), Blocks.col("Sista dag"), Blocks.col("Låst"))),
                .tbody(.forEach(rounds) { r in
                    .tr(Blocks.rowHeader(.a(.href(SiteURL.statusBoard(r.assignment.id!)), .text(r.title))),
                        Blocks.cell(RoundOffers.recipientsName(r.assignment.recipientKind)),
                        Blocks.cell(reviewers[r.assignment.id!] ?? "–"),
                        Blocks.cell(CivilDate(iso: r.assignment.opensOn)?.swedish ?? ""),
                        Blocks.cell(CivilDate(iso: r.assignment.deadline)?.swedish ?? ""),
                        .td(.text(r.assignment.locked ? "Ja " : "Nej "),
                            Forms.button(r.assignment.locked ? "Lås upp" : "Lås perioden", action: SiteURL.adminLock(r.assignment.id!), csrf: csrf,
                                         label: (r.assignment.locked ? "Lås upp " : "Lås ") + r.title)))
                }))),
            RoundOfferAdmin.section(offers, definitions: definitions, csrf: csrf),
            .h3(.text("Ny rapportomgång")),
            .form(.method(.post), .action(SiteURL.adminAssignments), .class("narrow-form"),
                  Forms.csrf(csrf),
                  Forms.select("Formulär", name: "form", options: definitions.map { ($0.id!.uuidString, "\($0.title), version \($0.version)") },
                               selected: roundTyped["form"], errors: roundErrors),
                  Forms.select("Överenskommelse", name: "year", options: years.map { (String($0), String($0)) }, selected: roundTyped["year"], errors: roundErrors),
                  Forms.select("Mottagare", name: "recipients", options: [("rss", "RSS (kommunerna i länet)"), ("region", "Regioner"), ("skr", "SKR")],
                               selected: roundTyped["recipients"], errors: roundErrors),
                  Forms.select("Slag av rapport", name: "kind", options: ReportKind.allCases.map { ($0.rawValue, $0.swedishName) }, selected: roundTyped["kind"],
                               errors: roundErrors),
                  Forms.field("Öppnar", name: "opens", value: roundTyped["opens"] ?? "", type: .date, errors: roundErrors),
                  Forms.field("Sista dag", name: "deadline", value: roundTyped["deadline"] ?? "", type: .date, errors: roundErrors),
                  Forms.field("Granskas av", name: "reviewer", value: roundTyped["reviewer"] ?? "Socialstyrelsen", hint: "Den som tar emot och granskar rapporterna.",
                              errors: roundErrors),
                  Forms.submit("Skapa omgång")),
            .p(.a(.href(SiteURL.adminReminders), .text("Påminnelser")))
        )
    }
}
