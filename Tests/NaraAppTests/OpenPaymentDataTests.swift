import Fluent
import Foundation
import NaraCore
import NaraPersistence
import Testing
import VaporTesting
@testable import NaraWeb

extension AppTests {
    /// The open payment files at /oppna-data: every state payment and repayment, live, no persons.
    @Suite("Open payment data: utbetalningar.csv, .json and datapackage.json")
    struct OpenPaymentDataTests {
        static let maker = Actor(principal: nil, label: "Rut Rekvirentsson", address: "")
        static let director = Actor(principal: nil, label: "Eva Ekonomisdotter", address: "")
        static let payer = Actor(principal: nil, label: "Per Betalarsson", address: "")

        struct Files {
            let csv: String
            let jsonText: String
            let json: [[String: Any]]
            let package: [String: Any]

            /// The CSV's lines without the byte order mark, split on the separator (no field here
            /// holds one).
            var lines: [[String]] {
                String(csv.drop { $0 == "\u{FEFF}" }).components(separatedBy: "\r\n").filter { !$0.isEmpty }.map { $0.components(separatedBy: ";") }
            }

            /// Öre listed per payment reference.
            var perPayment: [String: Int64] {
                json.filter { $0["kind"] as? String == "payment" }.reduce(into: [:]) { sums, row in
                    sums[row["reference"] as! String, default: 0] += (row["amount_ore"] as! NSNumber).int64Value
                }
            }
        }

        static func files(_ app: Application) async throws -> Files {
            var anyone = Client(app)
            let csv = try await anyone.get("/oppna-data/utbetalningar.csv")
            #expect(csv.status == .ok)
            #expect(csv.headers.first(name: .contentType)?.hasPrefix("text/csv") == true)
            #expect(csv.text.hasPrefix("\u{FEFF}") && csv.text.contains("\r\n"))
            let json = try await anyone.get("/oppna-data/utbetalningar.json")
            #expect(json.status == .ok)
            let package = try await anyone.get("/oppna-data/datapackage.json")
            #expect(package.status == .ok)
            return Files(csv: csv.text, jsonText: json.text,
                         json: try #require(try JSONSerialization.jsonObject(with: Data(json.text.utf8)) as? [[String: Any]]),
                         package: try #require(try JSONSerialization.jsonObject(with: Data(package.text.utf8)) as? [String: Any]))
        }

        /// Every name and address of a person the database holds, and every label an actor left.
        static func personNames(_ app: Application) async throws -> Set<String> {
            var names = Set<String>()
            for u in try await UserModel.query(on: app.db).all() { names.insert(u.name); names.insert(u.email) }
            for r in try await RequisitionModel.query(on: app.db).all() {
                names.formUnion([r.createdBy, r.attestedBy, r.firstApprovedBy, r.decidedBy].compactMap { $0 })
            }
            for p in try await PaymentModel.query(on: app.db).all() { names.insert(p.createdBy) }
            for r in try await RepaymentModel.query(on: app.db).all() { names.insert(r.recordedBy) }
            for f in try await FinancialReportModel.query(on: app.db).all() { names.formUnion([f.updatedBy, f.attestedBy].compactMap { $0 }) }
            return names.filter { $0.count > 3 }
        }

        /// Checks the files against the database: every payment of a requisition with its exact
        /// amount and status, every repayment, nothing else, and no person.
        static func checkAgainstDatabase(_ app: Application) async throws -> Files {
            let files = try await Self.files(app)
            let payments = try await PaymentModel.query(on: app.db).filter(\.$requisitionID != nil).all()
            #expect(files.perPayment == Dictionary(uniqueKeysWithValues: payments.map { ($0.reference, $0.amountOre) }))
            for p in payments {
                let rows = files.json.filter { $0["reference"] as? String == p.reference }
                #expect(rows.allSatisfy { $0["status"] as? String == p.status && $0["payment_date"] as? String == p.paymentDate })
            }
            let repayments = try await RepaymentModel.query(on: app.db).all()
            let listed = files.json.filter { $0["kind"] as? String == "repayment" }
            let listedIDs: Set<String> = Set(listed.map { $0["identifier"] as! String })
            let storedIDs: Set<String> = Set(repayments.map { "nara:repayment:" + $0.id!.uuidString.lowercased() })
            #expect(listedIDs == storedIDs)
            let listedTotal: Int64 = listed.map { ($0["amount_ore"] as! NSNumber).int64Value }.reduce(0, +)
            let storedTotal: Int64 = repayments.map(\.amountOre).reduce(0, +)
            #expect(listedTotal == storedTotal)
            // The CSV holds the same rows as the JSON, in the same order.
            #expect(files.lines.dropFirst().map { $0[0] } == files.json.map { $0["identifier"] as! String })
            for name in try await personNames(app) {
                #expect(!files.csv.contains(name) && !files.jsonText.contains(name), "\(name)")
            }
            return files
        }

        @Test("a payment is listed as planned when approved and as paid the moment it is marked paid; a region's payment to a provider is not listed")
        func paymentFlow() async throws {
            try await withNara { app in
                let region = try #require(try await OrganisationModel.query(on: app.db).filter(\.$kind == "region").filter(\.$code == "23").first())
                let empty = try await Self.files(app)
                #expect(empty.json.isEmpty && empty.lines.count == 1)
                let r = try await RequisitionUseCases.create(org: region, year: 2019, amount: .mnkr("10"), by: Self.maker, today: .make(2019, 6, 1), now: Date(), on: app.db)
                _ = try await RequisitionUseCases.attest(id: r.requireID(), organisation: region.requireID(), by: Self.director, now: Date(), on: app.db)
                guard case .approved(_, let payment) = try await RequisitionUseCases.approve(id: r.requireID(), paymentDate: .make(2019, 6, 28), limit: .mnkr("50"),
                                                                                          by: Self.payer, now: Date(), on: app.db)
                else { Issue.record("not approved"); return }
                var files = try await Self.checkAgainstDatabase(app)
                // The seeded plan splits it over its areas: one row each, summing to the payment.
                let rows = files.json.filter { $0["reference"] as? String == payment.reference }
                #expect(rows.count == MoneyService.areas(payment.areas).count && rows.count > 1)
                #expect(rows.allSatisfy { $0["status"] as? String == "planned" && $0["status_label"] as? String == "Planerad" && $0["development_area"] is NSNumber })
                // Named by its organisation number when a valid one is stored, else by Nära's own kind and code.
                let number = region.orgNumber.flatMap(OrganisationNumber.init)
                let identifier = number.map { "SE-ORGNR-" + $0.digits } ?? "nara:region:23"
                #expect(rows.allSatisfy { $0["recipient_org_name"] as? String == region.name && $0["recipient_org_identifier"] as? String == identifier })
                #expect(rows.allSatisfy { ($0["recipient_org_number"] as? String) == number?.formatted })
                // Marked paid by a payer on the page: paid in the files at once.
                var kammarkollegiet = Client(app)
                try await kammarkollegiet.login(Demo.payer)
                #expect(try await kammarkollegiet.post("/utbetalningar/betalningar/\(payment.id!.uuidString)/utbetald").status == .seeOther)
                files = try await Self.checkAgainstDatabase(app)
                #expect(files.json.filter { $0["reference"] as? String == payment.reference }.allSatisfy { $0["status"] as? String == "paid" && $0["status_label"] as? String == "Utbetald" })
                // The region's payment onward to its provider is the region's money, not the state's.
                let provider = try #require(try await OrganisationModel.query(on: app.db).filter(\.$code == DemoPeople.providerCode).first())
                let a = try await AssignmentUseCases.assign(.init(title: "Digital vårdcentral", area: 1, costObject: "", provider: provider, amount: .mnkr("1")),
                                                            region: region, year: 2019, by: Self.maker, now: Date(), on: app.db)
                let request = try await AssignmentUseCases.request(assignment: a.requireID(), provider: provider.requireID(), quarter: 1, amount: .kronor(100_000),
                                                                   by: Self.maker, now: Date(), on: app.db)
                _ = try await AssignmentUseCases.decide(request: request.requireID(), region: region, approve: true, reason: "", paymentDate: .make(2019, 7, 15),
                                                        by: Self.director, now: Date(), on: app.db)
                let onward = try await PaymentModel.query(on: app.db).filter(\.$providerRequestID != nil).all()
                #expect(onward.count == 1)
                files = try await Self.checkAgainstDatabase(app)
                #expect(!files.csv.contains(provider.name) && !files.csv.contains(onward[0].reference))
            }
        }

        @Test("the demo money is listed in full: every payment with its exact amount, the repayments, no person; seeding again adds nothing")
        func demoMoney() async throws {
            try await withNara { app in
                try await MoneyDemo.seed(on: app.db, now: Date())
                let payments = try await PaymentModel.query(on: app.db).all()
                #expect(payments.count == MoneyDemo.cases.count)
                #expect(payments.allSatisfy { $0.status == PaymentState.paid.rawValue })
                // Region Jämtland Härjedalen is left for the browser stories.
                let jamtland = try #require(try await OrganisationModel.query(on: app.db).filter(\.$kind == "region").filter(\.$code == "23").first())
                #expect(try await RequisitionModel.query(on: app.db).filter(\.$organisationID == jamtland.requireID()).count() == 0)
                #expect(try await RepaymentModel.query(on: app.db).count() == MoneyDemo.cases.filter(\.report).count)
                let files = try await Self.checkAgainstDatabase(app)
                // Some payments are split by area and some are not.
                #expect(files.json.contains { $0["development_area"] is NSNull && $0["kind"] as? String == "payment" })
                #expect(files.json.contains { $0["development_area"] is NSNumber })
                try await MoneyDemo.seed(on: app.db, now: Date())
                #expect(try await PaymentModel.query(on: app.db).count() == payments.count)
            }
        }

        @Test("the data package describes both files with exactly the CSV's columns, CC0, and the open data page lists them")
        func dataPackage() async throws {
            try await withNara { app in
                try await MoneyDemo.seed(on: app.db, now: Date())
                let files = try await Self.files(app)
                let header = try #require(files.lines.first)
                let resources = try #require(files.package["resources"] as? [[String: Any]])
                #expect(resources.compactMap { $0["path"] as? String } == ["utbetalningar.csv", "utbetalningar.json"])
                for resource in resources {
                    let fields = try #require((resource["schema"] as? [String: Any])?["fields"] as? [[String: Any]])
                    #expect(fields.compactMap { $0["name"] as? String } == header)
                }
                for row in files.json { #expect(Set(row.keys) == Set(header)) }
                let licences = try #require(files.package["licenses"] as? [[String: Any]])
                #expect(licences.compactMap { $0["name"] as? String } == ["CC0-1.0"])
                var anyone = Client(app)
                let page = try await anyone.get("/oppna-data")
                #expect(page.status == .ok)
                for column in header { #expect(page.text.contains("<code>\(column)</code>"), "\(column)") }
                for link in ["/oppna-data/utbetalningar.csv", "/oppna-data/utbetalningar.json", "/oppna-data/datapackage.json", "creativecommons.org/publicdomain/zero/1.0/"] {
                    #expect(page.text.contains(link), "\(link)")
                }
                #expect(page.text.contains("uppgift saknas") || page.text.contains("Uppgift saknas"))
            }
        }
    }
}
