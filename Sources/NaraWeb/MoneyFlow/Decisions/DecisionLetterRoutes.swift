import Foundation
import NaraCore
import Vapor

/// A recipient's decisions to pay, as a page and as a PDF. Readable by whoever may see the
/// recipient's funds page (its own people, and Kammarkollegiet and the other nationwide
/// readers); a letter of another recipient or year does not exist here.
enum DecisionLetterRoutes {
    static let rule = AccessRule.organisation(.readOrganisation, parameter: "org")

    /// Registers the routes under the funds page's path (`/organisationer/:org/medel/:year`).
    static func register(_ funds: any RoutesBuilder) {
        funds.on(.GET, "beslut", ":letter", rule: rule, use: Self.page)
        funds.on(.GET, "beslut", ":letter", "pdf", rule: rule, use: Self.pdf)
    }

    static func load(_ req: Request) async throws -> DecisionLetterPage {
        let org = try await FundsQuery.org(req)
        let year = try RequestParameters.year(req)
        let id = try MoneyForm.id(req, "letter", notFound: "Beslutet finns inte.")
        guard let (stored, letter) = try await DecisionLetters.letter(id, org: org.requireID(), year: year, on: req.db) else {
            throw Abort(.notFound, reason: "Beslutet finns inte.")
        }
        return DecisionLetterPage(organisation: try org.requireID(), stored: stored, letter: letter)
    }

    @Sendable static func page(req: Request) async throws -> Response {
        let view = try await load(req)
        return req.page { view.render() }
    }

    @Sendable static func pdf(req: Request) async throws -> Response {
        let view = try await load(req)
        let html = PageContext.$current.withValue(PageContext(req)) { view.render() }
        return try await PDFRenderer.response(req, html: html, filename: "beslut-om-utbetalning-" + view.letter.reference)
    }
}
