import Foundation
import NaraCore
import Vapor

/// Keeps the actions that move money or give power (attesting, approving a payment, granting roles
/// and duties) behind a fresh e-ID sign-in at the configured level. Without e-ID configured it
/// lets everything through, as before.
enum StepUpGate {
    /// Nil when the action may go ahead. Otherwise a page request is kept (`keep`) and answered
    /// with the way to the step-up page, and an API call is refused with 403 and the reason.
    static func check(_ req: Request, _ action: StepUpAction) throws -> Response? {
        let eid = req.config.eid
        guard eid.enabled else { return nil }
        let verdict = eid.verdict(req.principal?.assurance, now: req.wallNow)
        guard verdict != .fresh else { return nil }
        guard !req.url.path.hasPrefix("/api/") else { throw StepUpNeeded(action: action, verdict: verdict) }
        keep(action, of: req)
        return req.redirect(to: SiteURL.stepUp(action, returnTo: returnPath(req)), redirectType: .normal)
    }

    /// Where to come back after the fresh sign-in: the page the action was sent from (a path on
    /// this site), or the person's landing page.
    static func returnPath(_ req: Request) -> String {
        let landing = AccountRoutes.landing(req.principal)
        guard let referer = req.headers.first(name: .referer), let url = URLComponents(string: referer) else { return landing }
        let origin = req.siteOrigin.lowercased()
        let refererOrigin = "\(url.scheme ?? "")://\(url.host ?? "")\(url.port.map { ":\($0)" } ?? "")".lowercased()
        guard refererOrigin == origin else { return landing }
        let path = url.percentEncodedPath + (url.percentEncodedQuery.map { "?" + $0 } ?? "")
        return AccountRoutes.safeNext(path, otherwise: landing)
    }
}

/// The action a person was refused for want of a fresh sign-in, kept in their session so that,
/// once signed in again, they can do exactly it with one press: the same address and the same
/// fields they sent (never the CSRF token; a new one goes with the new form).
struct PendingStepUp: Codable, Sendable, Equatable {
    var action: String
    var path: String
    var fields: [String: String]
    /// The page the action was sent from, to go back to without doing it.
    var back: String
}

extension StepUpGate {
    static let sessionKey = "step_up_action"

    /// Keeps a refused form post (at most 4 000 characters of fields) for after the step-up.
    static func keep(_ action: StepUpAction, of req: Request) {
        guard req.method == .POST, req.hasSession else { return }
        var fields = (try? req.content.decode([String: String].self)) ?? [:]
        fields[CSRFMiddleware.field] = nil
        // Only the field names Nära's own forms use: letters, digits, `_` and `-`.
        fields = fields.filter { name, _ in
            !name.isEmpty && name.count <= 60 && name.allSatisfy { ($0.isASCII && ($0.isLetter || $0.isNumber)) || $0 == "_" || $0 == "-" }
        }
        let pending = PendingStepUp(action: action.rawValue, path: req.url.path, fields: fields, back: returnPath(req))
        guard let data = try? JSONEncoder().encode(pending), data.count <= 4_000 else { return }
        req.session.data[sessionKey] = String(decoding: data, as: UTF8.self)
    }

    /// The kept action, taken out of the session.
    static func take(_ req: Request) -> PendingStepUp? {
        guard let text = req.session.data[sessionKey] else { return nil }
        req.session.data[sessionKey] = nil
        return try? JSONDecoder().decode(PendingStepUp.self, from: Data(text.utf8))
    }

    static func hasPending(_ req: Request) -> Bool { req.session.data[sessionKey] != nil }
}

/// An API call refused until the person signs in again with e-ID: 403 with the reason.
struct StepUpNeeded: Error, AbortError {
    let action: StepUpAction
    let verdict: StepUpRule.Verdict

    var status: HTTPResponseStatus { .forbidden }
    var reason: String {
        "Att \(action.swedishPhrase) kräver att du loggat in med e-legitimation på den nivå som krävs under de senaste 15 minuterna. "
            + verdict.sentence + " Det går inte med en API-nyckel; gör det på sidan i Nära."
    }
}
