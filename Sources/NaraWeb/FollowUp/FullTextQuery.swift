import Foundation
import NaraCore
import SQLKit

/// The SQLite full-text query of a search: each term's words spelled out, the year as a
/// column of the index.
///
/// FTS5 answers a prefix term (`"samverkan"*`) by merging the lists of every word it begins
/// before it can return its first row; at ×100 "samverkan" has 300 000 hits, so even one page
/// cost 20–30 ms. The same words given one by one (`samverkan OR samverkansstrukturen`) are read
/// lazily, so a page or a count stops where it is done. The year is a column of the index
/// (migration 025), so a year's hits need no lookup of each hit's row.
enum FullTextQuery {
    /// Above this many words beginning with a term, the term stays a prefix.
    @TaskLocal static var expandedWords = 64

    /// The `MATCH` texts for `query` in `year` (every year when nil): with each term's words
    /// spelled out, for counting and for a page newest first; and with each term as a prefix,
    /// for ranking, which then scores exactly as before. Nil when the query has no word.
    static func match(_ query: String, year: Int?, on sql: any SQLDatabase) async throws -> (expanded: String, prefixed: String)? {
        let words = SwedishSearch.words(query)
        guard !words.isEmpty else { return nil }
        var terms: [String] = []
        for word in words {
            let stem = SwedishSearch.stem(word)
            let found = try await sql.raw("""
                SELECT term FROM followup_fts_vocab WHERE term >= \(bind: stem) AND term < \(bind: stem + "\u{10FFFF}") LIMIT \(literal: expandedWords + 1)
                """).all().map { try $0.decode(column: "term", as: String.self) }
            terms.append(found.isEmpty || found.count > expandedWords ? quoted(stem) + "*" : "(" + found.map(quoted).joined(separator: " OR ") + ")")
        }
        let inYear = year.map { " AND year : \($0)" } ?? ""
        return ("body : (" + terms.joined(separator: " AND ") + ")" + inYear,
                "body : (" + words.map { quoted(SwedishSearch.stem($0)) + "*" }.joined(separator: " AND ") + ")" + inYear)
    }

    static func quoted(_ word: String) -> String { "\"" + word.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }
}
