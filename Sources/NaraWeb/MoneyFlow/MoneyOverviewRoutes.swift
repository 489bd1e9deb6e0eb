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

    /// The overview's columns, the same on the page, in the CSV and the .xlsx: the CSV's name,
    /// the heading, the step.
    static let steps: [(String, String, KeyPath<MoneySteps, Money>)] = [
        ("tilldelat", "Tilldelat", \.allocated), ("rekvirerat", "Rekvirerat", \.requisitioned), ("utbetalt", "Utbetalt", \.paid),
        ("vidarefordelat", "Vidarefördelat", \.assigned), ("anvant", "Använt", \.spent),
        ("aterkrav", "Återkrav", \.claimed), ("aterkrav_obetalt", "Varav obetalt återkrav", \.claimOpen),
        ("aterbetalt", "Återbetalt", \.repaid), ("saldo", "Saldo", \.balance),
    ]

    @Sendable static func overviewCSV(req: Request) async throws -> Response {
        let (agreement, rows) = try await visibleOverview(req)
        var lines = [["ar", "mottagare", "kod", "omrade"] + steps.map { $0.0 + "_ore" }]
        for row in rows {
            for area in row.areas.keys.sorted() {
                lines.append([String(agreement.year), row.organisation.name, row.organisation.code, String(area)] + steps.map { String(row.areas[area]![keyPath: $0.2].ore) })
            }
            lines.append([String(agreement.year), row.organisation.name, row.organisation.code, "summa"] + steps.map { String(row.total[keyPath: $0.2].ore) })
        }
        let total = rows.map(\.total).reduce(MoneySteps(), +)
        lines.append([String(agreement.year), "Summa", "", "summa"] + steps.map { String(total[keyPath: $0.2].ore) })
        let body = CSVWriter.document(lines)
        return CSVWriter.response(body, filename: "nara-medel-\(agreement.year).csv")
    }

    @Sendable static func overviewXLSX(req: Request) async throws -> Response {
        let (agreement, rows) = try await visibleOverview(req)
        func kr(_ m: Money) -> XLSX.Cell { .number(Decimal(m.ore) / 100) }
        var sheet: [[XLSX.Cell]] = [(["År", "Mottagare", "Kod", "Område"] + steps.map { "\($0.1) (kr)" }).map { .text($0) }]
        for row in rows {
            for area in row.areas.keys.sorted() {
                sheet.append([.number(Decimal(agreement.year)), .text(row.organisation.name), .text(row.organisation.code), .text(String(area))]
                             + steps.map { kr(row.areas[area]![keyPath: $0.2]) })
            }
            sheet.append([.number(Decimal(agreement.year)), .text(row.organisation.name), .text(row.organisation.code), .text("Summa")] + steps.map { kr(row.total[keyPath: $0.2]) })
        }
        let total = rows.map(\.total).reduce(MoneySteps(), +)
        sheet.append([.number(Decimal(agreement.year)), .text("Summa"), .text(""), .text("Summa")] + steps.map { kr(total[keyPath: $0.2]) })
        let data = try XLSX.workbook(sheetName: "Medel \(agreement.year)", rows: sheet)
        var headers = HTTPHeaders()
        headers.replaceOrAdd(name: .contentType, value: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
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
