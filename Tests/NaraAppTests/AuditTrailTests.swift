import Fluent
import Foundation
import NaraCore
import NaraPersistence
import Testing
import VaporTesting
@testable import NaraWeb

extension AppTests {
    @Suite("Audit trail: read in Swedish, filtered, downloaded the same")
    struct AuditTrailTests {
        /// A requisition made, attested and approved through the pages.
        static func requisition(_ app: Application) async throws -> OrganisationModel {
            let region = try await MoneyTests.region(app)
            let funds = "/organisationer/\(region.id!.uuidString)/medel/2019"
            var editor = try await Client.signedIn(app, Demo.regionEditor)
            #expect(try await editor.post(funds + "/rekvisition", ["amount": "30 600 000"]).status == .seeOther)
            let r = try #require(try await RequisitionModel.query(on: app.db).first())
            var director = try await Client.signedIn(app, Demo.financeDirector)
            #expect(try await director.post(funds + "/rekvisition/\(r.id!.uuidString)/attestera").status == .seeOther)
            var payer = try await Client.signedIn(app, Demo.payer)
            #expect(try await payer.post("/utbetalningar/rekvisitioner/\(r.id!.uuidString)/godkann", ["date": "2019-06-28"]).status == .seeOther)
            return region
        }

        /// The table's body rows as the reader sees them: cell texts, a cell's lines joined by `; `.
        static func pageRows(_ html: String) -> [[String]] {
            (ExportReader.htmlTable("logg", in: html) ?? []).dropFirst().map { $0.map { $0.replacingOccurrences(of: "\n", with: "; ") } }
        }

        @Test("a requisition's trail reads in Swedish: object, states before → after, amounts in kronor, no codes")
        func readsInSwedish() async throws {
            try await withNara { app in
                _ = try await Self.requisition(app)
                var admin = try await Client.signedIn(app, Demo.admin)
                let page = try await admin.get("/admin/logg?entity=requisition")
                #expect(page.status == .ok)
                let table = try #require(page.text.range(of: "<table id=\"logg\"").map { String(page.text[$0.lowerBound...]) })
                #expect(table.contains("Rekvisition id "))
                #expect(table.contains("Status: Väntar på attest → Attesterad, hos Kammarkollegiet"))
                #expect(table.contains("Status: Attesterad, hos Kammarkollegiet → Godkänd"))
                #expect(table.contains("Belopp: <span class=\"nowrap\">30\u{00A0}600\u{00A0}000\u{00A0}kr</span>"))
                #expect(table.contains("Attesterad av: "))
                for code in ["3060000000", "approved", "attested", "draft", "requisition", ">approve<", "belopp_ore"] {
                    #expect(!table.contains(code), "\(code)")
                }
                let rows = Self.pageRows(page.text)
                #expect(rows.count == 3)
                #expect(rows.allSatisfy { ["Skapat", "Attesterat", "Godkänt"].contains($0[3]) })
            }
        }

        @Test("old entries read well too: codes, öre, ISO dates and UUIDs in Swedish, an unchanged value says so")
        func oldEntries() async throws {
            try await withNara { app in
                let region = try await MoneyTests.region(app)
                let editor = try #require(try await UserModel.query(on: app.db).filter(\.$email == Demo.regionEditor).first())
                app.clock = .on(.make(2024, 3, 31))
                try await AuditLog.record(.approve, entity: "requisition", id: region.id!.uuidString,
                                          before: ["status": "approved", "belopp_ore": "3060000000"],
                                          after: ["status": "approved", "belopp_ore": "3060000000", "roll": "recipient_editor", "slag": "final",
                                                  "datum": "2024-03-31", "attesterad_av": editor.id!.uuidString],
                                          actor: nil, actorLabel: "kommandoraden", now: app.clock.now(), on: app.db)
                var admin = try await Client.signedIn(app, Demo.admin)
                let page = try await admin.get("/admin/logg?entity=requisition")
                let row = try #require(Self.pageRows(page.text).first)
                #expect(row[0] == "31 mars 2024 kl. 12.00")
                #expect(row[4] == "Rekvisition \(region.name)")
                #expect(row[5] == "Ingen ändring; Status: Godkänd; Attesterad av: \(editor.name); Belopp: 30\u{00A0}600\u{00A0}000\u{00A0}kr; "
                        + "Datum: 31 mars 2024; Roll: \(Role.recipientEditor.swedishName); Slag: Slutredovisning")
                #expect(!page.text.contains("Godkänd → Godkänd"))

                try await AuditLog.record(.roleChange, entity: "membership", id: UUID().uuidString,
                                          before: ["roll": "recipient_viewer", "ekonomichef": "nej", "person": editor.name],
                                          after: ["roll": "recipient_editor", "person": editor.name],
                                          actor: nil, actorLabel: "kommandoraden", now: app.clock.now(), on: app.db)
                let membership = try #require(Self.pageRows(try await admin.get("/admin/logg?entity=membership").text).first)
                #expect(membership[3] == "Ändrad roll")
                #expect(membership[4].hasPrefix("Medlemskap id "))
                #expect(membership[5] == "Roll: \(Role.recipientViewer.swedishName) → \(Role.recipientEditor.swedishName); "
                        + "Ekonomichef: nej; Person: \(editor.name)")
            }
        }

        @Test("the organisation filter narrows the trail; the downloads keep the filter and have the page's rows and values")
        func filterAndCSV() async throws {
            try await withNara { app in
                let region = try await Self.requisition(app)
                var admin = try await Client.signedIn(app, Demo.admin)
                let all = Self.pageRows(try await admin.get("/admin/logg?entity=requisition").text)
                let page = try await admin.get("/admin/logg?entity=requisition&organisation=\(region.id!.uuidString)")
                #expect(page.text.contains("<option value=\"\(region.id!.uuidString)\" selected=\"selected\">\(region.name)</option>"))
                let narrowed = Self.pageRows(page.text)
                #expect(narrowed.count == 2)
                #expect(page.text.contains("<option value=\"requisition\" selected=\"selected\">Rekvisition</option>"))
                #expect(narrowed.count < all.count)
                #expect(narrowed.allSatisfy { $0[2] == region.name })
                #expect(!narrowed.contains { $0[5].contains("→ Godkänd") })
                let query = "organisation=\(region.id!.uuidString)&entity=requisition"
                let links = ExportReader.links(in: page.text)
                #expect(links.contains("/admin/logg?\(query)&format=csv") && links.contains("/admin/logg?\(query)&format=xlsx"))

                let csv = try await admin.get("/admin/logg?\(query)&format=csv")
                #expect(csv.headers.contentType?.description.hasPrefix("text/csv") == true)
                let rows = ExportReader.csvRows(csv.text)
                #expect(rows.first == ["Tid", "Vem", "Organisation", "Händelse", "Objekt", "Ändringar", "Adress", "Inloggad med"])
                // Times in Swedish time as the spreadsheet reads a date-time; a field's changes one a line.
                #expect(rows.dropFirst().allSatisfy { $0[0].range(of: #"^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$"#, options: .regularExpression) != nil })
                #expect(rows.dropFirst().map { $0[1..<6].map { $0.replacingOccurrences(of: "\n", with: "; ") } } == narrowed.map { Array($0[1..<6]) })
                #expect(rows.contains { $0[5].contains("Status: Väntar på attest → Attesterad, hos Kammarkollegiet") && $0[5].contains("\n") })
                #expect(!csv.text.contains("3060000000") && !csv.text.contains("attested"))
                // The older address is the same download.
                #expect(try await admin.get("/admin/logg.csv?\(query)").text == csv.text)

                // A period end that is not a date is said at its field, in Swedish.
                let typo = try await admin.get("/admin/logg?from=31/3")
                #expect(typo.text.contains("Skriv datumet som år-månad-dag, till exempel 2024-03-31."))
                #expect(typo.text.contains("value=\"31/3\""))
            }
        }
    }
}
