import Fluent
import Foundation
import NaraCore
import NaraPersistence
import Vapor

/// The JSON API under `/api/v1` and its CSV downloads.
struct APIRoutes: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        // Open data: public, no sign-in.
        let api = routes.grouped("api", "v1")
        api.grouped(PublicCacheMiddleware()).on(.GET, "openapi.json", rule: .everyone, use: Self.openAPI)
        api.on(.GET, "agreements", rule: .everyone, use: Self.agreements)
        api.on(.GET, "agreements", ":year", rule: .everyone, use: Self.agreement)
        api.on(.GET, "agreements", ":year", "allocations", rule: .everyone, use: Self.allocations)
        api.on(.GET, "agreements", ":year", "allocations.csv", rule: .everyone, use: Self.allocationsCSV)
        api.on(.GET, "agreements", ":year", "allocations", ":pot", rule: .everyone, use: Self.potAllocation)
        api.on(.GET, "population-tables", rule: .everyone, use: Self.populationTables)
        api.on(.GET, "organisations", rule: .everyone, use: Self.organisations)
    }

    /// The document is served with its keys as written (`operationId`, `$ref` targets): the
    /// API's snake_case applies to the data it describes, not to OpenAPI itself.
    @Sendable static func openAPI(req: Request) async throws -> Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        var headers = HTTPHeaders()
        headers.contentType = .json
        return Response(status: .ok, headers: headers, body: .init(data: try encoder.encode(OpenAPIDocument.document)))
    }

    @Sendable static func agreements(req: Request) async throws -> Response {
        let items = try await AgreementQueries.summaries(on: req.db).map {
            AgreementListItemDTO(year: $0.year, title: $0.title, frameOre: $0.frame.ore, areaCount: $0.areaCount,
                                 potCount: $0.potCount, url: SiteURL.API.agreement($0.year),
                                 allocationsUrl: SiteURL.API.allocations($0.year))
        }
        return APIResponse.json(items)
    }

    /// The agreement as its JSON document; a draft only for people who manage agreements.
    @Sendable static func agreement(req: Request) async throws -> Response {
        let year = try RequestParameters.year(req)
        let manager = req.principal.map { AccessPolicy.may($0.standing, .manageAgreements) } ?? false
        guard let model = try await AgreementStore.model(year: year, includeDrafts: manager, on: req.db) else {
            throw Abort(.notFound, reason: "Det finns ingen överenskommelse för \(year).")
        }
        return try await AgreementAPIRoutes.document(req, model, status: .ok)
    }

    static func views(year: Int, on db: any Database) async throws -> [AllocationView] {
        guard let agreement = try await AgreementStore.model(year: year, on: db) else {
            throw Abort(.notFound, reason: "Det finns ingen överenskommelse för \(year).")
        }
        var out: [AllocationView] = []
        for pm in try await AgreementStore.potModels(agreementID: agreement.requireID(), on: db) {
            if let v = try await AllocationQueries.load(year: year, pot: pm.slug, version: nil, on: db) { out.append(v) }
        }
        return out
    }

    @Sendable static func allocations(req: Request) async throws -> Response {
        let year = try RequestParameters.year(req)
        let views = try await views(year: year, on: req.db)
        return APIResponse.json(AllocationsDTO(year: year, pots: views.map(dto)))
    }

    @Sendable static func allocationsCSV(req: Request) async throws -> Response {
        let year = try RequestParameters.year(req)
        let views = try await views(year: year, on: req.db)
        return CSVWriter.response(AllocationCSV.render(views), filename: "nara-fordelning-\(year).csv")
    }

    /// `…/allocations/{pot}` as JSON, `…/allocations/{pot}.csv` as CSV.
    @Sendable static func potAllocation(req: Request) async throws -> Response {
        let year = try RequestParameters.year(req)
        var pot = try RequestParameters.slug(req, "pot")
        var csv = false
        if pot.hasSuffix(".csv") { pot.removeLast(4); csv = true } else if pot.hasSuffix(".json") { pot.removeLast(5) }
        let version = try RequestParameters.version(req)
        guard let view = try await AllocationQueries.load(year: year, pot: pot, version: version, on: req.db) else {
            throw Abort(.notFound, reason: "Fördelningen finns inte: kontrollera år, pott och version.")
        }
        if csv {
            let suffix = view.version.map { "-v\($0.version)" } ?? ""
            return CSVWriter.response(AllocationCSV.render([view]), filename: "nara-fordelning-\(year)-\(pot)\(suffix).csv")
        }
        return APIResponse.json(dto(view))
    }

    static func dto(_ v: AllocationView) -> PotAllocationDTO {
        PotAllocationDTO(
            id: v.pot.id, name: v.pot.name, category: v.pot.category.rawValue, amountOre: v.pot.amount.ore,
            key: v.pot.key.kind, status: v.version == nil ? "pending" : "allocated", pendingReason: v.pendingReason,
            version: v.version?.version, isCurrent: v.isCurrent, referenceDate: v.referenceDate?.iso,
            populationTable: v.table.map { .init(referenceDate: $0.referenceDate, level: $0.level, source: $0.source, total: $0.total) },
            totalOre: v.total.ore,
            allocations: v.lines.map { .init(code: $0.code, name: $0.name, population: $0.weight, share: v.share($0),
                                             amountOre: $0.amountOre, note: $0.note.isEmpty ? nil : $0.note) })
    }

    @Sendable static func populationTables(req: Request) async throws -> Response {
                let tables = try await PopulationStore.list(on: req.db).map {
            PopulationTableDTO(id: $0.id?.uuidString ?? "", referenceDate: $0.referenceDate, level: $0.level, source: $0.source,
                               rowCount: $0.rowCount, total: $0.total, importedAt: ISODate.string($0.importedAt), importedBy: $0.importedBy)
        }
        return APIResponse.json(tables)
    }

    @Sendable static func organisations(req: Request) async throws -> Response {
        var query = OrganisationModel.query(on: req.db)
        if let kind = req.query[String.self, at: "kind"] {
            guard OrganisationKind(rawValue: kind) != nil else {
                throw Abort(.badRequest, reason: "Okänd organisationstyp ”\(kind.prefix(40))”; använd region, rss, municipality, state, skr eller provider.")
            }
            query = query.filter(\.$kind == kind)
        }
        let orgs = try await query.sort(\.$kind).sort(\.$code).all().map {
            OrganisationDTO(id: $0.id?.uuidString ?? "", kind: $0.kind, code: $0.code, name: $0.name, countyCode: $0.countyCode)
        }
        return APIResponse.json(orgs)
    }
}
