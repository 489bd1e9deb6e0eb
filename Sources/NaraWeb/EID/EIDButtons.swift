import Foundation
import NaraCore
import Plot

/// One button per configured e-ID provider, each a small form that starts a sign-in with it.
enum EIDButtons {
    /// - Parameters:
    ///   - purpose: `login`, `invitation` or `step_up` (`EIDSignIn.Purpose`).
    ///   - till: a path on the site to return to.
    ///   - invitation: the invitation's token, when accepting one.
    static func render(_ providers: [OIDCProviderSetting], purpose: String, till: String, invitation: String? = nil,
                       csrf: String, primary: Bool = true) -> Node<HTML.BodyContext> {
        .ul(.class("eid-buttons"), .forEach(providers) { provider in
            .li(Forms.button("Logga in med \(provider.name)", action: SiteURL.eidStart(provider.key), csrf: csrf, secondary: !primary,
                             hidden: [("syfte", purpose), ("till", till)] + (invitation.map { [("inbjudan", $0)] } ?? [])))
        })
    }
}

extension EIDButtons {
    /// A heading's text with every "e-legitimation" kept on one line, so a phone never breaks it after "e-".
    static func unbroken(_ text: String) -> Node<HTML.BodyContext> {
        let parts = text.components(separatedBy: "e-legitimation")
        return .group(parts.enumerated().map { i, part -> Node<HTML.BodyContext> in
            i == 0 ? .text(part) : .group(.span(.class("nowrap"), .text("e-legitimation")), .text(part))
        })
    }
}

/// Asks for a fresh e-ID sign-in before an action that moves money or gives power.
struct StepUpPage {
    let action: StepUpAction?
    let reason: String
    let providers: [OIDCProviderSetting]
    let levels: [String]
    let till: String
    let csrf: String

    static let title = "Logga in med e-legitimation igen"

    func render() -> String {
        let what = action.map { "Att \($0.swedishPhrase)" } ?? "Det du ska göra"
        let levelNames = levels.map(AssuranceLevel.name).joined(separator: " eller ")
        return Layout.render(title: Self.title,
            .h1(EIDButtons.unbroken(Self.title)),
            .p(.class("lead"), .text("\(what) kräver att du har loggat in med e-legitimation på \(levelNames) under de senaste 15 minuterna.")),
            .unwrap(reason.isEmpty ? nil : reason) { .p(.text($0)) },
            .p(.text("Logga in igen. Sedan kommer du tillbaka till samma sida och gör om det du skulle göra.")),
            EIDButtons.render(providers, purpose: EIDSignIn.Purpose.stepUp.rawValue, till: till, csrf: csrf),
            .p(.a(.href(till), .text("Tillbaka utan att logga in")))
        )
    }
}

/// A sign-in with e-ID that could not be completed, or an identity nobody is bound to.
struct EIDProblemPage {
    let title: String
    let sentence: String
    let advice: String

    static func unknown(provider: String) -> EIDProblemPage {
        EIDProblemPage(title: "Vi känner inte igen din e-legitimation",
                       sentence: "Du loggade in med \(provider), men ingen person i Nära är kopplad till den e-legitimationen.",
                       advice: "Be administratören för Nära i din organisation om en inbjudan. När du öppnar länken i inbjudan väljer du att logga in med e-legitimation; då kopplas den till dig och fungerar sedan varje gång. Inom Socialstyrelsen, Kammarkollegiet och SKR bjuder Socialstyrelsens förvaltning av Nära in.")
    }

    static func failed(_ sentence: String) -> EIDProblemPage {
        EIDProblemPage(title: "Inloggningen med e-legitimation gick inte", sentence: sentence,
                       advice: "Ingenting har ändrats. Börja om från inloggningssidan.")
    }

    func render() -> String {
        Layout.render(title: title,
            .h1(EIDButtons.unbroken(title)),
            .p(.class("lead"), .text(sentence)),
            .p(.text(advice)),
            .p(.a(.href(SiteURL.login), .text("Till inloggningssidan")))
        )
    }
}
