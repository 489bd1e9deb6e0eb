import Fluent
import Foundation
import NaraCore
import NaraPersistence
import Vapor

/// What happened to one recipient's grant for one agreement year, read from the money tables as
/// the plain events `GrantBookkeeping` books. Only what happened is read: attested requisitions,
/// payments marked paid, attested financial reports, amendments' claims, recorded repayments.
enum GrantEventsQuery {
    static func events(org: OrganisationModel, plan: PlanContext, on db: any Database) async throws -> GrantEvents {
        let orgID = try org.requireID()
        let year = plan.agreement.year
        func day(_ instant: Date) -> CivilDate { ReportRules.swedishDate(instant) }
        // The allocation as it now stands, on the day the agreement was signed (or the year's first day).
        let allocation = plan.allocated > .zero
            ? GrantEvents.Allocation(date: plan.agreement.signedOn ?? .make(year, 1, 1), amount: plan.allocated) : nil
        let requisitions = try await MoneyService.requisitions(org: orgID, year: year, on: db).compactMap { r -> GrantEvents.Requisition? in
            guard let attested = r.attestedAt else { return nil }
            let rejected = r.state == RequisitionState.rejected.rawValue ? r.decidedAt.map(day) : nil
            return .init(attestedOn: day(attested), amount: Money(ore: r.amountOre), rejectedOn: rejected)
        }
        // The payment's value day from the payment file; the day it was marked paid if that is unreadable.
        let payments = try await PaymentModel.query(on: db).filter(\.$organisationID == orgID).filter(\.$agreementYear == year)
            .filter(\.$requisitionID != nil).filter(\.$status == PaymentState.paid.rawValue).sort(\.$paymentDate).all()
            .compactMap { p -> GrantEvents.Payment? in
                guard let date = CivilDate(iso: p.paymentDate) ?? p.paidAt.map(day) else { return nil }
                return .init(date: date, amount: Money(ore: p.amountOre), reference: p.reference)
            }
        let claims = try await RepaymentClaims.claims(org: orgID, year: year, on: db)
        let claimed = claims.map { Money(ore: $0.amountOre) }.sum()
        let paidNet = payments.map(\.amount).sum() - claimed
        var reports: [GrantEvents.Report] = []
        let attested = try await FinancialReportModel.query(on: db).filter(\.$organisationID == orgID).filter(\.$agreementYear == year)
            .filter(\.$state == FinancialReportState.attested.rawValue).sort(\.$version).all()
        for m in attested {
            let spent = try await FinancialReportLineModel.query(on: db).filter(\.$reportID == m.requireID()).all().map { Money(ore: $0.spentOre) }.sum()
            // The grant used: what was spent, at most what was paid and not claimed back.
            let used = max(.zero, min(spent, paidNet))
            reports.append(.init(version: m.version, attestedOn: day(m.attestedAt ?? m.updatedAt), used: used, repayment: Money(ore: m.repaymentOre)))
        }
        let repayments = try await RepaymentModel.query(on: db).filter(\.$organisationID == orgID).filter(\.$agreementYear == year)
            .sort(\.$paidOn).all().compactMap { r in CivilDate(iso: r.paidOn).map { GrantEvents.Repayment(date: $0, amount: Money(ore: r.amountOre)) } }
        return GrantEvents(year: year, allocation: allocation, requisitions: requisitions, payments: payments, reports: reports,
                           claims: claims.map { .init(date: day($0.createdAt), amount: Money(ore: $0.amountOre), reason: $0.reason) },
                           repayments: repayments)
    }
}
