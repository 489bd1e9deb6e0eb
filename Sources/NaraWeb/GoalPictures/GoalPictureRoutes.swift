import Foundation
import NaraCore
import Vapor

/// Regions' goal pictures: recorded by each region, read by analysts per county.
struct GoalPictureRoutes: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.on(.GET, "uppfoljning", "malbilder", rule: .capability(.reviewReports), use: Self.table)
        routes.on(.GET, "uppfoljning", "malbilder", ":org", rule: .organisation(.readOrganisation, parameter: "org"), use: Self.detail)
        routes.on(.GET, "malbild", rule: .ownOrganisation(.readOrganisation), use: Self.own)
        routes.on(.POST, "malbild", rule: .ownOrganisation(.changeOwnOrganisation), use: Self.save)
    }

    /// Per county: the region's recorded goal picture and the latest answers to questions 1–4
    /// of the reference questionnaire.
    @Sendable static func table(req: Request) async throws -> Response {
        let model = try await GoalPictureTable.query(year: req.query[Int.self, at: "ar"], on: req.analysisDB)
        if let download = try model.table.download(req, filename: "nara-malbilder-\(model.year)") { return download }
        return req.page { GoalPicturesPage(model: model).render() }
    }

    @Sendable static func detail(req: Request) async throws -> Response {
        guard let id = req.parameters.get("org").flatMap(UUID.init(uuidString:)), let detail = try await GoalPictureDetail.query(organisationID: id, on: req.db)
        else { throw Abort(.notFound, reason: "Organisationen finns inte.") }
        return req.page { GoalPicturePage(detail: detail).render() }
    }

    static func ownPage(_ req: Request, refused: GoalPictureForm.Refusal? = nil, typedDate: String? = nil) async throws -> Response {
        guard let p = req.principal else { throw Abort(.unauthorized) }
        let model = try await OwnGoalPicture.query(p, sent: refused?.picture, on: req.db)
        let csrf = CSRFMiddleware.token(for: req)
        return req.page(status: refused == nil ? .ok : .unprocessableEntity) {
            OwnGoalPicturePage(model: model, errors: refused?.errors ?? [], csrf: csrf, typedDate: typedDate).render()
        }
    }

    @Sendable static func own(req: Request) async throws -> Response { try await ownPage(req) }

    @Sendable static func save(req: Request) async throws -> Response {
        guard let p = req.principal else { throw Abort(.unauthorized) }
        guard p.organisation.kind == OrganisationKind.region.rawValue else {
            throw Abort(.badRequest, reason: "Målbilder registreras av regionerna; \(p.organisation.name) är ingen region.")
        }
        let form = try req.content.decode(GoalPictureForm.self)
        if case .failure(let refused) = try await GoalPictures.saveOwn(form, for: p.organisation, by: Actor.of(req), now: req.now, on: req.db) {
            return try await ownPage(req, refused: refused, typedDate: form.decided_on)
        }
        req.flash("Målbilden är sparad.")
        return req.seeOther("/malbild")
    }
}
