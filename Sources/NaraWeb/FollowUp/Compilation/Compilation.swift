import Foundation
import NaraCore

/// A report round's national compilation (*nationell sammanställning*): every section and
/// question of the questionnaire with the same figures as the analysis pages, and who submitted
/// when. One value, four forms: the page (printed to PDF), the Word-friendly HTML and the
/// workbook are all written from it.
struct Compilation: Sendable {
    /// A question's content, by its kind.
    enum Body: Sendable {
        /// Counts and shares per option (the question page's `fordelning`), the counts per county
        /// (its `per-lan`) and the chart's bars.
        case choices(distribution: DataTable, byCounty: DataTable?, bars: [Charts.Bar], description: String)
        /// Sum, median, lowest and highest, and the distribution in buckets.
        case numbers(summary: DataTable?, distribution: DataTable?, bars: [Charts.Bar], description: String)
        /// Free text: the theme terms (none for other kinds of text) and a few quoted answers per county.
        case texts(themes: DataTable?, quotes: [CountyQuotes])
        /// Attached files: only how many answered.
        case files
    }

    /// A few answers of one county, shortened.
    struct CountyQuotes: Sendable {
        let countyCode: String
        let quotes: [Quote]
        var countyName: String { AnalysisRoutes.countyName(countyCode) }
    }

    struct Quote: Sendable {
        let reportID: UUID
        let recipient: String
        let text: String
        var href: String { SiteURL.report(reportID) }
    }

    struct Item: Sendable {
        let question: Question
        let answered: Int
        let body: Body
        /// The anchor on the page (`fraga-q1`).
        var anchor: String { "fraga-" + question.id }
    }

    struct Section: Sendable {
        let number: Int
        let heading: String
        let items: [Item]
        var anchor: String { "avsnitt-\(number)" }
        var title: String { "\(number). \(heading)" }
    }

    /// One recipient's report in the round, for the appendix.
    struct Submission: Sendable {
        let reportID: UUID
        let recipient: String
        let county: String
        let status: ReportStatus
        let submittedAt: Date?
        let late: Bool
    }

    let context: AnalysisContext
    /// Submitted reports in the round (the analysis pages' denominator).
    let submitted: Int
    let generated: Bool
    /// The day it was compiled.
    let compiledOn: CivilDate
    let deadlines: [CivilDate]
    let sections: [Section]
    let submissions: [Submission]

    var title: String { "Nationell sammanställning \(context.year) – \(context.definition.title)" }
    var items: [Item] { sections.flatMap(\.items) }
    var lateCount: Int { submissions.filter(\.late).count }

    /// The appendix as a table: every recipient of the round, its report's status, when it came
    /// in and whether that was after the deadline.
    var appendixTable: DataTable {
        DataTable(id: "bilaga-inskickade", caption: "Mottagarnas rapporter: status och när de skickades in (\(submissions.count) mottagare, \(lateCount) försenade)",
                  columns: ["Mottagare", "Län", "Status", "Inskickad", "Försenad"],
                  rows: submissions.map { s in
                      [.link(s.recipient, href: SiteURL.report(s.reportID)), s.county.isEmpty ? .empty : .text(s.county), .text(s.status.swedishName),
                       .time(s.submittedAt), .text(s.late ? "Ja, försenad" : "Nej")]
                  })
    }

    /// `text` shortened to at most `limit` characters at a word boundary, with `…` when cut;
    /// line breaks become spaces.
    static func shortened(_ text: String, limit: Int = 280) -> String {
        let flat = text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        guard flat.count > limit else { return flat }
        let cut = flat.prefix(limit - 1)
        let atWord = cut.lastIndex(of: " ").map { cut[..<$0] } ?? cut
        return atWord.trimmingCharacters(in: .punctuationCharacters.union(.whitespaces)) + "…"
    }
}
