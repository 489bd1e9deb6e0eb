import Fluent
import Foundation
import NaraCore
import NaraPersistence
import Testing
import VaporTesting
@testable import NaraWeb

extension AppTests {
    @Suite("Money: national recipients (SKR) and amendments' repayment claims")
    struct NationalRecipientTests {
        static func organisation(_ app: Application, kind: OrganisationKind, code: String) async throws -> OrganisationModel {
            try #require(try await OrganisationModel.query(on: app.db).filter(\.$kind == kind.rawValue).filter(\.$code == code).first())
        }

        /// The demo has no editor at SKR: one is made here (`email`), a finance director.
        @discardableResult
        static func skrEditor(_ app: Application, email: String = "redigerare@skr.example", name: String = "Sigrid SKR") async throws -> String {
            let skr = try await organisation(app, kind: .skr, code: "SKR")
            let user = UserModel()
            user.email = email; user.name = name; user.isActive = true; user.createdAt = Date()
            user.passwordHash = try Bcrypt.hash(AppConfig.demoPassword, cost: 4)
            try await user.create(on: app.db)
            let m = MembershipModel()
            m.userID = try user.requireID(); m.organisationID = try skr.requireID(); m.role = Role.recipientEditor.rawValue
            m.createdAt = Date(); m.financeDirector = true
            try await m.create(on: app.db)
            return user.email
        }

        @Test("SKR requisitions its 51,5 mnkr of 2023, is paid, and shows in the money overview")
        func skrIsPaid() async throws {
            try await withNara { app in
                app.clock = .on(CivilDate.make(2023, 6, 1))
                let skr = try await Self.organisation(app, kind: .skr, code: "SKR")
                let funds = "/organisationer/\(skr.id!.uuidString)/medel/2023"
                var editor = Client(app), payer = Client(app), analyst = Client(app)
                try await editor.login(try await Self.skrEditor(app))
                try await payer.login(Demo.payer)
                try await analyst.login(Demo.analyst)

                // The allocation counts SKR's fixed pot; no other recipient's line is counted for it.
                #expect(try await PlanService.allocated(to: skr, year: 2023, on: app.db) == .mnkr("51.5"))
                let page = try await editor.get(funds)
                #expect(page.status == .ok)
                #expect(page.text.contains("51\u{00A0}500\u{00A0}000\u{00A0}kr"))
                #expect(page.text.contains("ingen plan per utvecklingsområde"))
                // No allocation in 2019: a clear refusal, nothing stored.
                let refused = try await editor.post("/organisationer/\(skr.id!.uuidString)/medel/2019/rekvisition", ["amount": "1 000"])
                #expect(refused.status == .unprocessableEntity)
                #expect(refused.text.contains("Sveriges Kommuner och Regioner har inga medel tilldelade i överenskommelsen 2019 och kan därför inte rekvirera."))
                #expect(try await editor.post(funds + "/rekvisition", ["amount": "51 500 001"]).text.contains("större än det som återstår"))
                #expect(try await RequisitionModel.query(on: app.db).count() == 0)

                #expect(try await editor.post(funds + "/rekvisition", ["amount": "51,5 mnkr"]).status == .seeOther)
                let r = try #require(try await RequisitionModel.query(on: app.db).first())
                #expect(r.amountOre == Money.mnkr("51.5").ore)
                // Without a plan by area, the whole amount is on area 0.
                #expect(MoneyService.areas(r.areas) == [0: .mnkr("51.5")])
                #expect(r.createdAt == app.clock.now())
                // SKR's other finance director attests what Sigrid made.
                var director = Client(app)
                try await director.login(try await Self.skrEditor(app, email: "ekonomi@skr.example", name: "Einar Ekonomi"))
                #expect(try await director.post(funds + "/rekvisition/\(r.id!.uuidString)/attestera").status == .seeOther)
                #expect(try await payer.get("/utbetalningar").text.contains("Sveriges Kommuner och Regioner"))
                // 51,5 mnkr is above the 50 mnkr limit: the first payer's approval waits for a second payer's.
                #expect(try await payer.post("/utbetalningar/rekvisitioner/\(r.id!.uuidString)/godkann").status == .seeOther)
                #expect(try await RequisitionModel.find(r.id, on: app.db)?.state == "awaiting_second_approval")
                #expect(try await PaymentModel.query(on: app.db).count() == 0)
                let again = try await payer.post("/utbetalningar/rekvisitioner/\(r.id!.uuidString)/godkann")
                #expect(again.status == .conflict)
                #expect(again.text.contains("en annan utbetalare på Kammarkollegiet ska göra det andra godkännandet"))
                var second = Client(app)
                try await second.login(Demo.secondPayer)
                #expect(try await second.get("/utbetalningar").text.contains("Väntar på andra godkännande"))
                #expect(try await second.post("/utbetalningar/rekvisitioner/\(r.id!.uuidString)/godkann").status == .seeOther)
                let payment = try #require(try await PaymentModel.query(on: app.db).first())
                #expect(payment.paymentDate == "2023-06-01")
                #expect(payment.reference == "KAMK-GNV-2023-SKR-0001")
                #expect(try await payer.post("/utbetalningar/betalningar/\(payment.id!.uuidString)/utbetald").status == .seeOther)

                let (_, rows) = try #require(try await MoneyService.overview(year: 2023, on: app.db))
                let row = try #require(rows.first { $0.organisation.code == "SKR" })
                #expect(row.total.allocated == .mnkr("51.5"))
                #expect(row.total.paid == .mnkr("51.5"))
                #expect(row.total.warnings.isEmpty)
                #expect(rows.last?.organisation.code == "SKR")
                // No other national body has money in 2023; every krona of every allocated pot is someone's.
                #expect(!rows.contains { $0.organisation.code == "KAMK" || $0.organisation.code == "SOS" })
                let lines = try await PlanService.allocationsByCounty(year: 2023, on: app.db)
                #expect(rows.map(\.total.allocated).reduce(Money.zero, +) == lines.total)
                #expect(try await analyst.get("/overenskommelser/2023/medel").text.contains("Sveriges Kommuner och Regioner"))
                let csv = try await analyst.get("/overenskommelser/2023/medel/tabell.csv")
                #expect(csv.text.contains("\r\nSveriges Kommuner och Regioner;51500000;51500000;51500000;;0;51500000\r\n"))
                let api = try await analyst.get("/api/v1/agreements/2023/money")
                #expect(api.text.contains("\"code\":\"SKR\""))
                // SKR's editor sees SKR's row only.
                let own = try await editor.get("/api/v1/agreements/2023/money")
                #expect(own.count("\"code\":") == 1)
            }
        }

        @Test("a recipient without an allocation is refused in a Swedish sentence; organisations that receive no money have no funds page")
        func noAllocation() async throws {
            try await withNara { app in
                let kamk = try await Self.organisation(app, kind: .state, code: "KAMK")
                do {
                    _ = try await RequisitionUseCases.create(org: kamk, year: 2023, amount: .kronor(1), by: .commandLine, today: .make(2023, 6, 1),
                                                             now: Date(), on: app.db)
                    Issue.record("requisition without an allocation was allowed")
                } catch let refusal as MoneyRefusal {
                    #expect(refusal.field == "amount")
                    #expect(refusal.description == "Kammarkollegiet har inga medel tilldelade i överenskommelsen 2023 och kan därför inte rekvirera.")
                }
                var payer = Client(app)
                try await payer.login(Demo.payer)
                #expect(try await payer.get("/organisationer/\(kamk.id!.uuidString)/medel/2023").text.contains("Kammarkollegiet har inga medel tilldelade"))
                let provider = try await Self.organisation(app, kind: .provider, code: DemoPeople.providerCode)
                #expect(try await payer.get("/organisationer/\(provider.id!.uuidString)/medel/2023").status == .notFound)
            }
        }
    }
}
