import Fluent
import Foundation
import NaraCore
import NaraPersistence
import Vapor

/// Writing agreements through the API. The body is the agreement's JSON document, exactly what
/// `GET /api/v1/agreements/{year}` returns (`docs/AGREEMENTS.md`); every problem is answered
/// with its JSON path and nothing is stored.
struct AgreementAPIRoutes: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let api = routes.grouped("api", "v1")
        let manage = AccessRule.capability(.manageAgreements)
        api.on(.POST, "agreements", rule: manage, body: .collect(maxSize: "4mb"), use: Self.create)
        api.on(.PUT, "agreements", ":year", rule: manage, body: .collect(maxSize: "4mb"), use: Self.update)
        api.on(.POST, "agreements", ":year", "publish", rule: manage, use: Self.publish)
    }

    /// A refusal with every problem at its path: 409 for a conflict of state, 422 otherwise.
    struct RefusalDTO: Content {
        let error: Bool
        let reason: String
        let problems: [Problem]
        struct Problem: Content { let path: String; let message: String }
    }

    static func refused(_ r: AgreementLifecycle.Refusal) -> Response {
        let status: HTTPResponseStatus
        switch r {
        case .exists, .notDraft, .alreadyPublished, .notPublished: status = .conflict
        default: status = .unprocessableEntity
        }
        return APIResponse.json(RefusalDTO(error: true, reason: r.description, problems: r.problems.map { .init(path: $0.path, message: $0.message) }),
                                status: status)
    }

    static func document(_ req: Request) -> Result<AgreementDocument, AgreementLifecycle.Refusal> {
        guard let buffer = req.body.data, buffer.readableBytes > 0 else {
            return .failure(.invalid([.init("", "Skicka överenskommelsen som JSON, i samma form som GET /api/v1/agreements/{år} ger.")]))
        }
        return AgreementDocument.decode(Data(buffer.readableBytesView))
    }

    @Sendable static func create(req: Request) async throws -> Response {
        let doc: AgreementDocument
        switch document(req) { case .failure(let r): return refused(r); case .success(let d): doc = d }
        let agreement: Agreement
        switch doc.agreement() { case .failure(let r): return refused(r); case .success(let a): agreement = a }
        switch try await AgreementService.create(agreement, by: .of(req), now: req.now, on: req.db) {
        case .failure(let r): return refused(r)
        case .success: return try await current(req, year: agreement.year, status: .created)
        }
    }

    @Sendable static func update(req: Request) async throws -> Response {
        let year = try RequestParameters.year(req)
        let doc: AgreementDocument
        switch document(req) { case .failure(let r): return refused(r); case .success(let d): doc = d }
        let agreement: Agreement
        switch doc.agreement() { case .failure(let r): return refused(r); case .success(let a): agreement = a }
        guard agreement.year == year else { return refused(.yearChanged(from: year, to: agreement.year)) }
        guard let model = try await AgreementStore.model(year: year, includeDrafts: true, on: req.db) else {
            throw Abort(.notFound, reason: "Det finns ingen överenskommelse för \(year).")
        }
        if model.isPublished {
            switch try await AgreementService.amend(year: year, agreement, amendment: doc.amendment, baseVersion: doc.version,
                                                    by: .of(req), now: req.now, on: req.db) {
            case .failure(let r): return refused(r)
            case .success: return try await current(req, year: year, status: .ok)
            }
        }
        switch try await AgreementService.saveDraft(year: year, agreement, by: .of(req), now: req.now, on: req.db) {
        case .failure(let r): return refused(r)
        case .success: return try await current(req, year: year, status: .ok)
        }
    }

    struct PublishBody: Content {
        var populationTableId: UUID?
    }

    @Sendable static func publish(req: Request) async throws -> Response {
        let year = try RequestParameters.year(req)
        guard try await AgreementStore.model(year: year, includeDrafts: true, on: req.db) != nil else {
            throw Abort(.notFound, reason: "Det finns ingen överenskommelse för \(year).")
        }
        var table: UUID?
        if let buffer = req.body.data, buffer.readableBytes > 0 {
            let decoder = JSONDecoder(); decoder.keyDecodingStrategy = .convertFromSnakeCase
            guard let body = try? decoder.decode(PublishBody.self, from: Data(buffer.readableBytesView)) else {
                throw Abort(.badRequest, reason: "Skicka inget, eller {\"population_table_id\": \"…\"}.")
            }
            table = body.populationTableId
            if let table, try await PopulationTableModel.find(table, on: req.db) == nil {
                throw Abort(.unprocessableEntity, reason: "Befolkningstabellen finns inte.")
            }
        }
        switch try await AgreementService.publish(year: year, tableID: table, by: .of(req), now: req.now, on: req.db) {
        case .failure(let r): return refused(r)
        case .success: return try await current(req, year: year, status: .ok)
        }
    }

    /// The agreement as it is now stored, as the document.
    static func current(_ req: Request, year: Int, status: HTTPResponseStatus) async throws -> Response {
        guard let model = try await AgreementStore.model(year: year, includeDrafts: true, on: req.db) else {
            throw Abort(.notFound, reason: "Det finns ingen överenskommelse för \(year).")
        }
        return try await document(req, model, status: status)
    }

    /// A stored agreement as the document.
    static func document(_ req: Request, _ model: AgreementModel, status: HTTPResponseStatus) async throws -> Response {
        let a = try await AgreementStore.load(model, on: req.db)
        return APIResponse.json(AgreementDocument(a, status: AgreementStatus(rawValue: model.status) ?? .published, version: model.version), status: status)
    }
}
