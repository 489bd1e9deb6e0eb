import Fluent
import Foundation
import NaraCore
import NaraPersistence
import Vapor

/// Sign-in with e-ID over OpenID Connect: starting a sign-in, the provider's answer, the page that
/// asks for a fresh sign-in before attesting, and the return from the provider's sign-out.
struct EIDRoutes: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.on(.POST, "logga-in", "e-legitimation", ":provider", rule: .everyone, use: Self.start)
        routes.on(.GET, "logga-in", "e-legitimation", ":provider", "retur", rule: .everyone, use: Self.callback)
        routes.on(.GET, "starkare-inloggning", rule: .signedIn, use: Self.stepUpPage)
        routes.on(.GET, "starkare-inloggning", "fortsatt", rule: .signedIn, use: Self.continueAction)
        routes.on(.GET, "utloggad", rule: .everyone, use: Self.loggedOut)
        routes.on(.GET, "oidc", "jwks.json", rule: .everyone, use: Self.clientKeys)
    }

    static func provider(_ req: Request) throws -> OIDCProviderSetting {
        guard let key = req.parameters.get("provider"), let provider = req.config.eid.provider(key) else {
            throw Abort(.notFound, reason: "Den identitetstjänsten finns inte i Nära.")
        }
        return provider
    }

    struct StartForm: Content {
        var syfte: String?
        var till: String?
        var inbjudan: String?
    }

    /// Stores the sign-in request and sends the person to the provider.
    @Sendable static func start(req: Request) async throws -> Response {
        let provider = try provider(req)
        let form = try req.content.decode(StartForm.self)
        let purpose = EIDSignIn.Purpose(rawValue: form.syfte ?? "") ?? .login
        var invitation: String?
        switch purpose {
        case .login: break
        case .stepUp, .bind:
            guard req.principal != nil else { throw AccessDenied.notSignedIn }
        case .invitation:
            guard let token = form.inbjudan, try await Accounts.openInvitation(token: token, now: req.now, on: req.db) != nil else {
                return req.page(status: .notFound) { InvitationPage.invalid() }
            }
            invitation = token
        }
        let metadata: OIDCProviderMetadata
        do { metadata = try await req.application.oidcDirectory.metadata(provider) } catch let failure as EIDFailure {
            return req.page(status: .badGateway) { EIDProblemPage.failed(failure.sentence).render() }
        }
        let returnTo = AccountRoutes.safeNext(form.till, otherwise: "")
        let started = try await EIDSignIn.begin(provider: provider.key, purpose: purpose, invitationToken: invitation, returnTo: returnTo,
                                                browserSecret: EIDSession.browserSecret(req), now: req.wallNow, on: req.db)
        let url = OIDCClient.authorizationURL(metadata, provider: provider, redirectURI: OIDCClient.redirectURI(origin: req.siteOrigin, provider: provider),
                                              state: started.state, nonce: started.nonce, verifier: started.verifier,
                                              levels: purpose == .stepUp ? req.config.eid.levels(for: provider.key) : [])
        return req.seeOther(url)
    }

    /// The provider's answer: the request it belongs to is taken once, the code exchanged, the ID
    /// token checked, and the person signed in, bound, or stepped up.
    @Sendable static func callback(req: Request) async throws -> Response {
        let provider = try provider(req)
        let state = req.query[String.self, at: "state"] ?? ""
        guard let pending = try await EIDSignIn.take(state: state, browserSecret: req.session.data[SessionKeys.eidBrowser], now: req.wallNow, on: req.db),
              pending.provider == provider.key else {
            return problem(req, .badRequest, "Svaret från identitetstjänsten hör inte till någon pågående inloggning i den här webbläsaren, eller har redan använts. Börja om.")
        }
        if let error = req.query[String.self, at: "error"] {
            let sentence = error == "access_denied" ? "Du avbröt inloggningen hos identitetstjänsten." : "Identitetstjänsten avbröt inloggningen (\(error.prefix(40)))."
            return problem(req, .badRequest, sentence)
        }
        guard let code = req.query[String.self, at: "code"], !code.isEmpty, code.count < 2000 else {
            return problem(req, .badRequest, "Svaret från identitetstjänsten saknade inloggningskod. Börja om.")
        }
        let purpose = EIDSignIn.Purpose(rawValue: pending.purpose) ?? .login
        let claims: IDTokenClaims
        do {
            let directory = req.application.oidcDirectory
            let metadata = try await directory.metadata(provider)
            let tokens = try await OIDCClient.exchange(code: code, verifier: pending.codeVerifier,
                                                       redirectURI: OIDCClient.redirectURI(origin: req.siteOrigin, provider: provider),
                                                       provider: provider, metadata: metadata, transport: directory.transport, now: req.wallNow)
            let verified = try await directory.verifiedClaims(tokens.idToken, provider: provider, now: req.wallNow)
            claims = try await OIDCClient.completed(verified, provider: provider, tokens: tokens, metadata: metadata, transport: directory.transport)
        } catch let failure as EIDFailure {
            return problem(req, .badRequest, failure.sentence)
        }
        let expected = IDTokenExpectation(issuer: provider.issuer, clientID: provider.clientID, nonce: pending.nonce,
                                          acceptedLevels: purpose == .stepUp ? req.config.eid.levels(for: provider.key) : [], now: req.wallNow)
        if let refusal = IDTokenRules.refusal(claims, expected: expected, identityClaim: provider.claim) {
            try await AuditLog.record(.loginFailed, entity: "person", id: provider.key, after: ["e-legitimation": provider.name, "skäl": refusal.sentence],
                                      on: req, actorLabel: provider.name)
            return problem(req, .forbidden, refusal.sentence)
        }
        let identity = IDTokenRules.identity(claims, claim: provider.claim)!
        let assurance = Assurance(provider: provider.key, providerName: provider.name, level: claims.acr, at: req.wallNow)
        switch purpose {
        case .invitation:
            return try await EIDInvitation.accept(req, pending: pending, claims: claims, identity: identity, provider: provider, assurance: assurance)
        case .bind:
            return try await EIDInvitation.bindToSignedIn(req, identity: identity, provider: provider, assurance: assurance)
        case .stepUp, .login:
            let key = req.config.eid.identityKey
            guard let user = try await EIDSignIn.person(identity: identity, provider: provider, key: key, now: req.wallNow, on: req.db),
                  let userID = user.id else {
                return req.page(status: .forbidden) { EIDProblemPage.unknown(provider: provider.name).render() }
            }
            let after = ["e-legitimation": provider.name, "tillitsnivå": AssuranceLevel.name(claims.acr)]
            if purpose == .stepUp {
                guard req.principal?.user.id == userID else {
                    return problem(req, .forbidden, "Du legitimerade dig som en annan person än den som är inloggad i Nära. Logga ut och logga in som dig själv.")
                }
                EIDSession.note(assurance, in: req)
                try await AuditLog.record(.stepUp, entity: "person", id: userID.uuidString, after: after, on: req)
                req.flash("Du är inloggad med \(provider.name) på \(AssuranceLevel.name(claims.acr)).")
                if StepUpGate.hasPending(req) { return req.seeOther(SiteURL.stepUpContinue) }
                return req.seeOther(pending.returnTo.isEmpty ? AccountRoutes.landing(req.principal) : pending.returnTo)
            }
            try await EIDSession.start(req, userID: userID, assurance: assurance)
            guard req.principal != nil else {
                EIDSession.end(req)
                return problem(req, .forbidden, "Ditt konto har ingen organisation i Nära just nu. Be administratören om en inbjudan.")
            }
            try await AuditLog.record(.login, entity: "person", id: userID.uuidString, after: after, on: req)
            return req.seeOther(pending.returnTo.isEmpty ? AccountRoutes.landing(req.principal) : pending.returnTo)
        }
    }

    static func problem(_ req: Request, _ status: HTTPResponseStatus, _ sentence: String) -> Response {
        req.page(status: status) { EIDProblemPage.failed(sentence).render() }
    }

    @Sendable static func stepUpPage(req: Request) async throws -> Response {
        let eid = req.config.eid
        let till = AccountRoutes.safeNext(req.query[String.self, at: "till"], otherwise: AccountRoutes.landing(req.principal))
        guard eid.enabled else { return req.seeOther(till) }
        let action = req.query[String.self, at: "atgard"].flatMap(StepUpAction.init(rawValue:))
        let verdict = eid.verdict(req.principal?.assurance, now: req.wallNow)
        let csrf = CSRFMiddleware.token(for: req)
        return req.page {
            StepUpPage(action: action, reason: verdict.sentence, providers: eid.providers, levels: eid.stepUpLevels, till: till, csrf: csrf).render()
        }
    }

    /// The refused action, with its fields, as one button; nothing kept goes back to the landing page.
    @Sendable static func continueAction(req: Request) async throws -> Response {
        guard var pending = StepUpGate.take(req), let action = StepUpAction(rawValue: pending.action),
              pending.path == AccountRoutes.safeNext(pending.path, otherwise: "") else {
            return req.seeOther(AccountRoutes.landing(req.principal))
        }
        pending.back = AccountRoutes.safeNext(pending.back, otherwise: AccountRoutes.landing(req.principal))
        let csrf = CSRFMiddleware.token(for: req)
        return req.page { StepUpContinuePage(action: action, pending: pending, csrf: csrf).render() }
    }

    /// The public halves of Nära's client keys (`private_key_jwt`), for the providers to register.
    @Sendable static func clientKeys(req: Request) async throws -> Response {
        let body = try JSONEncoder().encode(ClientAssertion.jwks(req.config.eid.providers))
        var headers = HTTPHeaders()
        headers.contentType = .json
        headers.replaceOrAdd(name: .cacheControl, value: "public, max-age=300")
        return Response(status: .ok, headers: headers, body: .init(data: body))
    }

    @Sendable static func loggedOut(req: Request) async throws -> Response {
        req.seeOther(SiteURL.home)
    }

    /// The provider's sign-out address when the session was signed in with e-ID and the provider
    /// offers RP-initiated logout; nil otherwise.
    static func providerLogoutURL(_ req: Request) async -> String? {
        guard let assurance = req.principal?.assurance, let provider = req.config.eid.provider(assurance.provider),
              let metadata = try? await req.application.oidcDirectory.metadata(provider) else { return nil }
        return OIDCClient.logoutURL(metadata, provider: provider, returnTo: req.siteOrigin + SiteURL.loggedOut)
    }
}
