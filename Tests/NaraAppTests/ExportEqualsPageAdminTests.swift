import Fluent
import Foundation
import NaraCore
import NaraPersistence
import Testing
import VaporTesting
@testable import NaraWeb

extension AppTests.ExportEqualsPageTests {
    @Test("the audit trail: every entry of the filter with its time as a date-time in Swedish time, its changes one field a line and its address, in all three forms")
    func auditTrail() async throws {
        try await withNara { app in
            _ = try await AppTests.AuditTrailTests.requisition(app)
            // An entry in summer time, with no organisation and nothing that changed.
            app.clock = .on(.make(2024, 7, 1))
            try await AuditLog.record(.approve, entity: "requisition", id: UUID().uuidString,
                                      before: ["status": "approved"], after: ["status": "approved", "datum": "2024-07-01"],
                                      actor: nil, actorLabel: "kommandoraden", now: app.clock.now(), on: app.db)
            var admin = try await Client.signedIn(app, Demo.admin)
            let page = try await Self.check(&admin, "/admin/logg", tables: ["logg"])
            let rows = try #require(ExportReader.htmlTable("logg", in: page))
            #expect(rows[0] == AuditTrail.columns && rows.count > 4)
            // The page keeps its look: the time on two unbroken lines, the e-mail breakable, a field a line.
            #expect(page.contains("<span class=\"nowrap\">1 juli 2024</span> <span class=\"nowrap\">kl. 12.00</span>"))
            #expect(page.contains("<wbr/>@") || page.contains("<wbr>@"))
            #expect(rows.contains { $0[5] == "Ingen ändring\nStatus: Godkänd\nDatum: 1 juli 2024" })
            #expect(page.contains("<div><strong>Ingen ändring</strong></div>\n<div>Status: Godkänd</div>"))
            try await Self.check(&admin, "/admin/logg?entity=requisition&from=2019-01-01", tables: ["logg"])
            let sheet = try ExportReader.xlsxRows(Data(try await admin.get("/admin/logg?entity=requisition&format=xlsx").body.readableBytesView))
            #expect(sheet.count == 5 && sheet.dropFirst().allSatisfy { if case .number(_, let f)? = $0.first { return f == "yyyy-mm-dd hh:mm" }; return false })
            let csv = ExportReader.csvRows(try await admin.get("/admin/logg?entity=requisition&format=csv").text)
            #expect(csv.contains { $0.first == "2024-07-01 12:00" && $0[1] == "kommandoraden" })
            #expect(try await admin.get("/admin/logg?format=pdf").status == .badRequest)
        }
    }

    @Test("the population tables: reference dates as days, counts as numbers, the import as a moment in Swedish time, in all three forms")
    func populationTables() async throws {
        try await withNara { app in
            var anyone = Client(app)
            let page = try await Self.check(&anyone, "/befolkning", tables: ["befolkning"])
            let rows = try #require(ExportReader.htmlTable("befolkning", in: page))
            #expect(rows.count > 1 && rows.contains { $0[3] == "10\u{00A0}230\u{00A0}185" })
            let sheet = try ExportReader.xlsxRows(Data(try await anyone.get("/befolkning?format=xlsx").body.readableBytesView))
            for row in sheet.dropFirst() {
                guard case .number(_, let day)? = row[0], case .number(_, let count)? = row[3], case .number(_, let moment)? = row[5] else {
                    Issue.record("not typed: \(row)"); continue
                }
                #expect(day == "yyyy-mm-dd" && count == "General" && moment == "yyyy-mm-dd hh:mm")
            }
        }
    }
}
