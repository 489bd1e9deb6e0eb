import Foundation
import NaraCore
import Vapor

/// Indicators per region and year: the catalogue, importing values from CSV, one indicator.
struct IndicatorRoutes: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let review = AccessRule.capability(.reviewReports)
        routes.on(.GET, "uppfoljning", "indikatorer", rule: review, use: Self.list)
        routes.on(.POST, "uppfoljning", "indikatorer", rule: review, body: .collect(maxSize: "20mb"), use: Self.importValues)
        routes.on(.GET, "uppfoljning", "indikatorer", ":indicator", rule: review, use: Self.indicator)
    }

    static func listPage(_ req: Request, problems: [ImportProblem] = [], message: String? = nil, status: HTTPResponseStatus = .ok) async throws -> Response {
        let list = try await IndicatorList.query(on: req.db)
        let csrf = CSRFMiddleware.token(for: req)
        return req.page(status: status) { IndicatorsPage(list: list, problems: problems, message: message, csrf: csrf).render() }
    }

    @Sendable static func list(req: Request) async throws -> Response { try await listPage(req) }

    struct ImportForm: Content {
        var file: File?
        var source: String?
    }

    @Sendable static func importValues(req: Request) async throws -> Response {
        let form = try req.content.decode(ImportForm.self)
        let bytes = form.file.map { Array($0.data.readableBytesView) } ?? []
        let filename = form.file?.filename ?? ""
        let source = (form.source ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        switch try await Indicators.importFile(bytes, filename: filename, source: source, by: Actor.of(req), now: req.now, on: req.db) {
        case .success(let (added, replaced)):
            return try await listPage(req, message: "\(added) nya värden och \(replaced) ersatta från \(filename).")
        case .failure(let e):
            return try await listPage(req, problems: e.problems, status: .unprocessableEntity)
        }
    }

    @Sendable static func indicator(req: Request) async throws -> Response {
        guard let view = try await IndicatorView.query(key: req.parameters.get("indicator") ?? "", sex: req.query[String.self, at: "kon"],
                                                       region: req.query[String.self, at: "region"], on: req.db)
        else { throw Abort(.notFound, reason: "Indikatorn finns inte.") }
        if let download = try view.table.download(req, filename: "nara-indikator-\(view.definition.key)") { return download }
        return req.page { IndicatorPage(view: view).render() }
    }
}
