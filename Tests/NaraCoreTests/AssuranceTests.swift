import Foundation
import Testing
@testable import NaraCore

@Suite("e-ID: ID-token claims, assurance levels and masked identities")
struct AssuranceTests {
    static let now = Date(timeIntervalSince1970: 1_795_000_000)
    static let expected = IDTokenExpectation(issuer: "https://idp.example.se", clientID: "nara", nonce: "n-123", acceptedLevels: [], now: now)

    static func claims(_ change: (inout IDTokenClaims) -> Void = { _ in }) -> IDTokenClaims {
        var c = IDTokenClaims(issuer: "https://idp.example.se", audience: ["nara"], subject: "abc", expires: now.addingTimeInterval(300),
                              issuedAt: now, nonce: "n-123", acr: AssuranceLevel.loa3,
                              texts: ["email": "Eva@RegionJH.example", "https://id.oidc.se/claim/personalIdentityNumber": "197001011234"])
        change(&c)
        return c
    }

    @Test("a token that is right in every way passes, and its identity is read by the configured claim")
    func good() {
        #expect(IDTokenRules.refusal(Self.claims(), expected: Self.expected, identityClaim: "email") == nil)
        #expect(IDTokenRules.identity(Self.claims(), claim: "email") == "eva@regionjh.example")
        #expect(IDTokenRules.identity(Self.claims(), claim: "sub") == "abc")
        #expect(IDTokenRules.identity(Self.claims(), claim: "https://id.oidc.se/claim/personalIdentityNumber") == "197001011234")
    }

    @Test("issuer, audience, authorized party, expiry, issue time, nonce, level and the identity claim are each refused with a Swedish sentence")
    func refusals() {
        let e = Self.expected
        func refusal(_ change: (inout IDTokenClaims) -> Void, expected: IDTokenExpectation = Self.expected, claim: String = "email") -> IDTokenRules.Refusal? {
            IDTokenRules.refusal(Self.claims(change), expected: expected, identityClaim: claim)
        }
        #expect(refusal { $0.issuer = "https://idp.example.se/" } == .wrongIssuer)
        #expect(refusal { $0.audience = ["annan"] } == .wrongAudience)
        #expect(refusal { $0.audience = ["nara", "annan"] } == .wrongAudience, "several audiences need azp = nara")
        #expect(refusal { $0.audience = ["nara", "annan"]; $0.authorizedParty = "nara" } == nil)
        #expect(refusal { $0.authorizedParty = "annan" } == .wrongAudience)
        #expect(refusal { $0.expires = Self.now.addingTimeInterval(-61) } == .expired)
        #expect(refusal { $0.expires = Self.now.addingTimeInterval(-59) } == nil, "a minute's clock difference is allowed")
        #expect(refusal { $0.issuedAt = Self.now.addingTimeInterval(600) } == .issuedInFuture)
        #expect(refusal { $0.nonce = "n-124" } == .wrongNonce)
        #expect(refusal { $0.nonce = nil } == .wrongNonce)
        var stepUp = e
        stepUp.acceptedLevels = [AssuranceLevel.loa3, AssuranceLevel.loa4]
        #expect(refusal({ $0.acr = AssuranceLevel.loa2 }, expected: stepUp) == .levelTooLow(AssuranceLevel.loa2))
        #expect(refusal({ $0.acr = nil }, expected: stepUp) == .levelTooLow(nil))
        #expect(refusal({ $0.acr = AssuranceLevel.loa4 }, expected: stepUp) == nil)
        #expect(refusal({ $0.texts = [:] }, claim: "email") == .missingClaim("email"))
        #expect(IDTokenRules.Refusal.levelTooLow(AssuranceLevel.loa2).sentence.contains("Inloggningen gjordes på nivå 2, som inte räcker"))
        #expect(IDTokenRules.Refusal.expired.sentence == "Svaret från identitetstjänsten har gått ut. Logga in igen.")
    }

    @Test("a step-up is fresh for 15 minutes at an accepted level, and says why not otherwise")
    func stepUp() {
        let accepted = [AssuranceLevel.loa3, AssuranceLevel.loa4]
        let at = Self.now
        func verdict(_ level: String?, minutes: Double) -> StepUpRule.Verdict {
            StepUpRule.verdict(Assurance(provider: "freja", providerName: "Freja eID", level: level, at: at),
                               accepted: accepted, now: at.addingTimeInterval(minutes * 60))
        }
        #expect(verdict(AssuranceLevel.loa3, minutes: 0) == .fresh)
        #expect(verdict(AssuranceLevel.loa4, minutes: 15) == .fresh)
        #expect(verdict(AssuranceLevel.loa3, minutes: 15.1) == .tooOld)
        #expect(verdict(AssuranceLevel.loa2, minutes: 1) == .levelTooLow(AssuranceLevel.loa2))
        #expect(StepUpRule.verdict(nil, accepted: accepted, now: at) == .noEID)
        #expect(StepUpRule.Verdict.levelTooLow("urn:okand").sentence == "Din inloggning gjordes på nivå ”urn:okand”, som inte räcker.")
        #expect(AssuranceLevel.name(nil) == "okänd nivå" && AssuranceLevel.name(AssuranceLevel.loa3) == "nivå 3")
    }

    @Test("a personal identity number is never shown in full; other identities are shown as they are")
    func masked() {
        #expect(IdentityDisplay.masked("197001011234") == "19700101-****")
        #expect(IdentityDisplay.masked("19700101-1234") == "19700101-****")
        #expect(IdentityDisplay.masked("7001011234") == "700101-****")
        #expect(IdentityDisplay.masked("SE2321000016-1234") == "SE2321000016-1234")
        #expect(IdentityDisplay.masked("eva@regionjh.example") == "eva@regionjh.example")
        #expect(IdentityDisplay.isPersonalNumber("197001011234") && !IdentityDisplay.isPersonalNumber("SE2321000016-1234"))
    }
}
