import Fluent
import Foundation
import NaraCore
import NaraPersistence
import Vapor

/// Opening a report's attachment: the stored bytes with headers a browser cannot be talked into
/// reading as a page, for everyone who may read the report (the route's access rule).
enum AttachmentDownload {
    /// The types Nära accepts as attachments; anything else is sent as plain bytes.
    static let safeTypes: [String: HTTPMediaType] = [
        "pdf": HTTPMediaType(type: "application", subType: "pdf"),
        "docx": HTTPMediaType(type: "application", subType: "vnd.openxmlformats-officedocument.wordprocessingml.document"),
        "xlsx": HTTPMediaType(type: "application", subType: "vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    ]

    static func contentType(forFileName name: String) -> HTTPMediaType {
        let ext = name.split(separator: ".").last.map { $0.lowercased() } ?? ""
        return safeTypes[ext] ?? HTTPMediaType(type: "application", subType: "octet-stream")
    }

    /// The file name with nothing a header or a file system could misread: no quotes, no
    /// control characters (CR, LF), no path separators.
    static func cleanName(_ raw: String) -> String {
        let kept = raw.unicodeScalars.filter { $0.value >= 0x20 && $0.value != 0x7F && $0 != "\"" }
        let name = String(String.UnicodeScalarView(kept)).replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "\\", with: "_")
            .trimmingCharacters(in: .whitespaces)
        let trimmed = String(name.drop { $0 == "." })
        return trimmed.isEmpty ? "bilaga" : String(trimmed.prefix(200))
    }

    /// `attachment; filename="<ASCII>"; filename*=UTF-8''<percent-encoded>` (RFC 6266, RFC 5987).
    static func disposition(fileName raw: String) -> String {
        let name = cleanName(raw)
        let ascii = String(String.UnicodeScalarView(name.unicodeScalars.map { $0.isASCII ? $0 : "_" }))
        let attrChars = CharacterSet(charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!#$&+-.^_`|~")
        let encoded = name.addingPercentEncoding(withAllowedCharacters: attrChars) ?? "bilaga"
        return "attachment; filename=\"\(ascii)\"; filename*=UTF-8''\(encoded)"
    }

    /// A size as people read it: "850 byte", "120 kB", "2,4 MB".
    static func sizeText(_ bytes: Int) -> String {
        if bytes < 1000 { return "\(bytes) byte" }
        if bytes < 999_500 { return "\((bytes + 500) / 1000) kB" }
        return SwedishNumber.decimal(Int64(bytes), 1_000_000, digits: 1) + " MB"
    }

    /// The report's attachment named in the path; 404 for an unknown id or another report's file.
    static func find(_ req: Request) async throws -> AttachmentModel {
        guard let reportID = req.parameters.get("report").flatMap(UUID.init(uuidString:)),
              let id = req.parameters.get("attachment").flatMap(UUID.init(uuidString:)),
              let a = try await AttachmentModel.find(id, on: req.db), a.reportID == reportID
        else { throw Abort(.notFound, reason: "Bilagan finns inte.") }
        return a
    }

    static func response(_ a: AttachmentModel) throws -> Response {
        guard let bytes = Data(base64Encoded: a.content) else { throw Abort(.internalServerError, reason: "Bilagan går inte att läsa.") }
        var headers = HTTPHeaders()
        headers.contentType = contentType(forFileName: a.fileName)
        headers.replaceOrAdd(name: .contentDisposition, value: disposition(fileName: a.fileName))
        headers.replaceOrAdd(name: "X-Content-Type-Options", value: "nosniff")
        headers.replaceOrAdd(name: .cacheControl, value: "private, no-store")
        return Response(status: .ok, headers: headers, body: .init(data: bytes))
    }

    /// `GET /rapporter/{report}/bilagor/{attachment}` and `GET /api/v1/reports/{report}/attachments/{attachment}`.
    @Sendable static func download(req: Request) async throws -> Response {
        try response(try await find(req))
    }
}

/// The routes that open a report's attachments, with the report pages' read rule.
struct AttachmentRoutes: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let read = AccessRule.report(.readOrganisation, parameter: "report")
        routes.on(.GET, "rapporter", ":report", "bilagor", ":attachment", rule: read, use: AttachmentDownload.download)
        routes.on(.GET, "api", "v1", "reports", ":report", "attachments", ":attachment", rule: read, use: AttachmentDownload.download)
    }
}

/// A link to an attachment as the pages show it: its name and size.
struct AttachmentLink: Sendable {
    let url: String
    let name: String
    let size: String

    init(_ a: AttachmentModel) {
        url = SiteURL.attachment(a.reportID, a.id!)
        name = a.fileName
        size = AttachmentDownload.sizeText(a.size)
    }
}
