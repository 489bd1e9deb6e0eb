import Foundation
import Vapor

/// The accessibility statement (*tillgänglighetsredogörelse*), public like every published page.
struct AccessibilityRoutes: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.on(.GET, "tillganglighet", rule: .everyone, use: Self.statement)
    }

    @Sendable static func statement(req: Request) async throws -> Response {
        let contact = AccessibilityStatementPage.contactAddress(req.config)
        return req.page { AccessibilityStatementPage(contact: contact).render() }
    }
}
