import Fluent
import Foundation
import NIOConcurrencyHelpers
import Vapor

/// Stores sessions in the database (so several instances share them) but writes only when a
/// request changed the session, instead of once per request.
struct ChangedOnlySessionDriver: SessionDriver {
    let base: any SessionDriver

    struct ReadKey: StorageKey { typealias Value = Data }

    static func fingerprint(_ data: SessionData) -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return (try? encoder.encode(data)) ?? Data()
    }

    func createSession(_ data: SessionData, for request: Request) -> EventLoopFuture<SessionID> {
        base.createSession(data, for: request)
    }

    func readSession(_ sessionID: SessionID, for request: Request) -> EventLoopFuture<SessionData?> {
        base.readSession(sessionID, for: request).map { data in
            if let data { request.storage[ReadKey.self] = Self.fingerprint(data) }
            return data
        }
    }

    func updateSession(_ sessionID: SessionID, to data: SessionData, for request: Request) -> EventLoopFuture<SessionID> {
        if let read = request.storage[ReadKey.self], read == Self.fingerprint(data) {
            return request.eventLoop.makeSucceededFuture(sessionID)
        }
        return base.updateSession(sessionID, to: data, for: request)
    }

    func deleteSession(_ sessionID: SessionID, for request: Request) -> EventLoopFuture<Void> {
        base.deleteSession(sessionID, for: request)
    }
}

/// The keys Nära keeps in a session.
enum SessionKeys {
    static let user = "user"
    static let membership = "membership"
    static let lastSeen = "seen"
    static let csrf = "csrf"
    static let flash = "flash"
    /// The e-ID sign-in behind the session: provider key, `acr`, and when (seconds since 1970, the app's clock).
    static let eidProvider = "eid_provider"
    static let eidLevel = "eid_level"
    static let eidAt = "eid_at"
    /// A random value binding a sign-in on its way to a provider to this browser.
    static let eidBrowser = "eid_browser"
}
