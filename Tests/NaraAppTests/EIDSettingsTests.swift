import Foundation
import NaraCore
import Testing
@testable import NaraWeb

extension AppTests {
    @Suite("e-ID settings: read from NARA_OIDC_*, every problem named")
    struct EIDSettingsTests {
        static let base = [
            "NARA_OIDC_PROVIDERS": "freja, siths",
            "NARA_OIDC_FREJA_ISSUER": "https://idp.frejaeid.example/", "NARA_OIDC_FREJA_CLIENT_ID": "nara", "NARA_OIDC_FREJA_CLIENT_SECRET": "s1",
            "NARA_OIDC_FREJA_NAME": "Freja eID", "NARA_OIDC_FREJA_CLAIM": "https://id.oidc.se/claim/personalIdentityNumber",
            "NARA_OIDC_SITHS_ISSUER": "https://idp.inera.example", "NARA_OIDC_SITHS_CLIENT_ID": "nara", "NARA_OIDC_SITHS_CLIENT_SECRET": "s2",
            "NARA_OIDC_SITHS_CLAIM": "email",
            "NARA_IDENTITY_KEY": String(repeating: "k", count: 40),
        ]

        @Test("two providers are read with their names, claims and scopes; passwords are off by default in production")
        func reads() throws {
            var env = Self.base
            env["DATABASE_URL"] = "postgres://nara:x@db.example/nara"
            let config = try AppConfig.read(from: env)
            #expect(config.eid.providers.map(\.key) == ["freja", "siths"])
            let freja = try #require(config.eid.provider("freja"))
            #expect(freja.issuer == "https://idp.frejaeid.example" && freja.name == "Freja eID" && freja.scopes == ["openid", "profile"])
            #expect(config.eid.provider("siths")?.scopes == ["openid", "email", "profile"])
            #expect(config.eid.provider("siths")?.name == "siths")
            #expect(!config.eid.passwordLogin, "production with a provider: no passwords unless asked for")
            #expect(config.eid.stepUpLevels == [AssuranceLevel.loa3, AssuranceLevel.loa4])
            env["NARA_PASSWORD_LOGIN"] = "true"
            env["NARA_OIDC_STEP_UP_ACR"] = "http://id.elegnamnden.se/loa/1.0/loa4"
            let again = try AppConfig.read(from: env)
            #expect(again.eid.passwordLogin && again.eid.stepUpLevels == [AssuranceLevel.loa4])
            // A provider with its own vocabulary of levels is judged by it; the others by the common levels.
            env["NARA_OIDC_FREJA_STEP_UP_ACR"] = "urn:freja:plus"
            let own = try AppConfig.read(from: env).eid
            #expect(own.levels(for: "freja") == ["urn:freja:plus"] && own.levels(for: "siths") == [AssuranceLevel.loa4])
            let now = Date()
            #expect(own.verdict(Assurance(provider: "freja", providerName: "Freja eID", level: "urn:freja:plus", at: now), now: now) == .fresh)
            #expect(own.verdict(Assurance(provider: "siths", providerName: "SITHS", level: "urn:freja:plus", at: now), now: now) != .fresh)
            #expect(try AppConfig.read(from: [:]).eid.enabled == false)
            #expect(try AppConfig.read(from: Self.base).eid.passwordLogin, "demo mode keeps the demo passwords")
        }

        @Test("plain http only on loopback; missing values, a bad name, passwords off without a provider and a missing key are all named at once")
        func problems() {
            var env = Self.base
            env["DATABASE_URL"] = "postgres://nara:x@db.example/nara"
            env["NARA_OIDC_FREJA_ISSUER"] = "http://idp.frejaeid.example"
            env["NARA_OIDC_SITHS_CLIENT_SECRET"] = nil
            env["NARA_IDENTITY_KEY"] = nil
            env["NARA_OIDC_PROVIDERS"] = "freja,siths,bank id"
            do {
                _ = try AppConfig.read(from: env)
                Issue.record("the start should stop")
            } catch let error as ConfigError {
                let text = error.problems.joined(separator: "\n")
                #expect(text.contains("NARA_OIDC_FREJA_ISSUER: http:// tillåts bara för en identitetstjänst på den egna datorn"))
                #expect(text.contains("NARA_OIDC_SITHS_CLIENT_SECRET saknas"))
                #expect(text.contains("NARA_IDENTITY_KEY saknas"))
                #expect(text.contains("”bank id” går inte att använda som namn"))
                #expect(error.problems.count == 4)
            } catch { Issue.record("\(error)") }
            #expect(EIDSettings.issuerProblem("http://127.0.0.1:5556") == nil)
            #expect(EIDSettings.issuerProblem("http://localhost:5556") == nil)
            #expect(EIDSettings.issuerProblem("ftp://idp.example") != nil)
            #expect((try? AppConfig.read(from: ["NARA_PASSWORD_LOGIN": "false"])) == nil, "nobody could sign in")
        }
    }
}
