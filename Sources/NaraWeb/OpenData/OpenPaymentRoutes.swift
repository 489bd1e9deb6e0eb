import Foundation
import NaraCore
import Vapor

/// The open payment data beside the open data page: the payments and repayments as CSV and JSON,
/// and the Frictionless Data Package describing both. Public, read live from the database, so a
/// payment marked paid shows as paid at once.
struct OpenPaymentRoutes: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.on(.GET, "oppna-data", "utbetalningar.csv", rule: .everyone, use: Self.csv)
        routes.on(.GET, "oppna-data", "utbetalningar.json", rule: .everyone, use: Self.json)
        routes.on(.GET, "oppna-data", "datapackage.json", rule: .everyone, use: Self.dataPackage)
    }

    /// The CSV file: the site's convention (`;`, UTF-8 with BOM, CRLF), header from the schema.
    static func csvDocument(_ rows: [OpenPaymentRecord]) -> String {
        CSVWriter.document([OpenPaymentField.allCases.map(\.rawValue)] + rows.map { $0.values.map(\.csvText) })
    }


    static var encoder: JSONEncoder {
        let e = JSONEncoder()
        e.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return e
    }

    @Sendable static func csv(req: Request) async throws -> Response {
        let rows = try await OpenPaymentQuery.rows(on: req.db)
        var headers = CSVWriter.headers(filename: OpenPaymentPackage.csvFile)
        headers.replaceOrAdd(name: .contentDisposition, value: "inline; filename=\"\(OpenPaymentPackage.csvFile)\"")
        return Response(status: .ok, headers: headers, body: .init(string: csvDocument(rows)))
    }

    @Sendable static func json(req: Request) async throws -> Response {
        let rows = try await OpenPaymentQuery.rows(on: req.db)
        return jsonResponse(Data(OpenPaymentJSON.document(rows).utf8))
    }

    @Sendable static func dataPackage(req: Request) async throws -> Response {
        let config = req.application.storage[AppConfigKey.self]
        let base = config.flatMap { $0.publicURLIsSet ? $0.publicURL : nil }
        return jsonResponse(try encoder.encode(OpenPaymentPackage.descriptor(homepage: base.map { $0 + SiteURL.openData })))
    }

    static func jsonResponse(_ data: Data) -> Response {
        var headers = HTTPHeaders()
        headers.replaceOrAdd(name: .contentType, value: "application/json; charset=utf-8")
        return Response(status: .ok, headers: headers, body: .init(data: data))
    }
}

extension SiteURL {
    static let openPaymentsCSV = openData + "/" + OpenPaymentPackage.csvFile
    static let openPaymentsJSON = openData + "/" + OpenPaymentPackage.jsonFile
    static let openDataPackage = openData + "/datapackage.json"
}
