import Fluent
import Foundation
import NaraCore
import NaraPersistence
import Testing
import VaporTesting
@testable import NaraWeb

extension AppTests {
    /// The regions' organisation numbers from the shipped reference data, filled at start.
    @Suite("Region organisation numbers filled at start")
    struct OrganisationNumberTests {
        static let maker = Actor(principal: nil, label: "Rut Rekvirentsson", address: "")
        static let director = Actor(principal: nil, label: "Eva Ekonomisdotter", address: "")
        static let payer = Actor(principal: nil, label: "Per Betalarsson", address: "")

        static func shipped(_ countyCode: String) throws -> RegionOrganisationNumber {
            try #require(try Geography.shippedRegionOrganisationNumbers().first { $0.countyCode == countyCode })
        }

        static func region(_ code: String, on db: any Database) async throws -> OrganisationModel {
            try #require(try await OrganisationModel.query(on: db).filter(\.$kind == "region").filter(\.$code == code).first())
        }

        @Test("after start every region with a cited number has it; filling again changes nothing and never overwrites a stored number")
        func filledOnceNeverOverwritten() async throws {
            try await withNara { app in
                let jamtland = try Self.shipped("23")
                #expect(try await Self.region("23", on: app.db).orgNumber == jamtland.number)
                let shipped = try Geography.shippedRegionOrganisationNumbers()
                let regions = try await OrganisationModel.query(on: app.db).filter(\.$kind == "region").all()
                for region in regions {
                    #expect(region.orgNumber == shipped.first { $0.countyCode == region.code }?.number, "\(region.name)")
                }
                // Only regions get a number from this file.
                let others = try await OrganisationModel.query(on: app.db).filter(\.$kind != "region").all()
                #expect(others.allSatisfy { $0.orgNumber == nil })

                let before = regions.map { "\($0.code)=\($0.orgNumber ?? "")" }.sorted()
                #expect(try await OrganisationNumberStore.fillRegionNumbers(on: app.db) == 0)
                let after = try await OrganisationModel.query(on: app.db).filter(\.$kind == "region").all()
                #expect(after.map { "\($0.code)=\($0.orgNumber ?? "")" }.sorted() == before)

                // A number an administrator stored stays; an emptied one is filled again.
                let stored = try await Self.region("23", on: app.db)
                stored.orgNumber = "212000-0803"
                try await stored.save(on: app.db)
                #expect(try await OrganisationNumberStore.fillRegionNumbers(on: app.db) == 0)
                #expect(try await Self.region("23", on: app.db).orgNumber == "212000-0803")
                stored.orgNumber = nil
                try await stored.save(on: app.db)
                #expect(try await OrganisationNumberStore.fillRegionNumbers(on: app.db) == 1)
                #expect(try await Self.region("23", on: app.db).orgNumber == jamtland.number)
            }
        }

        @Test("a paid region is named SE-ORGNR-<number> in the open payment CSV")
        func openPaymentFileNamesTheNumber() async throws {
            try await withNara { app in
                let region = try await Self.region("23", on: app.db)
                let number = try #require(OrganisationNumber(try Self.shipped("23").number))
                let r = try await RequisitionUseCases.create(org: region, year: 2019, amount: .mnkr("10"), by: Self.maker, today: .make(2019, 6, 1), now: Date(), on: app.db)
                _ = try await RequisitionUseCases.attest(id: r.requireID(), organisation: region.requireID(), by: Self.director, now: Date(), on: app.db)
                guard case .approved(_, let payment) = try await RequisitionUseCases.approve(id: r.requireID(), paymentDate: .make(2019, 6, 28), limit: .mnkr("50"),
                                                                                          by: Self.payer, now: Date(), on: app.db)
                else { Issue.record("not approved"); return }
                var kammarkollegiet = Client(app)
                try await kammarkollegiet.login(Demo.payer)
                #expect(try await kammarkollegiet.post("/utbetalningar/betalningar/\(payment.id!.uuidString)/utbetald").status == .seeOther)

                let files = try await AppTests.OpenPaymentDataTests.files(app)
                let header = try #require(files.lines.first)
                let identifier = try #require(header.firstIndex(of: "recipient_org_identifier"))
                let orgNumber = try #require(header.firstIndex(of: "recipient_org_number"))
                let rows = files.lines.dropFirst().filter { $0.contains(payment.reference) }
                #expect(!rows.isEmpty)
                for row in rows {
                    #expect(row[identifier] == "SE-ORGNR-" + number.digits)
                    #expect(row[orgNumber].filter(\.isNumber) == number.digits)
                }
            }
        }
    }
}
