import Foundation
import JWTKit
import NaraCore
import NIOConcurrencyHelpers
import Testing
import VaporTesting
@testable import NaraWeb

/// An OpenID Connect provider inside the test process: it serves a discovery document and an
/// ES256 key, and answers the token endpoint with whatever ID token the test told it to issue.
final class FakeProvider: OIDCTransport, Sendable {
    static let issuer = "https://idp.test"
    static let clientID = "nara-test"
    let signing: JWTKeyCollection
    let jwks: String
    private let issued = NIOLockedValueBox("")
    /// The token requests the provider received (their form fields).
    let exchanges = NIOLockedValueBox<[[String: String]]>([])

    private init(signing: JWTKeyCollection, jwks: String) { self.signing = signing; self.jwks = jwks }

    static func make() async throws -> FakeProvider {
        let (keys, jwks) = try await keyPair(kid: "k1")
        return FakeProvider(signing: keys, jwks: jwks)
    }

    /// A new ES256 key under `kid`: the collection that signs with it, and its public JWKS.
    static func keyPair(kid: String) async throws -> (JWTKeyCollection, String) {
        let key = ES256PrivateKey()
        let keys = JWTKeyCollection()
        await keys.add(ecdsa: key, kid: JWKIdentifier(string: kid))
        let p = try #require(key.publicKey.parameters)
        return (keys, #"{"keys":[{"kty":"EC","crv":"P-256","use":"sig","alg":"ES256","kid":"\#(kid)","x":"\#(p.x)","y":"\#(p.y)"}]}"#)
    }

    func willIssue(_ token: String) { issued.withLockedValue { $0 = token } }

    /// What the UserInfo endpoint answers (JSON), for the access token "a".
    let userInfo = NIOLockedValueBox("")

    func get(_ url: String, headers: [(String, String)]) async throws -> (status: UInt, body: Data) {
        if url == Self.issuer + "/.well-known/openid-configuration" {
            let doc = #"{"issuer":"\#(Self.issuer)","authorization_endpoint":"\#(Self.issuer)/authorize","token_endpoint":"\#(Self.issuer)/token","jwks_uri":"\#(Self.issuer)/jwks","end_session_endpoint":"\#(Self.issuer)/logout","userinfo_endpoint":"\#(Self.issuer)/userinfo"}"#
            return (200, Data(doc.utf8))
        }
        if url == Self.issuer + "/jwks" { return (200, Data(jwks.utf8)) }
        if url == Self.issuer + "/userinfo", headers.contains(where: { $0.0 == "Authorization" && $0.1 == "Bearer a" }) {
            return (200, Data(userInfo.withLockedValue { $0 }.utf8))
        }
        return (404, Data())
    }

    /// The headers of the token requests (client_secret_basic sends its credentials there).
    let exchangeHeaders = NIOLockedValueBox<[[String: String]]>([])

    func postForm(_ url: String, fields: [(String, String)], headers: [(String, String)]) async throws -> (status: UInt, body: Data) {
        exchanges.withLockedValue { $0.append(Dictionary(fields, uniquingKeysWith: { a, _ in a })) }
        exchangeHeaders.withLockedValue { $0.append(Dictionary(headers, uniquingKeysWith: { a, _ in a })) }
        let token = issued.withLockedValue { $0 }
        return (200, Data(#"{"access_token":"a","token_type":"Bearer","id_token":"\#(token)"}"#.utf8))
    }

    /// Claims as a well-behaved provider would write them for this sign-in.
    static func claims(nonce: String, acr: String = AssuranceLevel.loa3, texts: [String: String], now: Date,
                       audience: [String] = [clientID], expires: TimeInterval = 300, issuer: String = issuer) -> IDTokenClaims {
        IDTokenClaims(issuer: issuer, audience: audience, subject: "sub-" + (texts.values.sorted().first ?? "x"),
                      expires: now.addingTimeInterval(expires), issuedAt: now, nonce: nonce, acr: acr, texts: texts)
    }

    func sign(_ claims: IDTokenClaims, with keys: JWTKeyCollection? = nil, kid: String = "k1") async throws -> String {
        try await (keys ?? signing).sign(IDTokenPayload(claims: claims), kid: JWKIdentifier(string: kid))
    }
}

enum EIDTest {
    static let personalNumberClaim = "https://id.oidc.se/claim/personalIdentityNumber"

    static func provider(_ key: String, claim: String) -> OIDCProviderSetting {
        OIDCProviderSetting(key: key, issuer: FakeProvider.issuer, clientID: FakeProvider.clientID, clientSecret: "hemlighet",
                            name: key == "freja" ? "Freja eID" : "SITHS", claim: claim, scopes: ["openid"])
    }

    /// Freja eID identifies by personal identity number, SITHS by e-mail.
    static var settings: EIDSettings {
        var eid = EIDSettings()
        eid.providers = [provider("freja", claim: personalNumberClaim), provider("siths", claim: "email")]
        eid.identityKey = "nyckel-for-tester-som-ar-minst-32-tecken-lang"
        return eid
    }
}

/// Runs `test` on a Nära configured for e-ID against a `FakeProvider`, on pinned clocks.
func withEID(_ adjust: @escaping (inout EIDSettings) -> Void = { _ in },
             _ test: (Application, FakeProvider) async throws -> Void) async throws {
    let provider = try await FakeProvider.make()
    try await withNara({ config in
        var eid = EIDTest.settings
        adjust(&eid)
        config.eid = eid
    }) { app in
        app.oidcDirectory = OIDCDirectory(transport: provider)
        app.wallClock = .fixed(Date(timeIntervalSince1970: 1_795_000_000))
        // The business day replays 2019, as a demo server with NARA_TODAY does: tokens are judged by real time all the same.
        app.clock = .on(.make(2019, 6, 1))
        try await test(app, provider)
    }
}

/// One sign-in on its way to the provider: what Nära sent.
struct EIDRequest {
    let location: String
    let state: String
    let nonce: String

    init(_ res: TestingHTTPResponse) throws {
        location = try #require(res.headers.first(name: .location))
        let query = try #require(URLComponents(string: location)?.queryItems)
        state = try #require(query.first { $0.name == "state" }?.value)
        nonce = try #require(query.first { $0.name == "nonce" }?.value)
    }

    func value(_ name: String) -> String? { URLComponents(string: location)?.queryItems?.first { $0.name == name }?.value }
}

extension Client {
    /// Presses a "Logga in med …" button: posts to Nära, which answers with the provider's address.
    mutating func startEID(_ provider: String, purpose: String = "login", till: String = "", invitation: String? = nil) async throws -> EIDRequest {
        if csrf == nil { try await get("/logga-in") }
        var form = ["syfte": purpose, "till": till]
        if let invitation { form["inbjudan"] = invitation }
        let res = try await post("/logga-in/e-legitimation/\(provider)", form)
        #expect(res.status == .seeOther, "\(res.text.prefix(300))")
        return try EIDRequest(res)
    }

    /// The provider sends the browser back with a code and the request's state.
    mutating func returnFromProvider(_ provider: String, state: String) async throws -> TestingHTTPResponse {
        let res = try await get("/logga-in/e-legitimation/\(provider)/retur?code=kod-\(state.prefix(6))&state=\(state)")
        if res.status == .seeOther { try await get("/konto") }
        return res
    }

    /// Signs in with e-ID end to end: the provider issues `texts` at `acr`.
    @discardableResult
    mutating func signInWithEID(_ provider: String, _ idp: FakeProvider, texts: [String: String], acr: String = AssuranceLevel.loa3,
                                purpose: String = "login", till: String = "", invitation: String? = nil) async throws -> TestingHTTPResponse {
        let request = try await startEID(provider, purpose: purpose, till: till, invitation: invitation)
        idp.willIssue(try await idp.sign(FakeProvider.claims(nonce: request.nonce, acr: acr, texts: texts, now: app.wallClock.now())))
        return try await returnFromProvider(provider, state: request.state)
    }
}
