import Fluent
import Foundation
import NaraCore
import NaraPersistence
import Vapor

/// Signing in and out, the person's own account, API tokens, invitations, and `GET /api/v1/me`.
struct AccountRoutes: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.on(.GET, "logga-in", rule: .everyone, use: Self.loginForm)
        routes.on(.POST, "logga-in", rule: .everyone, use: Self.login)
        routes.on(.POST, "logga-ut", rule: .everyone, use: Self.logout)
        routes.on(.GET, "konto", rule: .signedIn, use: Self.account)
        routes.on(.POST, "konto", "organisation", rule: .signedIn, use: Self.switchOrganisation)
        routes.on(.POST, "konto", "api-nycklar", rule: .signedIn, use: Self.createToken)
        routes.on(.POST, "konto", "api-nycklar", ":token", "aterkalla", rule: .ownToken(parameter: "token"), use: Self.revokeToken)
        routes.on(.GET, "inbjudan", ":invitation", rule: .everyone, use: Self.invitationForm)
        routes.on(.POST, "inbjudan", ":invitation", rule: .everyone, use: Self.acceptInvitation)
        routes.on(.GET, "api", "v1", "me", rule: .signedIn, use: Self.me)
    }

    /// A same-site path to return to after signing in; anything else goes to `otherwise`.
    /// Browsers drop tabs and line breaks from a `Location` and read `\` as `/`, so `/\t/host`
    /// and `/\host` would leave the site: only a path of visible ASCII without a backslash,
    /// starting with one `/`, is accepted (non-ASCII is percent-encoded by the links Nära makes).
    static func safeNext(_ raw: String?, otherwise: String = SiteURL.account) -> String {
        guard let raw, raw.hasPrefix("/"), !raw.hasPrefix("//"), raw.count < 300, !raw.hasPrefix(SiteURL.login),
              raw.unicodeScalars.allSatisfy({ $0.value > 0x20 && $0.value < 0x7F && $0 != "\\" }),
              let url = URLComponents(string: raw), url.scheme == nil, url.host == nil
        else { return otherwise }
        return raw
    }

    /// Where a person's work is, by what their role may do: administrators on the administration,
    /// payers on their inbox, reviewers on the follow-up, editors, viewers and providers on their reports.
    static func landing(_ principal: Principal?) -> String {
        guard let standing = principal?.standing else { return SiteURL.account }
        if AccessPolicy.may(standing, .administer) { return SiteURL.admin }
        if AccessPolicy.may(standing, .pay) { return SiteURL.payer }
        if AccessPolicy.may(standing, .reviewReports) { return SiteURL.followUp }
        return SiteURL.reports
    }

    @Sendable static func loginForm(req: Request) async throws -> Response {
        let till = req.query[String.self, at: "till"]
        if req.principal != nil { return req.seeOther(safeNext(till, otherwise: landing(req.principal))) }
        let next = safeNext(till, otherwise: "")
        let csrf = CSRFMiddleware.token(for: req)
        return req.page { LoginPage(csrf: csrf, email: "", next: next, errors: [], providers: req.config.eid.providers, passwordLogin: req.config.eid.passwordLogin).render() }
    }

    struct LoginForm: Content {
        var email: String?
        var password: String?
        var till: String?
    }

    @Sendable static func login(req: Request) async throws -> Response {
        guard req.config.eid.passwordLogin else { throw Abort(.forbidden, reason: LoginPage.Text.passwordOff) }
        let form = try req.content.decode(LoginForm.self)
        let email = Accounts.normalise(form.email ?? "")
        let next = safeNext(form.till, otherwise: "")
        var errors: [FieldError] = []
        if email.isEmpty { errors.append(FieldError(field: "email", message: LoginPage.Text.missingEmail)) }
        if (form.password ?? "").isEmpty { errors.append(FieldError(field: "password", message: LoginPage.Text.missingPassword)) }
        if errors.isEmpty {
            switch try await Accounts.login(email: email, password: form.password ?? "", address: req.clientAddress, now: req.now, on: req.db) {
            case .success(let user):
                let userID = try user.requireID()
                try await EIDSession.start(req, userID: userID, assurance: nil)
                try await AuditLog.record(.login, entity: "person", id: userID.uuidString, on: req)
                // An explicit return path wins; otherwise the person lands where their work is.
                return req.seeOther(next.isEmpty ? landing(req.principal) : next)
            case .failed:
                try await AuditLog.record(.loginFailed, entity: "person", id: String(email.prefix(254)), on: req,
                                          actorLabel: String(email.prefix(254)))
                errors.append(FieldError(field: "email", message: LoginPage.Text.failed))
            case .throttled:
                try await AuditLog.record(.loginFailed, entity: "person", id: String(email.prefix(254)), after: ["spärrad": "ja"],
                                          on: req, actorLabel: String(email.prefix(254)))
                errors.append(FieldError(field: "email", message: LoginPage.Text.throttled))
            }
        }
        let csrf = CSRFMiddleware.token(for: req)
        return req.page(status: .unprocessableEntity) { LoginPage(csrf: csrf, email: email, next: next, errors: errors, providers: req.config.eid.providers, passwordLogin: req.config.eid.passwordLogin).render() }
    }

    @Sendable static func logout(req: Request) async throws -> Response {
        if let principal = req.principal {
            try await AuditLog.record(.logout, entity: "person", id: principal.user.id?.uuidString ?? "", on: req)
        }
        let providerLogout = await EIDRoutes.providerLogoutURL(req)
        EIDSession.end(req)
        req.flash("Du är utloggad.")
        return req.seeOther(providerLogout ?? SiteURL.home)
    }

    static func accountPage(_ req: Request, newToken: String? = nil, errors: [FieldError] = [], tokenName: String = "",
                            status: HTTPResponseStatus = .ok) async throws -> Response {
        let principal = req.principal!
        let tokens = try await APITokenModel.query(on: req.db).filter(\.$userID == principal.user.requireID())
            .sort(\.$createdAt, .descending).all()
        var names: [UUID: String] = [:]
        for m in principal.memberships { if let id = m.membership.id { names[id] = m.organisation.name } }
        let identities = try await PersonIdentityModel.query(on: req.db).filter(\.$userID == principal.user.requireID())
            .sort(\.$createdAt).all()
        let providerNames = Dictionary(req.config.eid.providers.map { ($0.key, $0.name) }, uniquingKeysWith: { a, _ in a })
        let csrf = CSRFMiddleware.token(for: req)
        return req.page(status: status) {
            AccountPage(principal: principal, tokens: tokens, organisationsByMembership: names, csrf: csrf,
                        newToken: newToken, errors: errors, tokenName: tokenName, identities: identities, providerNames: providerNames,
                        unbound: req.config.eid.providers.filter { p in p.claim != "email" && !identities.contains { $0.provider == p.key } }).render()
        }
    }

    @Sendable static func account(req: Request) async throws -> Response {
        try await accountPage(req)
    }

    @Sendable static func switchOrganisation(req: Request) async throws -> Response {
        let principal = req.principal!
        guard let raw = try? req.content.get(String.self, at: "membership"), let id = UUID(uuidString: raw),
              let target = principal.memberships.first(where: { $0.membership.id == id }) else {
            return try await accountPage(req, errors: [FieldError(field: "membership", message: "Välj en av dina organisationer.")],
                                         status: .unprocessableEntity)
        }
        guard principal.via == .session else { throw Abort(.badRequest, reason: "En API-nyckel gäller en organisation.") }
        req.session.data[SessionKeys.membership] = id.uuidString
        try await AuditLog.record(.switchOrganisation, entity: "person", id: principal.user.id?.uuidString ?? "",
                                  before: ["organisation": principal.organisation.name], after: ["organisation": target.organisation.name], on: req)
        req.flash("Du agerar nu för \(target.organisation.name).")
        return req.seeOther(SiteURL.account)
    }

    @Sendable static func createToken(req: Request) async throws -> Response {
        let principal = req.principal!
        let typed = (try? req.content.get(String.self, at: "name")) ?? ""
        let name = typed.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !name.isEmpty, name.count <= 100 else {
            return try await accountPage(req, errors: [FieldError(field: "name", message: "Beskriv vad nyckeln används till (högst 100 tecken).")],
                                         tokenName: typed, status: .unprocessableEntity)
        }
        let token = SecretToken.generate(prefix: "nara_")
        let model = APITokenModel()
        model.userID = try principal.user.requireID()
        model.membershipID = try principal.membership.requireID()
        model.name = name
        model.tokenHash = SecretToken.hash(token)
        model.prefix = String(token.prefix(9))
        model.createdAt = req.now
        try await model.create(on: req.db)
        try await AuditLog.record(.tokenCreate, entity: "api_token", id: model.id?.uuidString ?? "",
                                  after: ["namn": name, "organisation": principal.organisation.name], on: req)
        return try await accountPage(req, newToken: token)
    }

    @Sendable static func revokeToken(req: Request) async throws -> Response {
        // The access rule has checked that the token is the person's own.
        guard let id = req.parameters.get("token").flatMap(UUID.init(uuidString:)),
              let token = try await APITokenModel.find(id, on: req.db) else { throw Abort(.notFound) }
        if token.revokedAt == nil {
            token.revokedAt = req.now
            try await token.update(on: req.db)
            try await AuditLog.record(.tokenRevoke, entity: "api_token", id: id.uuidString, before: ["namn": token.name], on: req)
        }
        req.flash("API-nyckeln ”\(token.name)” är återkallad.")
        return req.seeOther(SiteURL.account)
    }

    static func invitationContext(_ req: Request) async throws -> (InvitationModel, OrganisationModel, UserModel?)? {
        guard let token = req.parameters.get("invitation"),
              let invitation = try await Accounts.openInvitation(token: token, now: req.now, on: req.db),
              let org = try await OrganisationModel.find(invitation.organisationID, on: req.db) else { return nil }
        // An account counts once its owner can sign in: with a password, or with an e-ID bound to them.
        guard let existing = try await UserModel.query(on: req.db).filter(\.$email == invitation.email).first(), let id = existing.id else {
            return (invitation, org, nil)
        }
        let bound = try await PersonIdentityModel.query(on: req.db).filter(\.$userID == id).first() != nil
        return (invitation, org, existing.passwordHash != nil || bound ? existing : nil)
    }

    @Sendable static func invitationForm(req: Request) async throws -> Response {
        guard let (invitation, org, existing) = try await invitationContext(req) else {
            return req.page(status: .notFound) { InvitationPage.invalid() }
        }
        let csrf = CSRFMiddleware.token(for: req)
        return req.page {
            InvitationPage(token: req.parameters.get("invitation")!, email: invitation.email, organisationName: org.name,
                           roleName: Role(rawValue: invitation.role)?.swedishName ?? "", hasAccount: existing != nil,
                           csrf: csrf, name: "", errors: [], financeDirector: invitation.financeDirector,
                           providers: req.config.eid.providers, passwordLogin: req.config.eid.passwordLogin).render()
        }
    }

    struct InvitationForm: Content {
        var name: String?
        var password: String?
        var repeated: String?
    }

    @Sendable static func acceptInvitation(req: Request) async throws -> Response {
        guard let (invitation, org, existing) = try await invitationContext(req) else {
            return req.page(status: .notFound) { InvitationPage.invalid() }
        }
        guard req.config.eid.passwordLogin else {
            throw Abort(.forbidden, reason: "Lösenord används inte här. Anta inbjudan med e-legitimation.")
        }
        let form = try req.content.decode(InvitationForm.self)
        let name = (form.name ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        if existing == nil {
            var errors: [FieldError] = []
            if name.isEmpty || name.count > 120 { errors.append(FieldError(field: "name", message: "Skriv ditt namn (högst 120 tecken).")) }
            for problem in Accounts.passwordProblems(form.password ?? "", repeated: form.repeated ?? "") {
                errors.append(FieldError(field: problem.contains("lika") ? "repeated" : "password", message: problem))
            }
            if !errors.isEmpty {
                let csrf = CSRFMiddleware.token(for: req)
                return req.page(status: .unprocessableEntity) {
                    InvitationPage(token: req.parameters.get("invitation")!, email: invitation.email, organisationName: org.name,
                                   roleName: Role(rawValue: invitation.role)?.swedishName ?? "", hasAccount: false,
                                   csrf: csrf, name: name, errors: errors, financeDirector: invitation.financeDirector,
                           providers: req.config.eid.providers, passwordLogin: req.config.eid.passwordLogin).render()
                }
            }
        }
        let hash = existing == nil ? try Bcrypt.hash(form.password ?? "", cost: req.config.bcryptCost) : nil
        try await Accounts.accept(invitation, organisation: org, existing: existing, name: name, passwordHash: hash,
                                  address: req.clientAddress, now: req.now, on: req.db)
        req.flash(existing == nil ? "Ditt konto är klart. Logga in med din e-postadress och ditt nya lösenord."
                                  : "\(org.name) är tillagd på ditt konto. Logga in som vanligt.")
        return req.seeOther(SiteURL.login)
    }

    struct MeDTO: Codable, Sendable {
        struct Person: Codable, Sendable { let id: String; let name: String; let email: String }
        struct Org: Codable, Sendable { let id: String; let kind: String; let code: String; let name: String }
        struct Membership: Codable, Sendable { let organisation: Org; let role: String }
        let person: Person
        let organisation: Org
        let role: String
        let authenticatedBy: String
        let memberships: [Membership]
    }

    @Sendable static func me(req: Request) async throws -> Response {
        let p = req.principal!
        func org(_ o: OrganisationModel) -> MeDTO.Org { .init(id: o.id?.uuidString ?? "", kind: o.kind, code: o.code, name: o.name) }
        return APIResponse.json(MeDTO(
            person: .init(id: p.user.id?.uuidString ?? "", name: p.user.name, email: p.user.email),
            organisation: org(p.organisation), role: p.role.rawValue,
            authenticatedBy: p.via == .token ? "token" : "session",
            memberships: p.memberships.map { .init(organisation: org($0.organisation), role: $0.membership.role) }))
    }
}
