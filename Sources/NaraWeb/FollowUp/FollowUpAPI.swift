import Fluent
import Foundation
import NaraCore
import NaraPersistence
import Vapor

/// The follow-up in the JSON API: a question's aggregation and the free-text search.
struct FollowUpAPIRoutes: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let api = routes.grouped("api", "v1", "followup")
        api.on(.GET, "search", rule: .capability(.reviewReports), use: Self.search)
        api.on(.GET, ":formkey", "questions", ":question", rule: .capability(.reviewReports), use: Self.question)
        api.on(.GET, ":formkey", "questions", ":question", "themes", rule: .capability(.reviewReports), use: ThemeAPI.themes)
    }

    struct OptionCount: Encodable { let label: String; let count: Int }
    struct CountySplit: Encodable { let countyCode: String; let countyName: String; let options: [OptionCount] }
    struct Numbers: Encodable { let count: Int; let sum: Int64; let median: Double; let min: Int64; let max: Int64 }
    struct QuestionAggregation: Encodable {
        let formId: String
        let questionId: String
        let number: String
        let text: String
        let type: String
        let year: Int
        let submittedReports: Int
        let respondents: Int
        let options: [OptionCount]?
        let byCounty: [CountySplit]?
        let numbers: Numbers?
        let generatedDemoData: Bool
    }

    @Sendable static func question(req: Request) async throws -> Response {
        guard let key = req.parameters.get("formkey") else { throw Abort(.notFound) }
        let years = try await FollowUpStore.years(formKey: key, on: req.analysisDB)
        var year = years.last ?? 0
        if let y = req.query[String.self, at: "year"] {
            guard let v = Int(y), (2000...2100).contains(v) else { throw Abort(.badRequest, reason: "year ska vara ett årtal, till exempel 2022.") }
            year = v
        }
        guard let def = try await FollowUpStore.definition(formKey: key, year: year, on: req.analysisDB) else { throw Abort(.notFound, reason: "Formuläret finns inte.") }
        guard let qid = req.parameters.get("question"), let q = def.question(qid) else { throw Abort(.notFound, reason: "Frågan finns inte i formuläret.") }
        var scope = FollowUpScope(formKey: key, year: year)
        if let c = req.query[String.self, at: "county"], !c.isEmpty {
            guard Geography.shipped.county(c) != nil else { throw Abort(.badRequest, reason: "county ska vara en länskod, till exempel 13.") }
            scope.county = c
        }
        if let k = req.query[String.self, at: "kind"], !k.isEmpty {
            guard k == "region" || k == "rss" else { throw Abort(.badRequest, reason: "kind ska vara region eller rss.") }
            scope.kind = k
        }
        return APIResponse.json(try await aggregation(q, scope: scope, on: req.analysisDB))
    }

    /// One question's answers in a scope, counted by the database: options (and per county) for
    /// a choice, sum, median and extremes for a number, the number of answers otherwise.
    static func aggregation(_ q: Question, scope: FollowUpScope, on db: any Database) async throws -> QuestionAggregation {
        let submitted = try await FollowUpStore.reportCount(scope, on: db)
        var options: [OptionCount]?, byCounty: [CountySplit]?, numbers: Numbers?, respondents = 0
        switch q.type {
        case .singleChoice, .multipleChoice:
            let (tally, split) = try await FollowUpStore.choices(scope, question: q, on: db)
            respondents = tally.respondents
            options = tally.lines.map { OptionCount(label: $0.label, count: $0.count) }
            byCounty = split.keys.sorted().map { c in
                CountySplit(countyCode: c, countyName: Geography.shipped.county(c)?.name ?? c,
                            options: tally.lines.map { OptionCount(label: $0.label, count: split[c]?[$0.label] ?? 0) })
            }
        case .integer, .amount, .percent:
            if let s = try await FollowUpStore.numbers(scope, question: q.id, on: db) {
                respondents = s.count
                numbers = Numbers(count: s.count, sum: s.sum, median: Double(s.twiceMedian) / 2, min: s.min, max: s.max)
            }
        default:
            respondents = try await FollowUpStore.answers(scope, question: q.id, textOnly: true, limit: 1, offset: 0, on: db).total
        }
        return QuestionAggregation(formId: scope.formKey, questionId: q.id, number: q.number, text: q.text, type: q.type.rawValue, year: scope.year,
                                   submittedReports: submitted, respondents: respondents, options: options, byCounty: byCounty,
                                   numbers: numbers, generatedDemoData: try await AnalysisRoutes.generated(scope, on: db))
    }

    struct Hit: Encodable {
        let reportId: UUID
        let recipient: String
        let countyCode: String
        let year: Int
        let formId: String
        let questionId: String
        let snippet: String
        let matches: [String]
    }
    struct SearchResult: Encodable { let query: String; let total: Int; let hits: [Hit] }

    @Sendable static func search(req: Request) async throws -> Response {
        let q = String((req.query[String.self, at: "q"] ?? "").prefix(200))
        guard !SwedishSearch.words(q).isEmpty else { throw Abort(.badRequest, reason: "Ange sökord i q (minst två bokstäver).") }
        var year: Int?
        if let y = req.query[String.self, at: "year"], !y.isEmpty {
            guard let v = Int(y), (2000...2100).contains(v) else { throw Abort(.badRequest, reason: "year ska vara ett årtal, till exempel 2022.") }
            year = v
        }
        let limit = min(max(req.query[Int.self, at: "limit"] ?? 50, 1), 500)
        let offset = min(max(req.query[Int.self, at: "offset"] ?? 0, 0), 1_000_000)
        let (total, hits) = try await FollowUpStore.search(q, year: year, limit: limit, offset: offset, on: req.analysisDB)
        return APIResponse.json(SearchResult(query: q, total: total, hits: hits.map { h in
            let parts = SwedishSearch.segments(h.snippet)
            return Hit(reportId: h.reportID, recipient: h.organisation, countyCode: h.countyCode, year: h.year, formId: h.formKey, questionId: h.questionID,
                       snippet: parts.map(\.text).joined(), matches: parts.filter(\.hit).map(\.text))
        }))
    }
}
