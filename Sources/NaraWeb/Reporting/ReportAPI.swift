import Fluent
import Foundation
import NaraCore
import NaraPersistence
import Vapor

/// Questionnaires and reports through `/api/v1`, with the same rules as the pages. The form
/// pages save answers through `PUT …/answers/{question}` as people type.
struct ReportAPIRoutes: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let api = routes.grouped("api", "v1")
        api.on(.GET, "forms", rule: .signedIn, use: Self.forms)
        api.on(.GET, "forms", ":form", rule: .signedIn, use: Self.form)
        api.on(.GET, "reports", rule: .signedIn, use: Self.reports)
        api.on(.GET, "reports", ":report", rule: .report(.readOrganisation, parameter: "report"), use: Self.report)
        api.on(.GET, "reports", ":report", "answers", ":question", rule: .report(.readOrganisation, parameter: "report"), use: Self.answer)
        api.on(.PUT, "reports", ":report", "answers", ":question", rule: .report(.changeOwnOrganisation, parameter: "report"),
               body: .collect(maxSize: Self.answerBodyLimit), use: Self.saveAnswer)
    }

    /// The largest answer save: the longest text a questionnaire may allow, every character at
    /// its longest in JSON (`\uD83D\uDE00`, 12 bytes), twice over for the comment beside it.
    /// Vapor's default (16 kB) refused long answers a questionnaire allows.
    static let answerBodyLimit = ByteCount(value: 2 * 12 * FormValidator.longestText + 64 * 1024)

    struct FormItem: Codable, Sendable {
        let id: String
        let formId: String
        let title: String
        let version: Int
        let questionCount: Int
        let url: String
    }

    /// The definitions behind the rounds the caller can see (all, for nationwide roles).
    static func visibleDefinitions(_ req: Request) async throws -> [FormDefinitionModel] {
        let p = req.principal!
        if AccessPolicy.nationwideReaders.contains(p.role) || AccessPolicy.may(p.standing, .manageForms) {
            return try await FormDefinitionModel.query(on: req.db).sort(\.$formKey).sort(\.$version).all()
        }
        let reports = try await ReportModel.query(on: req.db).filter(\.$organisationID == p.organisation.requireID()).all()
        let assignments = try await AssignmentModel.query(on: req.db).filter(\.$id ~~ reports.map(\.assignmentID)).all()
        return try await FormDefinitionModel.query(on: req.db).filter(\.$id ~~ assignments.map(\.formDefinitionID)).all()
    }

    @Sendable static func forms(req: Request) async throws -> Response {
        let items = try await visibleDefinitions(req).map { m in
            FormItem(id: m.id!.uuidString, formId: m.formKey, title: m.title, version: m.version,
                     questionCount: (try? ReportService.definition(m).questions.count) ?? 0, url: "/api/v1/forms/\(m.id!.uuidString)")
        }
        return APIResponse.json(items)
    }

    @Sendable static func form(req: Request) async throws -> Response {
        guard let id = req.parameters.get("form").flatMap(UUID.init(uuidString:)),
              let m = try await visibleDefinitions(req).first(where: { $0.id == id }) else {
            throw Abort(.notFound, reason: "Formuläret finns inte.")
        }
        var headers = HTTPHeaders()
        headers.contentType = .json
        return Response(status: .ok, headers: headers, body: .init(string: m.definition))
    }

    struct ReportItem: Codable, Sendable {
        let id: String
        let title: String
        let organisation: String
        let agreementYear: Int
        let reportKind: String
        let formId: String
        let status: String
        let version: Int
        let deadline: String
        @NullEncodable var submittedAt: String?
    }

    static func item(_ ctx: ReportContext, today: CivilDate) -> ReportItem {
        ReportItem(id: ctx.report.id!.uuidString, title: ctx.title, organisation: ctx.organisation.name, agreementYear: ctx.assignment.agreementYear,
                   reportKind: ctx.reportKind.rawValue, formId: ctx.definitionModel.id!.uuidString,
                   status: ctx.status(today: today).rawValue, version: ctx.report.version, deadline: ctx.deadline.iso,
                   submittedAt: ctx.report.submittedAt.map { ISODate.string($0) })
    }

    @Sendable static func reports(req: Request) async throws -> Response {
        let p = req.principal!
        let reports = try await ReportModel.query(on: req.db).filter(\.$organisationID == p.organisation.requireID()).all()
        var items: [ReportItem] = []
        for r in reports { if let ctx = try await ReportService.load(r.requireID(), on: req.db) { items.append(item(ctx, today: req.today)) } }
        return APIResponse.json(items)
    }

    struct ReportDetail: Codable, Sendable {
        let report: ReportItem
        let answers: [AnswerDTO]
        /// The files the answers name, each with the address that opens it.
        let attachments: [AttachmentDTO]
    }

    struct AttachmentDTO: Codable, Sendable {
        let id: String
        let questionId: String
        let fileName: String
        let size: Int
        let contentType: String
        let url: String
    }

    static func attachments(_ ctx: ReportContext) -> [AttachmentDTO] {
        let named = Set(ctx.attachments().values.map(\.url))
        return ctx.files.filter { named.contains(SiteURL.attachment($0.reportID, $0.id!)) }.map { a in
            AttachmentDTO(id: a.id!.uuidString, questionId: a.questionID, fileName: a.fileName, size: a.size,
                          contentType: AttachmentDownload.contentType(forFileName: a.fileName).serialize(),
                          url: "/api/v1/reports/\(a.reportID.uuidString)/attachments/\(a.id!.uuidString)")
        }
    }

    struct AnswerDTO: Codable, Sendable {
        let questionId: String
        let value: String
        let display: String
        let comment: String
        let revision: Int
        @NullEncodable var updatedAt: String?
        @NullEncodable var updatedBy: String?
    }

    static func dto(_ q: Question, _ a: AnswerModel?) -> AnswerDTO {
        AnswerDTO(questionId: q.id, value: a?.value ?? "", display: AnswerFormatter.display(a?.value ?? "", for: q), comment: a?.comment ?? "",
                  revision: a?.revision ?? 0, updatedAt: a.map { ISODate.string($0.updatedAt) }, updatedBy: a?.updatedBy)
    }

    @Sendable static func report(req: Request) async throws -> Response {
        let ctx = try await ReportRoutes.context(req)
        return APIResponse.json(ReportDetail(report: item(ctx, today: req.today), answers: ctx.definition.questions.map { dto($0, ctx.answers[$0.id]) },
                                             attachments: attachments(ctx)))
    }

    static func question(_ req: Request, _ ctx: ReportContext) throws -> Question {
        guard let qid = req.parameters.get("question"), let q = ctx.definition.question(qid) else {
            throw Abort(.notFound, reason: "Frågan finns inte i formuläret.")
        }
        return q
    }

    @Sendable static func answer(req: Request) async throws -> Response {
        let ctx = try await ReportRoutes.context(req)
        let q = try question(req, ctx)
        return APIResponse.json(dto(q, ctx.answers[q.id]))
    }

    struct SaveBody: Content {
        var value: String?
        var values: [String]?
        var cells: [String: [String: String]]?
        var comment: String?
        var revision: Int
    }

    struct SaveResult: Codable, Sendable {
        let answer: AnswerDTO
        let savedAt: String
        let others: [String]
    }

    struct ConflictBody: Codable, Sendable {
        let error: Bool
        let reason: String
        let current: AnswerDTO
    }

    @Sendable static func saveAnswer(req: Request) async throws -> Response {
        // The report's questionnaire and owner are read once per process; the save itself is one statement.
        guard let id = req.parameters.get("report").flatMap(UUID.init(uuidString:)), let definition = try await ReportService.definition(ofReport: id, on: req.db)
        else { throw Abort(.notFound, reason: "Rapporten finns inte.") }
        guard let qid = req.parameters.get("question"), let q = definition.question(qid) else { throw Abort(.notFound, reason: "Frågan finns inte i formuläret.") }
        let body: SaveBody
        do { body = try req.content.decode(SaveBody.self) } catch {
            throw Abort(.badRequest, reason: "Skicka {\"value\": …, \"revision\": N} (values för flerval, cells för tabeller).")
        }
        let input: AnswerInput = body.cells.map { .cells($0) } ?? body.values.map { .choices($0) } ?? .text(body.value ?? "")
        let now = req.now
        switch try await ReportService.saveAnswer(reportID: id, definition: definition, questionID: q.id, input: input, comment: q.comment == nil ? nil : body.comment,
                                                  expectedRevision: body.revision, by: req.principal!.user.name, today: req.today,
                                                  now: now, on: req.db, group: req.groupCommit) {
        case .saved(let a):
            let others = try await ReportService.presence(id, user: req.principal!.user, now: now, board: req.presenceBoard, on: req.db)
            return APIResponse.json(SaveResult(answer: dto(q, a), savedAt: ISODate.string(a.updatedAt), others: others))
        case .conflict(let current):
            return APIResponse.json(ConflictBody(error: true, reason: "\(current.updatedBy) har sparat ett annat svar sedan du började. Välj vilket som ska gälla.",
                                                 current: dto(q, current)), status: .conflict)
        case .invalid(let message):
            return APIResponse.json(APIErrorBody(error: true, reason: message), status: .unprocessableEntity)
        case .closed(let message):
            return APIResponse.json(APIErrorBody(error: true, reason: message), status: .conflict)
        }
    }
}
