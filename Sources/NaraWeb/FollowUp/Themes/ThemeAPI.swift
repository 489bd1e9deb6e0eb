import Foundation
import NaraCore
import Vapor

/// `GET /api/v1/followup/{formkey}/questions/{question}/themes`: a free-text question's themes
/// as JSON, with the same access as the rest of the follow-up API.
enum ThemeAPI {
    struct AnswerLink: Encodable {
        let report: UUID
        let recipient: String
        let county: String?
        let url: String
    }
    struct ThemeItem: Encodable {
        let term: String
        let recipients: Int
        let answers: [AnswerLink]
    }

    @Sendable static func themes(req: Request) async throws -> Response {
        guard let key = req.parameters.get("formkey"), !key.isEmpty, key.count <= 100,
              let question = req.parameters.get("question"), !question.isEmpty else { throw Abort(.notFound, reason: "Frågan finns inte.") }
        let years = try await FollowUpStore.rounds(on: req.analysisDB).filter { $0.formKey == key }.map(\.year).sorted()
        var year = years.last ?? 0
        if let y = req.query[String.self, at: "year"], !y.isEmpty {
            guard let v = Int(y), (2000...2100).contains(v) else { throw Abort(.badRequest, reason: "year ska vara ett årtal, till exempel 2022.") }
            year = v
        }
        let county = req.query[String.self, at: "county"].flatMap { $0.isEmpty ? nil : $0 }
        var limit = 10
        if let l = req.query[String.self, at: "limit"], !l.isEmpty {
            guard let v = Int(l), (1...ThemeQuery.maximumLimit).contains(v) else {
                throw Abort(.unprocessableEntity, reason: "limit ska vara ett heltal mellan 1 och \(ThemeQuery.maximumLimit).")
            }
            limit = v
        }
        let rows = try await ThemeQuery.themes(formKey: key, year: year, question: question, county: county, limit: limit, on: req.analysisDB)
        return APIResponse.json(rows.map { r in
            ThemeItem(term: r.term, recipients: r.recipients,
                      answers: r.answers.map { AnswerLink(report: $0.reportID, recipient: $0.recipient, county: $0.countyCode, url: $0.href) })
        })
    }
}
