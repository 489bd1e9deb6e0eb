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

    /// One round's board, filtered by county and status.
    struct Board: Sendable {
        let assignment: AssignmentModel
        let title: String
        let rows: [StatusBoardPage.Row]
        let county: String
        let status: String

        var deadline: CivilDate { CivilDate(iso: assignment.deadline) ?? .make(2100, 1, 1) }
    }

    /// Every round, newest agreement year first.
    static func rounds(on db: any Database) async throws -> [Round] {
        var out: [Round] = []
        for a in try await AssignmentModel.query(on: db).sort(\.$agreementYear, .descending).all() {
            let def = try await FormDefinitionModel.find(a.formDefinitionID, on: db)
            let kind = ReportKind(rawValue: a.reportKind)?.swedishName ?? a.reportKind
            let who = a.recipientKind == "region" ? "regioner" : "RSS (kommuner)"
            out.append(Round(assignment: a, title: "\(kind) \(a.agreementYear), \(who): \(def?.title ?? "")"))
        }
        return out
    }

    /// A round's reports, sorted by county and recipient; nil when the round does not exist.
    /// - Parameters:
    ///   - county: a county code to show only its recipients, or empty for all.
    ///   - status: a `ReportStatus` raw value to show only reports in it, or empty for all.
    ///   - today: the day deadlines are judged against.
    static func query(assignmentID id: UUID, county: String, status: String, today: CivilDate, on db: any Database) async throws -> Board? {
        guard let a = try await AssignmentModel.find(id, on: db) else { return nil }
        let title = try await rounds(on: db).first { $0.assignment.id == id }?.title ?? ""
        // One query: each report with its organisation, whether anything is written in it, and
        // whether its latest submission came in late.
        let found = try await (db as! any SQLDatabase).raw("""
            SELECT r.id, r.state, r.last_changed_at, r.submitted_at, r.changed_after_approval, o.name, o.county_code,
                EXISTS (SELECT 1 FROM answers x WHERE x.report_id = r.id AND (x.value <> '' OR x.comment <> '')) AS has_answers,
                (SELECT s.late FROM submissions s WHERE s.report_id = r.id ORDER BY s.version DESC LIMIT 1) AS late
            FROM reports r JOIN organisations o ON o.id = r.organisation_id
            WHERE r.assignment_id = \(bind: id)
            """).all()
        let deadline = CivilDate(iso: a.deadline) ?? .make(2100, 1, 1)
        var rows: [StatusBoardPage.Row] = []
        for r in found {
            let orgCounty = try r.decode(column: "county_code", as: String?.self)
            if !county.isEmpty && orgCounty != county { continue }
            let state = ReportState(rawValue: try r.decode(column: "state", as: String.self)) ?? .draft
            let s = ReportRules.status(state: state, hasAnswers: try r.decode(column: "has_answers", as: Bool.self), deadline: deadline, today: today)
            if !status.isEmpty && s.rawValue != status { continue }
            let late = try r.decode(column: "late", as: Bool?.self) ?? (s == .late)
            rows.append(.init(reportID: try r.decode(column: "id", as: UUID.self), organisation: try r.decode(column: "name", as: String.self),
                              county: orgCounty.flatMap { Geography.shipped.county($0)?.name } ?? "", status: s,
                              lastChanged: try r.decode(column: "last_changed_at", as: Date?.self), submittedAt: try r.decode(column: "submitted_at", as: Date?.self),
                              late: late, flagged: try r.decode(column: "changed_after_approval", as: Bool.self)))
        }
        rows.sort { ($0.county, $0.organisation) < ($1.county, $1.organisation) }
        return Board(assignment: a, title: title, rows: rows, county: county, status: status)
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
