import Fluent
import Foundation
import NaraCore
import NaraPersistence
import Plot
import SQLKit
import Vapor

/// Answers across recipients and years: per question, trends, search and the full export.
struct AnalysisRoutes: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let rule = AccessRule.capability(.reviewReports)
        routes.on(.GET, "uppfoljning", "formular", ":formkey", rule: rule, use: Self.form)
        routes.on(.GET, "uppfoljning", "formular", ":formkey", "export", rule: rule, use: Self.export)
        routes.on(.GET, "uppfoljning", "formular", ":formkey", "fragor", ":question", rule: rule, use: Self.question)
        routes.on(.GET, "uppfoljning", "formular", ":formkey", "fragor", ":question", "trend", rule: rule, use: Self.trend)
        routes.on(.GET, "uppfoljning", "sok", rule: rule, use: Self.search)
        CompilationRoutes.register(routes, rule: rule)
    }

    static func formURL(_ key: String, year: Int) -> String { "/uppfoljning/formular/\(key.urlPart)?ar=\(year)" }
    static func questionURL(_ key: String, _ q: String) -> String { "/uppfoljning/formular/\(key.urlPart)/fragor/\(q.urlPart)" }

    static var generatedNote: Node<HTML.BodyContext> { .div(.class("generated-note"), .p(.strong(.text("Demodata. ")),
        .text("Svaren här är genererade för att visa hur uppföljningen fungerar. De är inte någon mottagares verkliga redovisning."))) }

    /// The form key and year of the request, the questionnaire and the years with answers.
    static func context(_ req: Request) async throws -> AnalysisContext {
        guard let key = req.parameters.get("formkey"), !key.isEmpty, key.count <= 100 else { throw Abort(.notFound, reason: "Formuläret finns inte.") }
        let years = try await FollowUpStore.years(formKey: key, on: req.analysisDB)
        let asked = req.query[String.self, at: "ar"]
        var year = years.last ?? 0
        if let asked, !asked.isEmpty {
            guard let y = Int(asked), (2000...2100).contains(y) else { throw Abort(.badRequest, reason: "Året ”\(asked.prefix(20))” är inte ett årtal.") }
            year = y
        }
        guard let def = try await FollowUpStore.definition(formKey: key, year: year, on: req.analysisDB) else {
            throw Abort(.notFound, reason: "Formuläret finns inte.")
        }
        return AnalysisContext(key: key, year: year, years: years, definition: def)
    }

    static func generated(_ scope: FollowUpScope, on db: any Database) async throws -> Bool {
        let q = FollowUpStore.sql(db).select().column("report_id").from(FollowUpReportModel.schema)
            .where("is_generated", .equal, SQLBind(true))
        return try await scope.apply(q).limit(1).first() != nil
    }

    static func countyName(_ code: String) -> String { Geography.shipped.county(code)?.name ?? (code.isEmpty ? "–" : code) }

    static func display(_ value: String, _ q: Question) -> String {
        switch q.type {
        case .integer, .amount, .percent, .date: return AnswerFormatter.display(value, for: q)
        default: return value
        }
    }

    static func numberText(_ n: Int64, _ q: Question) -> String { AnswerFormatter.display(String(n), for: q) }

    /// The filters of a question page: county, kind of recipient and recipient.
    static func scope(_ req: Request, key: String, year: Int) -> FollowUpScope {
        var s = FollowUpScope(formKey: key, year: year)
        if let c = req.query[String.self, at: "lan"], Geography.shipped.county(c) != nil { s.county = c }
        if let k = req.query[String.self, at: "typ"], k == "region" || k == "rss" { s.kind = k }
        s.recipient = req.query[String.self, at: "mottagare"].flatMap(UUID.init(uuidString:))
        return s
    }

    static func question(_ req: Request, _ def: FormDefinition) throws -> Question {
        guard let id = req.parameters.get("question"), let q = def.question(id) else { throw Abort(.notFound, reason: "Frågan finns inte i formuläret.") }
        return q
    }

    // MARK: Handlers

    @Sendable static func form(req: Request) async throws -> Response {
        let model = try await FormAnswers.query(try await context(req), on: req.analysisDB)
        if let download = try model.table.download(req, filename: "nara-\(model.context.key)-\(model.context.year)-fragor") { return download }
        return req.page { FormAnswersPage(model: model).render() }
    }

    /// The full export; `ar=alla` exports every year in one table.
    @Sendable static func export(req: Request) async throws -> Response {
        let layout = FollowUpExport.Layout(rawValue: req.query[String.self, at: "layout"] ?? "bred") ?? .wide
        let format = req.query[String.self, at: "format"] == "csv" ? "csv" : "xlsx"
        if req.query[String.self, at: "ar"] == "alla" {
            guard let key = req.parameters.get("formkey"),
                  let latest = try await FormDefinitionModel.query(on: req.analysisDB).filter(\.$formKey == key).sort(\.$version, .descending).first() else {
                throw Abort(.notFound, reason: "Formuläret finns inte.")
            }
            return try await FollowUpExport.respond(req, formKey: key, year: nil, definition: try ReportService.definition(latest), layout: layout, format: format)
        }
        let c = try await context(req)
        return try await FollowUpExport.respond(req, formKey: c.key, year: c.year, definition: c.definition, layout: layout, format: format)
    }

    @Sendable static func question(req: Request) async throws -> Response {
        let c = try await context(req)
        let q = try question(req, c.definition)
        let model = try await QuestionAnswers.query(c, question: q, scope: scope(req, key: c.key, year: c.year),
                                                    option: req.query[String.self, at: "alternativ"].flatMap { $0.isEmpty ? nil : $0 },
                                                    page: max(1, req.query[Int.self, at: "sida"] ?? 1), on: req.analysisDB)
        if let download = try DataTable.download(req, tables: model.tables, filename: "nara-\(c.key)-\(c.year)-fraga-\(q.number)") { return download }
        return req.page { QuestionAnswersPage(model: model).render() }
    }

    @Sendable static func trend(req: Request) async throws -> Response {
        let c = try await context(req)
        let model = try await Trend.query(c, question: try question(req, c.definition), on: req.analysisDB)
        if let download = try model.table.download(req, filename: "nara-\(c.key)-fraga-\(model.question.number)-trend") { return download }
        return req.page { TrendPage(model: model).render() }
    }

    @Sendable static func search(req: Request) async throws -> Response {
        let query = req.query[String.self, at: "q"] ?? "", yearText = req.query[String.self, at: "ar"] ?? ""
        let model = try await SearchResults.query(query, yearText: yearText, page: max(1, req.query[Int.self, at: "sida"] ?? 1), on: req.analysisDB)
        if req.query[String.self, at: "format"] != nil, model.hasTerms,
           let download = try await SearchResults.table(query, yearText: yearText, on: req.analysisDB).download(req, filename: "nara-sokning") { return download }
        return req.page { SearchPage(model: model).render() }
    }
}

extension String {
    /// Percent-encoded for a path segment or a query value.
    var urlPart: String { addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(.init(charactersIn: "-_.~"))) ?? "" }
}
