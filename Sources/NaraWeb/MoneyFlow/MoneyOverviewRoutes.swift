import Fluent
import Foundation
import NaraCore
import NaraPersistence
import Vapor

/// The money overview of an agreement: the page, its CSV and .xlsx, and the API, from one read.
extension MoneyRoutes {
    /// The overview a person may see: every recipient for nationwide readers, one's own otherwise.
    static func visibleOverview(_ req: Request) async throws -> (Agreement, [MoneyService.Row]) {
        let year = try RequestParameters.year(req)
        let p = req.principal!
        let only: UUID? = AccessPolicy.nationwideReaders.contains(p.role) ? nil : p.organisation.id
        guard let result = try await MoneyService.overview(year: year, only: only, on: req.db)
        else { throw Abort(.notFound, reason: "Det finns ingen överenskommelse för \(year).") }
        return result
    }

    @Sendable static func overview(req: Request) async throws -> Response {
        let (agreement, rows) = try await visibleOverview(req)
        return req.page { MoneyOverviewPage(agreement: agreement, rows: rows).render() }
    }

    /// The overview as CSV: the page's table, row for row (`MoneyOverviewTable`).
    @Sendable static func overviewCSV(req: Request) async throws -> Response {
        let (agreement, rows) = try await visibleOverview(req)
        return CSVWriter.response(MoneyOverviewTable(year: agreement.year, rows: rows).csv(), filename: "nara-medel-\(agreement.year).csv")
    }

    /// The overview as an .xlsx workbook: the page's table, amounts as numbers in kronor.
    @Sendable static func overviewXLSX(req: Request) async throws -> Response {
        let (agreement, rows) = try await visibleOverview(req)
        let data = try MoneyOverviewTable(year: agreement.year, rows: rows).xlsx(year: agreement.year)
        var headers = HTTPHeaders()
        headers.replaceOrAdd(name: .contentType, value: XLSX.contentType)
        headers.replaceOrAdd(name: .contentDisposition, value: "attachment; filename=\"nara-medel-\(agreement.year).xlsx\"")
        return Response(status: .ok, headers: headers, body: .init(data: data))
    }

    struct MoneyDTO: Codable, Sendable {
        struct Steps: Codable, Sendable {
            let allocatedOre: Int64, requisitionedOre: Int64, paidOre: Int64, assignedOre: Int64, spentOre: Int64
            let claimedOre: Int64, claimOpenOre: Int64, repaidOre: Int64, balanceOre: Int64
            let warnings: [String]
            init(_ s: MoneySteps) {
                allocatedOre = s.allocated.ore; requisitionedOre = s.requisitioned.ore; paidOre = s.paid.ore; assignedOre = s.assigned.ore
                spentOre = s.spent.ore; claimedOre = s.claimed.ore; claimOpenOre = s.claimOpen.ore
                repaidOre = s.repaid.ore; balanceOre = s.balance.ore; warnings = s.warnings
            }
        }
        struct Recipient: Codable, Sendable {
            let code: String
            let kind: String
            let name: String
            let total: Steps
            let areas: [String: Steps]
        }
        let year: Int
        let recipients: [Recipient]
        let total: Steps
    }

    @Sendable static func api(req: Request) async throws -> Response {
        let (agreement, rows) = try await visibleOverview(req)
        return APIResponse.json(MoneyDTO(
            year: agreement.year,
            recipients: rows.map { r in .init(code: r.organisation.code, kind: r.organisation.kind, name: r.organisation.name, total: .init(r.total),
                                              areas: Dictionary(uniqueKeysWithValues: r.areas.map { (String($0.key), MoneyDTO.Steps($0.value)) })) },
            total: .init(rows.map(\.total).reduce(MoneySteps(), +))))
    }
}
