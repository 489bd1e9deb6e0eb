import Fluent
import Foundation
import NaraCore
import NaraPersistence
import Testing
import VaporTesting
@testable import NaraWeb

extension AppTests {
    @Suite("QuantityReport: VFU weeks reported, decided and allocated")
    struct QuantityReportTests {
        static func organisation(_ kind: String, _ code: String, on db: any Database) async throws -> OrganisationModel {
            try #require(try await OrganisationModel.query(on: db).filter(\.$kind == kind).filter(\.$code == code).first())
        }

        static func reportPath(_ org: OrganisationModel) -> String { "/organisationer/\(org.id!.uuidString)/antal/2023/vfu" }
        static let review = "/overenskommelser/2023/antal/vfu"

        static func reports(_ db: any Database) async throws -> [String: (Int64, String)] {
            Dictionary(uniqueKeysWithValues: try await QuantityReportModel.query(on: db).all().map { ($0.code, ($0.quantity, $0.state)) })
        }

        /// Posts the report form as a browser does (multipart), with a file.
        static func postWithFile(_ path: String, quantity: String, file: (name: String, bytes: [UInt8]), as client: Client,
                                 on app: Application) async throws -> TestingHTTPResponse {
            let boundary = "----nara-quantity-test"
            var body = ByteBuffer()
            for (name, value) in [("_csrf", client.csrf ?? ""), ("quantity", quantity), ("comment", "Underlag bifogat")] {
                body.writeString("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n\(value)\r\n")
            }
            body.writeString("--\(boundary)\r\nContent-Disposition: form-data; name=\"attachment\"; filename=\"\(file.name)\"\r\nContent-Type: application/pdf\r\n\r\n")
            body.writeBytes(file.bytes)
            body.writeString("\r\n--\(boundary)--\r\n")
            var headers = HTTPHeaders()
            headers.replaceOrAdd(name: .contentType, value: "multipart/form-data; boundary=\(boundary)")
            headers.replaceOrAdd(name: .cookie, value: "nara_session=\(client.cookie!)")
            var response: TestingHTTPResponse?
            try await app.testing().test(.POST, path, headers: headers, body: body) { response = $0 }
            return try #require(response)
        }

        @Test("2023 VFU: two recipients report weeks the day before the deadline, Socialstyrelsen decides, the pot is allocated exactly by weeks and the others get nothing")
        func vfuFlow() async throws {
            try await withNara { app in
                // setup
                app.clock = .on(.make(2023, 3, 30))
                let db = app.db
                let region = try await Self.organisation("region", "23", on: db)
                let rss = try await Self.organisation("rss", "23", on: db)
                let stockholm = try await Self.organisation("region", "01", on: db)
                let potID = try #require(try await QuantityQueries.load(year: 2023, pot: "vfu", on: db)?.potID)
                var regionEditor = Client(app), rssEditor = Client(app), admin = Client(app)
                try await regionEditor.login(Demo.regionEditor)
                try await rssEditor.login(Demo.rssEditor)
                try await admin.login(Demo.admin)

                // The region's page says the deadline and offers the form.
                let page = try await regionEditor.get(Self.reportPath(region))
                #expect(page.status == .ok)
                #expect(page.text.contains("31 mars 2023"))
                #expect(page.text.contains("name=\"quantity\""))

                // Bad quantities are refused at the field; nothing is stored.
                for bad in ["-3", "12,5", "", "tolv", "1e3"] {
                    let res = try await regionEditor.post(Self.reportPath(region), ["quantity": bad])
                    #expect(res.status == .unprocessableEntity, "\(bad)")
                    #expect(res.text.contains("href=\"#quantity\""), "\(bad)")
                    #expect(res.text.contains("id=\"quantity-error\""), "\(bad)")
                }
                #expect(try await Self.reports(db).isEmpty)
                // Someone else's organisation: refused, nothing stored (she only reads her county's RSS).
                #expect(try await regionEditor.post(Self.reportPath(stockholm), ["quantity": "500"]).status == .forbidden)
                #expect(try await regionEditor.post(Self.reportPath(rss), ["quantity": "500"]).status == .forbidden)
                #expect(try await Self.reports(db).isEmpty)
                // A file that is not what its name says is refused at its field.
                let fake = try await Self.postWithFile(Self.reportPath(region), quantity: "120", file: ("veckor.pdf", Array("inte en pdf".utf8)),
                                                       as: regionEditor, on: app)
                #expect(fake.status == .unprocessableEntity)
                #expect(fake.text.contains("id=\"attachment-error\""))
                #expect(try await Self.reports(db).isEmpty)

                // MUT: both report the day before the deadline, the region with an attachment.
                let pdf = Array("%PDF-1.4 VFU-veckor".utf8)
                #expect(try await Self.postWithFile(Self.reportPath(region), quantity: "120", file: ("veckor.pdf", pdf), as: regionEditor, on: app).status == .seeOther)
                #expect(try await regionEditor.post(Self.reportPath(region), ["quantity": "120"]).status == .seeOther)
                #expect(try await rssEditor.post(Self.reportPath(rss), ["quantity": "80"]).status == .seeOther)
                #expect(try await Self.reports(db)["R23"]! == (120, "reported"))
                #expect(try await Self.reports(db)["K23"]! == (80, "reported"))
                // A change before the decision keeps the attachment.
                let download = try await regionEditor.get(Self.reportPath(region) + "/bilaga")
                #expect(download.status == .ok)
                #expect(download.text == "%PDF-1.4 VFU-veckor")

                // Socialstyrelsen sees both among the 41 the pot names.
                let list = try await admin.get(Self.review)
                #expect(list.status == .ok)
                #expect(Client.element("antal-rapporterat", in: list.text) == "2 av 41")
                // An adjustment needs a reason; refused at the field.
                let noReason = try await admin.post(Self.review + "/\(rss.id!.uuidString)", ["decision": "adjust", "quantity": "70", "reason": ""])
                #expect(noReason.status == .unprocessableEntity)
                #expect(noReason.text.contains("id=\"reason-error\""))
                #expect(try await admin.post(Self.review + "/\(region.id!.uuidString)", ["decision": "accept"]).status == .seeOther)
                #expect(try await admin.post(Self.review + "/\(rss.id!.uuidString)",
                                             ["decision": "adjust", "quantity": "70", "reason": "10 veckor avsåg vårterminen 2022."]).status == .seeOther)
                // Accepting twice is an illegal move, said in Swedish.
                let twice = try await admin.post(Self.review + "/\(region.id!.uuidString)", ["decision": "accept"])
                #expect(twice.status == .unprocessableEntity)
                #expect(twice.text.contains("redan beslutat"))
                // A decided report cannot be changed by the recipient.
                let changed = try await regionEditor.post(Self.reportPath(region), ["quantity": "999"])
                #expect(changed.status == .unprocessableEntity)
                #expect(try await Self.reports(db)["R23"]! == (120, "accepted"))
                // Not before the deadline has passed.
                let early = try await admin.post(Self.review + "/fordela")
                #expect(early.status == .unprocessableEntity)
                #expect(early.text.contains("först efter sista dagen"))
                #expect(try await AllocationModel.query(on: db).filter(\.$potID == potID).count() == 0)

                // After the deadline: a report is refused at its field, nothing stored.
                app.clock = .on(.make(2023, 4, 1))
                let late = try await rssEditor.post(Self.reportPath(rss), ["quantity": "90"])
                #expect(late.status == .unprocessableEntity)
                #expect(late.text.contains("Sista dag att rapportera var 31 mars 2023"))
                #expect(late.text.contains("id=\"quantity-error\""))
                #expect(try await Self.reports(db)["K23"]! == (80, "adjusted"))

                let allocated = try await admin.post(Self.review + "/fordela")
                #expect(allocated.status == .seeOther)

                // validate: exactly by accepted weeks, 120 : 70, summing to 250 mnkr.
                let version = try #require(try await AllocationStore.currentVersion(potID: potID, on: db))
                let lines = try await AllocationStore.lines(allocationID: version.requireID(), on: db)
                #expect(lines.map(\.code) == ["R23", "K23"])
                #expect(lines.map(\.weight) == [120, 70])
                // 250 000 000 × 120 ÷ 190 = 157 894 736,84…; × 70 ÷ 190 = 92 105 263,15…; the spare krona to the larger remainder.
                #expect(lines.map(\.amountOre) == [15_789_473_700, 9_210_526_300])
                #expect(lines.map(\.amountOre).reduce(0, +) == Money.mnkr("250").ore)

                // The public page lists both with weeks and amounts, the total, and who gets nothing and why.
                var visitor = Client(app)
                let public_ = try await visitor.get("/overenskommelser/2023/fordelning/vfu")
                #expect(public_.status == .ok)
                #expect(public_.text.contains("157\u{00A0}894\u{00A0}737\u{00A0}kr"))
                #expect(public_.text.contains("92\u{00A0}105\u{00A0}263\u{00A0}kr"))
                #expect(public_.text.contains("data-ore=\"25000000000\""))
                #expect(public_.text.contains("Mottagare som inte får något"))
                #expect(public_.text.contains("Region Stockholm rapporterade inget antal före sista dagen och får därför inget."))
                #expect(public_.count("rapporterade inget antal") == 39)
                // The recipients see their share; decisions and another allocation are refused now.
                #expect(try await regionEditor.get(Self.reportPath(region)).text.contains("157\u{00A0}894\u{00A0}737\u{00A0}kr"))
                #expect(try await admin.post(Self.review + "/\(rss.id!.uuidString)", ["decision": "adjust", "quantity": "75", "reason": "x"]).status
                        == .unprocessableEntity)
                #expect(try await admin.post(Self.review + "/fordela").status == .unprocessableEntity)
                #expect(try await AllocationModel.query(on: db).filter(\.$potID == potID).count() == 1)

                // The trail has readable values.
                let entries = try await AuditEntryModel.query(on: db).filter(\.$entityType == "quantity_report").all()
                #expect(entries.count == 5)
                #expect(entries.contains { $0.after.contains("godkänt antal") && $0.after.contains("70 VFU-veckor") && $0.before.contains("80 VFU-veckor") })
            }
        }

        @Test("before allocation the public page says how many have reported and the deadline")
        func pendingPage() async throws {
            try await withNara { app in
                app.clock = .on(.make(2023, 3, 30))
                let region = try await Self.organisation("region", "23", on: app.db)
                var editor = Client(app)
                try await editor.login(Demo.regionEditor)
                #expect(try await editor.post(Self.reportPath(region), ["quantity": "40"]).status == .seeOther)
                var visitor = Client(app)
                let page = try await visitor.get("/overenskommelser/2023/fordelning/vfu")
                #expect(page.text.contains("1 av 41 mottagare har rapporterat"))
                #expect(page.text.contains("Sista dag att rapportera är 31 mars 2023"))
                // The organisation's page links to the report.
                #expect(try await editor.get("/organisationer/\(region.id!.uuidString)").text.contains(Self.reportPath(region)))
            }
        }

        @Test("demo reports: marked as demo data, Jämtland left to report")
        func demo() async throws {
            try await withNara { app in
                try await QuantityDemo.seed(on: app.db)
                try await QuantityDemo.seed(on: app.db)
                let codes = try await Self.reports(app.db)
                #expect(codes.count == QuantityDemo.entries.count)
                #expect(codes["R23"] == nil && codes["K23"] == nil)
                #expect(try await QuantityReportModel.query(on: app.db).filter(\.$isDemo == false).count() == 0)
                var admin = Client(app)
                try await admin.login(Demo.admin)
                let list = try await admin.get(Self.review)
                #expect(list.text.contains("Demodata."))
                #expect(list.count(">demodata<") == QuantityDemo.entries.count)
                var visitor = Client(app)
                #expect(try await visitor.get("/overenskommelser/2023/fordelning/vfu").text.contains("Demodata."))
            }
        }
    }
}
