import Fluent
import Foundation
import NaraCore
import NaraPersistence
import Vapor

/// Finds out who is asking: a personal API token (`Authorization: Bearer …`) or the browser
/// session. Ends sessions that have been idle longer than the configured minutes. Never refuses
/// a request itself; the access rules do that.
struct AuthenticationMiddleware: AsyncMiddleware {
    /// Measures how long a person has been away, and how old a cached principal is. Elapsed time,
    /// not the app's clock: tests pin and move the business day (`app.clock`), and moving it a
    /// month on must not sign everybody out.
    var idleClock: NaraClock = .system

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        if let bearer = request.headers.bearerAuthorization {
            guard let principal = try await Self.principal(forToken: bearer.token, on: request) else {
                throw Abort(.unauthorized, reason: "API-nyckeln är ogiltig eller återkallad.")
            }
            request.principal = principal
        } else if request.hasSession, let raw = request.session.data[SessionKeys.user], let userID = UUID(uuidString: raw) {
            let now = idleClock.now()
            let lastSeen = request.session.data[SessionKeys.lastSeen].flatMap(Double.init).map(Date.init(timeIntervalSince1970:)) ?? .distantPast
            if now.timeIntervalSince(lastSeen) > Double(request.config.sessionMinutes * 60) {
                request.session.data[SessionKeys.user] = nil
                request.session.data[SessionKeys.membership] = nil
                request.session.data[SessionKeys.flash] = "Du har loggats ut eftersom du inte varit aktiv på \(request.config.sessionMinutes) minuter. Logga in igen."
            } else {
                let membershipID = request.session.data[SessionKeys.membership].flatMap(UUID.init(uuidString:))
                let cache = request.application.principalCache, key = PrincipalCache.sessionKey(user: userID, membership: membershipID)
                var loaded = cache.get(key, now: now)
                let generation = cache.currentGeneration
                if loaded == nil, let fresh = try await Principal.load(userID: userID, membershipID: membershipID, via: .session, on: request.db) {
                    cache.set(key, fresh, now: now, loadedIn: generation)
                    loaded = fresh
                }
                if var principal = loaded {
                    principal.assurance = EIDSession.assurance(request)
                    request.principal = principal
                    // Record activity at most once a minute, so a busy page does not write each time.
                    if now.timeIntervalSince(lastSeen) > 60 {
                        request.session.data[SessionKeys.lastSeen] = String(Int(now.timeIntervalSince1970))
                    }
                } else {
                    request.session.data[SessionKeys.user] = nil
                    request.session.data[SessionKeys.membership] = nil
                }
            }
        }
        return try await next.respond(to: request)
    }

    static func principal(forToken token: String, on request: Request) async throws -> Principal? {
        let hash = SecretToken.hash(token)
        let cache = request.application.principalCache, key = PrincipalCache.tokenKey(hash)
        if let cached = cache.get(key) { return cached }
        let generation = cache.currentGeneration
        guard let stored = try await APITokenModel.query(on: request.db).filter(\.$tokenHash == hash).first(),
              stored.revokedAt == nil else { return nil }
        let now = request.now
        if (stored.lastUsedAt.map { now.timeIntervalSince($0) > 60 }) ?? true {
            // Written past the model middleware: noting use is not a change of who the token is,
            // and must not empty the principal cache.
            try await APITokenModel.query(on: request.db).filter(\.$id == stored.requireID()).set(\.$lastUsedAt, to: now).update()
        }
        guard let principal = try await Principal.load(userID: stored.userID, membershipID: stored.membershipID, via: .token, on: request.db)
        else { return nil }
        cache.set(key, principal, loadedIn: generation)
        return principal
    }
}
