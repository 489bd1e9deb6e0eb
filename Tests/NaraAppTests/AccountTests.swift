import Fluent
import Foundation
import NaraCore
import NaraPersistence
import SQLKit
import Testing
import VaporTesting
@testable import NaraWeb

extension AppTests {
    @Suite("Signing in, sessions, tokens and invitations")
    struct AccountTests {
        @Test("signing in and out, with a Swedish message that does not reveal whether the account exists")
        func loginAndLogout() async throws {
            try await withNara { app in
                var client = Client(app)
                let wrongPassword = try await client.login(Demo.regionEditor, "fel-lösenord")
                let unknownAccount = try await client.login("finns.inte@example.se", "fel-lösenord")
                #expect(wrongPassword.status == .unprocessableEntity)
                #expect(wrongPassword.text.contains(LoginPage.Text.failed))
                #expect(unknownAccount.text.contains(LoginPage.Text.failed))

                let ok = try await client.login(Demo.regionEditor)
                #expect(ok.status == .seeOther)
                #expect(ok.headers.first(name: .location) == "/rapporter")
                let cookie = try #require(ok.headers.first(name: .setCookie))
                #expect(cookie.contains("HttpOnly"))
                #expect(cookie.contains("SameSite=Lax"))
                #expect(!cookie.contains("Secure"))
                let account = try await client.get("/konto")
                #expect(account.status == .ok)
                #expect(account.text.contains("Rut Redigerare"))
                #expect(account.text.contains("Region Jämtland Härjedalen"))

                let out = try await client.post("/logga-ut")
                #expect(out.status == .seeOther)
                let after = try await client.get("/konto")
                #expect(after.status == .seeOther)
                #expect(after.headers.first(name: .location)?.hasPrefix("/logga-in?till=") == true)

                let entries = try await AuditEntryModel.query(on: app.db).all().map(\.action)
                #expect(entries.contains("login"))
                #expect(entries.filter { $0 == "login_failed" }.count == 2)
                #expect(entries.contains("logout"))
            }
        }

        @Test("five failed attempts slow the account down but never lock its owner out")
        func rateLimit() async throws {
            try await withNara { app in
                var attacker = Client(app)
                for _ in 0..<Accounts.maxFailuresPerAccount { try await attacker.login(Demo.rssEditor, "fel") }
                #expect(Accounts.slowdown(failures: Accounts.maxFailuresPerAccount) == 1)
                #expect(Accounts.slowdown(failures: 1000) == Accounts.maxSlowdown)
                var owner = Client(app)
                let started = Date()
                #expect(try await owner.login(Demo.rssEditor).status == .seeOther, "the right password still works")
                #expect(Date().timeIntervalSince(started) >= 1, "but after a pause")
                #expect(try await owner.get("/konto").status == .ok)
            }
        }

        @Test("a session idle longer than the limit ends, with a message")
        func sessionExpiry() async throws {
            try await withNara { app in
                var client = Client(app)
                try await client.login(Demo.analyst)
                #expect(try await client.get("/konto").status == .ok)
                // Age the session: last activity two hours ago.
                for record in try await SessionRecord.query(on: app.db).all() {
                    var data = record.data
                    data[SessionKeys.lastSeen] = String(Int(Date().timeIntervalSince1970) - 7200)
                    record.data = data
                    try await record.update(on: app.db)
                }
                let res = try await client.get("/konto")
                #expect(res.status == .seeOther)
                let login = try await client.get(res.headers.first(name: .location) ?? "/logga-in")
                #expect(login.text.contains("inte varit aktiv"))
            }
        }

        @Test("a form posted without the CSRF token is refused and changes nothing")
        func csrf() async throws {
            try await withNara { app in
                var client = Client(app)
                try await client.login(Demo.regionEditor)
                let before = try await APITokenModel.query(on: app.db).count()
                let res = try await client.post("/konto/api-nycklar", ["name": "utan token"], withCSRF: false)
                #expect(res.status == .forbidden)
                let forged = try await client.request(.POST, "/konto/api-nycklar", form: ["name": "fel token", "_csrf": "x"], withCSRF: false)
                #expect(forged.status == .forbidden)
                #expect(try await APITokenModel.query(on: app.db).count() == before)
            }
        }

        @Test("switching organisation changes what the person acts as")
        func switchOrganisation() async throws {
            try await withNara { app in
                var client = Client(app)
                try await client.login(Demo.regionEditor)
                let me1 = try await client.get("/api/v1/me")
                #expect(me1.text.contains("\"role\":\"recipient_editor\""))
                let rss = try #require(try await OrganisationModel.query(on: app.db).filter(\.$kind == "rss").filter(\.$code == "23").first())
                let membership = try #require(try await MembershipModel.query(on: app.db).filter(\.$organisationID == rss.requireID()).all()
                    .first { m in m.role == Role.recipientViewer.rawValue })
                let res = try await client.post("/konto/organisation", ["membership": membership.id!.uuidString])
                #expect(res.status == .seeOther)
                let me2 = try await client.get("/api/v1/me")
                #expect(me2.text.contains("\"name\":\"RSS Jämtlands län\""))
                #expect(me2.text.contains("\"role\":\"recipient_viewer\""))
                // A membership that is not one's own is refused.
                let foreign = try #require(try await MembershipModel.query(on: app.db).filter(\.$role == Role.administrator.rawValue).first())
                let refused = try await client.post("/konto/organisation", ["membership": foreign.id!.uuidString])
                #expect(refused.status == .unprocessableEntity && refused.text.contains("href=\"#membership\""))
            }
        }

        @Test("personal API tokens: created once, accepted as Bearer, refused after revoking")
        func apiTokens() async throws {
            try await withNara { app in
                var client = Client(app)
                try await client.login(Demo.payer)
                let created = try await client.post("/konto/api-nycklar", ["name": "Ekonomisystemet"])
                #expect(created.status == .ok)
                let token = try #require(Client.element("ny-nyckel", in: created.text))
                #expect(token.hasPrefix("nara_"))
                // The token is not stored in clear.
                #expect(try await APITokenModel.query(on: app.db).all().allSatisfy { $0.tokenHash != token && !$0.tokenHash.contains(token) })

                var api = Client(app)
                api.bearer = token
                let me = try await api.get("/api/v1/me")
                #expect(me.status == .ok)
                #expect(me.text.contains("\"authenticated_by\":\"token\""))
                #expect(me.text.contains("\"role\":\"payer\""))
                // A page read with the token shows who is asking but starts no session: no cookie, no session row.
                let sessions = { try await (app.db as! any SQLDatabase).raw("SELECT COUNT(*) AS n FROM _fluent_sessions").first()?.decode(column: "n", as: Int.self) ?? -1 }
                let before = try await sessions()
                let page = try await api.get("/")
                #expect(page.status == .ok && page.text.contains("Karl Utbetalare"))
                #expect(page.headers[.setCookie].isEmpty)
                #expect(try await sessions() == before)

                let stored = try #require(try await APITokenModel.query(on: app.db).first())
                #expect(try await client.post("/konto/api-nycklar/\(stored.id!.uuidString)/aterkalla").status == .seeOther)
                let refused = try await api.get("/api/v1/me")
                #expect(refused.status == .unauthorized)
                #expect(refused.text.contains("\"error\":true"))

                var anonymous = Client(app)
                #expect(try await anonymous.get("/api/v1/me").status == .unauthorized)
            }
        }

        @Test("invitation → choose a password → sign in; the link works once")
        func invitation() async throws {
            try await withNara { app in
                var admin = Client(app)
                try await admin.login(Demo.admin)
                let region = try #require(try await OrganisationModel.query(on: app.db).filter(\.$kind == "region").filter(\.$code == "01").first())
                let bad = try await admin.post("/admin/personer/bjud-in", ["email": "inte-en-adress", "organisation": region.id!.uuidString, "role": "payer"])
                #expect(bad.status == .unprocessableEntity)
                #expect(bad.text.contains("giltig e-postadress"))
                #expect(bad.text.contains("kan inte ges i Region Stockholm"))

                let sent = try await admin.post("/admin/personer/bjud-in", ["email": "Ny.Person@Regionstockholm.se", "organisation": region.id!.uuidString, "role": "recipient_editor"])
                #expect(sent.status == .ok)
                let link = try #require(Client.element("inbjudningslank", in: sent.text))
                let path = String(link.dropFirst(app.storage[AppConfigKey.self]!.publicURL.count))
                #expect(path.hasPrefix("/inbjudan/"))

                var person = Client(app)
                let form = try await person.get(path)
                #expect(form.status == .ok)
                #expect(form.text.contains("ny.person@regionstockholm.se"))
                let short = try await person.post(path, ["name": "Nina Ny", "password": "kort", "repeated": "kort"])
                #expect(short.status == .unprocessableEntity)
                #expect(short.text.contains("minst 12 tecken"))
                let done = try await person.post(path, ["name": "Nina Ny", "password": "en lång fras att minnas", "repeated": "en lång fras att minnas"])
                #expect(done.status == .seeOther)
                #expect(try await person.login("ny.person@regionstockholm.se", "en lång fras att minnas").status == .seeOther)
                let me = try await person.get("/api/v1/me")
                #expect(me.text.contains("\"name\":\"Region Stockholm\""))
                #expect(me.text.contains("\"role\":\"recipient_editor\""))

                var again = Client(app)
                let reused = try await again.get(path)
                #expect(reused.status == .notFound)
                #expect(reused.text.contains(InvitationPage.Text.invalid))
                let actions = try await AuditEntryModel.query(on: app.db).all().map(\.action)
                #expect(actions.contains("invite"))
                #expect(actions.contains("accept_invitation"))
            }
        }

        @Test("nara create-admin: the first administrator in production gets a one-time link")
        func createAdmin() async throws {
            try await withNara { app in
                let sos = try #require(try await OrganisationModel.query(on: app.db).filter(\.$code == "SOS").first())
                let creator = try #require(try await UserModel.query(on: app.db).filter(\.$email == Demo.admin).first())
                let (_, token) = try await Accounts.invite(email: "forsta@socialstyrelsen.se", organisation: sos, role: .administrator,
                                                           by: creator, now: Date(), on: app.db)
                let opened = try await Accounts.openInvitation(token: token, now: Date(), on: app.db)
                #expect(opened?.role == "administrator")
                #expect(try await Accounts.openInvitation(token: token, now: Date().addingTimeInterval(8 * 24 * 3600), on: app.db) == nil)
            }
        }
    }
}
