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

    static func page(_ req: Request, json: String = "", problems: [DefinitionProblem] = [], roundErrors: [FieldError] = [],
                     roundTyped: [String: String] = [:], draftErrors: [FieldError] = [], draftTyped: [String: String] = [:],
                     status: HTTPResponseStatus = .ok) async throws -> Response {
        let defs = try await FormDefinitionModel.query(on: req.db).sort(\.$formKey).sort(\.$version, .descending).all()
        let rounds = try await StatusBoardQuery.rounds(on: req.db)
        let years = try await AgreementStore.list(on: req.db).map(\.year)
        let offers = try await RoundOfferAdmin.offers(on: req.db)
        let reviewers = try await RoundReviewers.all(on: req.db)
        let drafts = try await FormDrafts.all(on: req.db)
        let csrf = CSRFMiddleware.token(for: req)
        return req.page(status: status) {
            FormAdminPage(definitions: defs, rounds: rounds, years: years, csrf: csrf, json: json, problems: problems, roundErrors: roundErrors,
                 offers: offers, reviewers: reviewers, roundTyped: roundTyped, drafts: drafts, draftErrors: draftErrors, draftTyped: draftTyped).render()
        }
    }

    @Sendable static func list(req: Request) async throws -> Response { try await page(req) }

    @Sendable static func upload(req: Request) async throws -> Response {
        let json = (try? req.content.get(String.self, at: "definition")) ?? ""
        do {
            return try await storeUploaded(try FormValidator.parse(json), req: req)
        } catch let error as FormDefinitionError {
            return try await page(req, json: json, problems: error.problems, status: .unprocessableEntity)
        }
    }

    /// A questionnaire uploaded whole (JSON or a workbook), valid: stored as the next version with its
    /// audit entry in one transaction, or left as it is when it equals the latest version.
    static func storeUploaded(_ definition: FormDefinition, req: Request) async throws -> Response {
        let (model, created) = try await req.db.transaction { tx in
            let (model, created) = try await ReportService.storeDefinition(definition, by: req.principal!.user.email, now: req.now, on: tx)
            if created {
                try await AuditLog.record(.create, entity: "form_definition", id: model.id!.uuidString,
                                          after: ["formulär": model.formKey, "version": String(model.version), "titel": model.title], on: req, db: tx)
            }
            return (model, created)
        }
        req.flash(created ? "Formuläret är sparat som version \(model.version)." : "Formuläret är oförändrat; version \(model.version) gäller.")
        return req.seeOther(SiteURL.adminForm(model.id!))
    }

    @Sendable static func preview(req: Request) async throws -> Response {
        guard let id = req.parameters.get("form").flatMap(UUID.init(uuidString:)), let m = try await FormDefinitionModel.find(id, on: req.db)
        else { throw Abort(.notFound, reason: "Formuläret finns inte.") }
        let d = try ReportService.definition(m)
        let draft = try await FormDraftModel.query(on: req.db).filter(\.$formKey == m.formKey).first()
        return req.page { FormPreviewPage(model: m, definition: d, csrf: CSRFMiddleware.token(for: req), draft: draft).render() }
    }

    @Sendable static func createRound(req: Request) async throws -> Response {
        let fields = try FormBody.fields(req)
        switch try await RoundForm.read(fields, on: req.db) {
        case .invalid(let errors):
            let typed = Dictionary(["form", "year", "recipients", "kind", "opens", "deadline", "reviewer"].compactMap { k in fields.first(k).map { (k, $0) } },
                                   uniquingKeysWith: { a, _ in a })
            return try await page(req, roundErrors: errors, roundTyped: typed, status: .unprocessableEntity)
        case .valid(let form):
            _ = try await ReportRounds.create(form, by: Actor.of(req), now: req.now, on: req.db)
            req.flash("Rapportomgången är skapad.")
            return req.seeOther(SiteURL.adminForms)
        }
    }

    @Sendable static func toggleLock(req: Request) async throws -> Response {
        guard let id = req.parameters.get("assignment").flatMap(UUID.init(uuidString:)),
              let locked = try await ReportRounds.toggleLock(id, by: Actor.of(req), now: req.now, on: req.db)
        else { throw Abort(.notFound, reason: "Rapportomgången finns inte.") }
        req.flash(locked ? "Perioden är låst." : "Perioden är upplåst.")
        return req.seeOther(SiteURL.adminForms)
    }

    @Sendable static func reminders(req: Request) async throws -> Response {
        let list = try await ReminderModel.query(on: req.db).sort(\.$createdAt, .descending).limit(200).all()
        let csrf = CSRFMiddleware.token(for: req)
        let configured = req.config.smtp != nil
        return req.page { RemindersPage(reminders: list, mailConfigured: configured, csrf: csrf).render() }
    }

    @Sendable static func sendReminders(req: Request) async throws -> Response {
        let outcome = try await Reminders.run(today: req.today, config: req.config, now: req.now, on: req.db)
        req.flash("\(outcome.created) påminnelser skapade, \(outcome.sent) skickade med e-post." + (outcome.failures.isEmpty ? "" : " Fel: " + outcome.failures.joined(separator: "; ")))
        return req.seeOther(SiteURL.adminReminders)
    }
}
