import Foundation
import NaraCore
import Vapor

/// The dashboard of one agreement year (*lägesbild*).
struct DashboardRoutes: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.on(.GET, "uppfoljning", "overenskommelser", ":year", rule: .capability(.reviewReports), use: Self.dashboard)
    }

    @Sendable static func dashboard(req: Request) async throws -> Response {
        guard let year = req.parameters.get("year").flatMap(Int.init), (2000...2100).contains(year) else { throw Abort(.notFound, reason: "Året finns inte.") }
        guard let model = try await Dashboard.query(year: year, today: req.today, on: req.analysisDB) else {
            throw Abort(.notFound, reason: "Det finns ingen publicerad överenskommelse för \(year), och därför ingen lägesbild.")
        }
        return req.page { DashboardPage(model: model).render() }
    }
}
