import Foundation
import NaraCore

/// One OpenID Connect provider people can sign in with (`NARA_OIDC_<KEY>_…`).
public struct OIDCProviderSetting: Sendable, Equatable {
    /// Lower-case key from `NARA_OIDC_PROVIDERS` (`freja`), used in addresses and the audit trail.
    public var key: String
    /// The issuer, without a trailing slash; `/.well-known/openid-configuration` is read from it.
    public var issuer: String
    public var clientID: String
    public var clientSecret: String
    /// What the sign-in button says (`Freja eID`).
    public var name: String
    /// The claim that identifies the person: `email`, `sub`, an HSA id's or a personal identity number's claim.
    public var claim: String
    /// The scopes asked for; `openid` always among them.
    public var scopes: [String]
    /// This provider's own `acr` values for a step-up (`NARA_OIDC_<KEY>_STEP_UP_ACR`), when it does
    /// not speak the Swedish framework's; nil uses `NARA_OIDC_STEP_UP_ACR`.
    public var stepUpLevels: [String]?
    /// Nära's private key for this provider (PEM, from `NARA_OIDC_<KEY>_CLIENT_KEY_FILE`): when set,
    /// token requests authenticate with `private_key_jwt` instead of the client secret.
    public var clientKeyPEM: String?

    public init(key: String, issuer: String, clientID: String, clientSecret: String, name: String, claim: String, scopes: [String],
                stepUpLevels: [String]? = nil) {
        self.key = key; self.issuer = issuer; self.clientID = clientID; self.clientSecret = clientSecret
        self.name = name; self.claim = claim; self.scopes = scopes; self.stepUpLevels = stepUpLevels
    }
}

/// Sign-in with e-ID: the providers, whether passwords still work, and the level the actions
/// that move money or give power ask for.
public struct EIDSettings: Sendable, Equatable {
    public var providers: [OIDCProviderSetting] = []
    /// Whether e-mail and password sign-in is offered (`NARA_PASSWORD_LOGIN`).
    public var passwordLogin = true
    /// The `acr` values good enough for attesting, approving payments and granting access (`NARA_OIDC_STEP_UP_ACR`).
    public var stepUpLevels: [String] = [AssuranceLevel.loa3, AssuranceLevel.loa4]
    /// The key of the keyed hash identities are stored as (`NARA_IDENTITY_KEY`); the same on every server.
    public var identityKey = EIDSettings.demoIdentityKey

    public init() {}

    /// Whether any provider is configured; without one, Nära signs in with passwords only and asks for no step-up.
    public var enabled: Bool { !providers.isEmpty }

    public func provider(_ key: String) -> OIDCProviderSetting? { providers.first { $0.key == key } }

    /// The levels a step-up with this provider must reach: its own, or the common ones.
    public func levels(for provider: String?) -> [String] {
        provider.flatMap { self.provider($0)?.stepUpLevels } ?? stepUpLevels
    }

    /// Whether the session's e-ID sign-in is good enough for an action that needs a step-up.
    public func verdict(_ assurance: Assurance?, now: Date) -> StepUpRule.Verdict {
        StepUpRule.verdict(assurance, accepted: levels(for: assurance?.provider), now: now)
    }

    static let demoIdentityKey = "nara-demo-identity-key-not-for-production"

    /// Reads the `NARA_OIDC_*`, `NARA_PASSWORD_LOGIN` and `NARA_IDENTITY_KEY` settings.
    /// - Returns: the settings and every problem found, as Swedish sentences.
    static func read(from env: [String: String], demo: Bool) -> (EIDSettings, [String]) {
        var settings = EIDSettings(), problems: [String] = []
        let keys = (env["NARA_OIDC_PROVIDERS"] ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
            .filter { !$0.isEmpty }
        for key in keys {
            guard key.count <= 30, key.allSatisfy({ ($0.isASCII && $0.isLetter) || $0.isNumber || $0 == "_" }) else {
                problems.append("NARA_OIDC_PROVIDERS: ”\(key.prefix(30))” går inte att använda som namn; använd bokstäverna a–z, siffror och _ (till exempel freja,siths).")
                continue
            }
            if settings.providers.contains(where: { $0.key == key }) {
                problems.append("NARA_OIDC_PROVIDERS: ”\(key)” står två gånger."); continue
            }
            let prefix = "NARA_OIDC_\(key.uppercased())_"
            func value(_ name: String) -> String? {
                env[prefix + name].map { $0.trimmingCharacters(in: .whitespaces) }.flatMap { $0.isEmpty ? nil : $0 }
            }
            var issuer = value("ISSUER") ?? ""
            if issuer.hasSuffix("/") { issuer.removeLast() }
            if issuer.isEmpty {
                problems.append("\(prefix)ISSUER saknas: ange identitetstjänstens adress (issuer), till exempel https://idp.example.se.")
            } else if let problem = issuerProblem(issuer) {
                problems.append("\(prefix)ISSUER: \(problem)")
            }
            let clientID = value("CLIENT_ID") ?? ""
            if clientID.isEmpty { problems.append("\(prefix)CLIENT_ID saknas: ange det klient-id identitetstjänsten gav Nära.") }
            let secret = value("CLIENT_SECRET") ?? ""
            var clientKey: String?
            if let path = value("CLIENT_KEY_FILE") {
                if let pem = try? String(contentsOfFile: path, encoding: .utf8), (try? ClientAssertion.Key(pem: pem)) != nil {
                    clientKey = pem
                } else {
                    problems.append("\(prefix)CLIENT_KEY_FILE: ”\(path.prefix(120))” går inte att läsa som en privat RSA- eller EC-nyckel (P-256) i PEM-format.")
                }
            } else if secret.isEmpty {
                problems.append("\(prefix)CLIENT_SECRET saknas: ange klienthemligheten identitetstjänsten gav Nära, eller en nyckel i \(prefix)CLIENT_KEY_FILE.")
            }
            let claim = value("CLAIM") ?? "sub"
            if claim.count > 200 || claim.contains(where: \.isWhitespace) {
                problems.append("\(prefix)CLAIM: ange namnet på det claim som identifierar personen, till exempel email (fick ”\(claim.prefix(40))”).")
            }
            var scopes = (value("SCOPES") ?? (claim == "email" ? "openid email profile" : "openid profile"))
                .split(whereSeparator: { $0 == " " || $0 == "," }).map(String.init)
            if !scopes.contains("openid") { scopes.insert("openid", at: 0) }
            let name = value("NAME") ?? key
            let levels = value("STEP_UP_ACR").map { $0.split(whereSeparator: { $0 == " " || $0 == "," }).map(String.init) }
            var provider = OIDCProviderSetting(key: key, issuer: issuer, clientID: clientID, clientSecret: secret,
                                               name: String(name.prefix(60)), claim: claim, scopes: scopes, stepUpLevels: levels)
            provider.clientKeyPEM = clientKey
            settings.providers.append(provider)
        }
        if let raw = env["NARA_OIDC_STEP_UP_ACR"]?.trimmingCharacters(in: .whitespaces), !raw.isEmpty {
            settings.stepUpLevels = raw.split(whereSeparator: { $0 == " " || $0 == "," }).map(String.init)
        }
        settings.passwordLogin = !(settings.enabled && !demo)
        if let raw = env["NARA_PASSWORD_LOGIN"] {
            if let value = AppConfig.flag(raw) { settings.passwordLogin = value } else {
                problems.append("NARA_PASSWORD_LOGIN: ange true eller false (fick ”\(raw.prefix(20))”).")
            }
        }
        if !settings.passwordLogin && !settings.enabled {
            problems.append("NARA_PASSWORD_LOGIN=false kräver en identitetstjänst i NARA_OIDC_PROVIDERS; annars kan ingen logga in.")
        }
        if let key = env["NARA_IDENTITY_KEY"], !key.isEmpty {
            if key.count < 32 { problems.append("NARA_IDENTITY_KEY: nyckeln ska ha minst 32 tecken (samma på alla servrar).") }
            settings.identityKey = key
        } else if settings.enabled && !demo {
            problems.append("NARA_IDENTITY_KEY saknas: med e-legitimation lagras identiteter som nycklade hashvärden; ange en slumpad nyckel på minst 32 tecken, samma på alla servrar.")
        }
        return (settings, problems)
    }

    /// Why an issuer address cannot be used, or nil: it must be `https://`, or `http://` on a
    /// loopback address (a provider started by the tests).
    static func issuerProblem(_ issuer: String) -> String? {
        guard let url = URLComponents(string: issuer), let scheme = url.scheme?.lowercased(), let host = url.host, !host.isEmpty,
              url.query == nil, url.fragment == nil
        else { return "”\(issuer.prefix(80))” är ingen fullständig adress; skriv till exempel https://idp.example.se." }
        if scheme == "https" { return nil }
        if scheme == "http" {
            let loopback = host == "localhost" || host.hasPrefix("127.") || host == "::1" || host == "[::1]"
            return loopback ? nil : "http:// tillåts bara för en identitetstjänst på den egna datorn (127.0.0.1); använd https://."
        }
        return "adressen ska börja med https:// (fick ”\(issuer.prefix(80))”)."
    }
}
