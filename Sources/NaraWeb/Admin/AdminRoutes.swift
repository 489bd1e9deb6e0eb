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
        routes.on(.GET, "admin", "personer", rule: admin, use: Self.people)
        routes.on(.GET, "admin", "personer", "bjud-in", rule: admin, use: Self.inviteForm)
        routes.on(.POST, "admin", "personer", "bjud-in", rule: admin, use: Self.invite)
        routes.on(.POST, "admin", "personer", ":person", "aktiv", rule: admin, use: Self.toggleActive)
        routes.on(.POST, "admin", "medlemskap", ":membership", "roll", rule: admin, use: Self.changeRole)
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
        return req.page { AdminOrganisationsPage(organisations: orgs, query: q, kind: kind).render() }
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

    @Sendable static func people(req: Request) async throws -> Response {
        let q = (req.query[String.self, at: "q"] ?? "").trimmingCharacters(in: .whitespaces).lowercased()
        var users = try await UserModel.query(on: req.db).sort(\.$name).all()
        if !q.isEmpty { users = users.filter { $0.name.lowercased().contains(q) || $0.email.contains(q) } }
        let memberships = try await MembershipModel.query(on: req.db).filter(\.$userID ~~ users.compactMap(\.id)).all()
        let orgs = try await OrganisationModel.query(on: req.db).filter(\.$id ~~ memberships.map(\.organisationID)).all()
        let rows = users.map { u in
            AdminPeoplePage.Row(user: u, memberships: memberships.filter { $0.userID == u.id }.compactMap { m in
                orgs.first { $0.id == m.organisationID }.map { (m, $0) }
            })
        }
        let csrf = CSRFMiddleware.token(for: req)
        return req.page { AdminPeoplePage(rows: rows, query: q, csrf: csrf).render() }
    }

    static func invitableOrganisations(_ db: any Database) async throws -> [OrganisationModel] {
        try await OrganisationModel.query(on: db).filter(\.$kind != OrganisationKind.municipality.rawValue).sort(\.$kind).sort(\.$name).all()
            + OrganisationModel.query(on: db).filter(\.$kind == OrganisationKind.municipality.rawValue).sort(\.$name).all()
    }

    @Sendable static func inviteForm(req: Request) async throws -> Response {
        let orgs = try await invitableOrganisations(req.db)
        let csrf = CSRFMiddleware.token(for: req)
        return req.page { AdminInvitePage(organisations: orgs, email: "", organisation: "", role: "", csrf: csrf, errors: [], sentLink: nil, mailed: false).render() }
    }

    struct InviteForm: Content {
        var email: String?
        var organisation: String?
        var role: String?
    }

    @Sendable static func invite(req: Request) async throws -> Response {
        let form = try req.content.decode(InviteForm.self)
        let email = Accounts.normalise(form.email ?? "")
        let orgs = try await invitableOrganisations(req.db)
        let org = orgs.first { $0.id?.uuidString == form.organisation }
        let role = form.role.flatMap(Role.init(rawValue:))
        var errors: [FieldError] = []
        if !Accounts.isValidEmail(email) { errors.append(FieldError(field: "email", message: "Skriv en giltig e-postadress, till exempel namn@region.se.")) }
        if org == nil { errors.append(FieldError(field: "organisation", message: "Välj en organisation.")) }
        if role == nil { errors.append(FieldError(field: "role", message: "Välj en roll.")) }
        if let org, let role, let kind = OrganisationKind(rawValue: org.kind), !role.allowedOrganisationKinds.contains(kind) {
            errors.append(FieldError(field: "role", message: "Rollen \(role.swedishName.lowercased()) kan inte ges i \(org.name) (\(kind.swedishName.lowercased()))."))
        }
        let csrf = CSRFMiddleware.token(for: req)
        guard errors.isEmpty, let org, let role else {
            return req.page(status: .unprocessableEntity) {
                AdminInvitePage(organisations: orgs, email: email, organisation: form.organisation ?? "", role: form.role ?? "",
                                csrf: csrf, errors: errors, sentLink: nil, mailed: false).render()
            }
        }
        let principal = req.principal!
        let (invitation, token) = try await req.db.transaction { tx in
            let result = try await Accounts.invite(email: email, organisation: org, role: role, by: principal.user, now: Date(), on: tx)
            try await AuditLog.record(.invite, entity: "invitation", id: result.0.id?.uuidString ?? "",
                                      after: ["e-post": email, "organisation": org.name, "roll": role.rawValue], on: req, db: tx)
            return result
        }
        let link = req.config.publicURL + SiteURL.invitation(token)
        let subject = "Inbjudan till Nära"
        let body = "Hej!\n\n\(principal.user.name) har bjudit in dig till Nära för \(org.name) som \(role.swedishName.lowercased()).\n\nÖppna länken för att välja lösenord. Den fungerar en gång och till och med \(SwedishDateTime.format(invitation.expiresAt)):\n\(link)\n"
        let mailed = await req.sendMail(MailMessage(to: email, subject: subject, body: body, date: req.now))
        return req.page {
            AdminInvitePage(organisations: orgs, email: "", organisation: "", role: "", csrf: csrf, errors: [], sentLink: link, mailed: mailed).render()
        }
    }

    @Sendable static func toggleActive(req: Request) async throws -> Response {
        guard let id = req.parameters.get("person").flatMap(UUID.init(uuidString:)), let user = try await UserModel.find(id, on: req.db)
        else { throw Abort(.notFound, reason: "Personen finns inte.") }
        guard user.id != req.principal?.user.id else { throw Abort(.badRequest, reason: "Du kan inte inaktivera dig själv.") }
        let wasActive = user.isActive
        user.isActive.toggle()
        try await req.db.transaction { tx in
            try await user.update(on: tx)
            try await AuditLog.record(wasActive ? .deactivate : .activate, entity: "person", id: id.uuidString,
                                      before: ["aktiv": wasActive ? "ja" : "nej"], after: ["aktiv": user.isActive ? "ja" : "nej"], on: req, db: tx)
        }
        req.flash("\(user.name) är \(user.isActive ? "aktiverad" : "inaktiverad").")
        return req.seeOther(SiteURL.adminPeople)
    }

    @Sendable static func changeRole(req: Request) async throws -> Response {
        guard let id = req.parameters.get("membership").flatMap(UUID.init(uuidString:)),
              let membership = try await MembershipModel.find(id, on: req.db),
              let org = try await OrganisationModel.find(membership.organisationID, on: req.db)
        else { throw Abort(.notFound, reason: "Medlemskapet finns inte.") }
        guard let role = (try? req.content.get(String.self, at: "role")).flatMap(Role.init(rawValue:)),
              let kind = OrganisationKind(rawValue: org.kind), role.allowedOrganisationKinds.contains(kind)
        else { throw Abort(.badRequest, reason: "Välj en roll som kan ges i \(org.name).") }
        if membership.userID == req.principal?.user.id, role != .administrator, membership.role == Role.administrator.rawValue {
            throw Abort(.badRequest, reason: "Du kan inte ta bort din egen administratörsroll.")
        }
        let before = membership.role, managedBefore = membership.agreementManager ?? false
        // The duty to manage agreements can be given only where the parties to the agreement work.
        let manages = AccessPolicy.dutyKinds.contains(kind) && (try? req.content.get(String.self, at: "agreement_manager")) != nil
        membership.role = role.rawValue
        membership.agreementManager = manages
        let beforeValues = ["roll": Role(rawValue: before)?.swedishName ?? before, "organisation": org.name,
                            "hanterar överenskommelser": managedBefore ? "ja" : "nej"]
        let afterValues = ["roll": role.swedishName, "organisation": org.name, "hanterar överenskommelser": manages ? "ja" : "nej"]
        try await req.db.transaction { tx in
            try await membership.update(on: tx)
            try await AuditLog.record(.roleChange, entity: "membership", id: id.uuidString, before: beforeValues, after: afterValues, on: req, db: tx)
        }
        req.flash("Rollen är ändrad till \(role.swedishName.lowercased()) i \(org.name).")
        return req.seeOther(SiteURL.adminPeople)
    }
}
