import Fluent
import Foundation
import NaraCore
import NaraPersistence
import SQLKit
import Testing
import VaporTesting
@testable import NaraWeb

extension AppTests {
    @Suite("Administration and the audit trail")
    struct AdminTests {
        @Test("an administrator adds a provider under a region and edits it; both are in the audit trail")
        func providers() async throws {
            try await withNara { app in
                var admin = Client(app)
                try await admin.login(Demo.admin)
                let region = try #require(try await OrganisationModel.query(on: app.db).filter(\.$kind == "region").filter(\.$code == "12").first())
                let refused = try await admin.post("/admin/organisationer", ["name": "", "code": "ogiltig kod!", "parent": ""])
                #expect(refused.status == .unprocessableEntity)
                #expect(refused.text.contains("Det finns fel att rätta"))
                #expect(refused.text.contains("href=\"#name\""))
                let created = try await admin.post("/admin/organisationer", ["name": "Hälsocentralen <Syd> AB", "code": "556000-0001", "parent": region.id!.uuidString])
                #expect(created.status == .seeOther)
                let provider = try #require(try await OrganisationModel.query(on: app.db).filter(\.$code == "556000-0001").first())
                #expect(provider.kind == "provider")
                #expect(provider.parentID == region.id)
                #expect(provider.countyCode == "12")
                let list = try await admin.get("/admin/organisationer?q=syd")
                #expect(list.text.contains("Hälsocentralen &lt;Syd&gt; AB"))
                #expect(!list.text.contains("<Syd>"))
                let edited = try await admin.post("/admin/organisationer/\(provider.id!.uuidString)",
                                                  ["name": "Hälsocentralen Syd AB", "code": "556000-0001", "parent": region.id!.uuidString])
                #expect(edited.status == .seeOther)
                let entries = try await AuditEntryModel.query(on: app.db).filter(\.$entityType == "organisation").sort(\.$at).all()
                #expect(entries.map(\.action) == ["create", "update"])
                #expect(AuditLog.decode(entries[1].before)["namn"] == "Hälsocentralen <Syd> AB")
                #expect(AuditLog.decode(entries[1].after)["namn"] == "Hälsocentralen Syd AB")
                #expect(entries[1].actor == Demo.admin)
                #expect(entries[1].organisationName == "Socialstyrelsen")
            }
        }

        @Test("role changes and deactivation are recorded and take effect on the signed-in person's next request; a deactivated person cannot sign in")
        func peopleAdministration() async throws {
            try await withNara { app in
                var admin = Client(app)
                try await admin.login(Demo.admin)
                var signedIn = Client(app)
                try await signedIn.login(Demo.regionViewer)
                #expect(try await signedIn.get("/api/v1/me").text.contains("\"role\":\"recipient_viewer\""))
                let viewer = try #require(try await UserModel.query(on: app.db).filter(\.$email == Demo.regionViewer).first())
                let membership = try #require(try await MembershipModel.query(on: app.db).filter(\.$userID == viewer.requireID()).first())
                // A role that cannot be given there is refused back on the list, and nothing changes.
                let refused = try await admin.post("/admin/medlemskap/\(membership.id!.uuidString)/roll", ["role": "administrator"])
                #expect(refused.status == .unprocessableEntity)
                #expect(refused.text.contains("Rollen administratör kan inte ges i Region Jämtland Härjedalen (region). Inget är ändrat."))
                #expect(try await MembershipModel.find(membership.id, on: app.db)?.role == "recipient_viewer")
                #expect(try await admin.post("/admin/medlemskap/\(membership.id!.uuidString)/roll", ["role": "recipient_editor"]).status == .seeOther)
                let change = try #require(try await AuditEntryModel.query(on: app.db).filter(\.$action == "role_change").first())
                #expect(AuditLog.decode(change.before)["roll"] == "Läsare (mottagare)")
                #expect(AuditLog.decode(change.after)["roll"] == "Redigerare (mottagare)")
                // The new role holds at once, not when a cached standing runs out.
                #expect(try await signedIn.get("/api/v1/me").text.contains("\"role\":\"recipient_editor\""))

                #expect(try await admin.post("/admin/personer/\(viewer.id!.uuidString)/aktiv").status == .seeOther)
                #expect(try await signedIn.get("/api/v1/me").status == .unauthorized)
                var person = Client(app)
                #expect(try await person.login(Demo.regionViewer).status == .unprocessableEntity)
                let people = try await admin.get("/admin/personer")
                #expect(people.text.contains("Inaktiverad"))
            }
        }

        @Test("population upload: a preview first, nothing stored until confirmed; a broken file lists its problems")
        func populationUpload() async throws {
            try await withNara { app in
                var admin = Client(app)
                try await admin.login(Demo.admin)
                let tables = try await PopulationTableModel.query(on: app.db).count()
                let bytes = try Geography.shippedSCBExport()
                func multipart(_ file: [UInt8], date: String) -> (HTTPHeaders, ByteBuffer) {
                    let boundary = "----nara-test"
                    var body = ByteBuffer()
                    for (name, value) in [("_csrf", admin.csrf ?? ""), ("date", date), ("source", "SCB BE0101N1")] {
                        body.writeString("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n\(value)\r\n")
                    }
                    body.writeString("--\(boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"scb.csv\"\r\nContent-Type: text/csv\r\n\r\n")
                    body.writeBytes(file)
                    body.writeString("\r\n--\(boundary)--\r\n")
                    var headers = HTTPHeaders()
                    headers.replaceOrAdd(name: .contentType, value: "multipart/form-data; boundary=\(boundary)")
                    headers.replaceOrAdd(name: .cookie, value: "nara_session=\(admin.cookie!)")
                    return (headers, body)
                }
                var preview: TestingHTTPResponse?
                let (headers, body) = multipart(bytes, date: "2018-11-01")
                try await app.testing().test(.POST, "/admin/befolkning", headers: headers, body: body) { preview = $0 }
                #expect(preview?.status == .ok)
                #expect(preview?.text.contains("Förhandsgranskning: filen är korrekt") == true)
                #expect(preview?.text.contains("10\u{00A0}230\u{00A0}185") == true)
                #expect(try await PopulationTableModel.query(on: app.db).count() == tables)

                let pending = try #require(try await PendingImportModel.query(on: app.db).first())
                #expect(try await admin.post("/admin/befolkning/\(pending.id!.uuidString)/spara").status == .seeOther)
                #expect(try await PopulationTableModel.query(on: app.db).count() == tables + 1)
                #expect(try await admin.post("/admin/befolkning/\(pending.id!.uuidString)/spara").status == .notFound)
                let audit = try #require(try await AuditEntryModel.query(on: app.db).filter(\.$action == "import").first())
                #expect(AuditLog.decode(audit.after)["rader"] == "290")

                var broken = Array("kommunkod;folkmangd\n0114;12x\n".utf8)
                broken += Array("9999;5\n".utf8)
                let (h2, b2) = multipart(broken, date: "2022-11-01")
                var refused: TestingHTTPResponse?
                try await app.testing().test(.POST, "/admin/befolkning", headers: h2, body: b2) { refused = $0 }
                #expect(refused?.status == .unprocessableEntity)
                #expect(refused?.text.contains("Rad 2:") == true)
                #expect(refused?.text.contains("Okänd kommunkod 9999") == true)
                #expect(try await PopulationTableModel.query(on: app.db).count() == tables + 1)
            }
        }

        @Test("the audit trail is browsed, filtered and downloaded; the database refuses to change it")
        func auditTrail() async throws {
            try await withNara { app in
                var client = Client(app)
                try await client.login(Demo.regionEditor, "fel")
                var admin = Client(app)
                try await admin.login(Demo.admin)
                let page = try await admin.get("/admin/logg?action=login_failed")
                #expect(page.status == .ok)
                #expect(page.text.contains(Demo.regionEditor))
                #expect(page.text.contains("Misslyckad inloggning"))
                #expect(!page.text.contains("<td>Inloggning</td>"))
                let csv = try await admin.get("/admin/logg.csv?actor=\(Demo.admin)")
                #expect(csv.headers.contentType?.description.hasPrefix("text/csv") == true)
                #expect(csv.text.contains(";Inloggning;"))
                #expect(!csv.text.contains("Misslyckad inloggning"))

                let entry = try #require(try await AuditEntryModel.query(on: app.db).first())
                entry.actor = "någon annan"
                await #expect(throws: (any Error).self) { try await entry.update(on: app.db) }
                await #expect(throws: (any Error).self) { try await entry.delete(on: app.db) }
                #expect(try await AuditEntryModel.find(entry.id, on: app.db)?.actor != "någon annan")
            }
        }

        @Test("an editor is refused another organisation's page but sees her own, with its people")
        func organisationScoping() async throws {
            try await withNara { app in
                var editor = Client(app)
                try await editor.login(Demo.regionEditor)
                let own = try #require(try await OrganisationModel.query(on: app.db).filter(\.$kind == "region").filter(\.$code == "23").first())
                let foreign = try #require(try await OrganisationModel.query(on: app.db).filter(\.$kind == "rss").filter(\.$code == "23").first())
                let ownPage = try await editor.get("/organisationer/\(own.id!.uuidString)")
                #expect(ownPage.status == .ok)
                #expect(ownPage.text.contains(Demo.regionViewer))
                #expect(ownPage.text.contains("30\u{00A0}945\u{00A0}716\u{00A0}kr"))
                let refused = try await editor.get("/organisationer/\(foreign.id!.uuidString)")
                #expect(refused.status == .forbidden)
                #expect(!refused.text.contains(Demo.rssEditor))
                let api = try await editor.get("/api/v1/organisations/\(foreign.id!.uuidString)/members")
                #expect(api.status == .forbidden)
                // Published material needs no sign-in.
                var anonymous = Client(app)
                #expect(try await anonymous.get("/overenskommelser/2023/fordelning/kommuner").status == .ok)
                #expect(try await anonymous.get("/api/v1/agreements/2023/allocations").status == .ok)
            }
        }
    }
}
