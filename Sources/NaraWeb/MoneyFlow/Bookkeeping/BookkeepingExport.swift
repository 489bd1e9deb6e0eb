import Foundation
import NaraCore
import NaraPersistence
import Vapor

/// `GET /organisationer/:org/medel/:year/bokforing.se`: the recipient's grant transactions for
/// one agreement year as an SIE 4I file (`#FORMAT PC8`) for its own bookkeeping to import. The
/// same people who may see the funds page may download it.
enum BookkeepingExport {
    /// The version `#PROGRAM` names.
    static let programVersion = "1.0"

    @Sendable static func download(req: Request) async throws -> Response {
        let org = try await FundsQuery.org(req)
        let year = try RequestParameters.year(req)
        guard let plan = try await PlanService.load(organisation: org, year: year, on: req.db) else {
            throw Abort(.notFound, reason: "Det finns ingen överenskommelse för \(year).")
        }
        let events = try await GrantEventsQuery.events(org: org, plan: plan, on: req.db)
        let document = try GrantBookkeeping.document(events, plan: .municipalBAS, organisation: org.name, organisationNumber: org.orgNumber,
                                                     generated: req.today, programVersion: programVersion)
        var headers = HTTPHeaders()
        headers.replaceOrAdd(name: .contentType, value: "text/plain; charset=IBM437")
        headers.replaceOrAdd(name: .contentDisposition, value: "attachment; filename=\"\(filename(org: org, year: year))\"")
        return Response(status: .ok, headers: headers, body: .init(data: Data(SIEWriter.bytes(document))))
    }

    /// `<code>-<year>-nara.se`, the code reduced to letters, digits and hyphens.
    static func filename(org: OrganisationModel, year: Int) -> String {
        let code = String(org.code.filter { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") })
        return "\(code.isEmpty ? "mottagare" : code)-\(year)-nara.se"
    }
}
