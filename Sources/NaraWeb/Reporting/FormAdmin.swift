import Fluent
import Foundation
import NaraCore
import NaraPersistence
import Plot
import Vapor

/// Administration of questionnaires, report rounds and reminders.
struct FormAdminRoutes: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let rule = AccessRule.capability(.manageForms)
        routes.on(.GET, "admin", "formular", rule: rule, use: Self.list)
        routes.on(.POST, "admin", "formular", rule: rule, body: .collect(maxSize: "5mb"), use: Self.upload)
        routes.on(.GET, "admin", "formular", ":form", rule: rule, use: Self.preview)
        routes.on(.POST, "admin", "omgangar", rule: rule, use: Self.createRound)
        routes.on(.POST, "admin", "omgangar", ":assignment", "las", rule: rule, use: Self.toggleLock)
        routes.on(.GET, "admin", "paminnelser", rule: rule, use: Self.reminders)
        routes.on(.POST, "admin", "paminnelser", rule: rule, use: Self.sendReminders)
    }

    struct Page {
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

        func render() -> String {
            Layout.render(title: "Formulär och rapportomgångar", breadcrumbs: [("Administration", SiteURL.admin), ("Formulär", nil)], current: SiteURL.admin,
                .h1(.text("Formulär och rapportomgångar")),
                .if(!problems.isEmpty, .div(.class("error-summary"), .attribute(named: "role", value: "alert"), .id("felsammanfattning"),
                    .h2(.class("error-summary-title"), .text("Formuläret sparades inte (\(problems.count) fel)")),
                    .ul(.forEach(problems) { .li(.a(.href("#definition"), .text($0.description))) }))),
                Forms.errorSummary(roundErrors),
                .h2(.text("Formulär")),
                .div(.class("table-wrap"), .attribute(named: "tabindex", value: "0"), .table(
                    .caption(.text("Sparade formulär och versioner")),
                    .thead(.tr(Blocks.col("Formulär"), Blocks.col("Version", numeric: true), Blocks.col("Frågor", numeric: true), Blocks.col("Sparat"))),
                    .tbody(.forEach(definitions) { d in
                        .tr(Blocks.rowHeader(.a(.href(SiteURL.adminForm(d.id!)), .text("\(d.title) (\(d.formKey))"))),
                            Blocks.num(String(d.version)),
                            Blocks.num(String((try? ReportService.definition(d).questions.count) ?? 0)),
                            Blocks.cell(SwedishDateTime.format(d.createdAt) + ", " + d.createdBy))
                    }))),
                .h3(.text("Ladda upp eller ändra ett formulär")),
                .p(.text("Klistra in definitionen i JSON (se docs/FORMS.md). Ett formulär med samma id som redan finns sparas som en ny version; den gamla ändras aldrig.")),
                .form(.method(.post), .action(SiteURL.adminForms),
                      Forms.csrf(csrf),
                      .div(.class("field" + (problems.isEmpty ? "" : " field-error")),
                           .label(.for("definition"), .text("Definition (JSON)")),
                           .element(named: "textarea", nodes: [Node<HTML.BodyContext>.attribute(named: "id", value: "definition"),
                                                               .attribute(named: "name", value: "definition"), .attribute(named: "rows", value: "14"),
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
                      Forms.select("Formulär", name: "form", options: definitions.map { ($0.id!.uuidString, "\($0.title), version \($0.version)") }, errors: roundErrors),
                      Forms.select("Överenskommelse", name: "year", options: years.map { (String($0), String($0)) }, errors: roundErrors),
                      Forms.select("Mottagare", name: "recipients", options: [("rss", "RSS (kommunerna i länet)"), ("region", "Regioner"), ("skr", "SKR")], errors: roundErrors),
                      Forms.select("Slag av rapport", name: "kind", options: ReportKind.allCases.map { ($0.rawValue, $0.swedishName) }, errors: roundErrors),
                      Forms.field("Öppnar", name: "opens", type: .date, errors: roundErrors),
                      Forms.field("Sista dag", name: "deadline", type: .date, errors: roundErrors),
                      Forms.field("Granskas av", name: "reviewer", value: "Socialstyrelsen", hint: "Den som tar emot och granskar rapporterna.", errors: roundErrors),
                      Forms.submit("Skapa omgång")),
                .p(.a(.href(SiteURL.adminReminders), .text("Påminnelser")))
            )
        }
    }

    static func page(_ req: Request, json: String = "", problems: [DefinitionProblem] = [], roundErrors: [FieldError] = [],
                     status: HTTPResponseStatus = .ok) async throws -> Response {
        let defs = try await FormDefinitionModel.query(on: req.db).sort(\.$formKey).sort(\.$version, .descending).all()
        let rounds = try await StatusBoardQuery.rounds(on: req.db)
        let years = try await AgreementStore.list(on: req.db).map(\.year)
        let offers = try await RoundOfferAdmin.offers(on: req.db)
        let reviewers = try await RoundReviewers.all(on: req.db)
        let csrf = CSRFMiddleware.token(for: req)
        return req.page(status: status) {
            Page(definitions: defs, rounds: rounds, years: years, csrf: csrf, json: json, problems: problems, roundErrors: roundErrors,
                 offers: offers, reviewers: reviewers).render()
        }
    }

    @Sendable static func list(req: Request) async throws -> Response { try await page(req) }

    @Sendable static func upload(req: Request) async throws -> Response {
        let json = (try? req.content.get(String.self, at: "definition")) ?? ""
        do {
            let definition = try FormValidator.parse(json)
            let (model, created) = try await ReportService.storeDefinition(definition, by: req.principal!.user.email, now: req.now, on: req.db)
            if created {
                try await AuditLog.record(.create, entity: "form_definition", id: model.id!.uuidString,
                                          after: ["formulär": model.formKey, "version": String(model.version), "titel": model.title], on: req)
            }
            req.flash(created ? "Formuläret är sparat som version \(model.version)." : "Formuläret är oförändrat; version \(model.version) gäller.")
            return req.seeOther(SiteURL.adminForm(model.id!))
        } catch let error as FormDefinitionError {
            return try await page(req, json: json, problems: error.problems, status: .unprocessableEntity)
        }
    }

    @Sendable static func preview(req: Request) async throws -> Response {
        guard let id = req.parameters.get("form").flatMap(UUID.init(uuidString:)), let m = try await FormDefinitionModel.find(id, on: req.db)
        else { throw Abort(.notFound, reason: "Formuläret finns inte.") }
        let d = try ReportService.definition(m)
        return req.page {
            Layout.render(title: "Förhandsgranskning: \(d.title)", breadcrumbs: [("Administration", SiteURL.admin), ("Formulär", SiteURL.adminForms), (d.title, nil)],
                          current: SiteURL.admin,
                .h1(.text(d.title)),
                .p(.class("muted"), .text("Förhandsgranskning av version \(m.version) som mottagarna ser den (\(d.questions.count) frågor). Inget sparas här.")),
                .forEach(d.introduction) { .p(.text($0)) },
                .forEach(d.sections) { section in
                    .section(.class("preview-section"),
                        .h2(.text(section.heading)),
                        .forEach(section.introduction) { .p(.class("quote"), .text($0)) },
                        .unwrap(d.instruction) { .p(.class("instruction"), .strong(.text($0))) },
                        .forEach(section.questions) { q in FormFields.question(q, answer: nil, editable: true, error: nil) })
                })
        }
    }

    @Sendable static func createRound(req: Request) async throws -> Response {
        let fields = try FormBody.fields(req)
        var errors: [FieldError] = []
        var def: FormDefinitionModel?
        if let id = fields.first("form").flatMap(UUID.init(uuidString:)) { def = try await FormDefinitionModel.find(id, on: req.db) }
        if def == nil { errors.append(FieldError(field: "form", message: "Välj ett formulär.")) }
        let year = fields.first("year").flatMap(Int.init)
        if year == nil { errors.append(FieldError(field: "year", message: "Välj en överenskommelse.")) }
        let recipients = fields.first("recipients") ?? ""
        if !RoundOffers.recipientKinds.map(\.rawValue).contains(recipients) { errors.append(FieldError(field: "recipients", message: "Välj mottagare.")) }
        let reviewer = (fields.first("reviewer") ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        if reviewer.count > 200 { errors.append(FieldError(field: "reviewer", message: "Skriv granskaren med högst 200 tecken.")) }
        let kind = fields.first("kind").flatMap(ReportKind.init(rawValue:))
        if kind == nil { errors.append(FieldError(field: "kind", message: "Välj slag av rapport.")) }
        let opens = fields.first("opens").flatMap(CivilDate.init(iso:))
        let deadline = fields.first("deadline").flatMap(CivilDate.init(iso:))
        if opens == nil { errors.append(FieldError(field: "opens", message: "Ange när omgången öppnar (ÅÅÅÅ-MM-DD).")) }
        if deadline == nil { errors.append(FieldError(field: "deadline", message: "Ange sista dag (ÅÅÅÅ-MM-DD).")) }
        if let o = opens, let d = deadline, d < o { errors.append(FieldError(field: "deadline", message: "Sista dag kan inte vara före öppningsdagen.")) }
        guard errors.isEmpty, let def, let year, let kind, let opens, let deadline else {
            return try await page(req, roundErrors: errors, status: .unprocessableEntity)
        }
        let a = try await ReportService.createAssignment(definition: def, year: year, recipientKind: recipients, reportKind: kind,
                                                         opensOn: opens, deadline: deadline, reviewer: reviewer, now: req.now, on: req.db)
        try await AuditLog.record(.create, entity: "assignment", id: a.id!.uuidString,
                                  after: ["formulär": def.formKey, "version": String(def.version), "år": String(year), "mottagare": recipients,
                                          "slag": kind.rawValue, "öppnar": opens.iso, "sista_dag": deadline.iso, "granskare": reviewer], on: req)
        req.flash("Rapportomgången är skapad.")
        return req.seeOther(SiteURL.adminForms)
    }

    @Sendable static func toggleLock(req: Request) async throws -> Response {
        guard let id = req.parameters.get("assignment").flatMap(UUID.init(uuidString:)), let a = try await AssignmentModel.find(id, on: req.db)
        else { throw Abort(.notFound, reason: "Rapportomgången finns inte.") }
        a.locked.toggle()
        try await a.update(on: req.db)
        try await AuditLog.record(.update, entity: "assignment", id: id.uuidString, before: ["låst": a.locked ? "nej" : "ja"], after: ["låst": a.locked ? "ja" : "nej"], on: req)
        req.flash(a.locked ? "Perioden är låst." : "Perioden är upplåst.")
        return req.seeOther(SiteURL.adminForms)
    }

    @Sendable static func reminders(req: Request) async throws -> Response {
        let list = try await ReminderModel.query(on: req.db).sort(\.$createdAt, .descending).limit(200).all()
        let csrf = CSRFMiddleware.token(for: req)
        let configured = req.config.smtp != nil
        return req.page {
            Layout.render(title: "Påminnelser", breadcrumbs: [("Administration", SiteURL.admin), ("Påminnelser", nil)], current: SiteURL.admin,
                .h1(.text("Påminnelser")),
                .p(.class("lead"), .text("Redigerare får en samlad påminnelse per dag om rapporter som inte är inskickade: 30 och 7 dagar före sista dag och dagen efter. " +
                    (configured ? "De skickas med e-post." : "E-post är inte konfigurerad (NARA_SMTP_HOST), så påminnelserna listas här."))),
                Forms.button("Skapa dagens påminnelser nu", action: SiteURL.adminReminders, csrf: csrf, secondary: false),
                list.isEmpty ? .p(.text("Inga påminnelser ännu.")) :
                .div(.class("table-wrap"), .attribute(named: "tabindex", value: "0"), .table(
                    .caption(.text("Påminnelser, senaste först")),
                    .thead(.tr(Blocks.col("Dag"), Blocks.col("Till"), Blocks.col("Skickad"), Blocks.col("Innehåll"))),
                    .tbody(.forEach(list) { r in
                        .tr(Blocks.rowHeader(.text(CivilDate(iso: r.day)?.swedish ?? r.day)), Blocks.cell(r.email), Blocks.cell(r.sent ? "Ja" : "Nej, listad här"),
                            .td(.forEach(r.body.split(separator: "\n").map(String.init)) { .p(.text($0)) }))
                    }))))
        }
    }

    @Sendable static func sendReminders(req: Request) async throws -> Response {
        let outcome = try await Reminders.run(today: req.today, config: req.config, now: req.now, on: req.db)
        req.flash("\(outcome.created) påminnelser skapade, \(outcome.sent) skickade med e-post." + (outcome.failures.isEmpty ? "" : " Fel: " + outcome.failures.joined(separator: "; ")))
        return req.seeOther(SiteURL.adminReminders)
    }
}
