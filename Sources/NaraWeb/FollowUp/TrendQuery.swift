import Fluent
import Foundation
import NaraCore
import NaraPersistence
import SQLKit

/// One question year on year: its counterpart in each year's questionnaire (the same id, or a
/// linked question in another form), and the years where it has none.
struct Trend: Sendable {
    struct Year: Sendable {
        let year: Int
        let formKey: String
        let question: Question?
        let tally: ChoiceTally?
        let answers: Int
        let reports: Int
    }

    let context: AnalysisContext
    let question: Question
    let matched: [Year]
    let missing: [Year]
    /// Every option seen in any year, in the order first seen.
    let labels: [String]
    let table: DataTable

    var isChoice: Bool { question.type == .singleChoice || question.type == .multipleChoice }

    static func query(_ c: AnalysisContext, question q: Question, on db: any Database) async throws -> Trend {
        let years = try await years(key: c.key, question: q, on: db)
        let matched = years.filter { $0.question != nil }
        var labels: [String] = []
        for y in matched { for l in y.tally?.lines ?? [] where !labels.contains(l.label) { labels.append(l.label) } }
        let table: DataTable
        if q.type == .singleChoice || q.type == .multipleChoice {
            // Shares first (what the chart shows), then the counts they are computed from.
            func count(_ y: Year, _ label: String) -> Int { y.tally?.lines.first { $0.label == label }?.count ?? 0 }
            table = DataTable(id: "trend", caption: "Andel av de svarande per alternativ och år",
                              columns: ["Alternativ"] + matched.map { String($0.year) } + matched.map { "Antal \($0.year)" },
                              numeric: Set(1...max(1, 2 * matched.count)),
                              rows: labels.map { label in
                                  [.text(label)] + matched.map { y in .share(count(y, label), of: y.tally?.respondents ?? 0) }
                                      + matched.map { y in .count(count(y, label)) }
                              })
        } else {
            table = DataTable(id: "trend", caption: "Antal svar per år", columns: ["År", "Fråga", "Svar", "Inskickade rapporter"], numeric: [2, 3],
                              rows: matched.map { [.text(String($0.year)), .text($0.question?.number ?? ""), .count($0.answers), .count($0.reports)] })
        }
        return Trend(context: c, question: q, matched: matched, missing: years.filter { $0.question == nil }, labels: labels, table: table)
    }

    static func years(key: String, question q: Question, on db: any Database) async throws -> [Year] {
        var out: [Year] = []
        for round in try await FollowUpStore.rounds(on: db).sorted(by: { ($0.year, $0.formKey) < ($1.year, $1.formKey) }) {
            let def = try await FollowUpStore.definition(formKey: round.formKey, year: round.year, on: db)
            // Other questionnaires count only when a link ties them to this question.
            guard let other = try await FollowUpStore.counterpart(formKey: key, question: q.id, in: round.formKey, definition: def, on: db),
                  let oq = def?.question(other) else {
                if round.formKey == key { out.append(Year(year: round.year, formKey: round.formKey, question: nil, tally: nil, answers: 0, reports: round.reports)) }
                continue
            }
            let scope = FollowUpScope(formKey: round.formKey, year: round.year)
            var tally: ChoiceTally?
            if oq.type == .singleChoice || oq.type == .multipleChoice { tally = try await FollowUpStore.choices(scope, question: oq, on: db).0 }
            let answered = try await FollowUpStore.sql(db).select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n")
                .from(FollowUpValueModel.schema).where("form_key", .equal, SQLBind(round.formKey)).where("year", .equal, SQLBind(round.year))
                .where("question_id", .equal, SQLBind(oq.id)).where("item", .equal, SQLBind(0)).first()?.decode(column: "n", as: Int.self) ?? 0
            out.append(Year(year: round.year, formKey: round.formKey, question: oq, tally: tally, answers: answered, reports: round.reports))
        }
        return out
    }
}
