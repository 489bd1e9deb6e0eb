import Fluent
import Foundation
import NaraCore
import NaraPersistence
import SQLKit

/// Builds a round's `Compilation` from the analysis pages' own queries: a choice question's
/// tables are the question page's (`QuestionAnswers.query`), a number question's figures come
/// from the same `FollowUpStore.numbers`, the answered counts from `FormAnswers.query`, the
/// themes from `ThemeQuery` and the appendix from the status board's `StatusBoardQuery`. So the
/// compilation's figures equal the pages' by construction.
enum CompilationQuery {
    /// Quoted answers per county and question.
    static let quotesPerCounty = 3
    static let themesPerQuestion = 10

    static func query(_ c: AnalysisContext, today: CivilDate, on db: any Database) async throws -> Compilation {
        let scope = FollowUpScope(formKey: c.key, year: c.year)
        let overview = try await FormAnswers.query(c, on: db)
        var answered: [String: Int] = [:]
        for (q, row) in zip(c.definition.questions, overview.table.rows) {
            if case .number(let v, _) = row[3] { answered[q.id] = NSDecimalNumber(decimal: v).intValue }
        }
        let submitted = try await FollowUpStore.reportCount(scope, on: db)
        let themes = try await ThemeQuery.themesForEveryQuestion(formKey: c.key, year: c.year, definition: c.definition,
                                                                 limit: themesPerQuestion, on: db)
        var sections: [Compilation.Section] = []
        for (i, s) in c.definition.sections.enumerated() {
            var items: [Compilation.Item] = []
            for q in s.questions {
                items.append(Compilation.Item(question: q, answered: answered[q.id] ?? 0, body: try await body(c, q, scope: scope, themes: themes[q.id] ?? [], on: db)))
            }
            sections.append(Compilation.Section(number: i + 1, heading: s.heading, items: items))
        }
        let (submissions, deadlines) = try await appendix(c, today: today, on: db)
        return Compilation(context: c, submitted: submitted, generated: overview.generated, compiledOn: today, deadlines: deadlines,
                           sections: sections, submissions: submissions)
    }

    static func body(_ c: AnalysisContext, _ q: Question, scope: FollowUpScope, themes: [ThemeRow], on db: any Database) async throws -> Compilation.Body {
        switch q.type {
        case .singleChoice, .multipleChoice:
            // The question page's own model: its tables are the ones compared with the page.
            let page = try await QuestionAnswers.query(c, question: q, scope: scope, option: nil, page: 1, on: db)
            guard case .choices(let tally, _, _) = page.detail else { return .files }
            let denominator = q.type == .singleChoice ? tally.respondents : max(1, tally.respondents)
            return .choices(distribution: renamed(page.table, "\(q.id)-fordelning"),
                            byCounty: page.byCountyTable.map { renamed($0, "\(q.id)-per-lan") },
                            bars: tally.lines.map { .init(label: $0.label, value: Int64($0.count), valueText: "\($0.count) (\(Share.text($0.count, of: denominator)))") },
                            description: tally.lines.map { "\($0.label): \($0.count) (\(Share.text($0.count, of: denominator)))" }.joined(separator: "; "))
        case .integer, .amount, .percent:
            guard let s = try await FollowUpStore.numbers(scope, question: q.id, on: db) else {
                return .numbers(summary: nil, distribution: nil, bars: [], description: "")
            }
            func text(_ n: Int64) -> String { AnalysisRoutes.numberText(n, q) }
            let median: DataTable.Cell = s.twiceMedian % 2 == 0 ? QuestionAnswers.numberCell(s.twiceMedian / 2, q)
                : .text(text(s.twiceMedian / 2) + " (mellan två värden)")
            let summary = DataTable(id: "\(q.id)-sammanfattning", caption: "Fråga \(q.number): sammanfattning (\(s.count) svar)", columns: ["Mått", "Värde"], numeric: [1],
                                    rows: [[.text("Summa"), QuestionAnswers.numberCell(s.sum, q)], [.text("Median"), median],
                                           [.text("Lägsta"), QuestionAnswers.numberCell(s.min, q)], [.text("Högsta"), QuestionAnswers.numberCell(s.max, q)]])
            let distribution = DataTable(id: "\(q.id)-spridning", caption: "Fråga \(q.number): fördelning av svaren (antal)", columns: ["Intervall", "Antal svar"], numeric: [1],
                                         rows: s.buckets.map { [.text("\(text($0.from)) – \(text($0.to))"), .count($0.count)] })
            return .numbers(summary: summary, distribution: distribution,
                            bars: s.buckets.map { .init(label: "\(text($0.from)) – \(text($0.to))", value: Int64($0.count), valueText: String($0.count)) },
                            description: s.buckets.map { "\(text($0.from))–\(text($0.to)): \($0.count)" }.joined(separator: "; "))
        case .file:
            return .files
        case .text:
            let table = DataTable(id: "\(q.id)-teman", caption: "Fråga \(q.number): teman i svaren", columns: ["Tema", "Mottagare som använder det"], numeric: [1],
                                  rows: themes.map { [.text($0.term), .count($0.recipients)] })
            return .texts(themes: table, quotes: try await quotes(scope, q, on: db))
        default:
            return .texts(themes: nil, quotes: try await quotes(scope, q, on: db))
        }
    }

    /// The same table under an id of its own on the compilation page.
    static func renamed(_ t: DataTable, _ id: String) -> DataTable {
        DataTable(id: id, caption: t.caption, columns: t.columns, numeric: t.numeric, rows: t.rows, footer: t.footer)
    }

    /// Up to `quotesPerCounty` answers per county, by recipient name, shortened.
    static func quotes(_ scope: FollowUpScope, _ q: Question, on db: any Database) async throws -> [Compilation.CountyQuotes] {
        let rows = try await FollowUpStore.sql(db).raw("""
            SELECT report_id, organisation_name, county_code, value FROM (
                SELECT report_id, organisation_name, county_code, value,
                    ROW_NUMBER() OVER (PARTITION BY county_code ORDER BY organisation_name, report_id) AS rn
                FROM followup_values
                WHERE form_key = \(bind: scope.formKey) AND year = \(bind: scope.year) AND question_id = \(bind: q.id) AND item = 0 AND value <> ''
            ) ranked WHERE rn <= \(bind: quotesPerCounty) ORDER BY county_code, organisation_name, report_id
            """).all()
        var byCounty: [(String, [Compilation.Quote])] = []
        for r in rows {
            let county = try r.decode(column: "county_code", as: String.self)
            let quote = Compilation.Quote(reportID: try r.decode(column: "report_id", as: UUID.self),
                                          recipient: try r.decode(column: "organisation_name", as: String.self),
                                          text: Compilation.shortened(AnalysisRoutes.display(try r.decode(column: "value", as: String.self), q)))
            if byCounty.last?.0 == county { byCounty[byCounty.count - 1].1.append(quote) } else { byCounty.append((county, [quote])) }
        }
        // Counties in the shipped order (by code), unknown codes last.
        let order = Dictionary(uniqueKeysWithValues: Geography.shipped.counties.enumerated().map { ($1.code, $0) })
        return byCounty.sorted { (order[$0.0] ?? Int.max, $0.0) < (order[$1.0] ?? Int.max, $1.0) }
            .map { Compilation.CountyQuotes(countyCode: $0.0, quotes: $0.1) }
    }

    /// Every recipient of the round (its assignments for the questionnaire in the year) with its
    /// report's status and submission, from the status board; and the rounds' deadlines.
    static func appendix(_ c: AnalysisContext, today: CivilDate, on db: any Database) async throws -> ([Compilation.Submission], [CivilDate]) {
        let forms = try await FormDefinitionModel.query(on: db).filter(\.$formKey == c.key).all().compactMap(\.id)
        let rounds = try await AssignmentModel.query(on: db).filter(\.$formDefinitionID ~~ forms).filter(\.$agreementYear == c.year).all()
        var out: [Compilation.Submission] = [], deadlines: [CivilDate] = []
        for a in rounds {
            guard let board = try await StatusBoardQuery.query(assignmentID: try a.requireID(), county: "", status: "", today: today, on: db) else { continue }
            deadlines.append(board.deadline)
            out += board.rows.map { Compilation.Submission(reportID: $0.reportID, recipient: $0.organisation, county: $0.county, status: $0.status,
                                                           submittedAt: $0.submittedAt, late: $0.late) }
        }
        out.sort { ($0.county, $0.recipient) < ($1.county, $1.recipient) }
        return (out, Array(Set(deadlines)).sorted())
    }
}
