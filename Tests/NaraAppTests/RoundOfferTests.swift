import Fluent
import Foundation
import NaraCore
import NaraPersistence
import Testing
import VaporTesting
@testable import NaraWeb

extension AppTests {
    @Suite("Report rounds offered from the agreements' milestones")
    struct RoundOfferTests {
        @Test("2023's milestones offer SKR's interim and final reports (reviewed by Socialdepartementet) and the regions' final report")
        func offers() throws {
            let a2023 = try DemoAgreements.agreement2023()
            // The seed already asks the RSS for the final report 2023.
            let offers = RoundOffers.offers(for: a2023, existing: [RoundKey(year: 2023, reportKind: "final", recipientKind: "rss")])
            #expect(offers.map { "\($0.reportKind.rawValue) \($0.recipientKind.rawValue) \($0.deadline.iso) \($0.reviewer)" } == [
                "interim skr 2023-09-30 Socialdepartementet",
                "final region 2024-03-31 Socialstyrelsen och SKR",
                "final skr 2024-03-31 Socialdepartementet",
            ])
            #expect(RoundOffers.offers(for: a2023, existing: Set(offers.map {
                RoundKey(year: 2023, reportKind: $0.reportKind.rawValue, recipientKind: $0.recipientKind.rawValue)
            } + [RoundKey(year: 2023, reportKind: "final", recipientKind: "rss")])).isEmpty)
        }

        @Test("the administrator creates SKR's interim round from the offer; the reviewer is stored and shown, the offer goes")
        func createFromOffer() async throws {
            try await withNara { app in
                var admin = Client(app)
                try await admin.login(Demo.admin)
                let before = try await admin.get(SiteURL.adminForms)
                #expect(before.text.contains("Omgångar som överenskommelserna anger"))
                #expect(before.text.contains("SKR:s delredovisning av pågående och planerad verksamhet"))
                #expect(before.text.contains("Granskas av Socialdepartementet."))
                let offered = before.count("offer-form\"")
                #expect(offered >= 3)

                let form = try #require(try await FormDefinitionModel.query(on: app.db).first())
                let res = try await admin.post(SiteURL.adminAssignments, [
                    "form": form.id!.uuidString, "year": "2023", "recipients": "skr", "kind": "interim",
                    "opens": "2023-07-01", "deadline": "2023-09-30", "reviewer": "Socialdepartementet",
                ])
                #expect(res.status == .seeOther)
                let round = try #require(try await AssignmentModel.query(on: app.db).filter(\.$recipientKind == "skr").first())
                #expect(round.deadline == "2023-09-30")
                let skr = try #require(try await OrganisationModel.query(on: app.db).filter(\.$kind == "skr").first())
                let reports = try await ReportModel.query(on: app.db).filter(\.$assignmentID == round.id!).all()
                #expect(reports.map(\.organisationID) == [skr.id!])
                #expect(try await RoundReviewers.all(on: app.db)[round.id!] == "Socialdepartementet")

                let after = try await admin.get(SiteURL.adminForms)
                #expect(after.count("offer-form\"") == offered - 1)
                #expect(after.text.contains("<td>Socialdepartementet</td>"))
                // A recipient kind the rounds do not know is refused at its field.
                let bad = try await admin.post(SiteURL.adminAssignments, [
                    "form": form.id!.uuidString, "year": "2023", "recipients": "state", "kind": "interim",
                    "opens": "2023-07-01", "deadline": "2023-09-30",
                ])
                #expect(bad.status == .unprocessableEntity)
            }
        }
    }
}
