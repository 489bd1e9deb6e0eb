import Fluent
import Foundation
import NaraCore
import NaraPersistence

/// Financial reports and repayments.
enum FinancialService {
    struct Report: Sendable {
        let model: FinancialReportModel
        let lines: [FinancialReportLineModel]
        var spent: Money { lines.map { Money(ore: $0.spentOre) }.sum() }
        func spent(area: Int) -> Money { lines.filter { $0.area == area }.map { Money(ore: $0.spentOre) }.sum() }
    }

    /// The latest version, and the latest attested one.
    static func reports(org: UUID, year: Int, on db: any Database) async throws -> (latest: Report?, attested: Report?) {
        let all = try await FinancialReportModel.query(on: db).filter(\.$organisationID == org).filter(\.$agreementYear == year)
            .sort(\.$version, .descending).all()
        func load(_ m: FinancialReportModel?) async throws -> Report? {
            guard let m else { return nil }
            let lines = try await FinancialReportLineModel.query(on: db).filter(\.$reportID == m.requireID()).sort(\.$position).all()
            return Report(model: m, lines: lines)
        }
        return (try await load(all.first), try await load(all.first { $0.state == FinancialReportState.attested.rawValue }))
    }

    /// The day the repayment is due: the agreement's financial-report milestone, else 31 March the year after.
    static func dueDate(_ agreement: Agreement) -> CivilDate {
        agreement.milestones.first { $0.kind == .financialReport }?.date ?? .make(agreement.year + 1, 3, 31)
    }

    static func paid(org: UUID, year: Int, on db: any Database) async throws -> Money {
        try await PaymentModel.query(on: db).filter(\.$organisationID == org).filter(\.$agreementYear == year)
            .filter(\.$status == PaymentState.paid.rawValue).filter(\.$requisitionID != nil).all().map { Money(ore: $0.amountOre) }.sum()
    }

    /// Repayments made (against the financial report and amendments' claims alike), and how they
    /// fall on the areas: in proportion to each area's unused money (paid less spent), exactly.
    static func repaid(org: UUID, year: Int, paidByArea: [Int: Money], report: Report?, on db: any Database) async throws -> (Money, [Int: Money]) {
        let total = try await RepaymentModel.query(on: db).filter(\.$organisationID == org).filter(\.$agreementYear == year).all()
            .map { Money(ore: $0.amountOre) }.sum()
        guard total.ore > 0 else { return (.zero, [:]) }
        let weights = paidByArea.keys.sorted().map { a -> Claim in
            let unused = paidByArea[a]! - (report?.spent(area: a) ?? .zero)
            return Claim(code: String(format4: a), weight: max(0, unused.ore))
        }
        guard weights.contains(where: { $0.weight > 0 }), let split = try? LargestRemainder.split(total, over: weights, unitOre: 1) else {
            return (total, [0: total])
        }
        return (total, Dictionary(uniqueKeysWithValues: split.lines.map { (Int($0.code) ?? 0, $0.amount) }))
    }
}
