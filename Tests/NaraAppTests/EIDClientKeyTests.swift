import Foundation
import JWTKit
import NaraCore
import Testing
import VaporTesting
@testable import NaraWeb

extension AppTests {
    @Suite("private_key_jwt: Nära authenticates to a provider with its own key")
    struct EIDClientKeyTests {
        struct Assertion: JWTPayload {
            let iss: String, sub: String, aud: String, jti: String, iat: Int, exp: Int
            func verify(using algorithm: some JWTAlgorithm) async throws {}
        }

        @Test("the token request carries a fresh assertion signed with the key published at /oidc/jwks.json, and no client secret")
        func assertionAtTheTokenEndpoint() async throws {
            let pem = P256.Signing.PrivateKey().pemRepresentation
            try await withEID({ eid in eid.providers[1].clientKeyPEM = pem; eid.providers[1].clientSecret = "" }) { app, idp in
                var anyone = Client(app)
                let published = try await anyone.get("/oidc/jwks.json")
                #expect(published.status == .ok && published.headers.contentType == .json)
                let keys = JWTKeyCollection()
                try await keys.add(jwksJSON: published.text)
                #expect(published.text.contains("\"kid\":\"siths\"") && !published.text.contains("\"d\""), "only the public half")

                var browser = Client(app)
                try await browser.signInWithEID("siths", idp, texts: ["email": Demo.admin])
                try await browser.signInWithEID("siths", idp, texts: ["email": Demo.admin])
                let sent = idp.exchanges.withLockedValue { $0 }
                #expect(sent.count == 2)
                var seen: Set<String> = []
                for fields in sent {
                    #expect(fields["client_assertion_type"] == "urn:ietf:params:oauth:client-assertion-type:jwt-bearer")
                    #expect(fields["client_id"] == FakeProvider.clientID)
                    let assertion = try await keys.verify(try #require(fields["client_assertion"]), as: Assertion.self)
                    #expect(assertion.iss == FakeProvider.clientID && assertion.sub == FakeProvider.clientID)
                    #expect(assertion.aud == FakeProvider.issuer + "/token" && assertion.exp - assertion.iat == 60)
                    seen.insert(assertion.jti)
                }
                #expect(seen.count == 2, "a new assertion for each request")
                #expect(idp.exchangeHeaders.withLockedValue { $0 }.allSatisfy { $0["Authorization"] == nil })
                #expect(try await browser.get("/konto").status == .ok)
            }
        }

        @Test("a key file that is not a private key stops the start; with a key no client secret is needed")
        func keyFileSetting() throws {
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("nara-key-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: folder) }
            let good = folder.appendingPathComponent("siths.pem"), bad = folder.appendingPathComponent("fel.pem")
            try P256.Signing.PrivateKey().pemRepresentation.write(to: good, atomically: true, encoding: .utf8)
            try "inte en nyckel".write(to: bad, atomically: true, encoding: .utf8)
            var env = EIDSettingsTests.base
            env["NARA_OIDC_SITHS_CLIENT_SECRET"] = nil
            env["NARA_OIDC_SITHS_CLIENT_KEY_FILE"] = good.path
            #expect(try AppConfig.read(from: env).eid.provider("siths")?.clientKeyPEM != nil)
            env["NARA_OIDC_SITHS_CLIENT_KEY_FILE"] = bad.path
            #expect(throws: ConfigError.self) { try AppConfig.read(from: env) }
            do { _ = try AppConfig.read(from: env) } catch let error as ConfigError {
                #expect(error.problems == ["NARA_OIDC_SITHS_CLIENT_KEY_FILE: ”\(bad.path)” går inte att läsa som en privat RSA- eller EC-nyckel (P-256) i PEM-format."])
            }
        }
    }
}
