import Fluent
import Foundation
import NaraCore
import NaraPersistence
import SQLKit

/// What an analysis looks at: one questionnaire in one year, optionally narrowed to a county,
/// a recipient type or one recipient.
struct FollowUpScope: Sendable, Equatable {
    var formKey: String
    var year: Int
    var county: String = ""
    var kind: String = ""
    var recipient: UUID? = nil

    /// Appends the scope's conditions to a query.
    func apply<B: SQLPredicateBuilder>(_ b: B, question: String? = nil) -> B {
        _ = b.where("form_key", .equal, SQLBind(formKey)).where("year", .equal, SQLBind(year))
        if let question { _ = b.where("question_id", .equal, SQLBind(question)) }
        if !county.isEmpty { _ = b.where("county_code", .equal, SQLBind(county)) }
        if !kind.isEmpty { _ = b.where("organisation_kind", .equal, SQLBind(kind)) }
        if let recipient { _ = b.where("organisation_id", .equal, SQLBind(recipient)) }
        return b
    }

    var queryString: String {
        var parts = ["ar=\(year)"]
        if !county.isEmpty { parts.append("lan=\(county)") }
        if !kind.isEmpty { parts.append("typ=\(kind)") }
        if let recipient { parts.append("mottagare=\(recipient.uuidString)") }
        return parts.joined(separator: "&")
    }
}

/// A recipient's answer as listed beside others.
struct ListedAnswer: Sendable {
    let reportID: UUID
    let organisation: String
    let countyCode: String
    let value: String
    let comment: String
    let generated: Bool
}

/// Sum, median, extremes and distribution of a number question, all computed by the database.
struct NumberStats: Sendable {
    let count: Int
    let sum: Int64
    let min: Int64
    let max: Int64
    /// Twice the median, so halves stay exact.
    let twiceMedian: Int64
    /// Lower bound (inclusive) and count of each of up to ten equally wide buckets.
    let buckets: [(from: Int64, to: Int64, count: Int)]
}

/// One search hit.
struct SearchHit: Sendable {
    let reportID: UUID
    let organisation: String
    let countyCode: String
    let year: Int
    let formKey: String
    let questionID: String
    let snippet: String
}

/// Submitted answers as the follow-up reads them: written at submission, read with aggregate
/// queries that run in the database on both engines.
enum FollowUpStore {
    static func sql(_ db: any Database) -> any SQLDatabase { db as! any SQLDatabase }

    // MARK: Writing

    /// Replaces the follow-up rows of a report by the answers just submitted. Runs inside the
    /// submission's transaction, so analysts see either the previous or the new version.
    static func record(report: ReportModel, assignment: AssignmentModel, definition: FormDefinition, organisation: OrganisationModel,
                       answers: [String: (value: String, comment: String)], submittedAt: Date, generated: Bool, on db: any Database) async throws {
        let reportID = try report.requireID()
        try await sql(db).delete(from: FollowUpValueModel.schema).where("report_id", .equal, SQLBind(reportID)).run()
        try await sql(db).delete(from: FollowUpReportModel.schema).where("report_id", .equal, SQLBind(reportID)).run()
        let head = RowHead(reportID: reportID, assignmentID: try assignment.requireID(), formKey: definition.id, year: assignment.agreementYear,
                           reportKind: assignment.reportKind, organisationID: try organisation.requireID(), organisationName: organisation.name,
                           organisationKind: organisation.kind, countyCode: organisation.countyCode ?? "", submittedAt: submittedAt,
                           version: report.version, generated: generated)
        try await insert(rows(head, definition: definition, answers: answers), on: db)
        try await insertHeads([head], on: db)
    }

    /// Writes the one-row-per-report part of the layout.
    static func insertHeads(_ heads: [RowHead], on db: any Database) async throws {
        for slice in stride(from: 0, to: heads.count, by: 500) {
            try await sql(db).insert(into: FollowUpReportModel.schema)
                .columns("report_id", "assignment_id", "form_key", "year", "report_kind", "organisation_id", "organisation_name",
                         "organisation_kind", "county_code", "submitted_at", "version", "is_generated")
                .rows(heads[slice..<min(heads.count, slice + 500)].map { h in
                    [SQLBind(h.reportID), SQLBind(h.assignmentID), SQLBind(h.formKey), SQLBind(h.year), SQLBind(h.reportKind), SQLBind(h.organisationID),
                     SQLBind(h.organisationName), SQLBind(h.organisationKind), SQLBind(h.countyCode), SQLBind(h.submittedAt), SQLBind(h.version),
                     SQLBind(h.generated)] as [any SQLExpression]
                })
                .run()
        }
    }

    /// What every follow-up row of one report shares.
    struct RowHead: Sendable {
        let reportID: UUID
        let assignmentID: UUID
        let formKey: String
        let year: Int
        let reportKind: String
        let organisationID: UUID
        let organisationName: String
        let organisationKind: String
        let countyCode: String
        let submittedAt: Date
        let version: Int
        let generated: Bool
    }

    /// The follow-up rows of one report: one per visible answered question, one per chosen option
    /// of a multiple-choice question.
    static func rows(_ h: RowHead, definition: FormDefinition, answers: [String: (value: String, comment: String)]) -> [[any SQLExpression]] {
        let values = answers.mapValues(\.value)
        var rows: [[any SQLExpression]] = []
        for q in definition.questions where FormLogic.isVisible(q, answers: values) {
            guard let a = answers[q.id], !a.value.isEmpty || !a.comment.isEmpty else { continue }
            var items: [(value: String, number: Int64?)] = []
            switch q.type {
            case .multipleChoice: items = AnswerFormatter.choices(a.value).map { ($0, nil) }
            case .integer, .amount, .percent: items = [(a.value, Int64(a.value))]
            case .table: items = [(AnswerFormatter.display(a.value, for: q), nil)]
            default: items = [(a.value, nil)]
            }
            if items.isEmpty { items = [("", nil)] }
            for (i, item) in items.enumerated() {
                let searchable = q.type == .text || q.type == .table ? [item.value, i == 0 ? a.comment : ""] : [i == 0 ? a.comment : ""]
                rows.append([
                    SQLBind(h.reportID), SQLBind(h.assignmentID), SQLBind(h.formKey), SQLBind(h.year), SQLBind(h.reportKind), SQLBind(q.id),
                    SQLBind(i), SQLBind(h.organisationID), SQLBind(h.organisationName), SQLBind(h.organisationKind), SQLBind(h.countyCode),
                    SQLBind(item.value), SQLBind(item.number), SQLBind(i == 0 ? a.comment : ""),
                    SQLBind(searchable.filter { !$0.isEmpty }.joined(separator: "\n")), SQLBind(h.submittedAt), SQLBind(h.version), SQLBind(h.generated),
                ])
            }
        }
        return rows
    }

    /// Inserts follow-up rows, in slices that stay under both engines' limits on bound values.
    static func insert(_ rows: [[any SQLExpression]], on db: any Database) async throws {
        for slice in stride(from: 0, to: rows.count, by: 500) {
            try await sql(db).insert(into: FollowUpValueModel.schema)
                .columns("report_id", "assignment_id", "form_key", "year", "report_kind", "question_id", "item", "organisation_id",
                         "organisation_name", "organisation_kind", "county_code", "value", "number", "comment", "search_text",
                         "submitted_at", "version", "is_generated")
                .rows(Array(rows[slice..<min(rows.count, slice + 500)]))
                .run()
        }
    }

    /// Lays out reports submitted before the follow-up existed (or whose rows are missing), from
    /// their latest submitted version. Does nothing when every submitted report has its rows.
    static func backfill(on db: any Database) async throws {
        // Only the reports without a layout, found by the database: a start never reads every report.
        let states = [ReportState.submitted.rawValue, ReportState.approved.rawValue, ReportState.completionRequested.rawValue]
        let missing = try await sql(db).raw("""
            SELECT r.id FROM reports r WHERE r.state IN (\(bind: states[0]), \(bind: states[1]), \(bind: states[2]))
            AND NOT EXISTS (SELECT 1 FROM followup_reports f WHERE f.report_id = r.id)
            """).all().map { try $0.decode(column: "id", as: UUID.self) }
        for start in stride(from: 0, to: missing.count, by: 500) {
          for report in try await ReportModel.query(on: db).filter(\.$id ~~ Array(missing[start..<min(missing.count, start + 500)])).all() {
            guard let ctx = try await ReportService.load(report.id!, on: db),
                  let latest = try await SubmissionModel.query(on: db).filter(\.$reportID == report.id!).sort(\.$version, .descending).first(),
                  let frozen = try? JSONDecoder().decode([String: [String: String]].self, from: Data(latest.answers.utf8)) else { continue }
            let answers = frozen.mapValues { (value: $0["value"] ?? "", comment: $0["comment"] ?? "") }
            try await db.transaction { tx in
                try await record(report: report, assignment: ctx.assignment, definition: ctx.definition, organisation: ctx.organisation,
                                 answers: answers, submittedAt: latest.submittedAt, generated: latest.submittedBy == DemoAnswers.marker, on: tx)
            }
          }
        }
    }

    // MARK: Which questionnaires and years have answers

    struct Round: Sendable, Hashable {
        let formKey: String
        let year: Int
        let reports: Int
    }

    static func rounds(on db: any Database) async throws -> [Round] {
        let rows = try await sql(db).select()
            .column("form_key").column("year")
            .column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n")
            .from(FollowUpReportModel.schema).groupBy("form_key").groupBy("year")
            .orderBy("year", .descending).orderBy("form_key").all()
        return try rows.map { Round(formKey: try $0.decode(column: "form_key", as: String.self), year: try $0.decode(column: "year", as: Int.self),
                                    reports: try $0.decode(column: "n", as: Int.self)) }
    }

    /// The years a questionnaire has submitted reports in, oldest first: one index seek per year
    /// (a skip scan), not a count of every report as `rounds` makes.
    static func years(formKey: String, on db: any Database) async throws -> [Int] {
        try await sql(db).raw("""
            WITH RECURSIVE y(year) AS (
                SELECT MIN(year) FROM followup_reports WHERE form_key = \(bind: formKey)
                UNION ALL
                SELECT (SELECT MIN(f.year) FROM followup_reports f WHERE f.form_key = \(bind: formKey) AND f.year > y.year) FROM y WHERE y.year IS NOT NULL)
            SELECT year FROM y WHERE year IS NOT NULL
            """).all().map { try $0.decode(column: "year", as: Int.self) }
    }

    /// The questionnaire version asked in a year (the latest, when a year has several).
    static func definition(formKey: String, year: Int, on db: any Database) async throws -> FormDefinition? {
        let forms = try await FormDefinitionModel.query(on: db).filter(\.$formKey == formKey).sort(\.$version, .descending).all()
        let ids = forms.compactMap(\.id)
        let used = try await AssignmentModel.query(on: db).filter(\.$formDefinitionID ~~ ids).filter(\.$agreementYear == year).all()
        let chosen = forms.first { f in used.contains { $0.formDefinitionID == f.id } } ?? forms.first
        return try chosen.map(ReportService.definition)
    }

    // MARK: Aggregation

    static func reportCount(_ scope: FollowUpScope, on db: any Database) async throws -> Int {
        let q = sql(db).select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n").from(FollowUpReportModel.schema)
        return try await scope.apply(q).first()?.decode(column: "n", as: Int.self) ?? 0
    }

    /// Choice counts by option, and by option and county, with the respondents, in one read of
    /// the covering index `followup_values_tally`.
    static func choices(_ scope: FollowUpScope, question: Question, on db: any Database) async throws -> (ChoiceTally, [String: [String: Int]]) {
        // Every answer has exactly one first item, so counting first items counts respondents.
        let q = sql(db).select().column("value").column("county_code")
            .column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n")
            .column(SQLRaw("SUM(CASE WHEN item = 0 THEN 1 ELSE 0 END)"), as: "first")
            .from(FollowUpValueModel.schema).where("value", .notEqual, SQLBind(""))
        let rows = try await scope.apply(q, question: question.id).groupBy("value").groupBy("county_code").all()
        var total: [String: Int] = [:], byCounty: [String: [String: Int]] = [:], respondents = 0
        for row in rows {
            let v = try row.decode(column: "value", as: String.self), c = try row.decode(column: "county_code", as: String.self)
            let n = try row.decode(column: "n", as: Int.self)
            total[v, default: 0] += n
            byCounty[c, default: [:]][v, default: 0] += n
            respondents += try row.decode(column: "first", as: Int.self)
        }
        return (ChoiceTally(options: question.options ?? [], counts: total, respondents: respondents), byCounty)
    }

    /// Answers one by one, by county and recipient; `option` keeps those who chose it.
    static func answers(_ scope: FollowUpScope, question: String, option: String? = nil, textOnly: Bool = false,
                        limit: Int, offset: Int, on db: any Database) async throws -> (total: Int, rows: [ListedAnswer]) {
        func base<B: SQLPredicateBuilder>(_ b: B) -> B {
            _ = scope.apply(b, question: question)
            if let option { _ = b.where("value", .equal, SQLBind(option)) }
            if textOnly { _ = b.where(SQLColumn("value"), .notEqual, SQLBind("")) }
            return b
        }
        let total = try await base(sql(db).select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n").from(FollowUpValueModel.schema))
            .first()?.decode(column: "n", as: Int.self) ?? 0
        let rows = try await base(sql(db).select().columns("report_id", "organisation_name", "county_code", "value", "comment", "is_generated")
            .from(FollowUpValueModel.schema))
            .orderBy("county_code").orderBy("organisation_name").orderBy("item").limit(limit).offset(offset).all()
        return (total, try rows.map {
            ListedAnswer(reportID: try $0.decode(column: "report_id", as: UUID.self), organisation: try $0.decode(column: "organisation_name", as: String.self),
                         countyCode: try $0.decode(column: "county_code", as: String.self), value: try $0.decode(column: "value", as: String.self),
                         comment: try $0.decode(column: "comment", as: String.self), generated: try $0.decode(column: "is_generated", as: Bool.self))
        })
    }

    /// Count, sum, median, extremes and a ten-bucket distribution of a number question.
    static func numbers(_ scope: FollowUpScope, question: String, on db: any Database) async throws -> NumberStats? {
        let s = sql(db)
        func base<B: SQLPredicateBuilder>(_ b: B) -> B { scope.apply(b, question: question).where("number", .isNot, SQLLiteral.null) }
        guard let agg = try await base(s.select()
                .column(SQLFunction("COUNT", args: SQLColumn("number")), as: "n").column(SQLRaw("CAST(SUM(number) AS BIGINT)"), as: "total")
                .column(SQLFunction("MIN", args: SQLColumn("number")), as: "lo").column(SQLFunction("MAX", args: SQLColumn("number")), as: "hi")
                .from(FollowUpValueModel.schema)).first() else { return nil }
        let n = try agg.decode(column: "n", as: Int.self)
        guard n > 0 else { return nil }
        let sum = try agg.decode(column: "total", as: Int64.self), lo = try agg.decode(column: "lo", as: Int64.self), hi = try agg.decode(column: "hi", as: Int64.self)
        let middle = try await base(s.select().column("number").from(FollowUpValueModel.schema))
            .orderBy("number").limit(n % 2 == 0 ? 2 : 1).offset((n - 1) / 2).all().map { try $0.decode(column: "number", as: Int64.self) }
        let twiceMedian = middle.count == 2 ? middle[0] + middle[1] : 2 * (middle.first ?? 0)
        let k: Int64 = hi == lo ? 1 : 10
        let width = max(1, (hi - lo + k - 1) / k)
        // bucket = (number - lo) / width, computed by the database in integers on both engines.
        let bucketExpr = SQLBinaryExpression(SQLGroupExpression(SQLBinaryExpression(SQLColumn("number"), .subtract, SQLBind(lo))), .divide, SQLBind(width))
        let rows = try await base(s.select().column(bucketExpr, as: "b").column(SQLFunction("COUNT", args: SQLLiteral.all), as: "c")
            .from(FollowUpValueModel.schema)).groupBy(SQLColumn("b")).all()
        var counts: [Int64: Int] = [:]
        for r in rows { counts[try r.decode(column: "b", as: Int64.self)] = try r.decode(column: "c", as: Int.self) }
        let last = (hi - lo) / width
        let buckets = (0...last).map { b in (from: lo + b * width, to: min(hi, lo + (b + 1) * width - 1), count: counts[b] ?? 0) }
        return NumberStats(count: n, sum: sum, min: lo, max: hi, twiceMedian: twiceMedian, buckets: buckets)
    }

    // MARK: Search

    /// Hits for a query in free-text answers and comments, best first, with the hit marked by
    /// `SwedishSearch.hitStart`/`hitEnd` in a snippet.
    /// Above this many hits the list is ordered newest first: ranking means scoring every hit,
    /// and a word that common is better narrowed than ranked.
    static let rankedHitLimit = 5_000

    static func search(_ query: String, year: Int?, limit: Int, offset: Int, on db: any Database) async throws -> (total: Int, hits: [SearchHit]) {
        let r = try await searchHits(query, year: year, limit: limit, offset: offset, on: db)
        return (r.total, r.hits)
    }

    /// Hits best first, or newest first (`byRelevance` false) when there are more than
    /// `rankedHitLimit`.
    static func searchHits(_ query: String, year: Int?, limit: Int, offset: Int, rankedLimit: Int = rankedHitLimit,
                           on db: any Database) async throws -> (total: Int, hits: [SearchHit], byRelevance: Bool) {
        let s = sql(db)
        let columns = "v.report_id, v.organisation_name, v.county_code, v.year, v.form_key, v.question_id"
        let yearCondition: SQLQueryString = year.map { "AND v.year = \(bind: $0)" } ?? ""
        let rows: [any SQLRow], total: Int, byRelevance: Bool
        if s.dialect.name == "postgresql" {
            guard let q = SwedishSearch.tsQuery(query) else { return (0, [], true) }
            let options = "StartSel=\(SwedishSearch.hitStart),StopSel=\(SwedishSearch.hitEnd),MaxWords=30,MinWords=12"
            total = try await s.raw("SELECT COUNT(*) AS n FROM followup_values v WHERE v.search_vector @@ to_tsquery('swedish', \(bind: q)) \(yearCondition)")
                .first()?.decode(column: "n", as: Int.self) ?? 0
            byRelevance = total <= rankedLimit
            let order: SQLQueryString = byRelevance ? "ts_rank(v.search_vector, to_tsquery('swedish', \(bind: q))) DESC, v.seq" : "v.seq DESC"
            rows = try await s.raw("""
                SELECT \(unsafeRaw: columns), ts_headline('swedish', v.search_text, to_tsquery('swedish', \(bind: q)), \(bind: options)) AS snip
                FROM followup_values v WHERE v.search_vector @@ to_tsquery('swedish', \(bind: q)) \(yearCondition)
                ORDER BY \(order) LIMIT \(bind: limit) OFFSET \(bind: offset)
                """).all()
        } else {
            // The year is a column of the index and each term's words are spelled out (FullTextQuery).
            guard let q = try await FullTextQuery.match(query, year: year, on: s) else { return (0, [], true) }
            total = try await s.raw("SELECT COUNT(*) AS n FROM followup_fts WHERE followup_fts MATCH \(bind: q.expanded)")
                .first()?.decode(column: "n", as: Int.self) ?? 0
            byRelevance = total <= rankedLimit
            let order: SQLQueryString = byRelevance ? "followup_fts.rank, v.seq" : "followup_fts.rowid DESC"
            rows = try await s.raw("""
                SELECT \(unsafeRaw: columns), snippet(followup_fts, 0, char(57344), char(57345), '…', 30) AS snip
                FROM followup_fts JOIN followup_values v ON v.seq = followup_fts.rowid
                WHERE followup_fts MATCH \(bind: byRelevance ? q.prefixed : q.expanded) ORDER BY \(order) LIMIT \(bind: limit) OFFSET \(bind: offset)
                """).all()
        }
        return (total, try rows.map {
            SearchHit(reportID: try $0.decode(column: "report_id", as: UUID.self), organisation: try $0.decode(column: "organisation_name", as: String.self),
                      countyCode: try $0.decode(column: "county_code", as: String.self), year: try $0.decode(column: "year", as: Int.self),
                      formKey: try $0.decode(column: "form_key", as: String.self), questionID: try $0.decode(column: "question_id", as: String.self),
                      snippet: try $0.decode(column: "snip", as: String.self))
        }, byRelevance)
    }

    // MARK: Year on year

    /// The question that answers the same as (`formKey`, `question`) in another questionnaire:
    /// the same id in the same questionnaire, else an administrator's link in either direction.
    static func counterpart(formKey: String, question: String, in otherForm: String, definition: FormDefinition?, on db: any Database) async throws -> String? {
        if otherForm == formKey, definition?.question(question) != nil { return question }
        let links = try await QuestionLinkModel.query(on: db).group(.or) { or in
            or.group(.and) { $0.filter(\.$fromForm == formKey).filter(\.$fromQuestion == question).filter(\.$toForm == otherForm) }
            or.group(.and) { $0.filter(\.$toForm == formKey).filter(\.$toQuestion == question).filter(\.$fromForm == otherForm) }
        }.all()
        for l in links {
            let q = l.fromForm == formKey && l.fromQuestion == question ? l.toQuestion : l.fromQuestion
            if definition?.question(q) != nil || definition == nil { return q }
        }
        return nil
    }
}
