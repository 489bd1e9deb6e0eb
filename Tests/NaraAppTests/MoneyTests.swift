import Fluent
import Foundation
import NaraCore
import NaraPersistence
import Testing
import VaporTesting
@testable import NaraWeb

extension AppTests {
    @Suite("Money: requisitions, payments and the overview")
    struct MoneyTests {
        static func region(_ app: Application) async throws -> OrganisationModel {
            try await OrganisationModel.query(on: app.db).filter(\.$kind == "region").filter(\.$code == "23").first()!
        }

        @Test("bad amounts are refused at the field and change nothing")
        func badAmounts() async throws {
            try await withNara { app in
                let region = try await Self.region(app)
                var editor = Client(app)
                try await editor.login(Demo.regionEditor)
                let path = "/organisationer/\(region.id!.uuidString)/medel/2019/rekvisition"
                for bad in ["1.050,5", "-3", "12e6", "", "tio miljoner", "99 999 999 999"] {
                    let res = try await editor.post(path, ["amount": bad])
                    #expect(res.status == .unprocessableEntity, "\(bad)")
                    #expect(res.text.contains("href=\"#amount\""), "\(bad)")
                }
                #expect(try await RequisitionModel.query(on: app.db).count() == 0)
            }
        }

        @Test("requisition → attest → approve → pay; the overview reconciles at every step")
        func requisitionToPayment() async throws {
            try await withNara { app in
                let region = try await Self.region(app)
                let funds = "/organisationer/\(region.id!.uuidString)/medel/2019"
                var editor = Client(app)
                try await editor.login(Demo.regionEditor)
                #expect(try await editor.post(funds + "/rekvisition", ["amount": "30 945 716"]).status == .seeOther)
                let r = try #require(try await RequisitionModel.query(on: app.db).first())
                #expect(r.amountOre == 3_094_571_600)
                // Split over the plan's areas exactly.
                #expect(MoneyService.areas(r.areas).values.reduce(Money.zero, +) == Money(ore: 3_094_571_600))
                #expect(MoneyService.areas(r.areas).keys.sorted() == [1, 2, 3])
                // Nothing more is left to requisition.
                let more = try await editor.post(funds + "/rekvisition", ["amount": "1"])
                #expect(more.text.contains("större än det som återstår"))
                // A viewer may not attest; the finance director does.
                var viewer = Client(app)
                try await viewer.login(Demo.regionViewer)
                #expect(try await viewer.post(funds + "/rekvisition/\(r.id!.uuidString)/attestera").status == .forbidden)
                // The editor is a finance director too, but made this requisition: another finance director attests it.
                let ownAttest = try await editor.post(funds + "/rekvisition/\(r.id!.uuidString)/attestera")
                #expect(ownAttest.status == .conflict)
                #expect(ownAttest.text.contains("Du gjorde rekvisitionen och kan därför inte attestera den själv."))
                #expect(try await RequisitionModel.find(r.id, on: app.db)?.state == "draft")
                var director = Client(app)
                try await director.login(Demo.financeDirector)
                #expect(try await director.post(funds + "/rekvisition/\(r.id!.uuidString)/attestera").status == .seeOther)

                var payer = Client(app)
                try await payer.login(Demo.payer)
                let inbox = try await payer.get("/utbetalningar")
                #expect(inbox.text.contains("Region Jämtland Härjedalen"))
                #expect(try await payer.post("/utbetalningar/rekvisitioner/\(r.id!.uuidString)/godkann", ["date": "2019-06-28"]).status == .seeOther)
                let payment = try #require(try await PaymentModel.query(on: app.db).first())
                #expect(payment.amountOre == r.amountOre)
                #expect(payment.status == "planned")
                let file = try await payer.get("/utbetalningar/betalfil.csv")
                #expect(file.text.contains("KAMK-GNV-2019-23-0001;2019-06-28;Region Jämtland Härjedalen;23;3094571600;30945716,00"))
                var (_, rows) = try #require(try await MoneyService.overview(year: 2019, on: app.db))
                var jh = try #require(rows.first { $0.organisation.id == region.id })
                #expect(jh.total.requisitioned == Money(ore: 3_094_571_600))
                #expect(jh.total.paid == .zero)
                #expect(try await payer.post("/utbetalningar/betalningar/\(payment.id!.uuidString)/utbetald").status == .seeOther)
                (_, rows) = try #require(try await MoneyService.overview(year: 2019, on: app.db))
                jh = try #require(rows.first { $0.organisation.id == region.id })
                #expect(jh.total.paid == jh.total.allocated)
                #expect(jh.total.balance == jh.total.paid)
                #expect(jh.total.warnings.isEmpty)
                #expect(jh.areas.values.map(\.paid).reduce(Money.zero, +) == jh.total.paid)

                // The editor sees her own row only; the analyst sees all 21 regions.
                let own = try await editor.get("/api/v1/agreements/2019/money")
                #expect(own.text.components(separatedBy: "\"code\":").count - 1 == 1)
                var analyst = Client(app)
                try await analyst.login(Demo.analyst)
                let all = try await analyst.get("/api/v1/agreements/2019/money")
                #expect(all.text.components(separatedBy: "\"code\":").count - 1 == 21)
                // 2023: every krona of every allocated pot is someone's allocation, Gotland and SKR included.
                let (_, rows2023) = try #require(try await MoneyService.overview(year: 2023, on: app.db))
                #expect(rows2023.map(\.total.allocated).reduce(Money.zero, +) == (try await PlanService.allocationsByCounty(year: 2023, on: app.db)).total)
                #expect(rows2023.map(\.total.allocated).reduce(Money.zero, +) >= .mnkr("6144.5"))
                let csv = try await analyst.get("/overenskommelser/2019/medel/tabell.csv")
                // The page's row as it downloads: kronor, and nothing (not 0) where nothing is reported as used yet.
                #expect(csv.text.contains("\r\nRegion Jämtland Härjedalen;30945716;30945716;30945716;;0;30945716\r\n"))
                // The row links to the recipient's money per development area.
                #expect(try await analyst.get("/overenskommelser/2019/medel").text.contains("href=\"\(funds)#omraden\""))
                let fundsPage = try await editor.get(funds)
                #expect(fundsPage.text.contains("id=\"omraden\""))
                #expect(fundsPage.text.contains("id=\"omraden-tabell\""))
                let actions = try await AuditEntryModel.query(on: app.db).filter(\.$entityType ~~ ["requisition", "payment"]).count()
                #expect(actions == 4)
            }
        }

        @Test("financial report: unused money becomes a repayment claim; attested reports are frozen; repayment reconciles")
        func financialReport() async throws {
            try await withNara { app in
                let region = try await Self.region(app)
                let funds = "/organisationer/\(region.id!.uuidString)/medel/2019"
                var editor = Client(app), payer = Client(app)
                try await editor.login(Demo.regionEditor)
                try await payer.login(Demo.payer)
                #expect(try await editor.post(funds + "/rekvisition", ["amount": "30 600 000"]).status == .seeOther)
                let r = try #require(try await RequisitionModel.query(on: app.db).first())
                var director = Client(app)
                try await director.login(Demo.financeDirector)
                _ = try await director.post(funds + "/rekvisition/\(r.id!.uuidString)/attestera")
                _ = try await payer.post("/utbetalningar/rekvisitioner/\(r.id!.uuidString)/godkann", ["date": "2019-06-28"])
                let p = try #require(try await PaymentModel.query(on: app.db).first())
                _ = try await payer.post("/utbetalningar/betalningar/\(p.id!.uuidString)/utbetald")

                // Outcome: everything as planned except the first line (10 mnkr), of which 8,2 mnkr was used.
                var form: [String: String] = [:]
                for (i, line) in DemoPlans.jamtland2019.lines.enumerated() {
                    form["spent_\(i)"] = i == 0 ? "8 200 000" : line.amount.typedKronor
                }
                var bad = form; bad["spent_3"] = "1.050,5"
                let refused = try await editor.post(funds + "/redovisning", bad)
                #expect(refused.status == .unprocessableEntity)
                // What was typed comes back as typed, the wrong amount at its field.
                #expect(refused.text.contains("value=\"1.050,5\""))
                #expect(refused.text.contains("value=\"8 200 000\""))
                #expect(try await FinancialReportModel.query(on: app.db).count() == 0)
                #expect(try await editor.post(funds + "/redovisning", form).status == .seeOther)
                let draft = try #require(try await FinancialReportModel.query(on: app.db).first())
                #expect(draft.repaymentOre == Money.mnkr("1.8").ore)
                #expect(draft.dueDate == "2020-03-31")
                // Only the finance director attests; then it is frozen and a change is a new version.
                var viewer = Client(app)
                try await viewer.login(Demo.regionViewer)
                #expect(try await viewer.post(funds + "/redovisning/attestera").status == .forbidden)
                // Whoever saved the report does not attest it.
                #expect(try await editor.post(funds + "/redovisning/attestera").status == .conflict)
                #expect(try await director.post(funds + "/redovisning/attestera").status == .seeOther)
                #expect(try await editor.post(funds + "/redovisning", form).status == .seeOther)
                let versions = try await FinancialReportModel.query(on: app.db).sort(\.$version).all()
                #expect(versions.map(\.version) == [1, 2])
                #expect(versions.map(\.state) == ["attested", "draft"])

                // Kammarkollegiet sees the claim; the region pays it back.
                #expect(try await payer.get("/utbetalningar").text.contains("1\u{00A0}800\u{00A0}000\u{00A0}kr"))
                #expect(try await editor.post(funds + "/aterbetalning", ["repayment": "2 000 000", "paid_on": "2020-03-15"]).status == .unprocessableEntity)
                #expect(try await editor.post(funds + "/aterbetalning", ["repayment": "1,8 mnkr", "paid_on": "15/3"]).status == .unprocessableEntity)
                #expect(try await editor.post(funds + "/aterbetalning", ["repayment": "1,8 mnkr", "paid_on": "2020-03-15"]).status == .seeOther)
                #expect(try await payer.get("/utbetalningar").text.contains("Betald"))

                let (_, rows) = try #require(try await MoneyService.overview(year: 2019, on: app.db))
                let jh = try #require(rows.first { $0.organisation.id == region.id })
                #expect(jh.total.paid == .mnkr("30.6"))
                #expect(jh.total.spent == .mnkr("28.8"))
                #expect(jh.total.repaid == .mnkr("1.8"))
                #expect(jh.total.balance == .zero)
                #expect(jh.areas[1]?.repaid == .mnkr("1.8"))
                #expect(jh.areas.values.map(\.balance).allSatisfy { $0 == .zero })
                #expect(jh.total.warnings.isEmpty)
                // Reported now: the overview shows what was used instead of "–".
                var analyst = Client(app)
                try await analyst.login(Demo.analyst)
                let page = try await analyst.get("/overenskommelser/2019/medel")
                #expect(page.text.contains("data-step=\"anvant\" data-ore=\"\(Money.mnkr("28.8").ore)\""))
                #expect(try await analyst.get("/overenskommelser/2019/medel/tabell.csv").text
                    .contains("\r\nRegion Jämtland Härjedalen;30945716;30600000;30600000;28800000;1800000;0\r\n"))
            }
        }

        @Test("assignments onward: a provider requests a quarter, the region approves, a quarterly payment follows")
        func providers() async throws {
            try await withNara { app in
                let region = try await Self.region(app)
                let provider = try #require(try await OrganisationModel.query(on: app.db).filter(\.$kind == "provider").first())
                let funds = "/organisationer/\(region.id!.uuidString)/medel/2019"
                var editor = Client(app), payer = Client(app), vg = Client(app)
                try await editor.login(Demo.regionEditor)
                try await payer.login(Demo.payer)
                try await vg.login(Demo.provider)
                // Nothing paid yet: nothing can be assigned.
                let early = try await editor.post(funds + "/uppdrag", ["a_title": "Digital vårdcentral", "a_area": "1", "a_provider": provider.id!.uuidString, "a_amount": "1 000 001"])
                #expect(early.status == .unprocessableEntity)
                #expect(early.text.contains("får inte överstiga det som betalats ut"))
                _ = try await editor.post(funds + "/rekvisition", ["amount": "30 600 000"])
                let r = try #require(try await RequisitionModel.query(on: app.db).first())
                var director = Client(app)
                try await director.login(Demo.financeDirector)
                _ = try await director.post(funds + "/rekvisition/\(r.id!.uuidString)/attestera")
                _ = try await payer.post("/utbetalningar/rekvisitioner/\(r.id!.uuidString)/godkann", ["date": "2019-06-28"])
                let p = try #require(try await PaymentModel.query(on: app.db).first())
                _ = try await payer.post("/utbetalningar/betalningar/\(p.id!.uuidString)/utbetald")
                #expect(try await editor.post(funds + "/uppdrag", ["a_title": "Digital vårdcentral", "a_area": "1", "a_provider": provider.id!.uuidString, "a_amount": "1 000 001"]).status == .seeOther)
                #expect(try await editor.post(funds + "/uppdrag", ["a_title": "Strategiarbete", "a_area": "1", "a_cost": "9916", "a_amount": "10 000 000"]).status == .seeOther)
                let a = try #require(try await FundAssignmentModel.query(on: app.db).filter(\.$providerID == provider.id!).first())
                #expect(AssignmentRoutes.instalments(a) == [.kronor(250_001), .kronor(250_000), .kronor(250_000), .kronor(250_000)])
                let page = "/organisationer/\(provider.id!.uuidString)/uppdrag"
                #expect(try await vg.get(page).text.contains("Digital vårdcentral"))
                let tooMuch = try await vg.post(page + "/\(a.id!.uuidString)/askande", ["quarter": "1", "amount": "250 002"])
                #expect(tooMuch.text.contains("högst 250\u{00A0}001\u{00A0}kr"))
                #expect(try await vg.post(page + "/\(a.id!.uuidString)/askande", ["quarter": "1", "amount": "250 001"]).status == .seeOther)
                let request = try #require(try await ProviderRequestModel.query(on: app.db).first())
                // The region may not reject without a reason; approving creates a quarterly payment to the provider.
                #expect(try await editor.post(funds + "/askanden/\(request.id!.uuidString)/beslut", ["decision": "reject"]).status == .unprocessableEntity)
                #expect(try await editor.post(funds + "/askanden/\(request.id!.uuidString)/beslut", ["decision": "approve"]).status == .seeOther)
                let quarterly = try #require(try await PaymentModel.query(on: app.db).filter(\.$providerRequestID == request.id!).first())
                #expect(quarterly.organisationID == provider.id)
                #expect(quarterly.amountOre == 25_000_100)
                // Another region's provider page is closed to the provider's neighbours.
                #expect(try await vg.get("/organisationer/\(region.id!.uuidString)/medel/2019").status == .forbidden)
                let (_, rows) = try #require(try await MoneyService.overview(year: 2019, on: app.db))
                let jh = try #require(rows.first { $0.organisation.id == region.id })
                #expect(jh.total.assigned == .kronor(11_000_001))
                #expect(jh.areas[1]?.assigned == .kronor(11_000_001))
                #expect(jh.total.warnings.isEmpty)
            }
        }

        @Test("the API writes with the same rules: requisition, attest, approve, pay")
        func api() async throws {
            try await withNara { app in
                func post(_ client: Client, _ path: String, _ body: [String: Any]) async throws -> TestingHTTPResponse {
                    var headers = HTTPHeaders()
                    headers.contentType = .json
                    headers.bearerAuthorization = BearerAuthorization(token: client.bearer!)
                    var captured: TestingHTTPResponse?
                    try await app.testing().test(.POST, path, headers: headers, body: ByteBuffer(data: try JSONSerialization.data(withJSONObject: body))) { captured = $0 }
                    return captured!
                }
                func token(_ email: String) async throws -> Client { try await Client.withToken(app, email) }
                let editor = try await token(Demo.regionEditor), viewer = try await token(Demo.regionViewer), payer = try await token(Demo.payer)
                #expect(try await post(viewer, "/api/v1/agreements/2019/requisitions", ["amount_ore": 100]).status == .forbidden)
                #expect(try await post(editor, "/api/v1/agreements/2019/requisitions", ["amount_ore": 99_999_999_999]).status == .unprocessableEntity)
                let created = try await post(editor, "/api/v1/agreements/2019/requisitions", ["amount_ore": 3_094_571_600])
                #expect(created.status == .created)
                let id = try #require((try JSONSerialization.jsonObject(with: Data(created.body.string.utf8)) as? [String: Any])?["id"] as? String)
                #expect(try await post(payer, "/api/v1/requisitions/\(id)/approve", [:]).status == .conflict)
                let own = try await post(editor, "/api/v1/requisitions/\(id)/attest", [:])
                #expect(own.status == .conflict)
                #expect(own.text.contains("En annan ekonomichef i organisationen ska attestera den."))
                #expect(try await post(try await token(Demo.financeDirector), "/api/v1/requisitions/\(id)/attest", [:]).status == .ok)
                let approved = try await post(payer, "/api/v1/requisitions/\(id)/approve", ["payment_date": "2019-06-28"])
                #expect(approved.status == .created)
                let paymentID = try #require((try JSONSerialization.jsonObject(with: Data(approved.body.string.utf8)) as? [String: Any])?["id"] as? String)
                #expect(try await post(editor, "/api/v1/payments/\(paymentID)/paid", [:]).status == .forbidden)
                #expect(try await post(payer, "/api/v1/payments/\(paymentID)/paid", [:]).status == .ok)
                let (_, rows) = try #require(try await MoneyService.overview(year: 2019, on: app.db))
                #expect(rows.first { $0.organisation.code == "23" }?.total.paid == Money(ore: 3_094_571_600))
            }
        }

        @Test("after the agreement's last day the right to requisition has lapsed")
        func lapsed() async throws {
            try await withNara { app in
                let region = try await Self.region(app)
                var editor = Client(app)
                try await editor.login(Demo.regionEditor)
                let page = try await editor.get("/organisationer/\(region.id!.uuidString)/medel/2023")
                #expect(page.text.contains("Rätten att rekvirera har upphört"))
                let res = try await editor.post("/organisationer/\(region.id!.uuidString)/medel/2023/rekvisition", ["amount": "1 000"])
                #expect(res.text.contains("1 december 2023"))
                #expect(try await RequisitionModel.query(on: app.db).count() == 0)
                #expect(RequisitionRules.check(amount: .kronor(1), allocated: .kronor(10), alreadyRequisitioned: .zero,
                                               deadline: .make(2023, 12, 1), today: .make(2023, 12, 1)) == nil)
                #expect(RequisitionRules.check(amount: .kronor(1), allocated: .kronor(10), alreadyRequisitioned: .zero,
                                               deadline: .make(2023, 12, 1), today: .make(2023, 12, 2)) == .lapsed(deadline: .make(2023, 12, 1)))
            }
        }

        /// Each `data-step="…" data-ore="…"` figure in `html`, in order, as (step, öre).
        static func figures(_ html: Substring) -> [(String, Int64)] {
            html.matches(of: /data-step="(\w+)" data-ore="(-?\d+)"/).map { (String($0.1), Int64($0.2)!) }
        }

        @Test("the overview: one row per recipient with six figures, a total row that is their sum, and a CSV that is the page")
        func overviewTable() async throws {
            try await withNara { app in
                var analyst = Client(app)
                try await analyst.login(Demo.analyst)
                let (_, rows) = try #require(try await MoneyService.overview(year: 2023, on: app.db))
                let page = try await analyst.get("/overenskommelser/2023/medel")
                #expect(page.status == .ok)
                let html = page.text
                // In the focusable region that scrolls sideways on a narrow screen.
                #expect(html.contains("<div class=\"table-wrap money-overview\" tabindex=\"0\" role=\"region\" aria-label=\"Medel per mottagare, kan rullas i sidled\">"))
                let body = try #require(html.firstRange(of: "<tbody>").flatMap { start in html.firstRange(of: "</tbody>").map { html[start.upperBound..<$0.lowerBound] } })
                let foot = try #require(html.firstRange(of: "<tfoot>").flatMap { start in html.firstRange(of: "</tfoot>").map { html[start.upperBound..<$0.lowerBound] } })
                #expect(body.components(separatedBy: "<tr>").count - 1 == rows.count)
                #expect(foot.components(separatedBy: "<tr>").count - 1 == 1)
                #expect(foot.contains("Summa"))
                // Five known figures per row (used is "–" until a report is attested); the total is their sum.
                let cells = Self.figures(body), totals = Self.figures(foot)
                #expect(cells.count == rows.count * 5)
                #expect(totals.map(\.0) == ["tilldelat", "rekvirerat", "utbetalt", "aterbetalt", "saldo"])
                for (step, total) in totals { #expect(cells.filter { $0.0 == step }.map(\.1).reduce(0, +) == total, "\(step)") }
                #expect(totals.first?.1 == rows.map(\.total.allocated).reduce(Money.zero, +).ore)
                #expect(body.components(separatedBy: "data-step=\"anvant\"><span aria-hidden=\"true\">–</span>").count - 1 == rows.count)
                #expect(!html.contains("Regi/on"))

                // The CSV: the same header, rows and figures (kronor), the total last, empty where the page shows "–".
                let csv = try await analyst.get("/overenskommelser/2023/medel/tabell.csv")
                let lines = csv.text.dropFirst().components(separatedBy: "\r\n").filter { !$0.isEmpty }.map { $0.components(separatedBy: ";") }
                #expect(lines.first == ["Mottagare", "Tilldelat", "Rekvirerat", "Utbetalt", "Redovisat använt", "Återbetalt", "Saldo"])
                #expect(lines.count == rows.count + 2)
                #expect(lines.dropFirst().map { $0[0] } == rows.map(\.organisation.name) + ["Summa"])
                #expect(lines.dropFirst().allSatisfy { $0.count == 7 && $0[4] == "" })
                let csvFigures = lines.dropFirst().flatMap { l in [1, 2, 3, 5, 6].map { Int64(l[$0])! * 100 } }
                #expect(csvFigures == (cells + totals).map(\.1))

                // A recipient's editor sees her own row and its total.
                var editor = Client(app)
                try await editor.login(Demo.regionEditor)
                let own = try await editor.get("/overenskommelser/2023/medel/tabell.csv").text.components(separatedBy: "\r\n").filter { !$0.isEmpty }
                #expect(own.count == 3)
                #expect(own[1].hasPrefix("Region Jämtland Härjedalen;"))
                #expect(own[2].hasPrefix("Summa;"))
            }
        }
    }
}
