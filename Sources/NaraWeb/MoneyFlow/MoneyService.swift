import Fluent
import Foundation
import NaraCore
import NaraPersistence

/// Requisitions, payments and the money overview.
enum MoneyService {
    static func areas(_ json: String) -> [Int: Money] {
        let decoded = (try? JSONDecoder().decode([String: Int64].self, from: Data(json.utf8))) ?? [:]
        return Dictionary(uniqueKeysWithValues: decoded.compactMap { k, v in Int(k).map { ($0, Money(ore: v)) } })
    }

    static func areasJSON(_ areas: [Int: Money]) -> String {
        AnswerParser.json(Dictionary(uniqueKeysWithValues: areas.map { (String($0.key), $0.value.ore) }))
    }

    /// The agreement's last day for requisitions, from its milestones: the one that names the
    /// recipient, else the first (`ResponsibleText.milestone`).
    static func requisitionDeadline(_ agreement: Agreement, for org: OrganisationModel) -> CivilDate? {
        ResponsibleText.milestone(.requisition, in: agreement, for: OrganisationKind(rawValue: org.kind) ?? .region, name: org.name)?.date
    }

    static func requisitions(org: UUID, year: Int, on db: any Database) async throws -> [RequisitionModel] {
        try await RequisitionModel.query(on: db).filter(\.$organisationID == org).filter(\.$agreementYear == year).sort(\.$createdAt).all()
    }

    /// Requisitions that count against the allocation: all but rejected ones.
    static func requisitioned(_ list: [RequisitionModel]) -> Money {
        list.filter { RequisitionState(rawValue: $0.state)?.counts ?? true }.map { Money(ore: $0.amountOre) }.sum()
    }

    struct Row: Sendable {
        let organisation: OrganisationModel
        let total: MoneySteps
        let areas: [Int: MoneySteps]
        /// Whether an attested financial report says what was used; until then "used" is unknown, not zero.
        var reported: Bool = false
    }

    /// For each recipient of an agreement (regions, RSS, SKR and other national bodies with an
    /// allocation or a requisition), the money's steps in total and per development area. The
    /// year's allocation, requisitions, payments, assignments and claims are each read once.
    static func overview(year: Int, only: UUID? = nil, on db: any Database) async throws -> (Agreement, [Row])? {
        guard let agreement = try await AgreementStore.load(year: year, on: db) else { return nil }
        var orgs = try await OrganisationModel.query(on: db).filter(\.$kind ~~ PlanService.recipientKinds).all()
        orgs.sort { (national($0), $0.countyCode ?? "", $0.kind, $0.code) < (national($1), $1.countyCode ?? "", $1.kind, $1.code) }
        if let only { orgs = orgs.filter { $0.id == only } }
        let requisitions = try await RequisitionModel.query(on: db).filter(\.$agreementYear == year).all()
        let payments = try await PaymentModel.query(on: db).filter(\.$agreementYear == year).all()
        let assignments = try await FundAssignmentModel.query(on: db).filter(\.$agreementYear == year).all()
        let claims = try await RepaymentClaimModel.query(on: db).filter(\.$agreementYear == year).all()
        let allocation = try await PlanService.allocationsByCounty(year: year, on: db)
        var rows: [Row] = []
        for org in orgs {
            let allocated = PlanService.allocated(to: org, in: allocation)
            let mine = requisitions.filter { $0.organisationID == org.id && $0.state != RequisitionState.rejected.rawValue && $0.state != RequisitionState.draft.rawValue }
            let paid = payments.filter { $0.organisationID == org.id && $0.status == PaymentState.paid.rawValue && $0.requisitionID != nil }
            let myClaims = claims.filter { $0.organisationID == org.id }
            if allocated == .zero && mine.isEmpty && myClaims.isEmpty { continue }
            var areas: [Int: MoneySteps] = [:]
            for r in mine { for (a, m) in MoneyService.areas(r.areas) { areas[a, default: MoneySteps()].requisitioned += m } }
            for p in paid { for (a, m) in MoneyService.areas(p.areas) { areas[a, default: MoneySteps()].paid += m } }
            for a in assignments where a.organisationID == org.id { areas[a.area, default: MoneySteps()].assigned += Money(ore: a.amountOre) }
            let (_, attested) = try await FinancialService.reports(org: org.requireID(), year: year, on: db)
            if let attested { for line in attested.lines { areas[line.area, default: MoneySteps()].spent += Money(ore: line.spentOre) } }
            let paidByArea = areas.mapValues(\.paid).filter { $0.value.ore > 0 }
            let (_, repaidByArea) = try await FinancialService.repaid(org: org.requireID(), year: year, paidByArea: paidByArea, report: attested, on: db)
            for (a, m) in repaidByArea { areas[a, default: MoneySteps()].repaid += m }
            let claimed = myClaims.map { Money(ore: $0.amountOre) }.sum()
            let open = myClaims.filter { $0.state == RepaymentClaimState.open.rawValue }.map { Money(ore: $0.amountOre) }.sum()
            for (a, m) in split(claimed, by: paidByArea) { areas[a, default: MoneySteps()].claimed += m }
            for (a, m) in split(open, by: paidByArea) { areas[a, default: MoneySteps()].claimOpen += m }
            var total = areas.values.reduce(MoneySteps(), +)
            total.allocated = allocated
            rows.append(Row(organisation: org, total: total, areas: areas, reported: attested != nil))
        }
        return (agreement, rows)
    }

    /// Regions and RSS by county first, national bodies after them.
    static func national(_ org: OrganisationModel) -> Int { org.countyCode == nil ? 1 : 0 }

    /// Splits an amount over areas in proportion to what was paid on each, exactly; with nothing
    /// paid, all on area 0.
    static func split(_ amount: Money, by paidByArea: [Int: Money]) -> [Int: Money] {
        guard amount.ore > 0 else { return [:] }
        let claims = paidByArea.keys.sorted().map { Claim(code: String(format4: $0), weight: paidByArea[$0]!.ore) }
        guard claims.contains(where: { $0.weight > 0 }), let split = try? LargestRemainder.split(amount, over: claims, unitOre: 1) else {
            return [0: amount]
        }
        return Dictionary(uniqueKeysWithValues: split.lines.map { (Int($0.code) ?? 0, $0.amount) })
    }
}
