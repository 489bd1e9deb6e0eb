import Fluent
import NaraCore
import NaraPersistence
import Vapor

/// The HTML pages. Handlers decode, call a query, render.
struct PageRoutes: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        // Published material: public, no sign-in; anonymous visitors are served from memory.
        let cached = routes.grouped(PublicCacheMiddleware())
        cached.on(.GET, rule: .everyone, use: Self.home)
        cached.on(.GET, "befolkning", rule: .everyone, use: Self.population)
        cached.on(.GET, "oppna-data", rule: .everyone, use: Self.openData)
        try OpenPaymentRoutes().boot(routes: cached)
        cached.on(.GET, "overenskommelser", ":year", rule: .everyone, use: Self.agreement)
        cached.on(.GET, "overenskommelser", ":year", "fordelning", ":pot", rule: .everyone, use: Self.allocation)
        cached.on(.GET, "overenskommelser", ":year", "fordelning", ":pot", "berakning", ":code", rule: .everyone, use: Self.calculation)
        // An allocation's table as CSV and .xlsx, beside its page.
        try AllocationTableRoutes().boot(routes: cached)
    }

    @Sendable static func home(req: Request) async throws -> Response {
        let agreements = try await AgreementQueries.summaries(on: req.db)
        return req.page { HomePage(agreements: agreements).render() }
    }

    @Sendable static func population(req: Request) async throws -> Response {
        let tables = try await PopulationStore.list(on: req.db)
        let canImport = req.principal.map { AccessPolicy.may($0.standing, .importPopulation) } ?? false
        let page = PopulationPage(tables: tables, canImport: canImport)
        if let download = try page.table.download(req, filename: "nara-befolkningstabeller") { return download }
        return req.page { page.render() }
    }

    @Sendable static func openData(req: Request) async throws -> Response {
        let years = try await AgreementStore.list(on: req.db).map(\.year)
        return req.page { OpenDataPage(years: years).render() }
    }

    @Sendable static func agreement(req: Request) async throws -> Response {
        let year = try RequestParameters.year(req)
        guard let model = try await AgreementStore.model(year: year, on: req.db) else {
            throw Abort(.notFound, reason: "Det finns ingen överenskommelse för \(year).")
        }
        let agreement = try await AgreementStore.load(model, on: req.db)
        let pots = try await AgreementQueries.potStatuses(year: year, on: req.db)
        return req.page { AgreementPage(agreement: agreement, pots: pots, version: model.version).render() }
    }

    @Sendable static func allocation(req: Request) async throws -> Response {
        let year = try RequestParameters.year(req)
        let pot = try RequestParameters.slug(req, "pot")
        let version = try RequestParameters.version(req)
        guard let view = try await AllocationQueries.load(year: year, pot: pot, version: version, on: req.db) else {
            throw Abort(.notFound, reason: "Fördelningen finns inte: kontrollera år, pott och version.")
        }
        return req.page { AllocationPage(view: view).render() }
    }

    @Sendable static func calculation(req: Request) async throws -> Response {
        let year = try RequestParameters.year(req)
        let pot = try RequestParameters.slug(req, "pot")
        let code = try RequestParameters.slug(req, "code")
        let version = try RequestParameters.version(req)
        guard let view = try await AllocationQueries.calculation(year: year, pot: pot, code: code, version: version, on: req.db) else {
            throw Abort(.notFound, reason: "Beräkningen finns inte: kontrollera år, pott, mottagare och version.")
        }
        return req.page { CalculationPage(view: view).render() }
    }
}

/// Reads and checks path and query parameters, with Swedish errors.
enum RequestParameters {
    static func year(_ req: Request) throws -> Int {
        guard let raw = req.parameters.get("year"), raw.count == 4, let year = Int(raw) else {
            throw Abort(.notFound, reason: "Året ska skrivas med fyra siffror, till exempel 2023.")
        }
        return year
    }

    /// A short identifier (pot slug, recipient code): letters, digits, hyphen; at most 64 chars.
    static func slug(_ req: Request, _ name: String) throws -> String {
        guard let raw = req.parameters.get(name), !raw.isEmpty, raw.count <= 64,
              raw.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" || $0 == ".") })
        else { throw Abort(.notFound, reason: "Adressen innehåller en ogiltig del.") }
        return raw
    }

    static func version(_ req: Request) throws -> Int? {
        guard let raw = req.query[String.self, at: "version"] else { return nil }
        guard let v = Int(raw), v > 0 else {
            throw Abort(.badRequest, reason: "Versionen ska vara ett positivt heltal, till exempel version=1.")
        }
        return v
    }
}
