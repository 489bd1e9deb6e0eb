import Foundation

/// How a person proved who they are in this session: which e-ID provider, at which assurance
/// level (the ID token's `acr`), and when.
public struct Assurance: Sendable, Equatable {
    /// The provider's key in the settings (`freja`, `siths`).
    public var provider: String
    /// The provider's name as people know it (`Freja eID`).
    public var providerName: String
    /// The level the provider stated, e.g. `http://id.elegnamnden.se/loa/1.0/loa3`; nil when it stated none.
    public var level: String?
    public var at: Date

    public init(provider: String, providerName: String, level: String?, at: Date) {
        self.provider = provider; self.providerName = providerName; self.level = level; self.at = at
    }
}

/// The actions that move money or give power, and so ask for a fresh e-ID sign-in at the
/// configured level.
public enum StepUpAction: String, Sendable, CaseIterable {
    case attestRequisition, attestReport, approvePayment, grantAccess

    /// What the person was about to do, as the step-up page says it.
    public var swedishPhrase: String {
        switch self {
        case .attestRequisition: return "attestera en rekvisition"
        case .attestReport: return "attestera en ekonomisk redovisning"
        case .approvePayment: return "godkänna en utbetalning"
        case .grantAccess: return "ge roller och uppdrag"
        }
    }

    /// The button that does the action once the person has signed in again.
    public var confirmLabel: String {
        switch self {
        case .attestRequisition: return "Attestera rekvisitionen"
        case .attestReport: return "Attestera redovisningen"
        case .approvePayment: return "Godkänn utbetalningen"
        case .grantAccess: return "Spara ändringen"
        }
    }
}

/// Whether a session's sign-in is good enough for an action that needs a higher assurance level.
public enum StepUpRule {
    /// How long a sign-in counts as fresh: 15 minutes.
    public static let window: TimeInterval = 15 * 60

    public enum Verdict: Sendable, Equatable {
        case fresh
        /// The session was not signed in with e-ID (a password sign-in).
        case noEID
        /// Signed in with e-ID, but more than 15 minutes ago.
        case tooOld
        /// Signed in with e-ID at a level that is not among the accepted ones.
        case levelTooLow(String?)

        /// Why Nära asks again, in Swedish.
        public var sentence: String {
            switch self {
            case .fresh: return ""
            case .noEID: return "Du är inloggad utan e-legitimation."
            case .tooOld: return "Din inloggning med e-legitimation är äldre än 15 minuter."
            case .levelTooLow(let level):
                return "Din inloggning gjordes på \(AssuranceLevel.name(level)), som inte räcker."
            }
        }
    }

    /// Judges `assurance` for an action at `now`.
    /// - Parameter accepted: the levels that are good enough (`NARA_OIDC_STEP_UP_ACR`).
    public static func verdict(_ assurance: Assurance?, accepted: [String], now: Date) -> Verdict {
        guard let assurance else { return .noEID }
        guard let level = assurance.level, accepted.contains(level) else { return .levelTooLow(assurance.level) }
        let age = now.timeIntervalSince(assurance.at)
        guard age <= window, age >= -60 else { return .tooOld }
        return .fresh
    }
}

/// Assurance levels as people read them.
public enum AssuranceLevel {
    /// The Swedish e-ID framework's levels (Digg, formerly E-legitimationsnämnden).
    public static let loa2 = "http://id.elegnamnden.se/loa/1.0/loa2"
    public static let loa3 = "http://id.elegnamnden.se/loa/1.0/loa3"
    public static let loa4 = "http://id.elegnamnden.se/loa/1.0/loa4"

    /// A short name: `nivå 3` for the framework's levels, `nivå ”…”` with the value otherwise,
    /// `okänd nivå` for none.
    public static func name(_ level: String?) -> String {
        guard let level, !level.isEmpty else { return "okänd nivå" }
        let known = ["loa1": "1", "loa2": "2", "loa3": "3", "loa4": "4"]
        if level.hasPrefix("http://id.elegnamnden.se/loa/1.0/"), let last = level.split(separator: "/").last,
           let number = known[String(last)] {
            return "nivå \(number)"
        }
        return "nivå ”\(level.prefix(120))”"
    }
}
