import Fluent
import Foundation
import NaraCore
import NaraPersistence
import Vapor

/// Accepting an invitation by signing in with e-ID: the membership is made, the identity bound to
/// the person, in one transaction, and the person is signed in.
enum EIDInvitation {
    static func accept(_ req: Request, pending: SignInRequestModel, claims: IDTokenClaims, identity: String,
                       provider: OIDCProviderSetting, assurance: Assurance) async throws -> Response {
        guard let hash = pending.invitationHash,
              let invitation = try await InvitationModel.query(on: req.db).filter(\.$tokenHash == hash).first(),
              invitation.usedAt == nil, invitation.expiresAt > req.now,
              let organisation = try await OrganisationModel.find(invitation.organisationID, on: req.db) else {
            return req.page(status: .notFound) { InvitationPage.invalid() }
        }
        let key = req.config.eid.identityKey
        let account = try await UserModel.query(on: req.db).filter(\.$email == invitation.email).first()
        if let bound = try await EIDSignIn.boundPerson(identity: identity, provider: provider.key, key: key, on: req.db), bound != account?.id {
            return EIDRoutes.problem(req, .conflict,
                                     "Den här e-legitimationen är redan kopplad till en annan person i Nära. Logga in med den, eller be administratören om hjälp.")
        }
        var existing: UserModel?
        if let account {
            let hasIdentity = try await PersonIdentityModel.query(on: req.db).filter(\.$userID == account.requireID()).first() != nil
            if account.passwordHash != nil || hasIdentity { existing = account }
        }
        let name = personName(claims) ?? invitation.email
        let actor = Actor(principal: nil, label: invitation.email, address: req.clientAddress)
        let now = req.now
        try await Accounts.accept(invitation, organisation: organisation, existing: existing, name: name, passwordHash: nil,
                                  address: req.clientAddress, now: now, on: req.db) { tx, user in
            try await EIDSignIn.bind(identity: identity, provider: provider, key: key, to: user, actor: actor, now: now, on: tx)
        }
        guard let user = try await UserModel.query(on: req.db).filter(\.$email == invitation.email).first(), let userID = user.id else {
            throw Abort(.internalServerError)
        }
        try await EIDSession.start(req, userID: userID, assurance: assurance)
        try await AuditLog.record(.login, entity: "person", id: userID.uuidString,
                                  after: ["e-legitimation": provider.name, "tillitsnivå": AssuranceLevel.name(assurance.level)], on: req)
        req.flash("Välkommen till \(organisation.name)! Din e-legitimation från \(provider.name) är nu kopplad till dig; logga in med den nästa gång.")
        return req.seeOther(AccountRoutes.landing(req.principal))
    }

    /// Binds an e-ID to the signed-in person (who signed in with a password, or with another
    /// provider), so it signs them in from now on; one transaction with its audit entry.
    static func bindToSignedIn(_ req: Request, identity: String, provider: OIDCProviderSetting, assurance: Assurance) async throws -> Response {
        guard let principal = req.principal, let userID = principal.user.id else { throw AccessDenied.notSignedIn }
        let key = req.config.eid.identityKey
        if let bound = try await EIDSignIn.boundPerson(identity: identity, provider: provider.key, key: key, on: req.db), bound != userID {
            return EIDRoutes.problem(req, .conflict,
                                     "Den här e-legitimationen är redan kopplad till en annan person i Nära. Be administratören om hjälp.")
        }
        let actor = Actor.of(req), now = req.now, user = principal.user
        try await req.db.transaction { tx in
            try await EIDSignIn.bind(identity: identity, provider: provider, key: key, to: user, actor: actor, now: now, on: tx)
        }
        EIDSession.note(assurance, in: req)
        req.flash("Din e-legitimation från \(provider.name) är kopplad till dig; logga in med den nästa gång.")
        return req.seeOther(SiteURL.account)
    }

    /// The person's name as the provider gives it: `name`, or given and family name.
    static func personName(_ claims: IDTokenClaims) -> String? {
        let whole = claims.texts["name"] ?? [claims.texts["given_name"], claims.texts["family_name"]].compactMap { $0 }.joined(separator: " ")
        let trimmed = whole.trimmingCharacters(in: .whitespacesAndNewlines)
        return trimmed.isEmpty ? nil : String(trimmed.prefix(120))
    }
}
