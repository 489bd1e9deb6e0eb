import Fluent
import Foundation
import NaraCore
import NaraPersistence
import Plot
import SQLKit
import Vapor

/// The status boards analysts follow reports on.
struct FollowUpRoutes: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let rule = AccessRule.capability(.reviewReports)
        routes.on(.GET, "uppfoljning", rule: rule, use: Self.rounds)
        routes.on(.GET, "uppfoljning", ":assignment", rule: rule, use: Self.board)
        routes.on(.GET, "uppfoljning", ":assignment", "status.csv", rule: rule, use: Self.csv)
    }

    struct Round {
        let assignment: AssignmentModel
        let title: String
    }

    static func rounds(_ db: any Database) async throws -> [Round] {
        var out: [Round] = []
        for a in try await AssignmentModel.query(on: db).sort(\.$agreementYear, .descending).all() {
            let def = try await FormDefinitionModel.find(a.formDefinitionID, on: db)
            let kind = ReportKind(rawValue: a.reportKind)?.swedishName ?? a.reportKind
            let who = a.recipientKind == "region" ? "regioner" : "RSS (kommuner)"
            out.append(Round(assignment: a, title: "\(kind) \(a.agreementYear), \(who): \(def?.title ?? "")"))
        }
        return out
    }

    @Sendable static func rounds(req: Request) async throws -> Response {
        let rounds = try await rounds(req.db)
        let analysed = try await FollowUpStore.rounds(on: req.db)
        var titles: [String: String] = [:]
        for r in analysed where titles[r.formKey] == nil {
            titles[r.formKey] = try await FormDefinitionModel.query(on: req.db).filter(\.$formKey == r.formKey).sort(\.$version, .descending).first()?.title ?? r.formKey
        }
        let years = Array(Set(rounds.map(\.assignment.agreementYear))).sorted(by: >)
        let canLink = req.principal.map { AccessPolicy.may($0.standing, .manageForms) } ?? false
        return req.page {
            Layout.render(title: "Uppföljning", current: SiteURL.followUp,
                .h1(.text("Uppföljning")),
                .p(.class("lead"), .text("Svaren från alla mottagare per fråga och över åren, sökning i fritext, indikatorer, målbilder och rapportomgångarnas status.")),
                .h2(.text("Svar per fråga")),
                analysed.isEmpty ? .p(.text("Inga rapporter är inskickade ännu.")) :
                .ul(.class("task-list"), .forEach(analysed) { r in
                    .li(.class("task"), .a(.href(AnalysisRoutes.formURL(r.formKey, year: r.year)), .text("\(titles[r.formKey] ?? r.formKey), \(r.year)")),
                        .span(.class("task-meta"), .text("\(r.reports) inskickade rapporter")))
                }),
                .form(.method(.get), .action("/uppfoljning/sok"), .class("filter-form"), .attribute(named: "role", value: "search"),
                      Forms.field("Sök i fritextsvar", name: "q", type: .search), Forms.submit("Sök")),
                .h2(.text("Lägesbild, indikatorer och målbilder")),
                .ul(.forEach(years) { y in .li(.a(.href("/uppfoljning/overenskommelser/\(y)"), .text("Lägesbild \(y)"))) },
                    .li(.a(.href("/uppfoljning/indikatorer"), .text("Indikatorer per region och år"))),
                    .li(.a(.href("/uppfoljning/malbilder"), .text("Målbilder och handlingsplaner per län"))),
                    .if(canLink, .li(.a(.href("/uppfoljning/kopplingar"), .text("Koppla frågor mellan formulär över åren"))))),
                .h2(.text("Rapportomgångar")),
                .p(.text("Varje rapportomgång med alla mottagares status.")),
                rounds.isEmpty ? .p(.text("Det finns inga rapportomgångar.")) :
                .ul(.class("task-list"), .forEach(rounds) { r in
                    .li(.class("task"), .a(.href(SiteURL.statusBoard(r.assignment.id!)), .text(r.title)),
                        .span(.class("task-meta"), .text("Sista dag \(CivilDate(iso: r.assignment.deadline)?.swedish ?? r.assignment.deadline)")))
                }))
        }
    }

    static func rows(_ req: Request) async throws -> (AssignmentModel, String, [StatusBoardPage.Row], String, String) {
        guard let id = req.parameters.get("assignment").flatMap(UUID.init(uuidString:)), let a = try await AssignmentModel.find(id, on: req.analysisDB)
        else { throw Abort(.notFound, reason: "Rapportomgången finns inte.") }
        let county = req.query[String.self, at: "county"] ?? ""
        let status = req.query[String.self, at: "status"] ?? ""
        let title = try await rounds(req.analysisDB).first { $0.assignment.id == id }?.title ?? ""
        // One query: each report with its organisation, whether anything is written in it, and
        // whether its latest submission came in late.
        let found = try await (req.analysisDB as! any SQLDatabase).raw("""
            SELECT r.id, r.state, r.last_changed_at, r.submitted_at, r.changed_after_approval, o.name, o.county_code,
                EXISTS (SELECT 1 FROM answers x WHERE x.report_id = r.id AND (x.value <> '' OR x.comment <> '')) AS has_answers,
                (SELECT s.late FROM submissions s WHERE s.report_id = r.id ORDER BY s.version DESC LIMIT 1) AS late
            FROM reports r JOIN organisations o ON o.id = r.organisation_id
            WHERE r.assignment_id = \(bind: id)
            """).all()
        let deadline = CivilDate(iso: a.deadline) ?? .make(2100, 1, 1)
        let today = ReportRoutes.today()
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
        return (a, title, rows, county, status)
    }

    @Sendable static func board(req: Request) async throws -> Response {
        let (a, title, rows, county, status) = try await rows(req)
        return req.page {
            StatusBoardPage(title: title, assignmentID: a.id!, deadline: CivilDate(iso: a.deadline) ?? .make(2100, 1, 1), rows: rows,
                            county: county, status: status, page: req.query[Int.self, at: "sida"] ?? 1).render()
        }
    }

    @Sendable static func csv(req: Request) async throws -> Response {
        let (_, _, rows, _, _) = try await rows(req)
        var lines = [["mottagare", "lan", "status", "senast_andrad", "inskickad", "forsenad", "andrad_efter_godkannande"]]
        for r in rows {
            lines.append([r.organisation, r.county, r.status.swedishName, r.lastChanged.map(ISODate.string) ?? "", r.submittedAt.map(ISODate.string) ?? "",
                          r.late ? "ja" : "nej", r.flagged ? "ja" : "nej"])
        }
        let body = CSVWriter.document(lines)
        return CSVWriter.response(body, filename: "nara-rapportstatus.csv")
    }
}
