import Fluent
import Foundation
import NaraCore
import NaraPersistence
import Testing
import VaporTesting
@testable import NaraWeb

extension AppTests {
    @Suite("A fresh e-ID sign-in at the step-up level before attesting, approving and granting")
    struct EIDStepUpTests {
        static func viewer(_ app: Application) async throws -> MembershipModel {
            let region = try #require(try await OrganisationModel.query(on: app.db).filter(\.$kind == "region").filter(\.$code == "23").first())
            let leo = try #require(try await UserModel.query(on: app.db).filter(\.$email == Demo.regionViewer).first())
            return try #require(try await MembershipModel.query(on: app.db).filter(\.$userID == leo.requireID())
                .filter(\.$organisationID == region.requireID()).first())
        }

        @Test("granting a role asks for e-ID at level 3 within 15 minutes; level 2, someone else's e-ID and an old sign-in are not enough")
        func grantingAsksForStepUp() async throws {
            try await withEID { app, idp in
                let membership = try await Self.viewer(app)
                let path = "/admin/medlemskap/\(membership.id!.uuidString)/roll"
                var admin = Client(app)
                try await admin.login(Demo.admin)
                // A password sign-in: sent to the step-up page, nothing changed.
                let first = try await admin.post(path, ["role": "recipient_editor"])
                #expect(first.status == .seeOther)
                let stepUp = try #require(first.headers.first(name: .location))
                #expect(stepUp.hasPrefix("/starkare-inloggning?atgard=grantAccess&till="))
                #expect(try await Self.viewer(app).role == Role.recipientViewer.rawValue)
                #expect(try await admin.get("/admin/personer/bjud-in").text.contains("Logga in med e-legitimation först"))
                let page = try await admin.get(stepUp)
                #expect(page.text.contains("Att ge roller och uppdrag kräver") && page.text.contains("Du är inloggad utan e-legitimation."))
                #expect(page.text.contains("Logga in med Freja eID") && page.text.contains("value=\"step_up\""))

                // The provider is asked for the accepted levels; a level-2 answer is refused.
                let low = try await admin.startEID("siths", purpose: "step_up", till: "/admin/personer")
                #expect(low.value("acr_values") == "\(AssuranceLevel.loa3) \(AssuranceLevel.loa4)" && low.value("prompt") == "login")
                idp.willIssue(try await idp.sign(FakeProvider.claims(nonce: low.nonce, acr: AssuranceLevel.loa2, texts: ["email": Demo.admin], now: app.wallClock.now())))
                let refused = try await admin.returnFromProvider("siths", state: low.state)
                #expect(refused.status == .forbidden && refused.text.contains("Inloggningen gjordes på nivå 2, som inte räcker"))
                #expect(try await admin.post(path, ["role": "recipient_editor"]).headers.first(name: .location)?.hasPrefix("/starkare-inloggning") == true)

                // Someone else's e-ID does not step the administrator up.
                let other = try await admin.startEID("siths", purpose: "step_up", till: "/admin/personer")
                idp.willIssue(try await idp.sign(FakeProvider.claims(nonce: other.nonce, texts: ["email": Demo.payer], now: app.wallClock.now())))
                let mismatch = try await admin.returnFromProvider("siths", state: other.state)
                #expect(mismatch.status == .forbidden && mismatch.text.contains("en annan person än den som är inloggad"))

                // Level 3: back to where the action was, and the action goes through, recorded with provider and level.
                let back = try await admin.signInWithEID("siths", idp, texts: ["email": Demo.admin], acr: AssuranceLevel.loa3,
                                                         purpose: "step_up", till: "/admin/personer")
                // The refused change waits, with what was chosen, for one press; it is offered once.
                #expect(back.headers.first(name: .location) == "/starkare-inloggning/fortsatt")
                let resume = try await admin.get("/starkare-inloggning/fortsatt")
                #expect(resume.text.contains("Spara ändringen") && resume.text.contains("action=\"\(path)\""))
                #expect(resume.text.contains("name=\"role\" value=\"recipient_editor\""))
                #expect(try await admin.get("/starkare-inloggning/fortsatt").headers.first(name: .location) == "/admin")
                #expect(!(try await admin.get("/admin/personer/bjud-in")).text.contains("Logga in med e-legitimation först"))
                let done = try await admin.post(path, ["role": "recipient_editor"])
                #expect(done.headers.first(name: .location)?.hasPrefix("/starkare-inloggning") != true)
                #expect(try await Self.viewer(app).role == Role.recipientEditor.rawValue)
                let entry = try #require(try await AuditEntryModel.query(on: app.db).filter(\.$action == "role_change").first())
                #expect(entry.assuranceProvider == "SITHS" && entry.assuranceLevel == AssuranceLevel.loa3)
                #expect(try await AuditEntryModel.query(on: app.db).filter(\.$action == "step_up").count() == 1)

                // Sixteen minutes on, the sign-in is too old for the next grant.
                app.wallClock = .fixed(app.wallClock.now().addingTimeInterval(16 * 60))
                let late = try await admin.post(path, ["role": "recipient_viewer"])
                #expect(late.headers.first(name: .location)?.hasPrefix("/starkare-inloggning") == true)
                #expect(try await admin.get(try #require(late.headers.first(name: .location))).text.contains("äldre än 15 minuter"))
                #expect(try await Self.viewer(app).role == Role.recipientEditor.rawValue)
            }
        }

        @Test("an API key cannot grant a role or approve a payment when e-ID is configured: 403 with the reason")
        func apiKeysCannotStepUp() async throws {
            try await withEID { app, _ in
                let membership = try await Self.viewer(app)
                let admin = try await Client.withToken(app, Demo.admin)
                let patch = try await DutyTests.json(app, .PATCH, "/api/v1/memberships/\(membership.id!.uuidString)", as: admin, ["role": "recipient_editor"])
                #expect(patch.status == .forbidden)
                #expect(patch.text.contains("e-legitimation") && patch.text.contains("API-nyckel"))
                #expect(try await Self.viewer(app).role == Role.recipientViewer.rawValue)
                let payer = try await Client.withToken(app, Demo.payer)
                let approve = try await DutyTests.json(app, .POST, "/api/v1/requisitions/\(UUID().uuidString)/approve", as: payer)
                #expect(approve.status == .forbidden && approve.text.contains("godkänna en utbetalning"))
            }
        }

        @Test("without e-ID configured nothing asks for a step-up")
        func noProvidersNoStepUp() async throws {
            try await withNara { app in
                let membership = try await Self.viewer(app)
                var admin = Client(app)
                try await admin.login(Demo.admin)
                let res = try await admin.post("/admin/medlemskap/\(membership.id!.uuidString)/roll", ["role": "recipient_editor"])
                #expect(res.headers.first(name: .location)?.hasPrefix("/starkare-inloggning") != true)
                #expect(try await Self.viewer(app).role == Role.recipientEditor.rawValue)
                var visitor = Client(app)
                let login = try await visitor.get("/logga-in")
                #expect(login.text.contains("type=\"password\"") && !login.text.contains("e-legitimation/"))
            }
        }
    }
}
