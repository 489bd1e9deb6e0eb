import Fluent
import Foundation
import NaraCore
import NaraPersistence
import Vapor

/// Browsing and downloading the audit trail (administrators).
enum AuditRoutes {
    /// What the reader narrows the trail to: organisation, person (e-mail), object kind, action
    /// and period. The page and its downloads read the same filter.
    struct Filter: Sendable {
        var organisation: UUID?
        var actor = ""
        var action = ""
        var entity = ""
        var from: CivilDate?
        var to: CivilDate?
        /// The period ends as typed, shown back in the form.
        var fromText = ""
        var toText = ""

        init(_ req: Request) {
            organisation = (req.query[String.self, at: "organisation"]).flatMap(UUID.init(uuidString:))
            actor = String((req.query[String.self, at: "actor"] ?? "").trimmingCharacters(in: .whitespaces).prefix(200))
            action = AuditLog.Action(rawValue: req.query[String.self, at: "action"] ?? "")?.rawValue ?? ""
            entity = String((req.query[String.self, at: "entity"] ?? "").prefix(60))
            fromText = String((req.query[String.self, at: "from"] ?? "").trimmingCharacters(in: .whitespaces).prefix(40))
            toText = String((req.query[String.self, at: "to"] ?? "").trimmingCharacters(in: .whitespaces).prefix(40))
            from = CivilDate(iso: fromText)
            to = CivilDate(iso: toText)
        }

        /// What a query value may hold unencoded (RFC 3986's unreserved characters).
        static let unreserved = CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")

        var queryString: String {
            let pairs = [("organisation", organisation?.uuidString ?? ""), ("actor", actor), ("action", action), ("entity", entity),
                         ("from", from?.iso ?? ""), ("to", to?.iso ?? "")]
            let parts = pairs.filter { !$0.1.isEmpty }.map { k, v in k + "=" + (v.addingPercentEncoding(withAllowedCharacters: Filter.unreserved) ?? "") }
            return parts.isEmpty ? "" : "?" + parts.joined(separator: "&")
        }

        func entries(on db: any Database, limit: Int?) async throws -> [AuditEntryModel] {
            var q = AuditEntryModel.query(on: db)
            if let organisation { q = q.filter(\.$organisationID == organisation) }
            if !actor.isEmpty { q = q.filter(\.$actor == actor.lowercased()) }
            if !action.isEmpty { q = q.filter(\.$action == action) }
            if !entity.isEmpty { q = q.filter(\.$entityType == entity) }
            let calendar = SwedishDateTime.calendar
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

    /// The trail under the request's filter, with the organisations for the filter's list.
    static func load(_ req: Request, limit: Int?) async throws -> (Filter, AuditTrail, [OrganisationModel]) {
        let filter = Filter(req)
        let entries = try await filter.entries(on: req.db, limit: limit)
        let organisations = try await OrganisationModel.query(on: req.db).sort(\.$name).all()
        let names = try await AuditTrail.names(for: entries, organisations: organisations, on: req.db)
        return (filter, AuditTrail(entries: entries, names: names), organisations)
    }

    /// The page, or with `?format=csv` / `?format=xlsx` every entry of the same filter as a download.
    @Sendable static func page(req: Request) async throws -> Response {
        if req.query[String.self, at: "format"] != nil { return try await download(req) }
        let (filter, trail, organisations) = try await load(req, limit: pageLimit)
        let choices = organisations.compactMap { o in o.id.map { (value: $0.uuidString, label: o.name) } }
        return req.page { AuditPage(filter: filter, trail: trail, organisations: choices).render() }
    }

    static let filename = "nara-handelselogg"

    static func download(_ req: Request) async throws -> Response {
        let (_, trail, _) = try await load(req, limit: nil)
        guard let response = try trail.table.download(req, filename: filename) else {
            throw Abort(.badRequest, reason: "Ange format=csv eller format=xlsx.")
        }
        return response
    }

    /// The older address of the CSV: the same download as `?format=csv`.
    @Sendable static func csv(req: Request) async throws -> Response {
        let (_, trail, _) = try await load(req, limit: nil)
        return CSVWriter.response(trail.table.csv(), filename: filename + ".csv")
    }
}
