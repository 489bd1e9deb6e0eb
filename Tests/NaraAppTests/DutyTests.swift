import Fluent
import Foundation
import NaraCore
import NaraPersistence
import Testing
import VaporTesting
@testable import NaraWeb

extension AppTests {
    /// The finance-director duty (*ekonomichef, attesträtt*): given with an invitation, on the
    /// people page and through the API, refused where the organisation receives no money, and in
    /// force at once.
    @Suite("Duties: the finance director")
    struct DutyTests {
        static func organisation(_ app: Application, _ kind: String, _ code: String) async throws -> OrganisationModel {
            try #require(try await OrganisationModel.query(on: app.db).filter(\.$kind == kind).filter(\.$code == code).first())
        }

        static func membership(_ app: Application, _ email: String, in org: OrganisationModel) async throws -> MembershipModel {
            let user = try #require(try await UserModel.query(on: app.db).filter(\.$email == email).first())
            return try #require(try await MembershipModel.query(on: app.db).filter(\.$userID == user.requireID())
                .filter(\.$organisationID == org.requireID()).first())
        }

        /// A JSON request with a personal API token.
        static func json(_ app: Application, _ method: HTTPMethod, _ path: String, as client: Client,
                         _ body: [String: Any]? = nil) async throws -> TestingHTTPResponse {
            var headers = HTTPHeaders()
            headers.bearerAuthorization = BearerAuthorization(token: try #require(client.bearer))
            var buffer: ByteBuffer?
            if let body {
                headers.contentType = .json
                buffer = ByteBuffer(data: try JSONSerialization.data(withJSONObject: body))
            }
            var captured: TestingHTTPResponse?
            try await app.testing().test(method, path, headers: headers, body: buffer) { captured = $0 }
            return try #require(captured)
        }

        static func object(_ res: TestingHTTPResponse) -> [String: Any] {
            (try? JSONSerialization.jsonObject(with: Data(res.body.string.utf8)) as? [String: Any]) ?? [:]
        }

        @Test("an invitation with the duty gives it on acceptance and the mail says so; refused at the field for an organisation without money")
        func invitation() async throws {
            try await withNara { app in
                let recorder = RecordingMailSender()
                app.mail = recorder
                var admin = Client(app)
                try await admin.login(Demo.admin)
                let municipality = try #require(try await OrganisationModel.query(on: app.db).filter(\.$kind == "municipality").first())
                let refused = try await admin.post("/admin/personer/bjud-in", ["email": "chef@kommun.se", "organisation": municipality.id!.uuidString,
                                                                              "role": "recipient_editor", "finance_director": "ja"])
                #expect(refused.status == .unprocessableEntity)
                #expect(refused.text.contains("href=\"#finance_director\""))
                #expect(refused.text.contains("\(municipality.name) tar inte emot medel"))
                #expect(refused.text.contains("value=\"chef@kommun.se\""))
                #expect(refused.text.contains("value=\"ja\" aria-describedby=\"finance_director-hint finance_director-error\" checked"))
                #expect(try await InvitationModel.query(on: app.db).count() == 0)

                let region = try await Self.organisation(app, "region", "01")
                let sent = try await admin.post("/admin/personer/bjud-in", ["email": "Ny.Chef@Regionstockholm.se", "organisation": region.id!.uuidString,
                                                                           "role": "recipient_editor", "finance_director": "ja"])
                #expect(sent.status == .ok)
                let mail = try #require(await recorder.messages(to: "ny.chef@regionstockholm.se").first)
                #expect(mail.body.contains("Du blir också ekonomichef med attesträtt"))
                let link = try #require(Client.element("inbjudningslank", in: sent.text))
                let path = String(link.dropFirst(app.storage[AppConfigKey.self]!.publicURL.count))

                var person = Client(app)
                #expect(try await person.get(path).text.contains("Du blir också ekonomichef med attesträtt"))
                let done = try await person.post(path, ["name": "Nils Chef", "password": "en lång fras att minnas", "repeated": "en lång fras att minnas"])
                #expect(done.status == .seeOther)
                #expect(try await Self.membership(app, "ny.chef@regionstockholm.se", in: region).financeDirector)
                let invited = try #require(try await AuditEntryModel.query(on: app.db).filter(\.$action == "invite").first())
                #expect(AuditLog.decode(invited.after)["ekonomichef"] == "ja")

                // Without the box, the duty is not given.
                _ = try await admin.post("/admin/personer/bjud-in", ["email": "utan@regionstockholm.se", "organisation": region.id!.uuidString,
                                                                    "role": "recipient_viewer"])
                #expect(await recorder.messages(to: "utan@regionstockholm.se").first?.body.contains("ekonomichef") == false)
            }
        }

        @Test("an administrator gives and removes the duty on the people page; it shows as Ekonomichef; refused for a provider; others may not")
        func peoplePage() async throws {
            try await withNara { app in
                let region = try await Self.organisation(app, "region", "23")
                let leo = try await Self.membership(app, Demo.regionViewer, in: region)
                var admin = Client(app)
                try await admin.login(Demo.admin)
                let tag = "<span class=\"tag\">Ekonomichef</span>"
                let holders = try await admin.get("/admin/personer").count(tag)
                let regionPage = "/organisationer/\(region.id!.uuidString)"
                let regionHolders = try await admin.get(regionPage).count(tag)
                #expect(holders == (try await MembershipModel.query(on: app.db).filter(\.$financeDirector == true).count()))

                #expect(try await admin.post("/admin/medlemskap/\(leo.id!.uuidString)/ekonomichef", ["finance_director": "ja"]).status == .seeOther)
                let granted = try await admin.get("/admin/personer")
                #expect(granted.text.contains("Leo Läsare är nu ekonomichef med attesträtt i Region Jämtland Härjedalen."))
                #expect(granted.count(tag) == holders + 1)
                #expect(try await admin.get(regionPage).count(tag) == regionHolders + 1)
                #expect(granted.text.contains("Ta bort attesträtt<span class=\"visually-hidden\"> för Leo Läsare i Region Jämtland Härjedalen</span>"))
                #expect(try await MembershipModel.find(leo.id, on: app.db)?.financeDirector == true)

                let entry = try #require(try await AuditEntryModel.query(on: app.db).filter(\.$action == "role_change").first())
                let before = AuditLog.decode(entry.before), after = AuditLog.decode(entry.after)
                #expect(before != after)
                #expect(before["ekonomichef"] == "nej" && before["roll"] == "Läsare (mottagare)")
                #expect(after["ekonomichef"] == "ja" && after["roll"] == nil)
                #expect(entry.actor == Demo.admin)

                #expect(try await admin.post("/admin/medlemskap/\(leo.id!.uuidString)/ekonomichef", ["finance_director": "nej"]).status == .seeOther)
                let removed = try await admin.get("/admin/personer")
                #expect(removed.text.contains("Leo Läsare är inte längre ekonomichef i Region Jämtland Härjedalen."))
                #expect(removed.count(tag) == holders)
                #expect(try await MembershipModel.find(leo.id, on: app.db)?.financeDirector == false)

                let provider = try await Self.organisation(app, "provider", DemoPeople.providerCode)
                let viktor = try await Self.membership(app, Demo.provider, in: provider)
                let audits = try await AuditEntryModel.query(on: app.db).count()
                let refused = try await admin.post("/admin/medlemskap/\(viktor.id!.uuidString)/ekonomichef", ["finance_director": "ja"])
                #expect(refused.status == .conflict)
                #expect(refused.text.contains("tar inte emot medel"))
                #expect(try await MembershipModel.find(viktor.id, on: app.db)?.financeDirector == false)
                #expect(try await AuditEntryModel.query(on: app.db).count() == audits)

                var editor = Client(app)
                try await editor.login(Demo.regionEditor)
                #expect(try await editor.post("/admin/medlemskap/\(leo.id!.uuidString)/ekonomichef", ["finance_director": "ja"]).status == .forbidden)
                #expect(try await MembershipModel.find(leo.id, on: app.db)?.financeDirector == false)
            }
        }

        @Test("the API lists each membership's id and duty; PATCH changes role and duty, refuses a bad role or a duty without money, 404 and 403")
        func api() async throws {
            try await withNara { app in
                let region = try await Self.organisation(app, "region", "23")
                let admin = try await Client.withToken(app, Demo.admin)
                let members = try await Self.json(app, .GET, "/api/v1/organisations/\(region.id!.uuidString)/members", as: admin)
                let list = try #require(try JSONSerialization.jsonObject(with: Data(members.body.string.utf8)) as? [[String: Any]])
                let leo = try #require(list.first { $0["email"] as? String == Demo.regionViewer })
                let rut = try #require(list.first { $0["email"] as? String == Demo.regionEditor })
                #expect(rut["finance_director"] as? Bool == true)
                #expect(leo["finance_director"] as? Bool == false)
                let id = try #require(leo["id"] as? String)
                #expect(id == (try await Self.membership(app, Demo.regionViewer, in: region)).id?.uuidString)

                let changed = try await Self.json(app, .PATCH, "/api/v1/memberships/\(id)", as: admin, ["role": "recipient_editor", "finance_director": true])
                #expect(changed.status == .ok)
                #expect(Self.object(changed)["finance_director"] as? Bool == true)
                #expect(Self.object(changed)["role"] as? String == "recipient_editor")
                #expect(Self.object(changed)["organisation"] as? String == "Region Jämtland Härjedalen")
                let m = try #require(try await MembershipModel.find(UUID(uuidString: id), on: app.db))
                #expect(m.financeDirector && m.role == "recipient_editor")

                let badRole = try await Self.json(app, .PATCH, "/api/v1/memberships/\(id)", as: admin, ["role": "chef"])
                #expect(badRole.status == .unprocessableEntity)
                #expect((Self.object(badRole)["reason"] as? String)?.contains("Okänd roll chef") == true)
                let wrongKind = try await Self.json(app, .PATCH, "/api/v1/memberships/\(id)", as: admin, ["role": "payer"])
                #expect(wrongKind.status == .unprocessableEntity)
                #expect((Self.object(wrongKind)["reason"] as? String)?.contains("kan inte ges i Region Jämtland Härjedalen") == true)
                let provider = try await Self.organisation(app, "provider", DemoPeople.providerCode)
                let viktor = try await Self.membership(app, Demo.provider, in: provider)
                let noMoney = try await Self.json(app, .PATCH, "/api/v1/memberships/\(viktor.id!.uuidString)", as: admin, ["finance_director": true])
                #expect(noMoney.status == .unprocessableEntity)
                #expect((Self.object(noMoney)["reason"] as? String)?.contains("tar inte emot medel") == true)
                #expect(try await Self.json(app, .PATCH, "/api/v1/memberships/\(UUID().uuidString)", as: admin, ["finance_director": false]).status == .notFound)

                let editor = try await Client.withToken(app, Demo.regionEditor)
                #expect(try await Self.json(app, .PATCH, "/api/v1/memberships/\(id)", as: editor, ["finance_director": false]).status == .forbidden)
                let after = try #require(try await MembershipModel.find(UUID(uuidString: id), on: app.db))
                #expect(after.financeDirector && after.role == "recipient_editor" && !viktor.financeDirector)
            }
        }

        @Test("a granted duty holds at once: the colleague attests a requisition; after removal the attestation is refused again")
        func takesEffectAtOnce() async throws {
            try await withNara { app in
                let region = try await Self.organisation(app, "region", "23")
                let leo = try await Self.membership(app, Demo.regionViewer, in: region).requireID().uuidString
                let admin = try await Client.withToken(app, Demo.admin)
                let rut = try await Client.withToken(app, Demo.regionEditor)
                let colleague = try await Client.withToken(app, Demo.regionViewer)
                var requisitions: [String] = []
                for _ in 0..<2 {
                    let created = try await Self.json(app, .POST, "/api/v1/agreements/2019/requisitions", as: rut, ["amount_ore": 100_000_000])
                    #expect(created.status == .created)
                    requisitions.append(try #require(Self.object(created)["id"] as? String))
                }
                // An editor without the duty may not attest.
                #expect(try await Self.json(app, .PATCH, "/api/v1/memberships/\(leo)", as: admin, ["role": "recipient_editor"]).status == .ok)
                #expect(try await Self.json(app, .POST, "/api/v1/requisitions/\(requisitions[0])/attest", as: colleague, [:]).status == .forbidden)

                let version = try await AccessVersion.read(on: app.db) ?? 0
                #expect(try await Self.json(app, .PATCH, "/api/v1/memberships/\(leo)", as: admin, ["finance_director": true]).status == .ok)
                // Counted for every server's cache of who may do what, in the change's transaction.
                #expect(try await AccessVersion.read(on: app.db) ?? 0 > version)
                #expect(try await Self.json(app, .POST, "/api/v1/requisitions/\(requisitions[0])/attest", as: colleague, [:]).status == .ok)

                #expect(try await Self.json(app, .PATCH, "/api/v1/memberships/\(leo)", as: admin, ["finance_director": false]).status == .ok)
                #expect(try await Self.json(app, .POST, "/api/v1/requisitions/\(requisitions[1])/attest", as: colleague, [:]).status == .forbidden)
                let states = try await RequisitionModel.query(on: app.db).all().map(\.state).sorted()
                #expect(states == ["attested", "draft"])
            }
        }
    }
}
