import Foundation
import NaraCore
import Vapor

/// The follow-up's start page.
struct FollowUpHomeRoutes: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.on(.GET, "uppfoljning", rule: .capability(.reviewReports), use: Self.home)
    }

    @Sendable static func home(req: Request) async throws -> Response {
        let canLink = req.principal.map { AccessPolicy.may($0.standing, .manageForms) } ?? false
        let home = try await FollowUpHome.query(canLink: canLink, on: req.db)
        return req.page { FollowUpHomePage(home: home).render() }
    }
}
