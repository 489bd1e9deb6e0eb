import Fluent
import Foundation
import NaraCore
import NaraPersistence

/// Demo money, so the money pages and the open payment files have content on first start: a few
/// regions' requisitions for 2019 and 2023, each made, attested by another person, approved and
/// paid, and for two of them an attested financial report with its repayment. Every step goes
/// through the use cases (with their rules, audit entries and whatever else they do), dated in
/// the grant year. Only completed flows: nothing waits for anyone. Region Jämtland Härjedalen and
/// the organisations the browser stories use are left alone. Runs once: not when any requisition
/// exists.
enum MoneyDemo {
    /// Who is recorded as having acted: clearly generated, not people.
    static let maker = Actor(principal: nil, label: "Genererad demo (rekvirent)", address: "")
    static let attester = Actor(principal: nil, label: "Genererad demo (ekonomichef)", address: "")
    static let payer = Actor(principal: nil, label: "Genererad demo (utbetalare)", address: "")
    static let secondPayer = Actor(principal: nil, label: "Genererad demo (andra utbetalare)", address: "")

    struct Case {
        /// The region's county code.
        let county: String
        let year: Int
        /// The share of the allocation requisitioned, in percent.
        let percent: Int64
        /// Whether the region first saves a plan by development area (else the split is unknown).
        let plan: Bool
        /// Whether a financial report is attested and its repayment recorded.
        let report: Bool
    }

    static let cases: [Case] = [
        Case(county: "03", year: 2019, percent: 100, plan: true, report: true),   // Region Uppsala
        Case(county: "05", year: 2019, percent: 60, plan: true, report: false),   // Region Östergötland
        Case(county: "12", year: 2019, percent: 100, plan: false, report: false), // Region Skåne
        Case(county: "14", year: 2023, percent: 50, plan: true, report: false),   // Västra Götalandsregionen
        Case(county: "25", year: 2023, percent: 100, plan: true, report: true),   // Region Norrbotten
    ]

    static func seed(on db: any Database, now: Date, secondApprovalLimit: Money = Money(ore: 5_000_000_000)) async throws {
        guard try await RequisitionModel.query(on: db).count() == 0 else { return }
        let today = ReportRules.swedishDate(now)
        for (i, c) in cases.enumerated() { try await run(c, spreadDays: 3 * i, today: today, limit: secondApprovalLimit, on: db) }
    }

    /// Noon in Stockholm on a day of the grant year.
    static func instant(_ day: CivilDate) -> Date { NaraClock.on(day).now() }

    static func run(_ c: Case, spreadDays: Int, today: CivilDate, limit: Money, on db: any Database) async throws {
        guard let org = try await OrganisationModel.query(on: db).filter(\.$kind == OrganisationKind.region.rawValue)
                .filter(\.$code == c.county).first(),
              var context = try await PlanService.load(organisation: org, year: c.year, on: db), context.allocated.ore > 0 else { return }
        let orgID = try org.requireID()
        let deadline = MoneyService.requisitionDeadline(context.agreement, for: org)
        let day = (deadline.map { $0.adding(days: -30) } ?? .make(c.year, 9, 1)).adding(days: -spreadDays)
        let paidOn = day.adding(days: 14)
        guard !(today < paidOn) else { return }
        if c.plan, context.stored == nil {
            try await PlanService.save(organisation: org, year: c.year, lines: try planLines(context), before: nil, by: maker,
                                       now: instant(day.adding(days: -20)), on: db)
            guard let reloaded = try await PlanService.load(organisation: org, year: c.year, on: db) else { return }
            context = reloaded
        }
        let amount = Money(ore: context.allocated.ore * c.percent / 100 / 100 * 100)
        let requisition = try await RequisitionUseCases.create(org: org, year: c.year, amount: amount, by: maker, today: day,
                                                               now: instant(day), on: db)
        let id = try requisition.requireID()
        _ = try await RequisitionUseCases.attest(id: id, organisation: orgID, by: attester, now: instant(day.adding(days: 2)), on: db)
        var approval = try await RequisitionUseCases.approve(id: id, paymentDate: paidOn, limit: limit, by: payer,
                                                             now: instant(day.adding(days: 5)), on: db)
        if case .awaitingSecond = approval {
            approval = try await RequisitionUseCases.approve(id: id, paymentDate: paidOn, limit: limit, by: secondPayer,
                                                             now: instant(day.adding(days: 6)), on: db)
        }
        guard case .approved(_, let payment) = approval else { return }
        _ = try await PaymentUseCases.markPaid(id: try payment.requireID(), as: .kammarkollegiet, by: payer, now: instant(paidOn), on: db)
        if c.report { try await report(org: org, context: context, today: today, on: db) }
    }

    /// One line per development area, the allocation split in proportion 1 : 2 : 3 … exactly.
    static func planLines(_ context: PlanContext) throws -> [PlanLine] {
        let areas = context.agreement.areas
        guard !areas.isEmpty else { return [] }
        let claims = areas.enumerated().map { i, a in Claim(code: String(a.number), weight: Int64(i + 1)) }
        let split = try LargestRemainder.split(context.allocated, over: claims, unitOre: 1)
        return zip(areas, split.lines).map { a, line in PlanLine(area: a.number, title: "Demoinsats: " + a.title, amount: line.amount) }
    }

    /// The financial report after the year: the first line used 85 %, the rest as planned;
    /// attested by the other person, and the claim repaid a month later.
    static func report(org: OrganisationModel, context: PlanContext, today: CivilDate, on db: any Database) async throws {
        let due = FinancialService.dueDate(context.agreement)
        let saved = due.adding(days: -20)
        let repaidOn = due.adding(days: 10)
        guard !(today < repaidOn) else { return }
        let spent = context.reportLines.enumerated().map { i, line in i == 0 ? Money(ore: line.amount.ore * 85 / 100) : line.amount }
        _ = try await FinancialReportUseCases.save(org: org, plan: context, spent: spent, by: maker, now: instant(saved), on: db)
        let attested = try await FinancialReportUseCases.attest(org: org.requireID(), year: context.agreement.year, by: attester,
                                                                now: instant(saved.adding(days: 3)), on: db)
        guard attested.repaymentOre > 0 else { return }
        _ = try await FinancialReportUseCases.recordRepayment(org: org, year: context.agreement.year, amount: Money(ore: attested.repaymentOre),
                                                              paidOn: repaidOn, by: maker, now: instant(repaidOn), on: db)
    }
}
