import Foundation
import NaraCore
import Plot
import Vapor

/// Said before a form that will ask for a fresh e-ID sign-in, so nobody fills it in first and has
/// to type it again: the reason, and the sign-in buttons that come back to the same page.
struct StepUpNotice {
    let action: StepUpAction
    let verdict: StepUpRule.Verdict
    let providers: [OIDCProviderSetting]
    let levels: [String]
    let till: String
    let csrf: String

    /// The notice for `action` on the page at `till`, or nil when e-ID is not configured or the
    /// session's sign-in is already good enough.
    static func make(_ req: Request, _ action: StepUpAction, till: String, csrf: String) -> StepUpNotice? {
        let eid = req.config.eid
        guard eid.enabled else { return nil }
        let verdict = eid.verdict(req.principal?.assurance, now: req.wallNow)
        guard verdict != .fresh else { return nil }
        return StepUpNotice(action: action, verdict: verdict, providers: eid.providers, levels: eid.stepUpLevels, till: till, csrf: csrf)
    }

    func render() -> Node<HTML.BodyContext> {
        let levelNames = levels.map(AssuranceLevel.name).joined(separator: " eller ")
        return Blocks.notice("warning", heading: "Logga in med e-legitimation först",
            .p(.text("Att \(action.swedishPhrase) kräver inloggning med e-legitimation på \(levelNames) under de senaste 15 minuterna. \(verdict.sentence)")),
            EIDButtons.render(providers, purpose: EIDSignIn.Purpose.stepUp.rawValue, till: till, csrf: csrf))
    }
}

/// After a fresh sign-in: the action the person was refused, ready to be done with one press.
struct StepUpContinuePage {
    let action: StepUpAction
    let pending: PendingStepUp
    let csrf: String

    static let title = "Fortsätt där du var"

    func render() -> String {
        Layout.render(title: Self.title,
            .h1(.text(Self.title)),
            .p(.class("lead"), .text("Du skulle \(action.swedishPhrase). Ingenting är gjort ännu; tryck på knappen för att göra det nu.")),
            Forms.button(action.confirmLabel, action: pending.path, csrf: csrf, secondary: false,
                         hidden: pending.fields.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }),
            .p(.a(.href(pending.back), .text("Avbryt och gå tillbaka")))
        )
    }
}
