import Fluent
import Foundation
import NaraCore
import NaraPersistence
import Vapor

/// The people page's handlers: the list, invitations, deactivation, and a membership's role and
/// duties (registered by `AdminRoutes`, administrators only).
enum PeopleRoutes {
    @Sendable static func people(req: Request) async throws -> Response {
        let list = try await PeopleList.load(query: req.query[String.self, at: "q"] ?? "", on: req.db)
        let csrf = CSRFMiddleware.token(for: req)
        return req.page { AdminPeoplePage(list: list, csrf: csrf).render() }
    }

    static func invitableOrganisations(_ db: any Database) async throws -> [OrganisationModel] {
        try await OrganisationModel.query(on: db).filter(\.$kind != OrganisationKind.municipality.rawValue).sort(\.$kind).sort(\.$name).all()
            + OrganisationModel.query(on: db).filter(\.$kind == OrganisationKind.municipality.rawValue).sort(\.$name).all()
    }

    @Sendable static func inviteForm(req: Request) async throws -> Response {
        let orgs = try await invitableOrganisations(req.db)
        let csrf = CSRFMiddleware.token(for: req)
        var page = AdminInvitePage.blank(orgs, csrf: csrf)
        page.stepUp = StepUpNotice.make(req, .grantAccess, till: SiteURL.adminInvite, csrf: csrf)
        return req.page { page.render() }
    }

    @Sendable static func invite(req: Request) async throws -> Response {
        let form = try req.content.decode(InvitationService.Form.self)
        let orgs = try await invitableOrganisations(req.db)
        let csrf = CSRFMiddleware.token(for: req)
        switch try await InvitationService.invite(form, organisations: orgs, by: Actor.of(req), now: req.now, on: req.db) {
        case .refused(let errors):
            return req.page(status: .unprocessableEntity) {
                AdminInvitePage(organisations: orgs, form: form, csrf: csrf, errors: errors, sentLink: nil, mailed: false).render()
            }
        case .created(let created):
            let link = req.siteOrigin + SiteURL.invitation(created.token)
            let mailed = await req.sendMail(InvitationService.mail(created, inviter: req.principal?.user.name ?? "", link: link, now: req.now))
            return req.page { AdminInvitePage.blank(orgs, csrf: csrf, sentLink: link, mailed: mailed).render() }
        }
    }

    @Sendable static func toggleActive(req: Request) async throws -> Response {
        guard let id = req.parameters.get("person").flatMap(UUID.init(uuidString:)), let user = try await UserModel.find(id, on: req.db)
        else { throw Abort(.notFound, reason: "Personen finns inte.") }
        guard user.id != req.principal?.user.id else {
            return try await refused(req, FieldError(field: "person-" + id.uuidString, message: "Du kan inte inaktivera dig själv. Inget är ändrat."),
                                     status: .conflict)
        }
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

    /// The role form: a role, and the duty to manage agreements where it can be given.
    @Sendable static func changeRole(req: Request) async throws -> Response {
        let role = (try? req.content.get(String.self, at: "role")).flatMap(Role.init(rawValue:))
        guard let role else {
            return try await refused(req, FieldError(field: "role-" + (try membershipID(req)).uuidString, message: "Välj en roll."), status: .unprocessableEntity)
        }
        let manages = (try? req.content.get(String.self, at: "agreement_manager")) != nil
        let result = try await MembershipService.setDuties(membershipID: try membershipID(req), role: role, agreementManager: manages,
                                                           by: Actor.of(req), now: req.now, on: req.db)
        return try await back(req, result) { "\($0.personName) har nu rollen \(role.swedishName.lowercased()) i \($0.organisation.name)." }
    }

    /// The finance-director form: `finance_director` is `ja` to give the duty, `nej` to remove it.
    @Sendable static func setFinanceDirector(req: Request) async throws -> Response {
        let give = (try? req.content.get(String.self, at: "finance_director")) == "ja"
        let result = try await MembershipService.setDuties(membershipID: try membershipID(req), financeDirector: give,
                                                           by: Actor.of(req), now: req.now, on: req.db)
        return try await back(req, result) {
            give ? "\($0.personName) är nu ekonomichef med attesträtt i \($0.organisation.name)."
                 : "\($0.personName) är inte längre ekonomichef i \($0.organisation.name)."
        }
    }

    static func membershipID(_ req: Request) throws -> UUID {
        guard let id = req.parameters.get("membership").flatMap(UUID.init(uuidString:)) else { throw Abort(.notFound, reason: "Medlemskapet finns inte.") }
        return id
    }

    /// Back to the people list with a message: what changed or that nothing did; a refusal shows the list again
    /// with the reason at the membership's role (422 for a role the organisation cannot have, 409 otherwise).
    static func back(_ req: Request, _ result: Result<MembershipService.Changed, MembershipService.Refusal>,
                     done: (MembershipService.Changed) -> String) async throws -> Response {
        switch result {
        case .failure(.notFound): throw Abort(.notFound, reason: MembershipService.Refusal.notFound.description)
        case .failure(let refusal):
            let status: HTTPResponseStatus
            if case .roleNotAllowed = refusal { status = .unprocessableEntity } else { status = .conflict }
            return try await refused(req, FieldError(field: "role-" + (try membershipID(req)).uuidString, message: refusal.description + " Inget är ändrat."),
                                     status: status)
        case .success(let c): return back(req, flash: c.changed ? done(c) : "Inget är ändrat: \(c.personName) hade redan det i \(c.organisation.name).")
        }
    }

    static func back(_ req: Request, flash: String) -> Response {
        req.flash(flash)
        return req.seeOther(SiteURL.adminPeople)
    }

    /// The people list again, with a refused change in the summary and at its field.
    static func refused(_ req: Request, _ error: FieldError, status: HTTPResponseStatus) async throws -> Response {
        let list = try await PeopleList.load(query: "", on: req.db)
        let csrf = CSRFMiddleware.token(for: req)
        return req.page(status: status) { AdminPeoplePage(list: list, csrf: csrf, errors: [error]).render() }
    }
}
