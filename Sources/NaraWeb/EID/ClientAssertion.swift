import Foundation
import JWTKit
import NaraCore
import Vapor

/// Client authentication by `private_key_jwt` (RFC 7523; OpenID Connect Core §9), which the
/// Swedish OpenID Connect profile asks relying parties to use: each token request carries a short
/// JWT signed with Nära's own key for that provider (`NARA_OIDC_<KEY>_CLIENT_KEY_FILE`, RSA or
/// EC P-256 in PEM), whose public half Nära publishes at `/oidc/jwks.json` for the provider.
enum ClientAssertion {
    static let type = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"

    /// A key read from PEM: RSA (signed RS256) or EC P-256 (signed ES256).
    enum Key: Sendable {
        case rsa(JWTKit.Insecure.RSA.PrivateKey)
        case ec(ES256PrivateKey)

        init(pem: String) throws {
            if let rsa = try? JWTKit.Insecure.RSA.PrivateKey(pem: pem) { self = .rsa(rsa); return }
            self = .ec(try ES256PrivateKey(pem: pem))
        }

        /// The public half as a JWK (`kid` = the provider's key in the settings).
        func publicJWK(kid: String) throws -> [String: String] {
            switch self {
            case .rsa(let key):
                let (n, e) = try key.publicKey.getKeyPrimitives()
                return ["kty": "RSA", "use": "sig", "alg": "RS256", "kid": kid, "n": n.base64URLEncoded, "e": e.base64URLEncoded]
            case .ec(let key):
                guard let p = key.publicKey.parameters else { throw Abort(.internalServerError) }
                return ["kty": "EC", "crv": "P-256", "use": "sig", "alg": "ES256", "kid": kid, "x": p.x, "y": p.y]
            }
        }

        func signer(kid: String) async -> JWTKeyCollection {
            let keys = JWTKeyCollection()
            switch self {
            case .rsa(let key): await keys.add(rsa: key, digestAlgorithm: .sha256, kid: JWKIdentifier(string: kid))
            case .ec(let key): await keys.add(ecdsa: key, kid: JWKIdentifier(string: kid))
            }
            return keys
        }
    }

    struct Payload: JWTPayload {
        let iss: String
        let sub: String
        let aud: String
        let jti: String
        let iat: Int
        let exp: Int
        func verify(using algorithm: some JWTAlgorithm) async throws {}
    }

    /// A new assertion for one token request: for `clientID`, to the token endpoint, valid a minute, never reused.
    static func make(_ provider: OIDCProviderSetting, audience: String, now: Date) async throws -> String {
        guard let pem = provider.clientKeyPEM else { throw EIDFailure.misconfigured }
        let key = try Key(pem: pem)
        let t = Int(now.timeIntervalSince1970)
        let payload = Payload(iss: provider.clientID, sub: provider.clientID, aud: audience, jti: SecretToken.generate(), iat: t, exp: t + 60)
        return try await key.signer(kid: provider.key).sign(payload, kid: JWKIdentifier(string: provider.key))
    }

    /// Every provider's public client key, as the JWKS a provider registers Nära with.
    static func jwks(_ providers: [OIDCProviderSetting]) -> [String: [[String: String]]] {
        ["keys": providers.compactMap { p in p.clientKeyPEM.flatMap { try? Key(pem: $0).publicJWK(kid: p.key) } }]
    }

}
