import Foundation
import JWTKit
import NaraCore
import Vapor

/// What Nära reads from a provider's discovery document (`/.well-known/openid-configuration`).
struct OIDCProviderMetadata: Codable, Sendable, Equatable {
    var issuer: String
    var authorizationEndpoint: String
    var tokenEndpoint: String
    var jwksURI: String
    var endSessionEndpoint: String?
    var userinfoEndpoint: String?

    enum CodingKeys: String, CodingKey {
        case issuer, authorizationEndpoint = "authorization_endpoint", tokenEndpoint = "token_endpoint"
        case jwksURI = "jwks_uri", endSessionEndpoint = "end_session_endpoint", userinfoEndpoint = "userinfo_endpoint"
    }
}

/// A sign-in that could not be completed, with the Swedish sentence the person sees.
struct EIDFailure: Error, Sendable, Equatable {
    let sentence: String
    static let unreachable = EIDFailure(sentence: "Identitetstjänsten svarar inte just nu. Försök igen om en stund.")
    static let misconfigured = EIDFailure(sentence: "Identitetstjänsten svarade på ett sätt Nära inte kan använda. Kontakta Nära-förvaltningen.")
    static let badSignature = EIDFailure(sentence: "Svaret från identitetstjänsten kunde inte bekräftas (signaturen stämmer inte). Logga in igen.")
}

/// The HTTP calls to a provider; a test puts in its own.
protocol OIDCTransport: Sendable {
    func get(_ url: String, headers: [(String, String)]) async throws -> (status: UInt, body: Data)
    func postForm(_ url: String, fields: [(String, String)], headers: [(String, String)]) async throws -> (status: UInt, body: Data)
}

extension OIDCTransport {
    func get(_ url: String) async throws -> (status: UInt, body: Data) { try await get(url, headers: []) }
}

/// Calls providers with Vapor's HTTP client, ten seconds at most each.
struct ClientOIDCTransport: OIDCTransport {
    let client: any Client

    func get(_ url: String, headers: [(String, String)]) async throws -> (status: UInt, body: Data) {
        var request = ClientRequest(method: .GET, url: URI(string: url))
        request.timeout = .seconds(10)
        request.headers.add(name: .accept, value: "application/json")
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        let response = try await client.send(request)
        return (response.status.code, response.body.map { Data($0.readableBytesView) } ?? Data())
    }

    func postForm(_ url: String, fields: [(String, String)], headers: [(String, String)]) async throws -> (status: UInt, body: Data) {
        var request = ClientRequest(method: .POST, url: URI(string: url))
        request.timeout = .seconds(10)
        request.headers.contentType = .urlEncodedForm
        request.headers.add(name: .accept, value: "application/json")
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        request.body = ByteBuffer(string: OIDCClient.formEncode(fields))
        let response = try await client.send(request)
        return (response.status.code, response.body.map { Data($0.readableBytesView) } ?? Data())
    }
}

/// Each provider's discovery document and signing keys, fetched on first use and kept for an hour;
/// keys are fetched again (at most once a minute) when a token names a key not yet seen, so a
/// provider can roll its keys. What is kept is the provider's public material, the same on every
/// server; nothing here decides access on its own.
actor OIDCDirectory {
    private struct Entry {
        var metadata: OIDCProviderMetadata
        var keys: JWTKeyCollection
        var fetched: Date
        var keysFetched: Date
    }
    private var entries: [String: Entry] = [:]
    let transport: any OIDCTransport
    /// Told of each provider's sign-in and sign-out addresses, for the pages' `form-action`.
    let origins: EIDFormOrigins?
    static let lifetime: TimeInterval = 3600

    init(transport: any OIDCTransport, origins: EIDFormOrigins? = nil) { self.transport = transport; self.origins = origins }

    /// Reads every provider's discovery document and keys ahead of the first sign-in; a provider
    /// that does not answer is logged and tried again at the first sign-in.
    func prefetch(_ providers: [OIDCProviderSetting], logger: Logger) async {
        for provider in providers {
            do { _ = try await entry(provider) } catch {
                logger.warning("Identitetstjänsten \(provider.name) (\(provider.issuer)) svarade inte vid start; Nära försöker igen vid första inloggningen.")
            }
        }
    }

    func metadata(_ provider: OIDCProviderSetting) async throws -> OIDCProviderMetadata {
        try await entry(provider).metadata
    }

    private func entry(_ provider: OIDCProviderSetting, now: Date = Date()) async throws -> Entry {
        if let cached = entries[provider.key], now.timeIntervalSince(cached.fetched) < Self.lifetime { return cached }
        let metadata = try await discover(provider)
        let keys = try await fetchKeys(metadata.jwksURI)
        let entry = Entry(metadata: metadata, keys: keys, fetched: now, keysFetched: now)
        entries[provider.key] = entry
        origins?.add(metadata)
        return entry
    }

    private func discover(_ provider: OIDCProviderSetting) async throws -> OIDCProviderMetadata {
        let (status, body) = try await call { try await self.transport.get(provider.issuer + "/.well-known/openid-configuration") }
        guard status == 200, let metadata = try? JSONDecoder().decode(OIDCProviderMetadata.self, from: body) else { throw EIDFailure.misconfigured }
        // OpenID Connect Discovery §4.3: the document must name the issuer it was fetched from.
        guard metadata.issuer == provider.issuer else { throw EIDFailure.misconfigured }
        let httpAllowed = provider.issuer.lowercased().hasPrefix("http://")
        for endpoint in [metadata.authorizationEndpoint, metadata.tokenEndpoint, metadata.jwksURI]
            + [metadata.endSessionEndpoint, metadata.userinfoEndpoint].compactMap({ $0 }) {
            let lower = endpoint.lowercased()
            guard lower.hasPrefix("https://") || (httpAllowed && lower.hasPrefix("http://")) else { throw EIDFailure.misconfigured }
        }
        return metadata
    }

    private func fetchKeys(_ url: String) async throws -> JWTKeyCollection {
        let (status, body) = try await call { try await self.transport.get(url) }
        guard status == 200, let json = String(data: body, encoding: .utf8) else { throw EIDFailure.misconfigured }
        let keys = JWTKeyCollection()
        do { try await keys.add(jwksJSON: json) } catch { throw EIDFailure.misconfigured }
        return keys
    }

    private func call(_ body: @Sendable () async throws -> (status: UInt, body: Data)) async throws -> (status: UInt, body: Data) {
        do { return try await body() } catch let failure as EIDFailure { throw failure } catch { throw EIDFailure.unreachable }
    }

    /// The asymmetric algorithms a provider may sign ID tokens with; `none` and shared-secret HMAC never.
    static let algorithms: Set<String> = ["RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512", "EdDSA"]

    /// Verifies an ID token's signature with the provider's keys and reads its claims.
    func verifiedClaims(_ token: String, provider: OIDCProviderSetting, now: Date = Date()) async throws -> IDTokenClaims {
        var current = try await entry(provider, now: now)
        guard let header = Self.header(token), let alg = header["alg"] as? String, Self.algorithms.contains(alg) else { throw EIDFailure.badSignature }
        if let kid = header["kid"] as? String, (try? await current.keys.getKey(for: JWKIdentifier(string: kid))) == nil,
           now.timeIntervalSince(current.keysFetched) > 60 {
            current.keys = try await fetchKeys(current.metadata.jwksURI)
            current.keysFetched = now
            entries[provider.key] = current
        }
        do {
            return try await current.keys.verify(token, as: IDTokenPayload.self).claims
        } catch {
            throw EIDFailure.badSignature
        }
    }

    static func header(_ token: String) -> [String: Any]? {
        guard let first = token.split(separator: ".", omittingEmptySubsequences: false).first,
              let data = Data(base64URL: String(first)) else { return nil }
        return (try? JSONSerialization.jsonObject(with: data)) as? [String: Any]
    }
}

/// An ID token's payload as JWTKit reads it; the claims are judged by `IDTokenRules`, not here.
struct IDTokenPayload: JWTPayload {
    var claims: IDTokenClaims

    init(claims: IDTokenClaims) { self.claims = claims }

    struct Key: CodingKey {
        var stringValue: String; var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: Key.self)
        func text(_ name: String) -> String? { try? c.decode(String.self, forKey: Key(stringValue: name)) }
        func time(_ name: String) -> Date? { (try? c.decode(Double.self, forKey: Key(stringValue: name))).map(Date.init(timeIntervalSince1970:)) }
        let audience = text("aud").map { [$0] } ?? (try? c.decode([String].self, forKey: Key(stringValue: "aud"))) ?? []
        var texts: [String: String] = [:]
        for key in c.allKeys { if let value = text(key.stringValue) { texts[key.stringValue] = value } }
        guard let expires = time("exp") else { throw DecodingError.dataCorrupted(.init(codingPath: [], debugDescription: "exp")) }
        claims = IDTokenClaims(issuer: text("iss") ?? "", audience: audience, authorizedParty: text("azp"), subject: text("sub") ?? "",
                               expires: expires, issuedAt: time("iat"), nonce: text("nonce"), acr: text("acr"), texts: texts)
    }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Key.self)
        for (name, value) in claims.texts { try c.encode(value, forKey: Key(stringValue: name)) }
        try c.encode(claims.issuer, forKey: Key(stringValue: "iss"))
        try c.encode(claims.audience, forKey: Key(stringValue: "aud"))
        try c.encode(claims.subject, forKey: Key(stringValue: "sub"))
        try c.encode(claims.expires.timeIntervalSince1970, forKey: Key(stringValue: "exp"))
        if let iat = claims.issuedAt { try c.encode(iat.timeIntervalSince1970, forKey: Key(stringValue: "iat")) }
        if let nonce = claims.nonce { try c.encode(nonce, forKey: Key(stringValue: "nonce")) }
        if let acr = claims.acr { try c.encode(acr, forKey: Key(stringValue: "acr")) }
        if let azp = claims.authorizedParty { try c.encode(azp, forKey: Key(stringValue: "azp")) }
    }

    func verify(using algorithm: some JWTAlgorithm) async throws {}
}
