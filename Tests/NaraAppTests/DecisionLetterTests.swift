import Fluent
import Foundation
import NaraCore
import NaraPersistence
import Testing
import VaporTesting
@testable import NaraWeb

extension AppTests {
    /// Kammarkollegiet's decision to pay (*beslut om utbetalning*): made once when a requisition
    /// becomes approved, readable and downloadable by the recipient and the payer, never changed.
    @Suite("Decision letters: one per approved requisition, kept unchanged")
    struct DecisionLetterAppTests {
        static let editor = Actor(principal: nil, label: "Rut (test)", address: "")
        static let director = Actor(principal: nil, label: "Eva (test)", address: "")
        static let payer = Actor(principal: nil, label: "Karl (test)", address: "")
        static let secondPayer = Actor(principal: nil, label: "Greta (test)", address: "")

        static func region(_ app: Application) async throws -> OrganisationModel {
            try #require(try await OrganisationModel.query(on: app.db).filter(\.$kind == "region").filter(\.$code == "23").first())
        }

        /// An attested 2019 requisition of Region Jämtland Härjedalen, split over its plan's areas.
        static func attested(_ app: Application, _ amount: Money) async throws -> RequisitionModel {
            let region = try await region(app)
            let r = try await RequisitionUseCases.create(org: region, year: 2019, amount: amount, by: editor, today: .make(2019, 6, 1), now: Date(), on: app.db)
            return try await RequisitionUseCases.attest(id: r.requireID(), organisation: region.requireID(), by: director, now: Date(), on: app.db)
        }

        static func letters(_ app: Application, for r: RequisitionModel) async throws -> [DecisionLetterModel] {
            try await DecisionLetterModel.query(on: app.db).filter(\.$requisitionID == r.requireID()).all()
        }

        static func path(_ m: DecisionLetterModel, year: Int = 2019) -> String { SiteURL.decisionLetter(m.organisationID, year, m.id!) }

        @Test("the payer's approval makes one letter: amounts per area summing to the requisition, listed on the funds page, readable by the recipient and the payer only")
        func onePayer() async throws {
            try await withNara { app in
                let region = try await Self.region(app)
                let r = try await Self.attested(app, Money(ore: 1_000_000_001))
                var payer = Client(app)
                try await payer.login(Demo.payer)
                #expect(try await payer.post("/utbetalningar/rekvisitioner/\(r.id!.uuidString)/godkann", ["date": "2019-06-28"]).status == .seeOther)
                let found = try await Self.letters(app, for: r)
                #expect(found.count == 1)
                let stored = try #require(found.first)
                let letter = try DecisionLetter.read(json: stored.content)
                #expect(letter.total == Money(ore: 1_000_000_001))
                #expect(letter.areas.map(\.amount).sum() == letter.total)
                let requisitioned = MoneyService.areas(r.areas)
                #expect(Dictionary(uniqueKeysWithValues: letter.areas.map { ($0.number, $0.amount) }) == requisitioned)
                #expect(letter.reference == "KAMK-2019-0001")
                #expect(letter.recipient.name == region.name)
                #expect(letter.paymentDate == .make(2019, 6, 28))
                #expect(letter.firstApprovedBy == nil)
                #expect(stored.contentSHA256 == DecisionLetters.checksum(stored.content))

                // Listed on the funds page, linked.
                var director = Client(app)
                try await director.login(Demo.financeDirector)
                let funds = try await director.get(SiteURL.funds(region.id!, 2019))
                #expect(funds.text.contains("Beslut om utbetalning"))
                #expect(funds.text.contains("href=\"\(Self.path(stored))\""))
                #expect(funds.text.contains(letter.reference))

                // Kammarkollegiet's inbox links it from the payment.
                #expect(try await payer.get("/utbetalningar").text.contains("href=\"\(Self.path(stored))\""))
                // The recipient's finance director and the payer read it, with every part of the letter.
                for var reader in [director, payer] {
                    let page = try await reader.get(Self.path(stored))
                    #expect(page.status == .ok)
                    for text in ["Beslut om utbetalning", "Kammarkollegiet", letter.reference, letter.decidedOn.swedish, region.name, letter.total.krText,
                                 "Villkor", "Återbetalning", "Beslutat av", letter.decidedBy, stored.contentSHA256, "Ladda ned som PDF"] {
                        #expect(page.text.contains(text), "\(text)")
                    }
                    for part in letter.areas { #expect(page.text.contains(part.amount.krText)) }
                }
                // Someone of another organisation, and the provider, get nothing.
                for email in [Demo.rssEditor, Demo.provider] {
                    var other = Client(app)
                    try await other.login(email)
                    for path in [Self.path(stored), Self.path(stored) + "/pdf"] {
                        let res = try await other.get(path)
                        #expect([403, 404].contains(res.status.code), "\(email) \(path) → \(res.status)")
                        #expect(!res.text.contains(letter.reference))
                    }
                    // Nor through their own organisation's path.
                    let own = try #require(try await UserModel.query(on: app.db).filter(\.$email == email).first())
                    let membership = try #require(try await MembershipModel.query(on: app.db).filter(\.$userID == own.requireID()).first())
                    let res = try await other.get(SiteURL.decisionLetter(membership.organisationID, 2019, stored.id!))
                    #expect([403, 404].contains(res.status.code))
                    #expect(!res.text.contains(letter.reference))
                }
                // Another year's path does not find it.
                #expect(try await director.get(Self.path(stored, year: 2020)).status == .notFound)
            }
        }

        @Test("the PDF is the letter printed, named by its number", .enabled(if: TestDatabase.config.pdfBrowser != nil))
        func pdf() async throws {
            try await withNara { app in
                let r = try await Self.attested(app, .mnkr("2"))
                _ = try await RequisitionUseCases.approve(id: r.requireID(), paymentDate: .make(2019, 6, 28), limit: .mnkr("50"), by: Self.payer, now: Date(), on: app.db)
                let stored = try #require(try await Self.letters(app, for: r).first)
                for email in [Demo.financeDirector, Demo.payer] {
                    var reader = Client(app)
                    try await reader.login(email)
                    let res = try await reader.get(Self.path(stored) + "/pdf")
                    #expect(res.status == .ok)
                    #expect(res.headers.contentType?.subType == "pdf")
                    #expect(res.text.hasPrefix("%PDF-"))
                    #expect(res.headers.first(name: .contentDisposition)?.contains(stored.reference) == true)
                }
            }
        }

        @Test("above the limit the letter comes with the second payer's approval and names both; a rejected requisition has none")
        func twoPayersAndRejection() async throws {
            try await withNara { app in
                let r = try await Self.attested(app, .mnkr("3"))
                let limit = Money.mnkr("1")
                guard case .awaitingSecond = try await RequisitionUseCases.approve(id: r.requireID(), paymentDate: .make(2019, 6, 28), limit: limit,
                                                                                   by: Self.payer, now: Date(), on: app.db) else { Issue.record("not awaiting"); return }
                #expect(try await Self.letters(app, for: r).isEmpty)
                _ = try await RequisitionUseCases.approve(id: r.requireID(), paymentDate: .make(2019, 6, 28), limit: limit, by: Self.secondPayer, now: Date(), on: app.db)
                let found = try await Self.letters(app, for: r)
                #expect(found.count == 1)
                let letter = try DecisionLetter.read(json: try #require(found.first).content)
                #expect(letter.decidedBy == "Greta (test)")
                #expect(letter.firstApprovedBy == "Karl (test)")
                #expect(letter.areas.map(\.amount).sum() == .mnkr("3"))

                let rejected = try await Self.attested(app, .mnkr("1"))
                _ = try await RequisitionUseCases.reject(id: rejected.requireID(), reason: "Fel belopp", by: Self.payer, now: Date(), on: app.db)
                #expect(try await Self.letters(app, for: rejected).isEmpty)
                // The next approval takes the next number.
                let third = try await Self.attested(app, .mnkr("1"))
                _ = try await RequisitionUseCases.approve(id: third.requireID(), paymentDate: .make(2019, 7, 1), limit: limit, by: Self.payer, now: Date(), on: app.db)
                #expect(try await Self.letters(app, for: third).first?.reference == "KAMK-2019-0002")
            }
        }

        @Test("the letter is unchanged after the agreement is amended and the payment is marked paid")
        func unchanged() async throws {
            try await withNara { app in
                let r = try await Self.attested(app, .mnkr("4"))
                guard case .approved(_, let payment) = try await RequisitionUseCases.approve(id: r.requireID(), paymentDate: .make(2019, 6, 28), limit: .mnkr("50"),
                                                                                            by: Self.payer, now: Date(), on: app.db) else { Issue.record("not approved"); return }
                let before = try #require(try await Self.letters(app, for: r).first)
                let letter = try DecisionLetter.read(json: before.content)
                var payer = Client(app)
                try await payer.login(Demo.payer)
                let pageBefore = try await payer.get(Self.path(before))

                // An amendment rewrites the conditions; then the payment is made.
                let admin = try await Client.withToken(app, Demo.admin)
                var get = admin
                var doc = try AgreementAPITests.document(try await get.get("/api/v1/agreements/2019"))
                doc.conditions = ["Ett helt nytt villkor efter ändringen."]
                doc.amendment = Amendment(date: .make(2019, 9, 1), reason: "Nya villkor", reference: "S2019/09999")
                let amended = try await AgreementAPITests.send(app, admin, .PUT, "/api/v1/agreements/2019", doc.encoded())
                #expect(amended.status == .ok, "\(amended.text)")
                _ = try await PaymentUseCases.markPaid(id: payment.requireID(), as: .kammarkollegiet, by: Self.payer, now: Date(), on: app.db)

                let after = try #require(try await DecisionLetterModel.find(before.id, on: app.db))
                #expect(after.content == before.content)
                #expect(after.contentSHA256 == before.contentSHA256)
                #expect(after.reference == before.reference)
                let pageAfter = try await payer.get(Self.path(after))
                #expect(!pageAfter.text.contains("Ett helt nytt villkor"))
                for condition in letter.conditions { #expect(pageAfter.text.contains(condition)) }
                #expect(pageBefore.text.contains(after.contentSHA256) && pageAfter.text.contains(after.contentSHA256))
            }
        }

        @Test("the backfill makes the letter for approved requisitions without one, from the facts at approval, and is idempotent")
        func backfill() async throws {
            try await withNara { app in
                let a = try await Self.attested(app, .mnkr("1"))
                let b = try await Self.attested(app, .mnkr("2"))
                for r in [a, b] {
                    _ = try await RequisitionUseCases.approve(id: r.requireID(), paymentDate: .make(2019, 6, 28), limit: .mnkr("50"), by: Self.payer, now: Date(), on: app.db)
                }
                let rejected = try await Self.attested(app, .mnkr("1"))
                _ = try await RequisitionUseCases.reject(id: rejected.requireID(), reason: "Nej", by: Self.payer, now: Date(), on: app.db)
                let kept = try #require(try await Self.letters(app, for: a).first)
                // As if approved before letters existed: b's letter is missing.
                try await DecisionLetterModel.query(on: app.db).filter(\.$requisitionID == b.requireID()).delete()
                let decided = try #require(try await RequisitionModel.find(b.id, on: app.db))

                #expect(try await DecisionLetters.backfill(on: app.db) == 1)
                #expect(try await DecisionLetters.backfill(on: app.db) == 0)
                #expect(try await DecisionLetterModel.query(on: app.db).count() == 2)
                #expect(try await Self.letters(app, for: rejected).isEmpty)
                #expect(try await DecisionLetterModel.find(kept.id, on: app.db)?.content == kept.content)
                let made = try #require(try await Self.letters(app, for: b).first)
                let letter = try DecisionLetter.read(json: made.content)
                #expect(letter.total == .mnkr("2"))
                #expect(letter.decidedBy == decided.decidedBy)
                #expect(letter.decidedOn == ReportRules.swedishDate(try #require(decided.decidedAt)))
                #expect(letter.reference != kept.reference)
            }
        }
    }
}
