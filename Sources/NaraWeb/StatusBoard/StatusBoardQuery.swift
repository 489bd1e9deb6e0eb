import Fluent
import Foundation
import NaraCore
import NaraPersistence
import SQLKit

/// The report rounds and, per round, every recipient's report with its status: what the status
/// board and its CSV show.
enum StatusBoardQuery {
    /// A round, titled as analysts read it (`Slutredovisning 2023, RSS (kommuner): …`).
    struct Round: Sendable {
        let assignment: AssignmentModel
        let title: String
    }

    /// One round's board, filtered by county and status: every row, or one page of them.
    struct Board: Sendable {
        let assignment: AssignmentModel
        let title: String
        /// Every row of the filters, or the rows of `page` when a page was asked for.
        let rows: [StatusBoardPage.Row]
        let county: String
        let status: String
        /// How many reports the filters keep, and how many of them are in each status.
        let total: Int
        let counts: [ReportStatus: Int]
        /// The page shown (from 1, within the pages there are); 1 when every row was read.
        let page: Int

        var deadline: CivilDate { CivilDate(iso: assignment.deadline) ?? .make(2100, 1, 1) }
    }

    /// Every round, newest agreement year first.
    static func rounds(on db: any Database) async throws -> [Round] {
        let assignments = try await AssignmentModel.query(on: db).sort(\.$agreementYear, .descending).all()
        // Only the titles: a questionnaire's definition is large and not needed here.
        var titles: [UUID: String] = [:]
        for r in try await (db as! any SQLDatabase).select().columns("id", "title").from(FormDefinitionModel.schema).all() {
            titles[try r.decode(column: "id", as: UUID.self)] = try r.decode(column: "title", as: String.self)
        }
        return assignments.map { Round(assignment: $0, title: title($0, questionnaire: titles[$0.formDefinitionID])) }
    }

    static func title(_ a: AssignmentModel, questionnaire: String?) -> String {
        let kind = ReportKind(rawValue: a.reportKind)?.swedishName ?? a.reportKind
        let who = a.recipientKind == "region" ? "regioner" : "RSS (kommuner)"
        return "\(kind) \(a.agreementYear), \(who): \(questionnaire ?? "")"
    }

    /// A round's reports, sorted by county and recipient; nil when the round does not exist.
    /// The database filters, counts and cuts the page, so a round with thousands of recipients
    /// reads only the rows shown.
    /// - Parameters:
    ///   - county: a county code to show only its recipients, or empty for all.
    ///   - status: a `ReportStatus` raw value to show only reports in it, or empty for all.
    ///   - today: the day deadlines are judged against.
    ///   - page: the page of `StatusBoardPage.perPage` rows to read, or nil for every row.
    static func query(assignmentID id: UUID, county: String, status: String, today: CivilDate, page: Int? = nil,
                      on db: any Database) async throws -> Board? {
        guard let a = try await AssignmentModel.find(id, on: db) else { return nil }
        let sql = db as! any SQLDatabase
        let questionnaire = try await sql.select().column("title").from(FormDefinitionModel.schema)
            .where("id", .equal, SQLBind(a.formDefinitionID)).first()?.decode(column: "title", as: String.self)
        let deadline = CivilDate(iso: a.deadline) ?? .make(2100, 1, 1)
        let pastDeadline = today > deadline
        let draft = ReportState.draft.rawValue
        let written: SQLQueryString = "EXISTS (SELECT 1 FROM answers x WHERE x.report_id = r.id AND (x.value <> '' OR x.comment <> ''))"
        var filter: SQLQueryString = "r.assignment_id = \(bind: id)"
        if !county.isEmpty { filter = filter + " AND o.county_code = \(bind: county)" }
        if !status.isEmpty { filter = filter + " AND " + condition(status, pastDeadline: pastDeadline, written: written) }
        // Counts per state (the round's index alone, when no county is chosen); while the deadline
        // has not passed, the drafts split by whether anything is written in them (after it every
        // draft is late). The written check is the costly part, so it runs once, on drafts only.
        var counts: [ReportStatus: Int] = [:]
        let from: SQLQueryString = county.isEmpty ? "reports r" : "reports r JOIN organisations o ON o.id = r.organisation_id"
        var drafts = 0
        for r in try await sql.raw("SELECT r.state, COUNT(*) AS n FROM \(from) WHERE \(filter) GROUP BY r.state").all() {
            let state = ReportState(rawValue: try r.decode(column: "state", as: String.self)) ?? .draft
            let n = try r.decode(column: "n", as: Int.self)
            if state == .draft { drafts += n; continue }
            counts[ReportRules.status(state: state, hasAnswers: false, deadline: deadline, today: today), default: 0] += n
        }
        if drafts > 0 {
            let writtenDrafts = pastDeadline ? 0 : try await sql.raw("""
                SELECT COUNT(*) AS n FROM \(from) WHERE \(filter) AND r.state = \(bind: draft) AND \(written)
                """).first()?.decode(column: "n", as: Int.self) ?? 0
            for (hasAnswers, n) in [(true, writtenDrafts), (false, drafts - writtenDrafts)] where n > 0 {
                counts[ReportRules.status(state: .draft, hasAnswers: hasAnswers, deadline: deadline, today: today), default: 0] += n
            }
        }
        let total = counts.values.reduce(0, +)
        let pages = max(1, (total + StatusBoardPage.perPage - 1) / StatusBoardPage.perPage)
        let shownPage = min(max(1, page ?? 1), pages)
        let window: SQLQueryString = page == nil ? "" : "LIMIT \(bind: StatusBoardPage.perPage) OFFSET \(bind: (shownPage - 1) * StatusBoardPage.perPage)"
        // The page's reports by county name, then recipient (byte order on both engines, as Swift
        // compares); then, for those rows only, whether anything is written in each and whether
        // its latest submission came in late.
        let byName = sql.dialect.name == "postgresql" ? " COLLATE \"C\"" : ""
        let found = try await sql.raw("""
            WITH shown AS (
                SELECT r.id AS id, \(countyOrder) AS county_rank, o.name AS name, o.county_code AS county_code
                FROM reports r JOIN organisations o ON o.id = r.organisation_id WHERE \(filter)
                ORDER BY county_rank, o.name\(unsafeRaw: byName), r.id \(window))
            SELECT r.id, r.state, r.last_changed_at, r.submitted_at, r.changed_after_approval, p.name, p.county_code,
                \(written) AS has_answers,
                (SELECT s.late FROM submissions s WHERE s.report_id = r.id ORDER BY s.version DESC LIMIT 1) AS late
            FROM shown p JOIN reports r ON r.id = p.id
            ORDER BY p.county_rank, p.name\(unsafeRaw: byName), r.id
            """).all()
        let rows = try found.map { r in
            let orgCounty = try r.decode(column: "county_code", as: String?.self)
            let state = ReportState(rawValue: try r.decode(column: "state", as: String.self)) ?? .draft
            let s = ReportRules.status(state: state, hasAnswers: try r.decode(column: "has_answers", as: Bool.self), deadline: deadline, today: today)
            let late = try r.decode(column: "late", as: Bool?.self) ?? (s == .late)
            return StatusBoardPage.Row(reportID: try r.decode(column: "id", as: UUID.self), organisation: try r.decode(column: "name", as: String.self),
                                       county: orgCounty.flatMap { Geography.shipped.county($0)?.name } ?? "", status: s,
                                       lastChanged: try r.decode(column: "last_changed_at", as: Date?.self), submittedAt: try r.decode(column: "submitted_at", as: Date?.self),
                                       late: late, flagged: try r.decode(column: "changed_after_approval", as: Bool.self))
        }
        return Board(assignment: a, title: title(a, questionnaire: questionnaire), rows: rows, county: county, status: status,
                     total: total, counts: counts, page: shownPage)
    }

    /// The SQL condition keeping reports in `status` (see `ReportRules.status`); an unknown
    /// status keeps none.
    static func condition(_ status: String, pastDeadline: Bool, written: SQLQueryString) -> SQLQueryString {
        let draft = ReportState.draft.rawValue
        switch ReportStatus(rawValue: status) {
        case .submitted: return "r.state = \(bind: ReportState.submitted.rawValue)"
        case .approved: return "r.state = \(bind: ReportState.approved.rawValue)"
        case .completionRequested: return "r.state = \(bind: ReportState.completionRequested.rawValue)"
        case .late: return pastDeadline ? "r.state = \(bind: draft)" : "1 = 0"
        case .started: return pastDeadline ? "1 = 0" : "r.state = \(bind: draft) AND " + written
        case .notStarted: return pastDeadline ? "1 = 0" : "r.state = \(bind: draft) AND NOT " + written
        case nil: return "1 = 0"
        }
    }

    /// Orders by county name as the page shows it (no county first), not by county code.
    static var countyOrder: SQLQueryString {
        let byName = Geography.shipped.counties.sorted { $0.name < $1.name }
        var expr: SQLQueryString = "CASE o.county_code"
        for (i, c) in byName.enumerated() { expr = expr + " WHEN \(bind: c.code) THEN \(literal: i + 1)" }
        return expr + " ELSE 0 END"
    }

    /// The board's rows as a table: the page shows one page of it, the downloads all of it.
    static func table(_ rows: [StatusBoardPage.Row], caption: String) -> DataTable {
        DataTable(id: "statustavla", caption: caption,
                  columns: ["Mottagare", "Län", "Status", "Senast ändrad", "Inskickad", "Försenad", "Ändrad efter godkännande"],
                  rows: rows.map { r in
                      [.link(r.organisation, href: SiteURL.report(r.reportID)), r.county.isEmpty ? .empty : .text(r.county), .text(r.status.swedishName),
                       .time(r.lastChanged), .time(r.submittedAt), .text(r.late ? "Ja" : "Nej"), .text(r.flagged ? "Ja" : "Nej")]
                  })
    }
}
