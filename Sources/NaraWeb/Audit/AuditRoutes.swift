import Fluent
import Foundation
import NaraCore
import NaraPersistence
import Plot
import Vapor

/// Browsing and downloading the audit trail (administrators).
enum AuditRoutes {
    struct Filter {
        var actor = ""
        var action = ""
        var entity = ""
        var from: CivilDate?
        var to: CivilDate?

        init(_ req: Request) {
            actor = String((req.query[String.self, at: "actor"] ?? "").trimmingCharacters(in: .whitespaces).prefix(200))
            action = AuditLog.Action(rawValue: req.query[String.self, at: "action"] ?? "")?.rawValue ?? ""
            entity = String((req.query[String.self, at: "entity"] ?? "").prefix(60))
            from = (req.query[String.self, at: "from"]).flatMap(CivilDate.init(iso:))
            to = (req.query[String.self, at: "to"]).flatMap(CivilDate.init(iso:))
        }

        var queryString: String {
            var parts: [String] = []
            for (k, v) in [("actor", actor), ("action", action), ("entity", entity), ("from", from?.iso ?? ""), ("to", to?.iso ?? "")] where !v.isEmpty {
                parts.append(k + "=" + (v.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""))
            }
            return parts.isEmpty ? "" : "?" + parts.joined(separator: "&")
        }

        func entries(on db: any Database, limit: Int?) async throws -> [AuditEntryModel] {
            var q = AuditEntryModel.query(on: db)
            if !actor.isEmpty { q = q.filter(\.$actor == actor.lowercased()) }
            if !action.isEmpty { q = q.filter(\.$action == action) }
            if !entity.isEmpty { q = q.filter(\.$entityType == entity) }
            var calendar = Calendar(identifier: .gregorian)
            calendar.timeZone = SwedishDateTime.zone
            if let from, let start = calendar.date(from: DateComponents(year: from.year, month: from.month, day: from.day)) {
                q = q.filter(\.$at >= start)
            }
            if let to, let end = calendar.date(from: DateComponents(year: to.year, month: to.month, day: to.day + 1)) {
                q = q.filter(\.$at < end)
            }
            q = q.sort(\.$at, .descending)
            if let limit { q = q.limit(limit) }
            return try await q.all()
        }
    }

    static let pageLimit = 500

    @Sendable static func page(req: Request) async throws -> Response {
        let filter = Filter(req)
        let entries = try await filter.entries(on: req.db, limit: pageLimit)
        return req.page { AuditPage(filter: filter, entries: entries).render() }
    }

    @Sendable static func csv(req: Request) async throws -> Response {
        let filter = Filter(req)
        let entries = try await filter.entries(on: req.db, limit: nil)
        var rows = [["tid", "aktor", "organisation", "handelse", "objekt", "objekt_id", "fore", "efter", "adress"]]
        for e in entries {
            rows.append([ISODate.string(e.at), e.actor, e.organisationName, e.action, e.entityType, e.entityID, e.before, e.after, e.address])
        }
        let body = CSVWriter.document(rows)
        return CSVWriter.response(body, filename: "nara-handelselogg.csv")
    }
}

struct AuditPage {
    let filter: AuditRoutes.Filter
    let entries: [AuditEntryModel]

    func render() -> String {
        let actions: [(value: String, label: String)] = [("", "Alla händelser")] + AuditLog.Action.allCases.map { ($0.rawValue, $0.swedishName) }
        return Layout.render(title: "Händelselogg", breadcrumbs: [("Administration", SiteURL.admin), ("Händelselogg", nil)], current: SiteURL.admin,
            .h1(.text("Händelselogg")),
            .p(.class("lead"), .text("Varje ändring, inloggning och import i Nära, med vem, för vilken organisation, när och värdena före och efter. Loggen går bara att lägga till i; ingen kan ändra eller ta bort en rad.")),
            .form(.method(.get), .action(SiteURL.adminAudit), .class("filter-form"),
                  Forms.field("Person (e-post)", name: "actor", value: filter.actor, type: .text),
                  Forms.select("Händelse", name: "action", options: actions, selected: filter.action),
                  Forms.field("Objekt", name: "entity", value: filter.entity, hint: "Till exempel person, organisation, population_table"),
                  Forms.field("Från och med", name: "from", value: filter.from?.iso ?? "", type: .date),
                  Forms.field("Till och med", name: "to", value: filter.to?.iso ?? "", type: .date),
                  Forms.submit("Filtrera")),
            .ul(.class("downloads"), .li(.a(.href(SiteURL.adminAuditCSV + filter.queryString), .text("Ladda ned som CSV")))),
            .p(.attribute(named: "role", value: "status"),
               .text(entries.count >= AuditRoutes.pageLimit ? "De \(AuditRoutes.pageLimit) senaste händelserna visas; ladda ned CSV för alla." : "\(entries.count) händelser")),
            .div(.class("table-wrap"), .attribute(named: "tabindex", value: "0"), .table(.id("logg"),
                .caption(.text("Händelser, senaste först")),
                .thead(.tr(Blocks.col("Tid"), Blocks.col("Vem"), Blocks.col("Organisation"), Blocks.col("Händelse"), Blocks.col("Objekt"),
                           Blocks.col("Före"), Blocks.col("Efter"))),
                .tbody(.forEach(entries) { e in
                    .tr(Blocks.rowHeader(.text(SwedishDateTime.format(e.at))),
                        Blocks.cell(e.actor), Blocks.cell(e.organisationName.isEmpty ? "–" : e.organisationName),
                        Blocks.cell(AuditLog.Action(rawValue: e.action)?.swedishName ?? e.action),
                        Blocks.cell("\(e.entityType) \(e.entityID.prefix(36))"),
                        Blocks.cell(describe(e.before)), Blocks.cell(describe(e.after)))
                })
            ))
        )
    }

    func describe(_ json: String) -> String {
        let values = AuditLog.decode(json)
        return values.isEmpty ? "–" : values.keys.sorted().map { "\($0): \(values[$0]!)" }.joined(separator: "; ")
    }
}
