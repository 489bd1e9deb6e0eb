import Foundation
import NaraCore
import Vapor

/// The national compilation of a report round: the page, and its PDF, workbook and
/// Word-friendly HTML. Registered by `AnalysisRoutes` with the analysis pages' rule.
enum CompilationRoutes {
    static func register(_ routes: any RoutesBuilder, rule: AccessRule) {
        routes.on(.GET, "uppfoljning", "formular", ":formkey", "sammanstallning", rule: rule, use: Self.page)
        routes.on(.GET, "uppfoljning", "formular", ":formkey", "sammanstallning.pdf", rule: rule, use: Self.pdf)
        routes.on(.GET, "uppfoljning", "formular", ":formkey", "sammanstallning.xlsx", rule: rule, use: Self.workbook)
        routes.on(.GET, "uppfoljning", "formular", ":formkey", "sammanstallning.html", rule: rule, use: Self.word)
    }

    static func url(_ key: String, year: Int) -> String { "/uppfoljning/formular/\(key.urlPart)/sammanstallning?ar=\(year)" }

    static func model(_ req: Request) async throws -> Compilation {
        try await CompilationQuery.query(try await AnalysisRoutes.context(req), today: req.today, on: req.analysisDB)
    }

    static func filename(_ m: Compilation) -> String { "nara-\(m.context.key)-\(m.context.year)-sammanstallning" }

    /// A download built while the others wait (`ExportGate`): a compilation reads every answer.
    static func gated<T: Sendable>(_ work: () async throws -> T) async throws -> T {
        await ExportGate.shared.acquire()
        do {
            let value = try await work()
            await ExportGate.shared.release()
            return value
        } catch {
            await ExportGate.shared.release()
            throw error
        }
    }

    @Sendable static func page(req: Request) async throws -> Response {
        let m = try await model(req)
        return req.page { CompilationPage(model: m).render() }
    }

    @Sendable static func pdf(req: Request) async throws -> Response {
        let m = try await gated { try await model(req) }
        let html = PageContext.$current.withValue(PageContext(req)) { CompilationPage(model: m).render() }
        // The renderer takes its own turn at the gate.
        return try await PDFRenderer.response(req, html: html, filename: filename(m))
    }

    @Sendable static func workbook(req: Request) async throws -> Response {
        let (m, data) = try await gated {
            let m = try await model(req)
            return (m, try CompilationWorkbook.workbook(m))
        }
        var headers = HTTPHeaders()
        headers.replaceOrAdd(name: .contentType, value: XLSX.contentType)
        headers.replaceOrAdd(name: .contentDisposition, value: "attachment; filename=\"\(filename(m)).xlsx\"")
        headers.replaceOrAdd(name: .cacheControl, value: "private, no-store")
        return Response(status: .ok, headers: headers, body: .init(data: data))
    }

    @Sendable static func word(req: Request) async throws -> Response {
        let m = try await gated { try await model(req) }
        let html = CompilationWordDocument(model: m, publicURL: req.config.publicURL).render()
        var headers = HTTPHeaders()
        headers.replaceOrAdd(name: .contentType, value: "text/html; charset=utf-8")
        headers.replaceOrAdd(name: .contentDisposition, value: "attachment; filename=\"\(filename(m)).html\"")
        headers.replaceOrAdd(name: .cacheControl, value: "private, no-store")
        return Response(status: .ok, headers: headers, body: .init(string: html))
    }
}
