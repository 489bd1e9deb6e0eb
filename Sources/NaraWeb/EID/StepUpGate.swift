import Foundation
import NaraCore
import Vapor

/// Keeps the actions that move money or give power (attesting, approving a payment, granting roles
/// and duties) behind a fresh e-ID sign-in at the configured level. Without e-ID configured it
/// lets everything through, as before.
enum StepUpGate {
    static func check(_ req: Request, _ action: StepUpAction) throws {
        let eid = req.config.eid
        guard eid.enabled else { return }
        let verdict = eid.verdict(req.principal?.assurance, now: req.now)
        guard verdict != .fresh else { return }
        throw StepUpNeeded(action: action, verdict: verdict)
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

/// An action refused until the person signs in again with e-ID: a page request is sent to the
/// step-up page, an API call gets 403 with the reason.
struct StepUpNeeded: Error, AbortError {
    let action: StepUpAction
    let verdict: StepUpRule.Verdict

    var status: HTTPResponseStatus { .forbidden }
    var reason: String {
        "Att \(action.swedishPhrase) kräver att du loggat in med e-legitimation på den nivå som krävs under de senaste 15 minuterna. "
            + verdict.sentence + " Det går inte med en API-nyckel; gör det på sidan i Nära."
    }
}
