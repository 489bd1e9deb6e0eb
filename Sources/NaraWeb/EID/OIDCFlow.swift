import Crypto
import Foundation
import NaraCore
import Vapor

/// The authorization code flow with PKCE (RFC 7636, S256), as a confidential client
/// (`client_secret_basic`): the address that sends a person to the provider, and the exchange of
/// the code that brings them back.
enum OIDCClient {
    /// `application/x-www-form-urlencoded`, every reserved character escaped.
    static func formEncode(_ fields: [(String, String)]) -> String {
        fields.map { escape($0.0) + "=" + escape($0.1) }.joined(separator: "&")
    }

    static func escape(_ text: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? ""
    }

    /// The PKCE challenge for a verifier: base64url(SHA-256(verifier)).
    static func challenge(_ verifier: String) -> String {
        Data(SHA256.hash(data: Data(verifier.utf8))).base64URLEncoded
    }

    /// Where Nära asks the provider to send the person back; registered with the provider.
    static func redirectURI(origin: String, provider: OIDCProviderSetting) -> String {
        origin + SiteURL.eidReturn(provider.key)
    }

    /// The provider's sign-in address for one request.
    /// - Parameter levels: for a step-up, the levels asked for (`acr_values`), and a fresh sign-in forced (`prompt=login`).
    static func authorizationURL(_ metadata: OIDCProviderMetadata, provider: OIDCProviderSetting, redirectURI: String, state: String,
                                 nonce: String, verifier: String, levels: [String]) -> String {
        var fields = [("response_type", "code"), ("client_id", provider.clientID), ("redirect_uri", redirectURI),
                      ("scope", provider.scopes.joined(separator: " ")), ("state", state), ("nonce", nonce),
                      ("code_challenge", challenge(verifier)), ("code_challenge_method", "S256")]
        if !levels.isEmpty { fields += [("acr_values", levels.joined(separator: " ")), ("prompt", "login")] }
        let separator = metadata.authorizationEndpoint.contains("?") ? "&" : "?"
        return metadata.authorizationEndpoint + separator + formEncode(fields)
    }

    struct Tokens: Sendable { let idToken: String; let accessToken: String? }

    /// Exchanges the code for tokens.
    static func exchange(code: String, verifier: String, redirectURI: String, provider: OIDCProviderSetting,
                         metadata: OIDCProviderMetadata, transport: any OIDCTransport, now: Date) async throws -> Tokens {
        var fields = [("grant_type", "authorization_code"), ("code", code), ("redirect_uri", redirectURI), ("code_verifier", verifier)]
        var headers: [(String, String)] = []
        if provider.clientKeyPEM != nil {
            // private_key_jwt: a fresh assertion signed with Nära's key, addressed to the token endpoint.
            let assertion = try await ClientAssertion.make(provider, audience: metadata.tokenEndpoint, now: now)
            fields += [("client_id", provider.clientID), ("client_assertion_type", ClientAssertion.type), ("client_assertion", assertion)]
        } else {
            let credentials = escape(provider.clientID) + ":" + escape(provider.clientSecret)
            headers.append(("Authorization", "Basic " + Data(credentials.utf8).base64EncodedString()))
        }
        let response: (status: UInt, body: Data)
        do {
            response = try await transport.postForm(metadata.tokenEndpoint, fields: fields, headers: headers)
        } catch { throw EIDFailure.unreachable }
        struct Answer: Decodable { let id_token: String?; let access_token: String? }
        struct Problem: Decodable { let error: String? }
        guard response.status == 200, let answer = try? JSONDecoder().decode(Answer.self, from: response.body), let idToken = answer.id_token else {
            let code = (try? JSONDecoder().decode(Problem.self, from: response.body))?.error ?? "HTTP \(response.status)"
            throw EIDFailure(sentence: "Identitetstjänsten godtog inte inloggningen (\(String(code.prefix(40)))). Logga in igen.")
        }
        return Tokens(idToken: idToken, accessToken: answer.access_token)
    }

    /// Completes the claims from the UserInfo endpoint when the ID token lacks the claim that
    /// identifies the person (some providers put it there only). The answer counts only for the
    /// same subject as the verified ID token; claims the token holds are never replaced.
    static func completed(_ claims: IDTokenClaims, provider: OIDCProviderSetting, tokens: Tokens, metadata: OIDCProviderMetadata,
                          transport: any OIDCTransport) async throws -> IDTokenClaims {
        guard IDTokenRules.identity(claims, claim: provider.claim) == nil, let endpoint = metadata.userinfoEndpoint,
              let access = tokens.accessToken else { return claims }
        let response: (status: UInt, body: Data)
        do { response = try await transport.get(endpoint, headers: [("Authorization", "Bearer " + access)]) } catch { throw EIDFailure.unreachable }
        guard response.status == 200, let object = (try? JSONSerialization.jsonObject(with: response.body)) as? [String: Any],
              object["sub"] as? String == claims.subject else { return claims }
        var completed = claims
        for (name, value) in object {
            if let text = value as? String, completed.texts[name] == nil { completed.texts[name] = text }
        }
        return completed
    }

    /// RP-initiated logout (OpenID Connect RP-Initiated Logout 1.0): where to send the person so
    /// the provider's session ends too, and back to Nära afterwards. No ID token is kept (it may
    /// hold a personal identity number), so the client id says who asks.
    static func logoutURL(_ metadata: OIDCProviderMetadata, provider: OIDCProviderSetting, returnTo: String) -> String? {
        guard let endpoint = metadata.endSessionEndpoint else { return nil }
        let separator = endpoint.contains("?") ? "&" : "?"
        return endpoint + separator + formEncode([("client_id", provider.clientID), ("post_logout_redirect_uri", returnTo)])
    }
}

extension Application {
    struct OIDCDirectoryKey: StorageKey { typealias Value = OIDCDirectory }

    /// The providers' discovery documents and keys (made when the routes are registered); tests set one over their own transport.
    var oidcDirectory: OIDCDirectory {
        get { storage[OIDCDirectoryKey.self] ?? OIDCDirectory(transport: ClientOIDCTransport(client: client)) }
        set { storage[OIDCDirectoryKey.self] = newValue }
    }
}
