import Fluent
import Foundation
import NaraCore
import NaraPersistence
import Vapor

extension SiteURL {
    /// The page for questionnaires drafted in Excel: download, upload.
    static let adminFormWorkbooks = "/admin/formular/arbetsbok"
    /// A stored questionnaire version as a workbook.
    static func adminFormWorkbook(_ id: UUID) -> String { "/admin/formular/\(id.uuidString)/arbetsbok" }
}

/// Questionnaires drafted in Excel: a stored version downloads as a workbook (`FormWorkbook`'s
/// layout, `docs/FORMS.md`), and an edited workbook uploads as a new version once it is valid.
struct FormWorkbookRoutes: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let rule = AccessRule.capability(.manageForms)
        routes.on(.GET, "admin", "formular", "arbetsbok", rule: rule, use: Self.page)
        routes.on(.POST, "admin", "formular", "arbetsbok", rule: rule, body: .collect(maxSize: "6mb"), use: Self.upload)
        routes.on(.GET, "admin", "formular", ":form", "arbetsbok", rule: rule, use: Self.download)
    }

    /// Column widths (characters) that make each sheet readable when opened.
    static let widths: [String: [Int]] = [
        FormWorkbook.Sheet.settings: [28, 9, 60, 60, 80],
        FormWorkbook.Sheet.sections: [18, 50, 80],
        FormWorkbook.Sheet.survey: [14, 10, 8, 16, 70, 40, 9, 40, 30, 11, 11, 10, 10, 14, 11],
        FormWorkbook.Sheet.choices: [14, 60],
        FormWorkbook.Sheet.tables: [14, 8, 12, 40, 10],
    ]

    /// A definition as workbook bytes, every cell text.
    static func workbook(_ d: FormDefinition) throws -> Data {
        try XLSX.workbook(sheets: FormWorkbook.sheets(for: d).map { ($0.name, $0.rows.map { $0.map { XLSX.Cell.text($0) } }) }, widths: widths)
    }

    static func render(_ req: Request, problems: [WorkbookProblem] = [], fileError: String? = nil,
                       status: HTTPResponseStatus = .ok) async throws -> Response {
        let defs = try await FormDefinitionModel.query(on: req.db).sort(\.$formKey).sort(\.$version, .descending).all()
        let csrf = CSRFMiddleware.token(for: req)
        return req.page(status: status) {
            FormWorkbookPage(definitions: defs, csrf: csrf, problems: problems, fileError: fileError).render()
        }
    }

    @Sendable static func page(req: Request) async throws -> Response { try await render(req) }

    @Sendable static func download(req: Request) async throws -> Response {
        guard let id = req.parameters.get("form").flatMap(UUID.init(uuidString:)), let m = try await FormDefinitionModel.find(id, on: req.db)
        else { throw Abort(.notFound, reason: "Formuläret finns inte.") }
        let definition = try ReportService.definition(m)
        var headers = HTTPHeaders()
        headers.replaceOrAdd(name: .contentType, value: XLSX.contentType)
        headers.replaceOrAdd(name: .contentDisposition, value: "attachment; filename=\"\(filename(m.formKey, version: m.version))\"")
        return Response(status: .ok, headers: headers, body: .init(data: try workbook(definition)))
    }

    /// `<formKey>-version-<n>.xlsx`, with only letters, digits, `-` and `_` from the key.
    static func filename(_ key: String, version: Int) -> String {
        let safe = String(key.unicodeScalars.filter { $0.isASCII && (CharacterSet.alphanumerics.contains($0) || $0 == "-" || $0 == "_") }.map(Character.init))
        return "\(safe.isEmpty ? "formular" : safe)-version-\(version).xlsx"
    }

    struct Upload: Content {
        var workbook: File?
    }

    @Sendable static func upload(req: Request) async throws -> Response {
        let file = (try? req.content.decode(Upload.self))?.workbook
        guard let file, file.data.readableBytes > 0 else {
            return try await render(req, fileError: "Välj en arbetsbok (.xlsx) att ladda upp.", status: .unprocessableEntity)
        }
        let sheets: [String: [[String]]]
        do { sheets = try XLSXReader.sheets(Data(file.data.readableBytesView)) } catch let failure as XLSXReader.Failure {
            return try await render(req, fileError: failure.message, status: .unprocessableEntity)
        }
        do {
            return try await FormAdminRoutes.storeUploaded(try FormWorkbook.definition(from: sheets), req: req)
        } catch let error as FormWorkbookError {
            let count = error.problems.count
            return try await render(req, problems: error.problems,
                                    fileError: "Arbetsboken har \(count) fel; de står i listan överst. Inget har sparats.",
                                    status: .unprocessableEntity)
        }
    }
}
