import Fluent
import Foundation
import NaraCore
import NaraPersistence

/// A search in the free-text answers and comments: one page of hits, with the questionnaires
/// that name their questions.
struct SearchResults: Sendable {
    static let perPage = 25

    let query: String
    /// The year filter as given (empty for every year).
    let yearText: String
    let page: Int
    /// The years with submitted reports, newest first.
    let years: [Int]
    /// Whether the query has a word to search for.
    let hasTerms: Bool
    let total: Int
    let hits: [SearchHit]
    /// Whether the hits are ordered by relevance (few enough to rank) or newest first.
    let byRelevance: Bool
    /// The questionnaire of each hit, by `formKey|year`.
    let definitions: [String: FormDefinition]

    /// `q=…&ar=…` for links that keep the search.
    var queryString: String { "q=\(query.urlPart)&ar=\(yearText.urlPart)" }

    func question(of h: SearchHit) -> Question? { definitions["\(h.formKey)|\(h.year)"]?.question(h.questionID) }

    static func query(_ raw: String, yearText: String, page: Int, on db: any Database) async throws -> SearchResults {
        let query = String(raw.prefix(200))
        let years = Array(Set(try await FollowUpStore.rounds(on: db).map(\.year))).sorted(by: >)
        let hasTerms = !SwedishSearch.words(query).isEmpty
        let (total, hits, byRelevance) = hasTerms
            ? try await FollowUpStore.searchHits(query, year: Int(yearText), limit: perPage, offset: (page - 1) * perPage, on: db) : (0, [], true)
        var definitions: [String: FormDefinition] = [:]
        for h in hits where definitions["\(h.formKey)|\(h.year)"] == nil {
            definitions["\(h.formKey)|\(h.year)"] = try await FollowUpStore.definition(formKey: h.formKey, year: h.year, on: db)
        }
        return SearchResults(query: query, yearText: yearText, page: page, years: years, hasTerms: hasTerms, total: total, hits: hits,
                             byRelevance: byRelevance, definitions: definitions)
    }

    /// Every hit (up to 5 000) as a table, for the downloads.
    static func table(_ query: String, yearText: String, on db: any Database) async throws -> DataTable {
        let (_, all) = try await FollowUpStore.search(String(query.prefix(200)), year: Int(yearText), limit: 5_000, offset: 0, on: db)
        return DataTable(id: "traffar", caption: "Sökträffar", columns: ["Mottagare", "Län", "År", "Formulär", "Fråga", "Utdrag"],
                         rows: all.map { [.text($0.organisation), .text(AnalysisRoutes.countyName($0.countyCode)), .text(String($0.year)), .text($0.formKey),
                                          .text($0.questionID), .text(SwedishSearch.segments($0.snippet).map(\.text).joined())] })
    }
}
