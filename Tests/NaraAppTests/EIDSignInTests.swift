import Fluent
import Foundation
import NaraCore
import NaraPersistence
import SQLKit
import Testing
import VaporTesting
@testable import NaraWeb

extension AppTests {
    @Suite("Sign-in with e-ID over OpenID Connect")
    struct EIDSignInTests {
        static let refused = "Inloggningen med e-legitimation gick inte"

        @Test("the request to the provider carries PKCE S256, state and nonce; the code is exchanged with the verifier; a matching e-mail signs in")
        func signInByEmail() async throws {
            try await withEID { app, idp in
                var browser = Client(app)
                let request = try await browser.startEID("siths")
                #expect(request.location.hasPrefix(FakeProvider.issuer + "/authorize?"))
                #expect(request.value("code_challenge_method") == "S256")
                #expect(request.value("client_id") == FakeProvider.clientID)
                #expect(request.value("redirect_uri")?.hasSuffix("/logga-in/e-legitimation/siths/retur") == true)
                #expect(request.value("acr_values") == nil, "a plain sign-in asks for no level")
                idp.willIssue(try await idp.sign(FakeProvider.claims(nonce: request.nonce, acr: AssuranceLevel.loa2,
                                                                     texts: ["email": Demo.admin.uppercased()], now: app.wallClock.now())))
                let back = try await browser.returnFromProvider("siths", state: request.state)
                #expect(back.status == .seeOther)
                #expect(back.headers.first(name: .location) == "/admin")
                // The verifier sent to the token endpoint is the one whose hash went to the provider.
                let exchange = try #require(idp.exchanges.withLockedValue { $0.last })
                #expect(OIDCClient.challenge(exchange["code_verifier"] ?? "") == request.value("code_challenge"))
                #expect(exchange["grant_type"] == "authorization_code")
                #expect(try await browser.get("/konto").status == .ok)
                let login = try #require(try await AuditEntryModel.query(on: app.db).filter(\.$action == "login").first())
                #expect(login.assuranceProvider == "SITHS" && login.assuranceLevel == AssuranceLevel.loa2)
            }
        }

        /// Starts a sign-in, has the provider issue what `forge` makes of it, and returns Nära's answer.
        static func answer(_ app: Application, _ idp: FakeProvider, forge: (EIDRequest, Date) async throws -> String) async throws -> TestingHTTPResponse {
            var browser = Client(app)
            let request = try await browser.startEID("siths")
            idp.willIssue(try await forge(request, app.wallClock.now()))
            let res = try await browser.returnFromProvider("siths", state: request.state)
            #expect(try await browser.get("/konto").status == .seeOther, "nobody is signed in after a refusal")
            return res
        }

        @Test("an ID token for another client, expired, signed with another key, from another issuer or unsigned is refused in Swedish")
        func tokenRefusals() async throws {
            try await withEID { app, idp in
                let admin = ["email": Demo.admin]
                let cases: [(String, (EIDRequest, Date) async throws -> String)] = [
                    (IDTokenRules.Refusal.wrongAudience.sentence, { r, now in
                        try await idp.sign(FakeProvider.claims(nonce: r.nonce, texts: admin, now: now, audience: ["en-annan-tjanst"])) }),
                    (IDTokenRules.Refusal.expired.sentence, { r, now in
                        try await idp.sign(FakeProvider.claims(nonce: r.nonce, texts: admin, now: now.addingTimeInterval(-900))) }),
                    (IDTokenRules.Refusal.wrongIssuer.sentence, { r, now in
                        try await idp.sign(FakeProvider.claims(nonce: r.nonce, texts: admin, now: now, issuer: "https://falsk.example")) }),
                    (EIDFailure.badSignature.sentence, { r, now in
                        let (other, _) = try await FakeProvider.keyPair(kid: "k1")
                        return try await idp.sign(FakeProvider.claims(nonce: r.nonce, texts: admin, now: now), with: other) }),
                    (EIDFailure.badSignature.sentence, { r, now in
                        let signed = try await idp.sign(FakeProvider.claims(nonce: r.nonce, texts: admin, now: now))
                        let parts = signed.split(separator: ".")
                        let none = Data(#"{"alg":"none","typ":"JWT"}"#.utf8).base64URLEncoded
                        return none + "." + parts[1] + "." }),
                    (IDTokenRules.Refusal.missingClaim("email").sentence, { r, now in
                        try await idp.sign(FakeProvider.claims(nonce: r.nonce, texts: ["name": "Utan Adress"], now: now)) }),
                ]
                for (sentence, forge) in cases {
                    let res = try await Self.answer(app, idp, forge: forge)
                    #expect(res.status == .forbidden || res.status == .badRequest, "\(sentence)")
                    #expect(res.text.contains(Self.refused) && res.text.contains(sentence.replacingOccurrences(of: "”", with: "&#8221;")) || res.text.contains(sentence),
                            "\(sentence): \(res.text.prefix(400))")
                }
                #expect(try await AuditEntryModel.query(on: app.db).filter(\.$action == "login").count() == 0)
            }
        }

        @Test("a nonce from another sign-in, a wrong state and a state used twice are refused")
        func replays() async throws {
            try await withEID { app, idp in
                var browser = Client(app)
                let first = try await browser.startEID("siths")
                let second = try await browser.startEID("siths")
                // The provider answers the second request with a token minted for the first (a replayed nonce).
                idp.willIssue(try await idp.sign(FakeProvider.claims(nonce: first.nonce, texts: ["email": Demo.admin], now: app.wallClock.now())))
                let replayed = try await browser.returnFromProvider("siths", state: second.state)
                #expect(replayed.status == .forbidden)
                #expect(replayed.text.contains(IDTokenRules.Refusal.wrongNonce.sentence))

                let wrongState = try await browser.returnFromProvider("siths", state: "forfalskad-" + first.state.prefix(10))
                #expect(wrongState.status == .badRequest)
                #expect(wrongState.text.contains("hör inte till någon pågående inloggning"))

                idp.willIssue(try await idp.sign(FakeProvider.claims(nonce: first.nonce, texts: ["email": Demo.admin], now: app.wallClock.now())))
                #expect(try await browser.returnFromProvider("siths", state: first.state).status == .seeOther)
                var again = Client(app)
                again.cookie = browser.cookie
                let twice = try await again.get("/logga-in/e-legitimation/siths/retur?code=x&state=\(first.state)")
                #expect(twice.status == .badRequest, "a state is taken once")

                // A state started in one browser cannot be completed in another.
                var victim = Client(app)
                let started = try await victim.startEID("siths")
                var attacker = Client(app)
                #expect(try await attacker.returnFromProvider("siths", state: started.state).status == .badRequest)

                // Cancelled at the provider: said in Swedish, and the request is used up.
                let cancelled = try await browser.startEID("siths")
                let answer = try await browser.get("/logga-in/e-legitimation/siths/retur?error=access_denied&state=\(cancelled.state)")
                #expect(answer.status == .badRequest && answer.text.contains("Du avbröt inloggningen hos identitetstjänsten."))
                #expect(try await SignInRequestModel.query(on: app.db).filter(\.$stateHash == SecretToken.hash(cancelled.state)).count() == 0)
            }
        }

        @Test("an invitation accepted by e-ID binds the identity as a keyed hash, shows the personal number masked, and signs in with it later")
        func invitationBindsIdentity() async throws {
            try await withEID { app, idp in
                let region = try #require(try await OrganisationModel.query(on: app.db).filter(\.$kind == "region").filter(\.$code == "23").first())
                let inviter = try #require(try await UserModel.query(on: app.db).filter(\.$email == Demo.admin).first())
                let (_, token) = try await Accounts.invite(email: "eva@regionjh.example", organisation: region, role: .recipientEditor,
                                                           financeDirector: true, by: inviter, now: app.clock.now(), on: app.db)
                let pnr = "197001011234"
                var eva = Client(app)
                let accepted = try await eva.signInWithEID("freja", idp, texts: [EIDTest.personalNumberClaim: pnr, "name": "Eva Ekonomichef"],
                                                           acr: AssuranceLevel.loa2, purpose: "invitation", invitation: token)
                #expect(accepted.status == .seeOther)
                let account = try await eva.get("/konto")
                #expect(account.text.contains("Eva Ekonomichef") && account.text.contains("19700101-****"))
                #expect(!account.text.contains(pnr))
                let identity = try #require(try await PersonIdentityModel.query(on: app.db).first())
                #expect(identity.display == "19700101-****" && identity.identityHash.count == 64 && !identity.identityHash.contains(pnr))
                let membership = try #require(try await MembershipModel.query(on: app.db).filter(\.$userID == identity.userID).first())
                #expect(membership.financeDirector && membership.organisationID == region.id)
                // Nothing written anywhere holds the number in full.
                let sql = app.db as! any SQLDatabase
                for table in ["person_identities", "audit_entries", "users", "sign_in_requests"] {
                    let rows = try await sql.raw("SELECT * FROM \(unsafeRaw: table)").all()
                    for row in rows { for column in row.allColumns {
                        #expect(!((try? row.decode(column: column, as: String.self)) ?? "").contains(pnr), "\(table).\(column)")
                    } }
                }
                // The invitation is used; the same e-ID signs Eva in from now on.
                var later = Client(app)
                #expect(try await later.signInWithEID("freja", idp, texts: [EIDTest.personalNumberClaim: pnr]).status == .seeOther)
                #expect(try await later.get("/konto").text.contains("Eva Ekonomichef"))
                // Eva signs in with e-ID only, and counts as an account: active on the people list, and a second
                // invitation asks her to confirm, not to choose a password.
                var admin = Client(app)
                try await admin.login(Demo.admin)
                let people = try await admin.get("/admin/personer?q=eva")
                #expect(people.text.contains("Aktiv") && !people.text.contains("Inbjuden"))
                let rss = try #require(try await OrganisationModel.query(on: app.db).filter(\.$kind == "rss").filter(\.$code == "23").first())
                let (_, second) = try await Accounts.invite(email: "eva@regionjh.example", organisation: rss, role: .recipientViewer,
                                                            by: inviter, now: app.clock.now(), on: app.db)
                let page = try await later.get("/inbjudan/\(second)")
                #expect(page.text.contains(InvitationPage.Text.existing) && !page.text.contains("type=\"password\""))
                // Someone else's number is not Eva: a page says whom to ask.
                var stranger = Client(app)
                let unknown = try await stranger.signInWithEID("freja", idp, texts: [EIDTest.personalNumberClaim: "198002022222"])
                #expect(unknown.status == .forbidden && unknown.text.contains("Vi känner inte igen din e-legitimation"))
                #expect(unknown.text.contains("inbjudan"))
            }
        }

        @Test("a person signed in with a password binds their e-ID on their account page; nobody else can bind the same one")
        func bindOnAccountPage() async throws {
            try await withEID { app, idp in
                let pnr = "198505051234"
                var rut = Client(app)
                try await rut.login(Demo.regionEditor)
                let account = try await rut.get("/konto")
                #expect(account.text.contains("Koppla e-legitimation") && account.text.contains("value=\"bind\""))
                let bound = try await rut.signInWithEID("freja", idp, texts: [EIDTest.personalNumberClaim: pnr], purpose: "bind")
                #expect(bound.headers.first(name: .location) == "/konto")
                let after = try await rut.get("/konto")
                #expect(after.text.contains("19850505-****") && !after.text.contains("value=\"bind\""))
                #expect(try await AuditEntryModel.query(on: app.db).filter(\.$action == "bind_identity").count() == 1)
                var later = Client(app)
                try await later.signInWithEID("freja", idp, texts: [EIDTest.personalNumberClaim: pnr])
                #expect(try await later.get("/konto").text.contains("Rut Redigerare"))
                var leo = Client(app)
                try await leo.login(Demo.regionViewer)
                let taken = try await leo.signInWithEID("freja", idp, texts: [EIDTest.personalNumberClaim: pnr], purpose: "bind")
                #expect(taken.status == .conflict && taken.text.contains("redan kopplad till en annan person"))
                #expect(try await PersonIdentityModel.query(on: app.db).count() == 1)
            }
        }

        @Test("an identifying claim only in UserInfo is read from there, for the token's own subject only")
        func userInfoCompletes() async throws {
            try await withEID { app, idp in
                let region = try #require(try await OrganisationModel.query(on: app.db).filter(\.$kind == "region").filter(\.$code == "23").first())
                let inviter = try #require(try await UserModel.query(on: app.db).filter(\.$email == Demo.admin).first())
                let (_, token) = try await Accounts.invite(email: "ulla@regionjh.example", organisation: region, role: .recipientViewer,
                                                           by: inviter, now: app.clock.now(), on: app.db)
                // The token names the subject but not the personal number; UserInfo for another subject is not believed.
                var ulla = Client(app)
                let first = try await ulla.startEID("freja", purpose: "invitation", invitation: token)
                let claims = FakeProvider.claims(nonce: first.nonce, texts: ["name": "Ulla Uppgift"], now: app.wallClock.now())
                idp.userInfo.withLockedValue { $0 = #"{"sub":"någon-annan","https://id.oidc.se/claim/personalIdentityNumber":"196001011234"}"# }
                idp.willIssue(try await idp.sign(claims))
                let refused = try await ulla.returnFromProvider("freja", state: first.state)
                #expect(refused.status == .forbidden && refused.text.contains("Identitetstjänsten skickade inte uppgiften"))
                let second = try await ulla.startEID("freja", purpose: "invitation", invitation: token)
                var again = FakeProvider.claims(nonce: second.nonce, texts: ["name": "Ulla Uppgift"], now: app.wallClock.now())
                again.subject = claims.subject
                idp.userInfo.withLockedValue { $0 = #"{"sub":"\#(claims.subject)","https://id.oidc.se/claim/personalIdentityNumber":"196001011234"}"# }
                idp.willIssue(try await idp.sign(again))
                #expect(try await ulla.returnFromProvider("freja", state: second.state).status == .seeOther)
                #expect(try await ulla.get("/konto").text.contains("19600101-****"))
            }
        }

        @Test("with passwords turned off the sign-in page offers only e-ID and a password post is refused")
        func passwordsOff() async throws {
            try await withEID({ $0.passwordLogin = false }) { app, _ in
                var browser = Client(app)
                let page = try await browser.get("/logga-in")
                #expect(page.text.contains("Logga in med Freja eID") && page.text.contains("Logga in med SITHS"))
                #expect(!page.text.contains("type=\"password\""))
                let res = try await browser.post("/logga-in", ["email": Demo.admin, "password": AppConfig.demoPassword])
                #expect(res.status == .forbidden && res.text.contains("lösenord är avstängd"))
                #expect(try await browser.get("/konto").status == .seeOther)
            }
        }
    }
}
