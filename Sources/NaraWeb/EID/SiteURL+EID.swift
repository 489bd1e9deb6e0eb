import Foundation
import NaraCore

extension SiteURL {
    /// Starts a sign-in with the provider (a form post).
    static func eidStart(_ provider: String) -> String { "/logga-in/e-legitimation/\(provider)" }
    /// Where the provider sends the person back (the redirect URI registered with the provider).
    static func eidReturn(_ provider: String) -> String { "/logga-in/e-legitimation/\(provider)/retur" }
    /// Where the provider sends the person after signing out there too.
    static let loggedOut = "/utloggad"
    static let stepUpPage = "/starkare-inloggning"
    /// After a step-up: the action the person was refused, ready to send again.
    static let stepUpContinue = "/starkare-inloggning/fortsatt"

    /// The page asking for a fresh e-ID sign-in before `action`, returning to `returnTo` afterwards.
    static func stepUp(_ action: StepUpAction, returnTo: String) -> String {
        stepUpPage + "?atgard=" + action.rawValue + "&till=" + (returnTo.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "/")
    }
}
