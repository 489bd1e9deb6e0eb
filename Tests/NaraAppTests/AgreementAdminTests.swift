import Fluent
import Foundation
import NaraCore
import NaraPersistence
import Testing
import VaporTesting
@testable import NaraWeb

extension AppTests {
    @Suite("Agreements kept by their owners: draft, publish, amend")
    struct AgreementAdminTests {
        static let editor = "/admin/overenskommelser/2027"

        /// Signs in the administrator and makes the 2027 draft as a copy of 2024.
        static func draft2027(_ app: Application) async throws -> Client {
            var admin = Client(app)
            try await admin.login(Demo.admin)
            try await admin.get("/admin/overenskommelser")
            let created = try await admin.post("/admin/overenskommelser", ["year": "2027", "copy_from": "2024"])
            #expect(created.status == .seeOther)
            return admin
        }

        /// Submits the editor as it stands, with `changes` typed over it.
        static func save(_ client: inout Client, _ changes: [String: String], path: String = editor) async throws -> TestingHTTPResponse {
            var fields = FormScraper.fields(in: try await client.get(path).text)
            for (k, v) in changes { fields[k] = v }
            fields["action"] = fields["action"] ?? (fields["amendment.date"] == nil ? "save" : "amend")
            return try await client.post(path, fields)
        }

        @Test("a copy of 2024 becomes a 2027 draft that nobody else sees; sums that do not add up are shown at their field in kronor")
        func draftAndReconciliation() async throws {
            try await withNara { app in
                var admin = try await Self.draft2027(app)
                let model = try #require(try await AgreementStore.model(year: 2027, includeDrafts: true, on: app.db))
                #expect(model.status == "draft")
                #expect(try await AgreementStore.load(model, on: app.db).pots.map(\.amount) == [.mnkr("2420"), .mnkr("750"), .mnkr("30")])
                // Drafts are not public.
                var anonymous = Client(app)
                #expect(try await anonymous.get("/overenskommelser/2027").status == .notFound)
                #expect(try await anonymous.get("/api/v1/agreements/2027").status == .notFound)
                #expect(!(try await anonymous.get("/").text.contains("2027")))
                // A frame raised without the pots is saved, and the difference is shown at the frame.
                #expect(try await Self.save(&admin, ["frame_ore": "3 300 mnkr"]).status == .seeOther)
                let page = try await admin.get(Self.editor)
                #expect(page.text.contains("href=\"#frame_ore\""))
                #expect(page.text.contains("skillnad −100\u{00A0}000\u{00A0}000\u{00A0}kr"))
                #expect(try await AgreementStore.model(year: 2027, includeDrafts: true, on: app.db)?.frameOre == 330_000_000_000)
                // Publishing is refused while it does not add up.
                #expect(try await admin.post(Self.editor + "/publicera", [:]).status == .unprocessableEntity)
                #expect(try await AgreementStore.model(year: 2027, includeDrafts: true, on: app.db)?.status == "draft")
            }
        }

        @Test("bad input is refused at its field with the typed text kept, and nothing is stored")
        func badInput() async throws {
            try await withNara { app in
                var admin = try await Self.draft2027(app)
                let cases: [(String, String)] = [("pots[0].amount_ore", "1.050"), ("frame_ore", "tre miljarder"),
                                                 ("pots[1].fixed_amounts", "SKR tio"), ("signed_on", "2027-02-30")]
                for (field, value) in cases {
                    var changes = [field: value]
                    if field.hasSuffix("fixed_amounts") { changes["pots[1].key"] = "fixed" }
                    let res = try await Self.save(&admin, changes)
                    #expect(res.status == .unprocessableEntity, "\(field)")
                    #expect(res.text.contains("href=\"#\(field)\""), "\(field)")
                    #expect(res.text.contains(value), "\(field) keeps what was typed")
                }
                // A milestone years away, and a second agreement for a year that exists.
                let far = try await Self.save(&admin, ["action": "add:milestones"])
                var fields = FormScraper.fields(in: far.text)
                fields["milestones[0].date"] = "2035-01-01"; fields["milestones[0].title"] = "För sent"; fields["action"] = "save"
                let refused = try await admin.post(Self.editor, fields)
                #expect(refused.status == .unprocessableEntity)
                #expect(refused.text.contains("31 december 2030"))
                #expect(try await admin.post("/admin/overenskommelser", ["year": "2023", "copy_from": ""]).text.contains("finns redan"))
                let stored = try await AgreementStore.load(year: 2027, includeDrafts: true, on: app.db)
                #expect(stored?.frame == .mnkr("3200"))
                #expect(stored?.milestones.isEmpty == true)
            }
        }

        @Test("2027 from a copy to publication; Jämtland requisitions, is paid; an amendment lowers the regions' pot and Jämtland owes the difference")
        func publishRequisitionAmend() async throws {
            try await withNara { app in
                app.clock = .on(.make(2027, 2, 1))
                var admin = try await Self.draft2027(app)
                #expect(try await Self.save(&admin, ["frame_ore": "3 300 mnkr", "pots[0].amount_ore": "2 520 mnkr"]).status == .seeOther)
                let preview = try await admin.get(Self.editor + "/publicera")
                #expect(preview.status == .ok)
                #expect(preview.text.contains("Region Jämtland Härjedalen"))
                #expect(try await admin.post(Self.editor + "/publicera", [:]).status == .seeOther)
                var anonymous = Client(app)
                #expect(try await anonymous.get("/overenskommelser/2027").status == .ok)
                let regions = try #require(try await AllocationQueries.load(year: 2027, pot: "regioner", version: nil, on: app.db))
                #expect(regions.total == .mnkr("2520"))
                #expect(regions.lines.count == 21)

                // Jämtland requisitions all of its 2027 money and is paid.
                let jamtland = try await MoneyTests.region(app)
                let share = try #require(regions.lines.first { $0.code == "23" }).amountOre
                var editor = Client(app)
                try await editor.login(Demo.regionEditor)
                let funds = "/organisationer/\(jamtland.id!.uuidString)/medel/2027"
                try await editor.get(funds)
                #expect(try await editor.post(funds + "/rekvisition", ["amount": Money(ore: share).typedKronor]).status == .seeOther)
                let r = try #require(try await RequisitionModel.query(on: app.db).filter(\.$agreementYear == 2027).first())
                var director = try await Client.signedIn(app, Demo.financeDirector)
                #expect(try await director.post(funds + "/rekvisition/\(r.id!.uuidString)/attestera").status == .seeOther)
                var payer = Client(app)
                try await payer.login(Demo.payer)
                try await payer.get("/utbetalningar")
                #expect(try await payer.post("/utbetalningar/rekvisitioner/\(r.id!.uuidString)/godkann", ["date": "2027-03-01"]).status == .seeOther)
                let payment = try #require(try await PaymentModel.query(on: app.db).filter(\.$agreementYear == 2027).first())
                #expect(try await payer.post("/utbetalningar/betalningar/\(payment.id!.uuidString)/utbetald").status == .seeOther)

                // An amendment without a reason is refused and changes nothing.
                let noReason = try await Self.save(&admin, ["frame_ore": "3 290 mnkr", "pots[0].amount_ore": "2 510 mnkr",
                                                            "amendment.date": "2027-06-01", "amendment.reference": "S2027/00123"])
                #expect(noReason.status == .unprocessableEntity)
                #expect(noReason.text.contains("href=\"#amendment.reason\""))
                #expect(try await AgreementStore.model(year: 2027, on: app.db)?.version == 1)

                // The amendment lowers the regions' pot by 10 mnkr.
                let amended = try await Self.save(&admin, ["frame_ore": "3 290 mnkr", "pots[0].amount_ore": "2 510 mnkr", "amendment.date": "2027-06-01",
                                                           "amendment.reason": "Anslaget sänktes i ändringsbudgeten", "amendment.reference": "S2027/00123"])
                #expect(amended.status == .ok)
                #expect(amended.text.contains("version 2"))
                #expect(amended.text.contains("Ska betala tillbaka"))
                let after = try #require(try await AllocationQueries.load(year: 2027, pot: "regioner", version: nil, on: app.db))
                #expect(after.total == .mnkr("2510"))
                #expect(after.version?.version == 2)
                let newShare = try #require(after.lines.first { $0.code == "23" }).amountOre
                let claim = try #require(try await RepaymentClaimModel.query(on: app.db).filter(\.$organisationID == jamtland.id!).first())
                #expect(claim.amountOre == share - newShare)
                #expect(claim.agreementVersion == 2)
                #expect(try await RepaymentClaimModel.query(on: app.db).count() == 1)
                // The history is public and names the change.
                let history = try await anonymous.get("/overenskommelser/2027/versioner")
                #expect(history.text.contains("S2027/00123"))
                #expect(history.text.contains("Anslaget sänktes i ändringsbudgeten"))
                // Version 1 stays readable as it was.
                let first = try await anonymous.get("/overenskommelser/2027/versioner/1")
                #expect(first.text.contains("Version 1, inte den gällande"))
                #expect(first.text.contains("2\u{00A0}520"))
                // The same amendment sent again from the old version is refused: no second claim.
                var stale = FormScraper.fields(in: try await admin.get(Self.editor).text)
                stale["base_version"] = "1"; stale["action"] = "amend"; stale["pots[0].amount_ore"] = "2 500 mnkr"; stale["frame_ore"] = "3 280 mnkr"
                stale["amendment.reason"] = "Igen"; stale["amendment.reference"] = "S2027/00124"; stale["amendment.date"] = "2027-06-02"
                #expect(try await admin.post(Self.editor, stale).status == .unprocessableEntity)
                #expect(try await RepaymentClaimModel.query(on: app.db).count() == 1)
                let audit = try await AuditEntryModel.query(on: app.db).filter(\.$action == "amend").first()
                #expect(audit?.before.contains("2\u{00A0}520\u{00A0}000\u{00A0}000\u{00A0}kr") == true)
                #expect(audit?.after.contains("2\u{00A0}510\u{00A0}000\u{00A0}000\u{00A0}kr") == true)
            }
        }

        @Test("only people who manage agreements can open the editor or change an agreement")
        func access() async throws {
            try await withNara { app in
                var analyst = Client(app)
                try await analyst.login(Demo.analyst)
                #expect(try await analyst.get("/admin/overenskommelser").status == .forbidden)
                #expect(try await analyst.post("/admin/overenskommelser", ["year": "2027"]).status == .forbidden)
                #expect(try await AgreementStore.model(year: 2027, includeDrafts: true, on: app.db) == nil)
            }
        }

        @Test("an administrator gives SKR's analyst the duty to manage agreements, and takes it back")
        func grantedDuty() async throws {
            try await withNara { app in
                let skr = try #require(try await OrganisationModel.query(on: app.db).filter(\.$code == "SKR").first())
                let user = try #require(try await UserModel.query(on: app.db).filter(\.$email == "analytiker@skr.example").first())
                let membership = try #require(try await MembershipModel.query(on: app.db).filter(\.$userID == user.id!).filter(\.$organisationID == skr.id!).first())
                var analyst = Client(app)
                try await analyst.login("analytiker@skr.example")
                #expect(try await analyst.get("/admin/overenskommelser").status == .forbidden)
                var admin = Client(app)
                try await admin.login(Demo.admin)
                let people = try await admin.get("/admin/personer")
                #expect(people.text.contains("Hanterar överenskommelser i Sveriges Kommuner och Regioner"))
                let path = "/admin/medlemskap/\(membership.id!.uuidString)/roll"
                #expect(try await admin.post(path, ["role": "analyst", "agreement_manager": "1"]).status == .seeOther)
                #expect(try await analyst.get("/admin/overenskommelser").status == .ok)
                #expect(try await analyst.post("/admin/overenskommelser", ["year": "2027", "copy_from": "2024"]).status == .seeOther)
                #expect(try await analyst.get("/admin/personer").status == .forbidden)
                let audit = try await AuditEntryModel.query(on: app.db).filter(\.$action == "role_change").all().last
                #expect(audit?.after.contains("\"hanterar överenskommelser\":\"ja\"") == true)
                #expect(try await admin.post(path, ["role": "analyst"]).status == .seeOther)
                #expect(try await analyst.get("/admin/overenskommelser").status == .forbidden)
            }
        }
    }
}
