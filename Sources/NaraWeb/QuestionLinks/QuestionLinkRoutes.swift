import Foundation
import NaraCore
import Vapor

/// Question links across years: the list, a new link, removing one.
struct QuestionLinkRoutes: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let rule = AccessRule.capability(.manageForms)
        routes.on(.GET, "uppfoljning", "kopplingar", rule: rule, use: Self.list)
        routes.on(.POST, "uppfoljning", "kopplingar", rule: rule, use: Self.add)
        routes.on(.POST, "uppfoljning", "kopplingar", ":link", "ta-bort", rule: rule, use: Self.remove)
    }

    static func page(_ req: Request, errors: [FieldError] = [], form: QuestionLinkForm = .init(), status: HTTPResponseStatus = .ok) async throws -> Response {
        let list = try await QuestionLinkList.query(on: req.db)
        let csrf = CSRFMiddleware.token(for: req)
        return req.page(status: status) { QuestionLinksPage(list: list, errors: errors, form: form, csrf: csrf).render() }
    }

    @Sendable static func list(req: Request) async throws -> Response { try await page(req) }

    @Sendable static func add(req: Request) async throws -> Response {
        let form = try req.content.decode(QuestionLinkForm.self)
        let errors = try await QuestionLinks.add(form, by: Actor.of(req), now: req.now, on: req.db)
        if !errors.isEmpty { return try await page(req, errors: errors, form: form, status: .unprocessableEntity) }
        req.flash("Frågorna är kopplade.")
        return req.seeOther("/uppfoljning/kopplingar")
    }

    @Sendable static func remove(req: Request) async throws -> Response {
        guard let id = req.parameters.get("link").flatMap(UUID.init(uuidString:)),
              try await QuestionLinks.remove(id, by: Actor.of(req), now: req.now, on: req.db)
        else { throw Abort(.notFound, reason: "Kopplingen finns inte.") }
        req.flash("Kopplingen är borttagen.")
        return req.seeOther("/uppfoljning/kopplingar")
    }
}
