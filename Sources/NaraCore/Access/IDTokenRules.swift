import Foundation

/// The claims of an OpenID Connect ID token that Nära checks, already read from a token whose
/// signature has been verified.
public struct IDTokenClaims: Sendable, Equatable {
    public var issuer: String
    public var audience: [String]
    /// The authorized party, required when there are several audiences.
    public var authorizedParty: String?
    public var subject: String
    public var expires: Date
    public var issuedAt: Date?
    public var nonce: String?
    public var acr: String?
    /// Every other claim with a text value, by name (`email`, a personal identity number's claim).
    public var texts: [String: String]

    public init(issuer: String, audience: [String], authorizedParty: String? = nil, subject: String, expires: Date,
                issuedAt: Date? = nil, nonce: String?, acr: String?, texts: [String: String] = [:]) {
        self.issuer = issuer; self.audience = audience; self.authorizedParty = authorizedParty; self.subject = subject
        self.expires = expires; self.issuedAt = issuedAt; self.nonce = nonce; self.acr = acr; self.texts = texts
    }
}

/// What the token must say for this sign-in.
public struct IDTokenExpectation: Sendable {
    public var issuer: String
    public var clientID: String
    /// The nonce Nära sent with this sign-in request.
    public var nonce: String
    /// Levels that must be met for this sign-in (a step-up); empty when any level will do.
    public var acceptedLevels: [String]
    public var now: Date
    /// Clock difference allowed between Nära and the provider.
    public var leeway: TimeInterval = 60

    public init(issuer: String, clientID: String, nonce: String, acceptedLevels: [String], now: Date) {
        self.issuer = issuer; self.clientID = clientID; self.nonce = nonce; self.acceptedLevels = acceptedLevels; self.now = now
    }
}

/// OpenID Connect Core 1.0 §3.1.3.7 for a confidential client: the checks of an ID token after
/// its signature, each failure a Swedish sentence. The first failure refuses the sign-in.
public enum IDTokenRules {
    public enum Refusal: Error, Sendable, Equatable {
        case wrongIssuer, wrongAudience, expired, issuedInFuture, wrongNonce, levelTooLow(String?), missingClaim(String)

        public var sentence: String {
            switch self {
            case .wrongIssuer: return "Svaret kom inte från den identitetstjänst inloggningen skickades till."
            case .wrongAudience: return "Svaret från identitetstjänsten var inte utfärdat till Nära."
            case .expired: return "Svaret från identitetstjänsten har gått ut. Logga in igen."
            case .issuedInFuture: return "Svaret från identitetstjänsten har en tid som inte stämmer. Kontrollera klockan och logga in igen."
            case .wrongNonce: return "Svaret från identitetstjänsten hör inte till den här inloggningen. Logga in igen."
            case .levelTooLow(let level):
                return "Inloggningen gjordes på \(AssuranceLevel.name(level)), som inte räcker för det du ska göra. Logga in med en e-legitimation på högre nivå."
            case .missingClaim(let name):
                return "Identitetstjänsten skickade inte uppgiften ”\(name)” som Nära känner igen personer med."
            }
        }
    }

    /// Checks `claims` against `expected`; nil when they pass.
    /// - Parameter identityClaim: the claim that identifies the person (`email`, `sub`, a personal identity number).
    public static func refusal(_ claims: IDTokenClaims, expected: IDTokenExpectation, identityClaim: String) -> Refusal? {
        if claims.issuer != expected.issuer { return .wrongIssuer }
        if !claims.audience.contains(expected.clientID) { return .wrongAudience }
        if claims.audience.count > 1, claims.authorizedParty != expected.clientID { return .wrongAudience }
        if let azp = claims.authorizedParty, azp != expected.clientID { return .wrongAudience }
        if claims.expires.addingTimeInterval(expected.leeway) < expected.now { return .expired }
        if let issued = claims.issuedAt, issued.addingTimeInterval(-expected.leeway) > expected.now { return .issuedInFuture }
        guard let nonce = claims.nonce, ConstantTime.equals(nonce, expected.nonce) else { return .wrongNonce }
        if !expected.acceptedLevels.isEmpty, !(claims.acr.map(expected.acceptedLevels.contains) ?? false) {
            return .levelTooLow(claims.acr)
        }
        if identity(claims, claim: identityClaim) == nil { return .missingClaim(identityClaim) }
        return nil
    }

    /// The value that identifies the person, trimmed; `sub` is read from the subject.
    public static func identity(_ claims: IDTokenClaims, claim: String) -> String? {
        let raw = claim == "sub" ? claims.subject : claims.texts[claim]
        guard let value = raw?.trimmingCharacters(in: .whitespacesAndNewlines), !value.isEmpty, value.count <= 320 else { return nil }
        return claim == "email" ? value.lowercased() : value
    }
}

/// Comparing secrets without telling, by the time taken, where they differ.
public enum ConstantTime {
    public static func equals(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8), y = Array(b.utf8)
        guard x.count == y.count else { return false }
        var diff: UInt8 = 0
        for i in x.indices { diff |= x[i] ^ y[i] }
        return diff == 0
    }
}

/// How an identity is shown: a personal identity number never in full.
public enum IdentityDisplay {
    /// `19700101-****` for a personal or coordination number (10 or 12 digits, with or without a
    /// dash); other identities (an HSA id, an e-mail address) as they are.
    public static func masked(_ value: String) -> String {
        let digits = value.filter(\.isNumber)
        let shape = value.allSatisfy { $0.isNumber || $0 == "-" || $0 == "+" }
        guard shape, digits.count == 12 || digits.count == 10 else { return value }
        return String(digits.prefix(digits.count - 4)) + "-****"
    }

    /// Whether the value looks like a personal identity number (and so is stored only as a keyed hash).
    public static func isPersonalNumber(_ value: String) -> Bool {
        masked(value) != value
    }
}
