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

    static func today() -> CivilDate { ReportRules.swedishDate(Date()) }

    static func context(_ req: Request) async throws -> ReportContext {
        guard let id = req.parameters.get("report").flatMap(UUID.init(uuidString:)), let ctx = try await ReportService.load(id, on: req.db)
        else { throw Abort(.notFound, reason: "Rapporten finns inte.") }
        return ctx
    }

    /// Whether this person may change this report now.
    static func editable(_ ctx: ReportContext, _ req: Request) -> Bool {
        guard let p = req.principal else { return false }
        return AccessPolicy.may(p.standing, .changeOwnOrganisation, organisation: ctx.organisation.id!.uuidString) && ctx.canEdit(today: today())
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
            items.append(.init(id: r.id!, title: "\(ctx.reportKind.swedishName) \(ctx.assignment.agreementYear): \(ctx.definition.title)", year: ctx.assignment.agreementYear,
                               status: ctx.status(today: today()), deadline: ctx.deadline, lastChanged: r.lastChangedAt))
        }
        let canFollow = AccessPolicy.may(p.standing, .reviewReports)
        return req.page { TaskListPage(organisationName: p.organisation.name, items: items.sorted { $0.deadline > $1.deadline }, canFollow: canFollow).render() }
    }

    @Sendable static func overview(req: Request) async throws -> Response {
        let ctx = try await context(req)
        let others = try await ReportService.presence(ctx.report.requireID(), user: req.principal!.user, now: req.now, board: req.presenceBoard, on: req.db)
        let submissions = try await ReportService.submissions(ctx.report.requireID(), on: req.db)
        let csrf = CSRFMiddleware.token(for: req)
        return req.page {
            ReportOverviewPage(ctx: ctx, status: ctx.status(today: today()), editable: editable(ctx, req), canReview: canReview(req),
                               submissions: submissions, others: others, csrf: csrf, today: today()).render()
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
            ctx.report.lastSection = index
            try await ctx.report.update(on: req.db)
        }
        let csrf = CSRFMiddleware.token(for: req)
        let saved = req.query[String.self, at: "sparat"] != nil
        return req.page {
            SectionPage(ctx: ctx, index: index, editable: editable(ctx, req), errors: [:], typed: [:], others: others, csrf: csrf,
                        today: today(), saved: saved).render()
        }
    }

    /// The section's form without JavaScript: every question's value, comment and revision.
    @Sendable static func saveSection(req: Request) async throws -> Response {
        let ctx = try await context(req)
        let index = try sectionIndex(req, ctx)
        guard editable(ctx, req) else { throw Abort(.conflict, reason: "Rapporten kan inte ändras just nu.") }
        let fields = try FormBody.fields(req)
        let files = try FormBody.files(req)
        let actor = req.principal!.user.name
        var errors: [String: String] = [:], typed: [String: String] = [:]
        var current = ctx
        for q in ctx.definition.sections[index].questions {
            // Only questions the form carried (each has its revision field); a hidden or absent one is left as it is.
            guard let revisionText = fields.first("revision_\(q.id)") else { continue }
            let revision = Int(revisionText) ?? 0
            let input: AnswerInput
            switch q.type {
            case .multipleChoice: input = .choices(fields.all("value_\(q.id)[]"))
            case .table:
                var cells: [String: [String: String]] = [:]
                for row in q.rows ?? [] { for col in q.columns ?? [] { cells[row.id, default: [:]][col.id] = fields.first("cell_\(q.id)_\(row.id)_\(col.id)") ?? "" } }
                input = .cells(cells)
            case .file:
                guard let file = files["file_\(q.id)"] else { continue }
                switch Attachments.check(file, for: q) {
                case .failure(let e): errors[q.id] = e.message; continue
                case .success: input = .text(Attachments.describe(file))
                }
            default: input = .text(fields.first("value_\(q.id)") ?? "")
            }
            let comment = q.comment == nil ? nil : (fields.first("comment_\(q.id)") ?? "")
            switch try await ReportService.saveAnswer(reportID: ctx.report.requireID(), definition: ctx.definition, questionID: q.id, input: input, comment: comment, expectedRevision: revision,
                                                      by: actor, today: today(), now: Date(), on: req.db, group: req.groupCommit) {
            case .saved:
                // The file is kept only once its answer is saved: a stale or refused save stores nothing.
                if q.type == .file, let file = files["file_\(q.id)"] {
                    try await Attachments.store(file, reportID: ctx.report.requireID(), questionID: q.id, now: req.now, on: req.db)
                }
            case .invalid(let message):
                errors[q.id] = message
                typed[q.id] = fields.first("value_\(q.id)") ?? ""
            case .closed(let message): throw Abort(.conflict, reason: message)
            case .conflict(let theirs):
                let csrf = CSRFMiddleware.token(for: req)
                let mine = fields.first("value_\(q.id)") ?? fields.all("value_\(q.id)[]").joined(separator: "\n")
                return req.page(status: .conflict) { ConflictPage(ctx: current, question: q, mine: mine, theirs: theirs, section: index, csrf: csrf).render() }
            }
        }
        current = try await ReportService.load(ctx.report.requireID(), on: req.db) ?? current
        try await AuditLog.record(.update, entity: "report", id: ctx.report.id!.uuidString, after: ["avsnitt": String(index + 1)], on: req)
        if !errors.isEmpty {
            let csrf = CSRFMiddleware.token(for: req)
            return req.page(status: .unprocessableEntity) {
                SectionPage(ctx: current, index: index, editable: true, errors: errors, typed: typed, others: [], csrf: csrf, today: today(), saved: false).render()
            }
        }
        let reportID = ctx.report.id!
        if fields.first("action") == "next" {
            return req.seeOther(index + 1 < ctx.definition.sections.count ? SiteURL.section(reportID, index + 1) : SiteURL.check(reportID))
        }
        return req.seeOther(SiteURL.section(reportID, index) + "?sparat=1")
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
                                                  by: req.principal!.user.name, today: today(), now: Date(), on: req.db, group: req.groupCommit) {
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
        switch try await ReportService.submit(ctx, by: "\(p.user.name) (\(p.user.email))", today: today(), now: Date(), on: req.db) {
        case .success(let s):
            try await AuditLog.record(.submit, entity: "report", id: ctx.report.id!.uuidString,
                                      after: ["referens": s.reference, "version": String(s.version), "försenad": s.late ? "ja" : "nej"], on: req)
            return req.seeOther(SiteURL.receipt(ctx.report.id!, s.version))
        case .failure(.missing):
            return req.seeOther(SiteURL.check(ctx.report.id!) + "?fel=1")
        case .failure(.closed(let message)):
            throw Abort(.conflict, reason: message)
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
        guard ctx.state == .submitted else { throw Abort(.conflict, reason: "Bara en inskickad rapport kan godkännas.") }
        try await ReportService.approve(ctx, by: req.principal!.user.name, now: Date(), on: req.db)
        try await AuditLog.record(.approve, entity: "report", id: ctx.report.id!.uuidString, before: ["status": ctx.report.state], after: ["status": "approved"], on: req)
        req.flash("Rapporten är godkänd.")
        return req.seeOther(SiteURL.report(ctx.report.id!))
    }

    @Sendable static func requestCompletion(req: Request) async throws -> Response {
        let ctx = try await context(req)
        guard ctx.state == .submitted || ctx.state == .approved else { throw Abort(.conflict, reason: "Bara en inskickad rapport kan kompletteras.") }
        let message = ((try? req.content.get(String.self, at: "message")) ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        guard !message.isEmpty, message.count <= 5000 else {
            throw Abort(.badRequest, reason: "Skriv vad mottagaren behöver komplettera (högst 5 000 tecken).")
        }
        let before = ctx.report.state
        try await ReportService.requestCompletion(ctx, message: message, on: req.db)
        try await AuditLog.record(.update, entity: "report", id: ctx.report.id!.uuidString, before: ["status": before],
                                  after: ["status": "completion_requested", "meddelande": message, "version": String(ctx.report.version)], on: req)
        req.flash("Kompletteringen är begärd; rapporten är öppen som version \(ctx.report.version).")
        return req.seeOther(SiteURL.report(ctx.report.id!))
    }
}

/// Reads `application/x-www-form-urlencoded` and multipart bodies with repeated keys kept.
enum FormBody {
    struct Fields {
        let pairs: [(String, String)]
        func first(_ key: String) -> String? { pairs.first { $0.0 == key }?.1 }
        func all(_ key: String) -> [String] { pairs.filter { $0.0 == key }.map(\.1) }
    }

    static func fields(_ req: Request) throws -> Fields {
        if req.headers.contentType?.type == "multipart" {
            let parts = try multipart(req)
            return Fields(pairs: parts.compactMap { $0.filename == nil ? ($0.name, String(decoding: $0.data, as: UTF8.self)) : nil })
        }
        let body = req.body.string ?? ""
        let pairs = body.split(separator: "&").map { pair -> (String, String) in
            let kv = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            func decode(_ s: Substring) -> String { s.replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? "" }
            return (decode(kv[0]), kv.count > 1 ? decode(kv[1]) : "")
        }
        return Fields(pairs: pairs)
    }

    struct Part {
        let name: String
        let filename: String?
        let contentType: String?
        let data: Data
    }

    static func files(_ req: Request) throws -> [String: Part] {
        guard req.headers.contentType?.type == "multipart" else { return [:] }
        var out: [String: Part] = [:]
        for p in try multipart(req) where p.filename != nil && !(p.filename ?? "").isEmpty && !p.data.isEmpty { out[p.name] = p }
        return out
    }

    static func multipart(_ req: Request) throws -> [Part] {
        guard let boundary = req.headers.contentType?.parameters["boundary"], let buffer = req.body.data else { return [] }
        let data = Data(buffer.readableBytesView)
        let delimiter = Data("--\(boundary)".utf8)
        var parts: [Part] = []
        var searchStart = data.startIndex
        var ranges: [Range<Data.Index>] = []
        while let r = data.range(of: delimiter, in: searchStart..<data.endIndex) { ranges.append(r); searchStart = r.upperBound }
        for (a, b) in zip(ranges, ranges.dropFirst()) {
            var chunk = data[a.upperBound..<b.lowerBound]
            if chunk.starts(with: Data("\r\n".utf8)) { chunk = chunk.dropFirst(2) }
            if chunk.suffix(2) == Data("\r\n".utf8) { chunk = chunk.dropLast(2) }
            guard let split = chunk.range(of: Data("\r\n\r\n".utf8)) else { continue }
            let head = String(decoding: chunk[chunk.startIndex..<split.lowerBound], as: UTF8.self)
            let body = chunk[split.upperBound...]
            var name = "", filename: String?, type: String?
            for line in head.components(separatedBy: "\r\n") {
                let lower = line.lowercased()
                if lower.hasPrefix("content-disposition:") {
                    name = Self.param("name", in: line) ?? ""
                    filename = Self.param("filename", in: line)
                } else if lower.hasPrefix("content-type:") {
                    type = line.dropFirst("content-type:".count).trimmingCharacters(in: .whitespaces)
                }
            }
            parts.append(Part(name: name, filename: filename, contentType: type, data: Data(body)))
        }
        return parts
    }

    static func param(_ key: String, in line: String) -> String? {
        guard let r = line.range(of: "\(key)=\"") else { return nil }
        let rest = line[r.upperBound...]
        return rest.firstIndex(of: "\"").map { String(rest[..<$0]) }
    }
}
