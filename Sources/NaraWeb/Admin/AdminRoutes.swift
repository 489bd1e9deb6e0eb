import Fluent
import Foundation
import NaraCore
import NaraPersistence
import Vapor

/// Administration: organisations, people, invitations, population import, the audit trail.
struct AdminRoutes: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let admin = AccessRule.capability(.administer)
        routes.on(.GET, "admin", rule: admin, use: Self.home)
        routes.on(.GET, "admin", "organisationer", rule: admin, use: Self.organisations)
        routes.on(.GET, "admin", "organisationer", "ny", rule: admin, use: Self.newProvider)
        routes.on(.POST, "admin", "organisationer", rule: admin, use: Self.createProvider)
        routes.on(.GET, "admin", "organisationer", ":org", rule: admin, use: Self.editOrganisation)
        routes.on(.POST, "admin", "organisationer", ":org", rule: admin, use: Self.updateOrganisation)
        routes.on(.GET, "admin", "personer", rule: admin, use: PeopleRoutes.people)
        routes.on(.GET, "admin", "personer", "bjud-in", rule: admin, use: PeopleRoutes.inviteForm)
        routes.on(.POST, "admin", "personer", "bjud-in", rule: admin, stepUp: .grantAccess, use: PeopleRoutes.invite)
        routes.on(.POST, "admin", "personer", ":person", "aktiv", rule: admin, use: PeopleRoutes.toggleActive)
        routes.on(.POST, "admin", "medlemskap", ":membership", "roll", rule: admin, stepUp: .grantAccess, use: PeopleRoutes.changeRole)
        routes.on(.POST, "admin", "medlemskap", ":membership", "ekonomichef", rule: admin, stepUp: .grantAccess, use: PeopleRoutes.setFinanceDirector)
        let importer = AccessRule.capability(.importPopulation)
        routes.on(.GET, "admin", "befolkning", rule: importer, use: PopulationAdmin.form)
        routes.on(.POST, "admin", "befolkning", rule: importer, body: .collect(maxSize: "20mb"), use: PopulationAdmin.upload)
        routes.on(.POST, "admin", "befolkning", ":pending", "spara", rule: importer, use: PopulationAdmin.apply)
        routes.on(.POST, "admin", "fordelningar", ":year", rule: importer, use: PopulationAdmin.allocate)
        let audit = AccessRule.capability(.readAudit)
        routes.on(.GET, "admin", "logg", rule: audit, use: AuditRoutes.page)
        routes.on(.GET, "admin", "logg.csv", rule: audit, use: AuditRoutes.csv)
    }

    @Sendable static func home(req: Request) async throws -> Response {
        req.page { AdminHomePage().render() }
    }

    @Sendable static func organisations(req: Request) async throws -> Response {
        let q = (req.query[String.self, at: "q"] ?? "").trimmingCharacters(in: .whitespaces)
        let kind = req.query[String.self, at: "kind"] ?? ""
        var query = OrganisationModel.query(on: req.db)
        if OrganisationKind(rawValue: kind) != nil { query = query.filter(\.$kind == kind) }
        var orgs = try await query.sort(\.$name).all()
        if !q.isEmpty {
            let needle = q.lowercased()
            orgs = orgs.filter { $0.name.lowercased().contains(needle) || $0.code.lowercased().hasPrefix(needle) }
        }
        let page = max(1, req.query[Int.self, at: "sida"] ?? 1)
        return req.page { AdminOrganisationsPage(organisations: orgs, query: q, kind: kind, page: page).render() }
    }

    static func regions(_ db: any Database) async throws -> [OrganisationModel] {
        try await OrganisationModel.query(on: db).filter(\.$kind == OrganisationKind.region.rawValue).sort(\.$name).all()
    }

    @Sendable static func newProvider(req: Request) async throws -> Response {
        let regions = try await regions(req.db)
        let csrf = CSRFMiddleware.token(for: req)
        return req.page { AdminOrganisationFormPage(organisation: nil, regions: regions, name: "", code: "", parent: "", csrf: csrf, errors: []).render() }
    }

    struct OrganisationForm: Content {
        var name: String?
        var code: String?
        var parent: String?
    }

    static func validate(_ form: OrganisationForm, provider: Bool, regions: [OrganisationModel]) -> (errors: [FieldError], parent: OrganisationModel?) {
        var errors: [FieldError] = []
        let name = (form.name ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        if name.isEmpty || name.count > 200 { errors.append(FieldError(field: "name", message: "Skriv organisationens namn (högst 200 tecken).")) }
        var parent: OrganisationModel?
        if provider {
            let code = (form.code ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
            if code.isEmpty || code.count > 40 || !code.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" }) {
                errors.append(FieldError(field: "code", message: "Skriv en kod med bokstäver, siffror och bindestreck (högst 40 tecken)."))
            }
            parent = regions.first { $0.id?.uuidString == form.parent }
            if parent == nil { errors.append(FieldError(field: "parent", message: "Välj den region vårdgivaren hör till.")) }
        }
        return (errors, parent)
    }

    @Sendable static func createProvider(req: Request) async throws -> Response {
        let form = try req.content.decode(OrganisationForm.self)
        let regions = try await regions(req.db)
        var (errors, parent) = validate(form, provider: true, regions: regions)
        let code = (form.code ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        if errors.isEmpty, try await OrganisationModel.query(on: req.db).filter(\.$kind == OrganisationKind.provider.rawValue).filter(\.$code == code).first() != nil {
            errors.append(FieldError(field: "code", message: "Det finns redan en vårdgivare med koden \(code)."))
        }
        guard errors.isEmpty, let parent else {
            let csrf = CSRFMiddleware.token(for: req)
            return req.page(status: .unprocessableEntity) {
                AdminOrganisationFormPage(organisation: nil, regions: regions, name: form.name ?? "", code: code, parent: form.parent ?? "", csrf: csrf, errors: errors).render()
            }
        }
        let org = OrganisationModel()
        org.kind = OrganisationKind.provider.rawValue
        org.name = (form.name ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        org.code = code
        org.countyCode = parent.countyCode
        org.parentID = parent.id
        try await req.db.transaction { tx in
            try await org.create(on: tx)
            try await AuditLog.record(.create, entity: "organisation", id: org.id?.uuidString ?? "",
                                      after: ["namn": org.name, "kod": org.code, "typ": org.kind, "region": parent.name], on: req, db: tx)
        }
        req.flash("\(org.name) är tillagd under \(parent.name).")
        return req.seeOther(SiteURL.adminOrganisations + "?kind=provider")
    }

    static func organisation(_ req: Request) async throws -> OrganisationModel {
        guard let id = req.parameters.get("org").flatMap(UUID.init(uuidString:)), let org = try await OrganisationModel.find(id, on: req.db)
        else { throw Abort(.notFound, reason: "Organisationen finns inte.") }
        return org
    }

    @Sendable static func editOrganisation(req: Request) async throws -> Response {
        let org = try await organisation(req)
        let regions = try await regions(req.db)
        let csrf = CSRFMiddleware.token(for: req)
        return req.page {
            AdminOrganisationFormPage(organisation: org, regions: regions, name: org.name, code: org.code,
                                      parent: org.parentID?.uuidString ?? "", csrf: csrf, errors: []).render()
        }
    }

    @Sendable static func updateOrganisation(req: Request) async throws -> Response {
        let org = try await organisation(req)
        let form = try req.content.decode(OrganisationForm.self)
        let regions = try await regions(req.db)
        let provider = org.kind == OrganisationKind.provider.rawValue
        let (errors, parent) = validate(form, provider: provider, regions: regions)
        guard errors.isEmpty else {
            let csrf = CSRFMiddleware.token(for: req)
            return req.page(status: .unprocessableEntity) {
                AdminOrganisationFormPage(organisation: org, regions: regions, name: form.name ?? "", code: form.code ?? "",
                                          parent: form.parent ?? "", csrf: csrf, errors: errors).render()
            }
        }
        let before = ["namn": org.name, "kod": org.code, "region": org.parentID?.uuidString ?? ""]
        org.name = (form.name ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        if provider, let parent {
            org.code = (form.code ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
            org.parentID = parent.id
            org.countyCode = parent.countyCode
        }
        try await req.db.transaction { tx in
            try await org.update(on: tx)
            try await AuditLog.record(.update, entity: "organisation", id: org.id?.uuidString ?? "", before: before,
                                      after: ["namn": org.name, "kod": org.code, "region": org.parentID?.uuidString ?? ""], on: req, db: tx)
        }
        req.flash("Ändringarna i \(org.name) är sparade.")
        return req.seeOther(SiteURL.adminOrganisations)
    }
}
