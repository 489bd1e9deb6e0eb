import Fluent
import Foundation
import NaraCore
import NaraPersistence
import Vapor

/// Filling in, checking, submitting, printing and reviewing reports.
struct ReportRoutes: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let read = AccessRule.report(.readOrganisation, parameter: "report")
        let write = AccessRule.report(.changeOwnOrganisation, parameter: "report")
        let review = AccessRule.report(.reviewReports, parameter: "report")
        routes.on(.GET, "rapporter", rule: .signedIn, use: Self.taskList)
        routes.on(.GET, "rapporter", ":report", rule: read, use: Self.overview)
        routes.on(.GET, "rapporter", ":report", "avsnitt", ":section", rule: read, use: Self.section)
        routes.on(.POST, "rapporter", ":report", "avsnitt", ":section", rule: write, body: .collect(maxSize: "25mb"), use: Self.saveSection)
        routes.on(.POST, "rapporter", ":report", "konflikt", rule: write, use: Self.resolveConflict)
        routes.on(.GET, "rapporter", ":report", "kontrollera", rule: read, use: Self.check)
        routes.on(.POST, "rapporter", ":report", "skicka-in", rule: write, use: Self.submit)
        routes.on(.GET, "rapporter", ":report", "kvitto", ":version", rule: read, use: Self.receipt)
        routes.on(.GET, "rapporter", ":report", "utskrift", rule: read, use: Self.printView)
        routes.on(.GET, "rapporter", ":report", "versioner", rule: read, use: Self.versions)
        routes.on(.POST, "rapporter", ":report", "godkann", rule: review, use: Self.approve)
        routes.on(.POST, "rapporter", ":report", "komplettering", rule: review, use: Self.requestCompletion)
    }

    static func context(_ req: Request) async throws -> ReportContext {
        guard let id = req.parameters.get("report").flatMap(UUID.init(uuidString:)), let ctx = try await ReportService.load(id, on: req.db)
        else { throw Abort(.notFound, reason: "Rapporten finns inte.") }
        return ctx
    }

    /// Whether this person may change this report now.
    static func editable(_ ctx: ReportContext, _ req: Request) -> Bool {
        guard let p = req.principal else { return false }
        return AccessPolicy.may(p.standing, .changeOwnOrganisation, organisation: ctx.organisation.id!.uuidString) && ctx.canEdit(today: req.today)
    }

    static func canReview(_ req: Request) -> Bool {
        req.principal.map { AccessPolicy.may($0.standing, .reviewReports) } ?? false
    }

    @Sendable static func taskList(req: Request) async throws -> Response {
        let p = req.principal!
        let reports = try await ReportModel.query(on: req.db).filter(\.$organisationID == p.organisation.requireID()).all()
        var items: [TaskListPage.Item] = []
        for r in reports {
            guard let ctx = try await ReportService.load(r.requireID(), on: req.db) else { continue }
            items.append(.init(id: r.id!, title: "\(ctx.reportKind.swedishName) \(ctx.assignment.agreementYear): \(ctx.definition.title)", covers: ctx.covers,
                               year: ctx.assignment.agreementYear,
                               status: ctx.status(today: req.today), deadline: ctx.deadline, lastChanged: r.lastChangedAt))
        }
        let canFollow = AccessPolicy.may(p.standing, .reviewReports)
        return req.page { TaskListPage(organisationName: p.organisation.name, items: items.sorted { $0.deadline > $1.deadline }, canFollow: canFollow).render() }
    }

    @Sendable static func overview(req: Request) async throws -> Response {
        try await overviewPage(req, try await context(req))
    }

    /// The report's page; after a refused review action with the refusal at its field and what was typed kept.
    static func overviewPage(_ req: Request, _ ctx: ReportContext, status: HTTPResponseStatus = .ok, message: String = "",
                             errors: [FieldError] = []) async throws -> Response {
        let others = try await ReportService.presence(ctx.report.requireID(), user: req.principal!.user, now: req.now, board: req.presenceBoard, on: req.db)
        let submissions = try await ReportService.submissions(ctx.report.requireID(), on: req.db)
        let csrf = CSRFMiddleware.token(for: req)
        return req.page(status: status) {
            ReportOverviewPage(ctx: ctx, status: ctx.status(today: req.today), editable: editable(ctx, req), canReview: canReview(req),
                               submissions: submissions, others: others, csrf: csrf, today: req.today, message: message, errors: errors).render()
        }
    }

    static func sectionIndex(_ req: Request, _ ctx: ReportContext) throws -> Int {
        guard let raw = req.parameters.get("section"), let n = Int(raw), n >= 1, n <= ctx.definition.sections.count else {
            throw Abort(.notFound, reason: "Avsnittet finns inte.")
        }
        return n - 1
    }

    @Sendable static func section(req: Request) async throws -> Response {
        let ctx = try await context(req)
        let index = try sectionIndex(req, ctx)
        let others = try await ReportService.presence(ctx.report.requireID(), user: req.principal!.user, now: req.now, board: req.presenceBoard, on: req.db)
        if editable(ctx, req), ctx.report.lastSection != index {
            try await ReportService.rememberSection(ctx.report.requireID(), index, on: req.db)
        }
        let csrf = CSRFMiddleware.token(for: req)
        let saved = req.query[String.self, at: "sparat"] != nil
        return req.page {
            SectionPage(ctx: ctx, index: index, editable: editable(ctx, req), errors: [:], typed: [:], others: others, csrf: csrf,
                        today: req.today, saved: saved).render()
        }
    }

    /// The section's form without JavaScript: every question's value, comment and revision.
    @Sendable static func saveSection(req: Request) async throws -> Response {
        let ctx = try await context(req)
        let index = try sectionIndex(req, ctx)
        let fields = try FormBody.fields(req)
        guard editable(ctx, req) else { return try closedSection(req, ctx, index, fields, "Rapporten kan inte ändras just nu.") }
        let outcome = try await SectionSave.save(ctx, section: index, fields: fields, files: try FormBody.files(req), by: Actor.of(req),
                                                 today: req.today, now: req.now, on: req.db, group: req.groupCommit)
        let reportID = try ctx.report.requireID()
        let csrf = CSRFMiddleware.token(for: req)
        switch outcome {
        case .closed(let message):
            return try closedSection(req, try await ReportService.load(reportID, on: req.db) ?? ctx, index, fields, message)
        case .conflict(let q, let mine, let theirs):
            return req.page(status: .conflict) { ConflictPage(ctx: ctx, question: q, mine: mine, theirs: theirs, section: index, csrf: csrf).render() }
        case .invalid(let errors, let typed):
            let current = try await ReportService.load(reportID, on: req.db) ?? ctx
            return req.page(status: .unprocessableEntity) {
                SectionPage(ctx: current, index: index, editable: true, errors: errors, typed: typed, others: [], csrf: csrf, today: req.today, saved: false).render()
            }
        case .saved:
            if fields.first("action") == "next" {
                return req.seeOther(index + 1 < ctx.definition.sections.count ? SiteURL.section(reportID, index + 1) : SiteURL.check(reportID))
            }
            return req.seeOther(SiteURL.section(reportID, index) + "?sparat=1")
        }
    }

    /// A section sent to a report that cannot change now (submitted, locked, not open): the section again (409),
    /// read-only, with what was typed shown and the reason at its first question.
    static func closedSection(_ req: Request, _ ctx: ReportContext, _ index: Int, _ fields: FormBody.Fields, _ message: String) throws -> Response {
        let questions = ctx.definition.sections[index].questions
        let typed = Dictionary(questions.compactMap { q in fields.first("value_\(q.id)").map { (q.id, $0) } }, uniquingKeysWith: { a, _ in a })
        let errors = questions.first.map { [$0.id: message + " Det du skrev står kvar nedan så att du kan spara det på annat sätt."] } ?? [:]
        let csrf = CSRFMiddleware.token(for: req)
        return req.page(status: .conflict) {
            SectionPage(ctx: ctx, index: index, editable: false, errors: errors, typed: typed, others: [], csrf: csrf, today: req.today, saved: false).render()
        }
    }

    @Sendable static func resolveConflict(req: Request) async throws -> Response {
        let ctx = try await context(req)
        let fields = try FormBody.fields(req)
        guard let qid = fields.first("question"), let q = ctx.definition.question(qid),
              let section = ctx.definition.sectionIndex(of: qid) else { throw Abort(.badRequest, reason: "Frågan finns inte.") }
        let revision = Int(fields.first("revision") ?? "0") ?? 0
        let raw = fields.first("value") ?? ""
        let input: AnswerInput = q.type == .multipleChoice ? .choices(raw.split(separator: "\n").map(String.init)) : .text(raw)
        switch try await ReportService.saveAnswer(reportID: ctx.report.requireID(), definition: ctx.definition, questionID: qid, input: input, comment: nil, expectedRevision: revision,
                                                  by: req.principal!.user.name, today: req.today, now: req.now, on: req.db, group: req.groupCommit) {
        case .saved: req.flash("Ditt svar på fråga \(q.number) är sparat.")
        case .conflict: req.flash("Svaret har ändrats igen. Kontrollera fråga \(q.number).")
        case .invalid(let m), .closed(let m): req.flash(m)
        }
        return req.seeOther(SiteURL.section(ctx.report.id!, section))
    }

    @Sendable static func check(req: Request) async throws -> Response {
        let ctx = try await context(req)
        let missing = req.query[String.self, at: "fel"] != nil ? FormLogic.missingRequired(ctx.definition, answers: ctx.values) : []
        let csrf = CSRFMiddleware.token(for: req)
        return req.page(status: missing.isEmpty ? .ok : .unprocessableEntity) { CheckPage(ctx: ctx, missing: missing, editable: editable(ctx, req), csrf: csrf).render() }
    }

    @Sendable static func submit(req: Request) async throws -> Response {
        let ctx = try await context(req)
        let p = req.principal!
        switch try await ReportService.submit(ctx, by: "\(p.user.name) (\(p.user.email))", audit: Actor.of(req), today: req.today, now: req.now, on: req.db) {
        case .success(let s):
            return req.seeOther(SiteURL.receipt(ctx.report.id!, s.version))
        case .failure(.missing):
            return req.seeOther(SiteURL.check(ctx.report.id!) + "?fel=1")
        case .failure(.closed(let message)):
            let current = try await ReportService.load(ctx.report.requireID(), on: req.db) ?? ctx
            let csrf = CSRFMiddleware.token(for: req)
            return req.page(status: .conflict) {
                CheckPage(ctx: current, missing: [], editable: editable(current, req), csrf: csrf, refusal: message).render()
            }
        }
    }

    static func submission(_ req: Request, _ ctx: ReportContext, version: Int?) async throws -> SubmissionModel? {
        let all = try await ReportService.submissions(ctx.report.requireID(), on: req.db)
        guard let version else { return nil }
        guard let s = all.first(where: { $0.version == version }) else { throw Abort(.notFound, reason: "Versionen finns inte.") }
        return s
    }

    @Sendable static func receipt(req: Request) async throws -> Response {
        let ctx = try await context(req)
        guard let version = req.parameters.get("version").flatMap(Int.init), let s = try await submission(req, ctx, version: version)
        else { throw Abort(.notFound, reason: "Kvittot finns inte.") }
        return req.page { ReceiptPage(ctx: ctx, submission: s).render() }
    }

    @Sendable static func printView(req: Request) async throws -> Response {
        let ctx = try await context(req)
        let version = try RequestParameters.version(req)
        let s = try await submission(req, ctx, version: version)
        let answers = s.map(ReportService.frozenAnswers) ?? ctx.answers.mapValues { ($0.value, $0.comment) }
        return req.page { PrintPage(ctx: ctx, submission: s, answers: answers).render() }
    }

    @Sendable static func versions(req: Request) async throws -> Response {
        let ctx = try await context(req)
        let all = try await ReportService.submissions(ctx.report.requireID(), on: req.db)
        guard let last = all.last else { throw Abort(.notFound, reason: "Rapporten har inga inskickade versioner.") }
        let fromN = req.query[Int.self, at: "fran"] ?? max(1, last.version - 1)
        let toN = req.query[Int.self, at: "till"] ?? last.version
        guard let from = all.first(where: { $0.version == fromN }), let to = all.first(where: { $0.version == toN }) else {
            throw Abort(.notFound, reason: "Versionen finns inte.")
        }
        return req.page { VersionsPage(ctx: ctx, submissions: all, from: from, to: to).render() }
    }

    @Sendable static func approve(req: Request) async throws -> Response {
        let ctx = try await context(req)
        if case .failure(let refusal) = try await ReportService.approve(ctx, by: Actor.of(req), now: req.now, on: req.db) {
            let current = try await ReportService.load(ctx.report.requireID(), on: req.db) ?? ctx
            return try await overviewPage(req, current, status: .conflict, errors: [FieldError(field: "granska", message: refusal.description)])
        }
        req.flash("Rapporten är godkänd.")
        return req.seeOther(SiteURL.report(ctx.report.id!))
    }

    /// Asks for completion; an empty or over-long message (422) or a report that cannot be reopened (409) comes back to the report's page.
    @Sendable static func requestCompletion(req: Request) async throws -> Response {
        let ctx = try await context(req)
        let typed = (try? req.content.get(String.self, at: "message")) ?? ""
        let message = typed.trimmingCharacters(in: .whitespacesAndNewlines)
        switch try await ReportService.requestCompletion(ctx, message: message, by: Actor.of(req), now: req.now, on: req.db) {
        case .failure(let refusal):
            let current = try await ReportService.load(ctx.report.requireID(), on: req.db) ?? ctx
            return try await overviewPage(req, current, status: refusal == .completionMessage ? .unprocessableEntity : .conflict,
                                          message: typed, errors: [FieldError(field: "message", message: refusal.description)])
        case .success(let version):
            req.flash("Kompletteringen är begärd; rapporten är öppen som version \(version).")
            return req.seeOther(SiteURL.report(ctx.report.id!))
        }
    }
}
