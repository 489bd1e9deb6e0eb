import Fluent
import Foundation
import NaraCore
import NaraPersistence
import Testing
import VaporTesting
@testable import NaraWeb

extension AppTests {
    /// The bookkeeping file is read with the same independent SIE reader as the core tests
    /// (`SIEParser.swift`, a link to `Tests/NaraCoreTests/SIEParser.swift`).
    @Suite("SIE export: a recipient's grant as a bookkeeping file")
    struct SIEExportTests {
        @Test("Jämtland 2019: allocation, requisition, payment, report, repayment; the file parses and balances")
        func jamtland2019() async throws {
            try await withNara { app in
                let region = try await OrganisationModel.query(on: app.db).filter(\.$kind == "region").filter(\.$code == "23").first()!
                let funds = SiteURL.funds(region.id!, 2019)
                // Without an organisation number the file names none; with one, #ORGNR carries it.
                region.orgNumber = nil
                try await region.update(on: app.db)
                let unnumbered = try SIEParser.parse(Array(try await Self.download(app, region).body.readableBytesView))
                #expect(unnumbered.first("#ORGNR") == nil)
                region.orgNumber = "232100-0214"
                try await region.update(on: app.db)
                var editor = Client(app), director = Client(app), payer = Client(app)
                try await editor.login(Demo.regionEditor)
                try await director.login(Demo.financeDirector)
                try await payer.login(Demo.payer)

                // Before anything happened the file holds the allocation alone.
                let allocated = try await PlanService.allocated(to: region, year: 2019, on: app.db)
                #expect(allocated > .zero)
                let early = try SIEParser.parse(Array(try await director.get(SiteURL.bookkeeping(region.id!, 2019)).body.readableBytesView))
                #expect(early.vouchers.count == 1)

                #expect(try await editor.post(funds + "/rekvisition", ["amount": "30 600 000"]).status == .seeOther)
                let r = try #require(try await RequisitionModel.query(on: app.db).first())
                #expect(try await director.post(funds + "/rekvisition/\(r.id!.uuidString)/attestera").status == .seeOther)
                #expect(try await payer.post(SiteURL.payerApprove(r.id!), ["date": "2019-06-28"]).status == .seeOther)
                let payment = try #require(try await PaymentModel.query(on: app.db).first())
                #expect(try await payer.post(SiteURL.payerPaid(payment.id!)).status == .seeOther)
                var form: [String: String] = [:]
                for (i, line) in DemoPlans.jamtland2019.lines.enumerated() { form["spent_\(i)"] = i == 0 ? "8 200 000" : line.amount.typedKronor }
                #expect(try await editor.post(funds + "/redovisning", form).status == .seeOther)
                #expect(try await director.post(funds + "/redovisning/attestera").status == .seeOther)
                let report = try #require(try await FinancialReportModel.query(on: app.db).first())
                #expect(report.repaymentOre > 0)
                let repayment = Money(ore: report.repaymentOre)
                #expect(try await editor.post(funds + "/aterbetalning", ["repayment": repayment.typedKronor, "paid_on": "2020-03-15"]).status == .seeOther)

                // The funds page offers the file.
                let page = try await director.get(funds)
                #expect(page.text.contains("href=\"\(SiteURL.bookkeeping(region.id!, 2019))\""))
                #expect(page.text.contains("Bokföringsfil (SIE 4) för 2019"))

                let res = try await director.get(SiteURL.bookkeeping(region.id!, 2019))
                #expect(res.status == .ok)
                #expect(res.headers.first(name: .contentType) == "text/plain; charset=IBM437")
                #expect(res.headers.first(name: .contentDisposition) == "attachment; filename=\"23-2019-nara.se\"")
                let sie = try SIEParser.parse(Array(res.body.readableBytesView))
                #expect(sie.first("#FNAMN") == [region.name])
                #expect(sie.first("#ORGNR") == [region.orgNumber!])
                #expect(sie.first("#RAR") == ["0", "20190101", "20191231"])
                let plan = GrantAccountPlan.municipalBAS
                func voucher(_ text: String) throws -> SIEFile.Voucher { try #require(sie.vouchers.first { $0.text.hasPrefix(text) }) }
                func amount(_ v: SIEFile.Voucher, _ account: SIEAccount) -> Int64? { v.rows.first { $0.account == account.number }?.ore }
                // Allocation, requisition, payment, report, repayment: one voucher each, each balanced (the parser checks).
                #expect(sie.vouchers.count == 5)
                #expect(amount(try voucher("Tilldelat"), plan.grantedReceivable) == allocated.ore)
                #expect(amount(try voucher("Rekvisition"), plan.requisitionedReceivable) == r.amountOre)
                let paid = try voucher("Utbetalning")
                #expect(amount(paid, plan.bank) == payment.amountOre)
                #expect(paid.date == .make(2019, 6, 28))
                #expect(amount(try voucher("Ekonomisk redovisning"), plan.repaymentLiability) == -repayment.ore)
                let back = try voucher("Återbetalning")
                #expect(back.date == .make(2020, 3, 15))
                #expect(amount(back, plan.bank) == -repayment.ore)
                // Everything paid was either used or paid back; nothing is owed or still receivable as requisitioned.
                #expect(sie.balances[plan.bank.number] == payment.amountOre - repayment.ore)
                #expect(sie.balances[plan.grantRevenue.number] == -(payment.amountOre - repayment.ore))
                #expect(sie.balances[plan.repaymentLiability.number] == 0)
                #expect(sie.balances[plan.requisitionedReceivable.number] == 0)
            }
        }

        static func download(_ app: Application, _ region: OrganisationModel) async throws -> TestingHTTPResponse {
            var director = Client(app)
            try await director.login(Demo.financeDirector)
            return try await director.get(SiteURL.bookkeeping(region.id!, 2019))
        }

        @Test("someone from another organisation gets nothing; a year without an agreement is not found")
        func otherOrganisation() async throws {
            try await withNara { app in
                let region = try await OrganisationModel.query(on: app.db).filter(\.$kind == "region").filter(\.$code == "23").first()!
                var rss = Client(app)
                try await rss.login(Demo.rssEditor)
                let refused = try await rss.get(SiteURL.bookkeeping(region.id!, 2019))
                #expect(refused.status == .forbidden || refused.status == .notFound)
                #expect(!refused.body.readableBytesView.starts(with: Array("#FLAGGA".utf8)))
                var anonymous = Client(app)
                let nobody = try await anonymous.get(SiteURL.bookkeeping(region.id!, 2019))
                #expect(!nobody.body.readableBytesView.starts(with: Array("#FLAGGA".utf8)))
                var director = Client(app)
                try await director.login(Demo.financeDirector)
                #expect(try await director.get(SiteURL.bookkeeping(region.id!, 1999)).status == .notFound)
            }
        }
    }
}
