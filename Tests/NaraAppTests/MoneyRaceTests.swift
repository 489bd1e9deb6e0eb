import Fluent
import Foundation
import NaraCore
import NaraPersistence
import Testing
import VaporTesting
@testable import NaraWeb

extension AppTests {
    /// Two people acting on one money item at the same moment: every time exactly one action has
    /// its effect and the other is told the item just changed. On PostgreSQL the two run on two
    /// connections at once; on SQLite the write transactions queue.
    @Suite("Money races: one effect per action")
    struct MoneyRaceTests {
        static let editor = Actor(principal: nil, label: "Rut (test)", address: "")
        static let director = Actor(principal: nil, label: "Eva (test)", address: "")
        static let payer = Actor(principal: nil, label: "Karl (test)", address: "")
        static let rounds = 20

        /// Runs `action` twice at once; returns how many succeeded, and checks the other was a state refusal.
        static func twice(_ action: @escaping @Sendable () async throws -> Void) async throws -> Int {
            @Sendable func attempt() async throws -> Bool {
                do { try await action(); return true } catch let refusal as MoneyRefusal {
                    // The loser finds the item changed, or (a payer approving twice) already approved by them.
                    #expect(refusal.kind == .state || refusal.kind == .person, "\(refusal.description)")
                    return false
                }
            }
            async let a = attempt()
            async let b = attempt()
            return try await [a, b].filter { $0 }.count
        }

        /// Region Jämtland Härjedalen paid its 2019 money, with a 1 mnkr assignment to the demo provider.
        static func paidRegion(_ app: Application) async throws -> (OrganisationModel, FundAssignmentModel) {
            let region = try #require(try await OrganisationModel.query(on: app.db).filter(\.$kind == "region").filter(\.$code == "23").first())
            let provider = try #require(try await OrganisationModel.query(on: app.db).filter(\.$code == DemoPeople.providerCode).first())
            let now = Date()
            let r = try await RequisitionUseCases.create(org: region, year: 2019, amount: .mnkr("10"), by: editor, today: .make(2019, 6, 1), now: now, on: app.db)
            _ = try await RequisitionUseCases.attest(id: r.requireID(), organisation: region.requireID(), by: director, now: now, on: app.db)
            guard case .approved(_, let p) = try await RequisitionUseCases.approve(id: r.requireID(), paymentDate: .make(2019, 6, 28), limit: .mnkr("50"),
                                                                                by: payer, now: now, on: app.db) else { throw MoneyRefusal(.state, "not approved") }
            _ = try await PaymentUseCases.markPaid(id: p.requireID(), as: .kammarkollegiet, by: payer, now: now, on: app.db)
            let a = try await AssignmentUseCases.assign(.init(title: "Digital vårdcentral", area: 1, costObject: "", provider: provider, amount: .mnkr("1")),
                                                        region: region, year: 2019, by: editor, now: now, on: app.db)
            return (region, a)
        }

        @Test("two payers approving and two marking paid at once: one payment, paid once, every round")
        func requisitions() async throws {
            try await withNara { app in
                let region = try #require(try await OrganisationModel.query(on: app.db).filter(\.$kind == "region").filter(\.$code == "23").first())
                let secondPayer = Actor(principal: nil, label: "Greta (test)", address: "")
                for round in 0..<Self.rounds {
                    let r = try await RequisitionUseCases.create(org: region, year: 2019, amount: .kronor(10), by: Self.editor, today: .make(2019, 6, 1),
                                                                 now: Date(), on: app.db)
                    let id = try r.requireID()
                    #expect(try await Self.twice { _ = try await RequisitionUseCases.attest(id: id, organisation: region.requireID(), by: Self.director, now: Date(), on: app.db) } == 1)
                    // Even rounds below the limit, odd rounds above it (5 kr): the first approval waits, the second pays.
                    let limit: Money = round % 2 == 0 ? .mnkr("50") : .kronor(5)
                    let approvals = try await Self.twice {
                        _ = try await RequisitionUseCases.approve(id: id, paymentDate: .make(2019, 6, 28), limit: limit, by: Self.payer, now: Date(), on: app.db)
                    }
                    #expect(approvals == 1)
                    if round % 2 == 1 {
                        #expect(try await PaymentModel.query(on: app.db).filter(\.$requisitionID == id).count() == 0)
                        #expect(try await Self.twice {
                            _ = try await RequisitionUseCases.approve(id: id, paymentDate: .make(2019, 6, 28), limit: limit, by: secondPayer, now: Date(), on: app.db)
                        } == 1)
                    }
                    let payments = try await PaymentModel.query(on: app.db).filter(\.$requisitionID == id).all()
                    #expect(payments.count == 1)
                    let pid = try #require(payments.first?.id)
                    #expect(try await Self.twice { _ = try await PaymentUseCases.markPaid(id: pid, as: .kammarkollegiet, by: Self.payer, now: Date(), on: app.db) } == 1)
                }
                #expect(try await FinancialService.paid(org: region.requireID(), year: 2019, on: app.db) == Money.kronor(10 * Int64(Self.rounds)))
            }
        }

        @Test("two region editors deciding one quarter's request at once: one decision, one payment, paid once")
        func quarters() async throws {
            try await withNara { app in
                let (region, assignment) = try await Self.paidRegion(app)
                let provider = try #require(assignment.providerID)
                for _ in 0..<Self.rounds {
                    let request = try await AssignmentUseCases.request(assignment: assignment.requireID(), provider: provider, quarter: 1, amount: .kronor(1),
                                                                       by: Self.editor, now: Date(), on: app.db)
                    let id = try request.requireID()
                    #expect(try await Self.twice {
                        _ = try await AssignmentUseCases.decide(request: id, region: region, approve: true, reason: "", paymentDate: .make(2019, 7, 1),
                                                                by: Self.director, now: Date(), on: app.db)
                    } == 1)
                    let payments = try await PaymentModel.query(on: app.db).filter(\.$providerRequestID == id).all()
                    #expect(payments.count == 1)
                    let pid = try #require(payments.first?.id)
                    #expect(try await Self.twice { _ = try await PaymentUseCases.markPaid(id: pid, as: .region(region.requireID()), by: Self.director, now: Date(), on: app.db) } == 1)
                }
            }
        }

        @Test("two finance directors attesting one financial report at once: attested once")
        func reports() async throws {
            try await withNara { app in
                let (region, _) = try await Self.paidRegion(app)
                let plan = try #require(try await PlanService.load(organisation: region, year: 2019, on: app.db))
                for _ in 0..<Self.rounds {
                    _ = try await FinancialReportUseCases.save(org: region, plan: plan, spent: plan.reportLines.map(\.amount), by: Self.editor, now: Date(), on: app.db)
                    #expect(try await Self.twice { _ = try await FinancialReportUseCases.attest(org: region.requireID(), year: 2019, by: Self.director, now: Date(), on: app.db) } == 1)
                }
                let versions = try await FinancialReportModel.query(on: app.db).filter(\.$organisationID == region.requireID()).all()
                #expect(versions.count == Self.rounds)
                #expect(versions.allSatisfy { $0.state == FinancialReportState.attested.rawValue })
            }
        }
    }
}
