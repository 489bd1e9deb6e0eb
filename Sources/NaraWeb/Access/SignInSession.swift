import Foundation
import NaraCore
import Vapor

/// The browser session of a signed-in person: started the same way after a password and after an
/// e-ID sign-in, and carrying the e-ID sign-in's provider, level and time.
enum EIDSession {
    /// Starts a session for the person with a new session id, so an id planted before cannot be
    /// used afterwards, and loads the person into the request.
    static func start(_ req: Request, userID: UUID, assurance: Assurance?) async throws {
        let oldID = req.session.id
        req.session.id = nil
        if let oldID { _ = try? await req.application.sessions.driver.deleteSession(oldID, for: req).get() }
        req.session.data[SessionKeys.user] = userID.uuidString
        req.session.data[SessionKeys.membership] = nil
        // Idleness is wall-clock time, as AuthenticationMiddleware judges it, not the app's (pinnable) clock.
        req.session.data[SessionKeys.lastSeen] = String(Int(Date().timeIntervalSince1970))
        req.session.data[SessionKeys.csrf] = SecretToken.generate()
        req.session.data[SessionKeys.eidBrowser] = nil
        note(assurance, in: req)
        req.principal = try await Principal.load(userID: userID, membershipID: nil, via: .session, on: req.db)
        req.principal?.assurance = assurance
        if let principal = req.principal {
            req.session.data[SessionKeys.membership] = principal.membership.id?.uuidString
        }
    }

    /// Keeps a fresh e-ID sign-in with the session (a step-up), or clears it.
    static func note(_ assurance: Assurance?, in req: Request) {
        req.session.data[SessionKeys.eidProvider] = assurance?.provider
        req.session.data[SessionKeys.eidLevel] = assurance?.level
        req.session.data[SessionKeys.eidAt] = assurance.map { String(Int($0.at.timeIntervalSince1970)) }
        if req.principal != nil { req.principal?.assurance = assurance }
    }

    /// The e-ID sign-in behind the request's session, if any.
    static func assurance(_ req: Request) -> Assurance? {
        guard let key = req.session.data[SessionKeys.eidProvider], let provider = req.config.eid.provider(key),
              let at = req.session.data[SessionKeys.eidAt].flatMap(Double.init) else { return nil }
        return Assurance(provider: key, providerName: provider.name, level: req.session.data[SessionKeys.eidLevel],
                         at: Date(timeIntervalSince1970: at))
    }

    /// A random value kept in this browser's session, binding sign-ins sent to a provider to it.
    static func browserSecret(_ req: Request) -> String {
        if let existing = req.session.data[SessionKeys.eidBrowser] { return existing }
        let made = SecretToken.generate()
        req.session.data[SessionKeys.eidBrowser] = made
        return made
    }

    /// Ends the session's sign-in.
    static func end(_ req: Request) {
        for key in [SessionKeys.user, SessionKeys.membership, SessionKeys.eidProvider, SessionKeys.eidLevel, SessionKeys.eidAt] {
            req.session.data[key] = nil
        }
    }
}
