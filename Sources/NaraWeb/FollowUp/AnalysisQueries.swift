import Fluent
import Foundation
import NaraCore
import NaraPersistence
import SQLKit

/// A questionnaire in a year and the years it has answers in: what every analysis page starts from.
struct AnalysisContext: Sendable {
    let key: String
    let year: Int
    let years: [Int]
    let definition: FormDefinition
}

/// The questionnaire in a year: each question with how many answered it.
struct FormAnswers: Sendable {
    let context: AnalysisContext
    let table: DataTable
    let generated: Bool

    static func query(_ c: AnalysisContext, on db: any Database) async throws -> FormAnswers {
        let (key, year, def) = (c.key, c.year, c.definition)
        let scope = FollowUpScope(formKey: key, year: year)
        let total = try await FollowUpStore.reportCount(scope, on: db)
        let counts = try await FollowUpStore.sql(db).select().column("question_id")
            .column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n").from(FollowUpValueModel.schema)
            .where("form_key", .equal, SQLBind(key)).where("year", .equal, SQLBind(year)).where("item", .equal, SQLBind(0)).groupBy("question_id").all()
        var answered: [String: Int] = [:]
        for r in counts { answered[try r.decode(column: "question_id", as: String.self)] = try r.decode(column: "n", as: Int.self) }
        let table = DataTable(id: "fragor", caption: "Frågorna i \(def.title), \(year): \(total) inskickade rapporter",
                              columns: ["Fråga", "Frågetext", "Typ", "Antal svar", "Inskickade rapporter"], numeric: [3, 4],
                              rows: def.questions.map { q in
                                  [.link(q.number, href: AnalysisRoutes.questionURL(key, q.id) + "?ar=\(year)"), .text(q.text), .text(q.type.swedishName),
                                   .count(answered[q.id] ?? 0), .count(total)]
                              })
        return FormAnswers(context: c, table: table, generated: try await AnalysisRoutes.generated(scope, on: db))
    }
}

/// One question's answers from every recipient in the scope, by the question's kind.
struct QuestionAnswers: Sendable {
    enum Detail: Sendable {
        /// Counts per option, per county, and who chose `option` when one is asked.
        case choices(ChoiceTally, byCounty: [String: [String: Int]], chosen: (count: Int, rows: [ListedAnswer])?)
        case numbers(NumberStats?)
        /// One page of answers as text, of `count`.
        case texts(count: Int, rows: [ListedAnswer])
    }

    static let textsPerPage = 30

    let context: AnalysisContext
    let question: Question
    let scope: FollowUpScope
    let option: String?
    let page: Int
    let submitted: Int
    let detail: Detail
    /// Every answer as a table (the page's table and the downloads).
    let table: DataTable
    /// For a choice question: the counts per county (a row each) and option (a column each),
    /// with the total; downloaded with `tabell=per-lan`.
    let byCountyTable: DataTable?
    let recipients: [(value: String, label: String)]
    /// Whether `recipients` lists only the chosen county's (the year has too many to list).
    var recipientsLimited = false
    let generated: Bool
    /// For a file question: each listed report's file, by report, to open from the list.
    var files: [UUID: AttachmentLink] = [:]
    /// For a free-text question: the distinguishing terms of the answers (of the county, if one is chosen).
    var themes: [ThemeRow]? = nil

    static func query(_ c: AnalysisContext, question q: Question, scope: FollowUpScope, option: String?, page: Int,
                      on db: any Database) async throws -> QuestionAnswers {
        let submitted = try await FollowUpStore.reportCount(scope, on: db)
        let base = AnalysisRoutes.questionURL(c.key, q.id)
        let detail: Detail, table: DataTable
        var byCountyTable: DataTable?
        switch q.type {
        case .singleChoice, .multipleChoice:
            let (tally, byCounty) = try await FollowUpStore.choices(scope, question: q, on: db)
            let denominator = q.type == .singleChoice ? tally.respondents : max(1, tally.respondents)
            table = DataTable(id: "fordelning", caption: "Svar på fråga \(q.number) (\(tally.respondents) av \(submitted) rapporter har svarat)",
                              columns: ["Alternativ", "Antal", "Andel av de svarande"], numeric: [1, 2],
                              rows: tally.lines.map { line in
                                  [.text(line.label), .numberLink(Decimal(line.count), String(line.count), href: base + "?" + scope.queryString + "&alternativ=" + line.label.urlPart + "#vem"),
                                   .share(line.count, of: denominator)]
                              })
            byCountyTable = countyTable(q, tally: tally, byCounty: byCounty)
            let chosen = try await option.asyncMap { try await FollowUpStore.answers(scope, question: q.id, option: $0, limit: 500, offset: 0, on: db) }
            detail = .choices(tally, byCounty: byCounty, chosen: chosen.map { (count: $0.total, rows: $0.rows) })
        case .integer, .amount, .percent:
            let stats = try await FollowUpStore.numbers(scope, question: q.id, on: db)
            let (_, rows) = try await FollowUpStore.answers(scope, question: q.id, textOnly: true, limit: 2_000, offset: 0, on: db)
            table = DataTable(id: "svar", caption: "Svaren på fråga \(q.number)", columns: ["Mottagare", "Län", "Svar", "Kommentar"], numeric: [2],
                              rows: rows.map { r in
                                  let n = Int64(r.value) ?? 0
                                  return [.link(r.organisation, href: SiteURL.report(r.reportID)), .text(AnalysisRoutes.countyName(r.countyCode)),
                                          numberCell(n, q), .text(r.comment)]
                              })
            detail = .numbers(stats)
        default:
            let perPage = textsPerPage
            // One read: the page lists a slice of the rows the downloads hold.
            let (count, all) = try await FollowUpStore.answers(scope, question: q.id, limit: 10_000, offset: 0, on: db)
            let rows = Array(all.dropFirst((page - 1) * perPage).prefix(perPage))
            table = DataTable(id: "svar", caption: "Svaren på fråga \(q.number)", columns: ["Mottagare", "Län", "Svar", "Kommentar"],
                              rows: all.map { [.link($0.organisation, href: SiteURL.report($0.reportID)), .text(AnalysisRoutes.countyName($0.countyCode)),
                                               answerCell($0.value, q), .text($0.comment)] })
            detail = .texts(count: count, rows: rows)
        }
        let listed = try await recipients(c.key, c.year, scope: scope, on: db)
        var model = QuestionAnswers(context: c, question: q, scope: scope, option: option, page: page, submitted: submitted, detail: detail, table: table,
                                    byCountyTable: byCountyTable, recipients: listed.options, recipientsLimited: listed.limited,
                                    generated: try await AnalysisRoutes.generated(scope, on: db))
        if q.type == .file, case .texts(_, let rows) = detail { model.files = try await files(rows, question: q.id, on: db) }
        if q.type == .text { model.themes = try await ThemeQuery.themes(formKey: c.key, year: c.year, question: q.id, county: scope.county.isEmpty ? nil : scope.county, on: db) }
        return model
    }

    /// The file each listed answer names, for the page's rows only.
    static func files(_ rows: [ListedAnswer], question: String, on db: any Database) async throws -> [UUID: AttachmentLink] {
        let kept = try await AttachmentModel.query(on: db).filter(\.$reportID ~~ rows.map(\.reportID)).filter(\.$questionID == question)
            .field(\.$id).field(\.$reportID).field(\.$questionID).field(\.$fileName).field(\.$size).field(\.$createdAt)
            .sort(\.$createdAt).all()
        var links: [UUID: AttachmentLink] = [:]
        for r in rows { links[r.reportID] = Attachments.named(by: [question: r.value], in: kept.filter { $0.reportID == r.reportID })[question] }
        return links
    }

    /// A number answer as the page shows it (`1 234 kr`, `45,5 %`) with its value for a download.
    static func numberCell(_ n: Int64, _ q: Question) -> DataTable.Cell {
        let shown = AnalysisRoutes.numberText(n, q)
        switch q.type {
        case .amount: return .money(FollowUpExport.spreadsheetNumber(n, q), shown)
        case .percent: return .percent(Decimal(n) / 10_000, shown, decimals: 2)
        default: return .number(FollowUpExport.spreadsheetNumber(n, q), shown)
        }
    }

    /// A text, choice or date answer: a date as a real date, nothing as an empty cell.
    static func answerCell(_ value: String, _ q: Question) -> DataTable.Cell {
        if value.isEmpty { return .empty }
        if q.type == .date, let d = CivilDate(iso: value) { return .day(d) }
        return .text(AnalysisRoutes.display(value, q))
    }

    /// Every table of the page, the first the one downloaded when none is named.
    var tables: [DataTable] { [table] + (byCountyTable.map { [$0] } ?? []) }

    /// Counts per county and option: a row per county with answers, a column per option, and
    /// the counts of every county as the last row.
    static func countyTable(_ q: Question, tally: ChoiceTally, byCounty: [String: [String: Int]]) -> DataTable {
        let counties = Geography.shipped.counties.map(\.code).filter { byCounty[$0] != nil } + byCounty.keys.filter { Geography.shipped.county($0) == nil }.sorted()
        return DataTable(id: "per-lan", caption: "Svar på fråga \(q.number) per län (antal)", columns: ["Län"] + tally.lines.map(\.label),
                         numeric: Set(1...max(1, tally.lines.count)),
                         rows: counties.map { c in [.text(AnalysisRoutes.countyName(c))] + tally.lines.map { .count(byCounty[c]?[$0.label] ?? 0) } },
                         footer: [[.text("Alla län")] + tally.lines.map { .count($0.count) }])
    }

    /// Above this many recipients in a year, the filter lists those of the chosen county.
    static let listedRecipients = 300

    /// The recipients with a submitted report in the year, for the filter, by name: every one
    /// when there are at most `listedRecipients`, else those of the scope's county (none but the
    /// chosen one when no county is chosen); `limited` says which.
    static func recipients(_ key: String, _ year: Int, scope: FollowUpScope, listed: Int = listedRecipients,
                           on db: any Database) async throws -> (options: [(value: String, label: String)], limited: Bool) {
        func read(county: String?, recipient: UUID? = nil, limit: Int? = nil) async throws -> [(value: String, label: String)] {
            let q = FollowUpStore.sql(db).select().columns("organisation_id", "organisation_name").from(FollowUpReportModel.schema)
                .where("form_key", .equal, SQLBind(key)).where("year", .equal, SQLBind(year))
            if let county { q.where("county_code", .equal, SQLBind(county)) }
            if let recipient { q.where("organisation_id", .equal, SQLBind(recipient)) }
            if let limit { q.limit(limit) }
            return try await q.orderBy("organisation_name").all().map {
                (try $0.decode(column: "organisation_id", as: UUID.self).uuidString, try $0.decode(column: "organisation_name", as: String.self))
            }
        }
        let all = try await read(county: nil, limit: listed + 1)
        if all.count <= listed { return (all, false) }
        var shown = scope.county.isEmpty ? [] : try await read(county: scope.county)
        if let chosen = scope.recipient, !shown.contains(where: { $0.value == chosen.uuidString }) {
            shown = try await read(county: nil, recipient: chosen) + shown
        }
        return (shown, true)
    }
}

extension Optional {
    /// `map` with an asynchronous transform.
    func asyncMap<T>(_ transform: (Wrapped) async throws -> T) async rethrows -> T? {
        guard let self else { return nil }
        return try await transform(self)
    }
}
