import Fluent
import Foundation
import NaraCore
import NaraPersistence
import Testing
import VaporTesting
@testable import NaraWeb

extension AppTests {
    @Suite("Money: repayment claims after an amendment")
    struct RepaymentClaimTests {
        /// Region Jämtland Härjedalen requisitions its 30,6 mnkr of 2019 and is paid; then an
        /// amendment (as `AmendmentEffects` records it) asks 1 mnkr back by 31 January 2020.
        static func paidRegionWithClaim(_ app: Application) async throws -> (OrganisationModel, RepaymentClaimModel) {
            let region = try #require(try await OrganisationModel.query(on: app.db).filter(\.$kind == "region").filter(\.$code == "23").first())
            let funds = "/organisationer/\(region.id!.uuidString)/medel/2019"
            var editor = Client(app), payer = Client(app)
            try await editor.login(Demo.regionEditor)
            try await payer.login(Demo.payer)
            #expect(try await editor.post(funds + "/rekvisition", ["amount": "30 600 000"]).status == .seeOther)
            let r = try #require(try await RequisitionModel.query(on: app.db).first())
            var director = try await Client.signedIn(app, Demo.financeDirector)
            _ = try await director.post(funds + "/rekvisition/\(r.id!.uuidString)/attestera")
            _ = try await payer.post("/utbetalningar/rekvisitioner/\(r.id!.uuidString)/godkann", ["date": "2019-06-28"])
            let p = try #require(try await PaymentModel.query(on: app.db).first())
            _ = try await payer.post("/utbetalningar/betalningar/\(p.id!.uuidString)/utbetald")
            let claim = RepaymentClaimModel()
            claim.agreementYear = 2019; claim.organisationID = try region.requireID(); claim.agreementVersion = 2
            claim.amountOre = Money.mnkr("1").ore; claim.dueDate = "2020-01-31"; claim.state = "open"
            claim.reason = "Ändringsöverenskommelse S2019/01234 (1 december 2019): fördelningen sänktes."
            claim.createdAt = Date(); claim.createdBy = "test"
            try await claim.create(on: app.db)
            return (region, claim)
        }

        @Test("the recipient and Kammarkollegiet see the claim; the payer marks it paid once, a second time is refused")
        func markedPaidOnce() async throws {
            try await withNara { app in
                app.clock = .on(CivilDate.make(2019, 12, 15))
                let (region, claim) = try await Self.paidRegionWithClaim(app)
                let funds = "/organisationer/\(region.id!.uuidString)/medel/2019"
                var editor = Client(app), payer = Client(app)
                try await editor.login(Demo.regionEditor)
                try await payer.login(Demo.payer)

                let page = try await editor.get(funds)
                #expect(page.text.contains("Återkrav efter ändringsöverenskommelse"))
                #expect(page.text.contains("1\u{00A0}000\u{00A0}000\u{00A0}kr"))
                #expect(page.text.contains("S2019/01234"))
                #expect(page.text.contains("31 januari 2020"))
                #expect(try await payer.get("/utbetalningar").text.contains("data-status=\"open\""))
                app.clock = .on(CivilDate.make(2020, 2, 1))
                #expect(try await payer.get("/utbetalningar").text.contains("data-status=\"overdue\""))

                // While open, the claim is a warning in the overview, not yet repaid.
                var (_, rows) = try #require(try await MoneyService.overview(year: 2019, on: app.db))
                var jh = try #require(rows.first { $0.organisation.id == region.id })
                #expect(jh.total.claimed == .mnkr("1"))
                #expect(jh.total.claimOpen == .mnkr("1"))
                #expect(jh.total.repaid == .zero)
                #expect(jh.total.warnings == ["Återkrav efter ändringsöverenskommelse på 1\u{00A0}000\u{00A0}000\u{00A0}kr är ännu inte återbetalt."])

                // Only the payer marks it paid.
                let path = "/utbetalningar/aterkrav/betalt", claimForm = ["claim": claim.id!.uuidString]
                #expect(try await editor.post(path, claimForm).status == .forbidden)
                #expect(try await payer.post(path, ["claim": UUID().uuidString]).status == .notFound)
                #expect(try await payer.post(path, claimForm).status == .seeOther)
                #expect(try await payer.post(path, claimForm).status == .conflict)
                let stored = try #require(try await RepaymentClaimModel.find(claim.id, on: app.db))
                #expect(stored.state == "paid")
                let repayments = try await RepaymentModel.query(on: app.db).all()
                #expect(repayments.map(\.amountOre) == [Money.mnkr("1").ore])
                #expect(repayments.first?.paidOn == "2020-02-01")
                #expect(try await AuditEntryModel.query(on: app.db).filter(\.$entityType == "repayment_claim").count() == 1)
                #expect(try await payer.get("/utbetalningar").text.contains("data-status=\"paid\""))

                // Paid, it is repaid money; the overview, its CSV and the page agree.
                (_, rows) = try #require(try await MoneyService.overview(year: 2019, on: app.db))
                jh = try #require(rows.first { $0.organisation.id == region.id })
                #expect(jh.total.claimOpen == .zero)
                #expect(jh.total.repaid == .mnkr("1"))
                #expect(jh.total.balance == .mnkr("29.6"))
                #expect(jh.total.warnings.isEmpty)
                #expect(jh.areas.values.map(\.repaid).reduce(Money.zero, +) == jh.total.repaid)
                #expect(jh.areas.values.map(\.claimed).reduce(Money.zero, +) == jh.total.claimed)
                var analyst = Client(app)
                try await analyst.login(Demo.analyst)
                let csv = try await analyst.get("/overenskommelser/2019/medel/tabell.csv")
                #expect(csv.text.contains("\r\nRegion Jämtland Härjedalen;30945716;30600000;30600000;;1000000;29600000\r\n"))
                let overview = try await analyst.get("/overenskommelser/2019/medel")
                #expect(overview.text.contains("data-step=\"aterbetalt\" data-ore=\"100000000\""))  // the paid claim

                // The financial report settles only what the claim did not: paid 30,6 less 1 claimed, 28,6 used → 1 mnkr.
                var form: [String: String] = [:]
                for (i, line) in DemoPlans.jamtland2019.lines.enumerated() { form["spent_\(i)"] = i == 0 ? "8 000 000" : line.amount.typedKronor }
                #expect(try await editor.post(funds + "/redovisning", form).status == .seeOther)
                #expect(try await FinancialReportModel.query(on: app.db).first()?.repaymentOre == Money.mnkr("1").ore)
            }
        }

        @Test("two payers marking the same claim at once record one repayment")
        func concurrent() async throws {
            try await withNara { app in
                let (_, claim) = try await Self.paidRegionWithClaim(app)
                let id = try claim.requireID()
                func attempt() async throws -> Bool {
                    do { _ = try await RepaymentClaims.markPaid(id: id, paidOn: .make(2020, 1, 15), by: .commandLine, now: Date(), on: app.db); return true }
                    catch let refusal as MoneyRefusal { #expect(refusal.kind == .state); return false }
                }
                async let a = attempt()
                async let b = attempt()
                let results = try await [a, b]
                #expect(results.filter { $0 }.count == 1)
                #expect(try await RepaymentModel.query(on: app.db).count() == 1)
                await #expect(throws: MoneyRefusal.self) {
                    _ = try await RepaymentClaims.markPaid(id: UUID(), paidOn: .make(2020, 1, 15), by: .commandLine, now: Date(), on: app.db)
                }
            }
        }
    }
}
