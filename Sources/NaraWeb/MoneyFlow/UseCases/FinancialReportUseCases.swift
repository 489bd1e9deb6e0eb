import Fluent
import Foundation
import NaraCore
import NaraPersistence

/// A recipient's financial report and repayments: save (a draft, or the next version after an
/// attested one), attest (by a finance director who did not save it), record a repayment.
enum FinancialReportUseCases {
    /// Saves the outcome per plan line. Two saves at once make one next version: the version
    /// number is unique per recipient and year, and an edited draft is claimed while still a draft.
    static func save(org: OrganisationModel, plan: PlanContext, spent: [Money], by actor: Actor, now: Date,
                     on db: any Database) async throws -> FinancialReportModel {
        let orgID = try org.requireID()
        let year = plan.agreement.year
        do {
            return try await db.writeTransaction { tx in
                // What an amendment asks back is settled by its claim, not again by the report.
                let claimed = try await RepaymentClaims.claims(org: orgID, year: year, on: tx).map { Money(ore: $0.amountOre) }.sum()
                let paid = try await FinancialService.paid(org: orgID, year: year, on: tx) - claimed
                let (latest, _) = try await FinancialService.reports(org: orgID, year: year, on: tx)
                let step = FinancialReportTransitions.save(latest: try latest.map { (try FinancialReportState.stored($0.model.state), $0.model.version) })
                let model: FinancialReportModel
                let beforeSpent = latest?.spent
                switch step {
                case .editDraft:
                    model = latest!.model
                    try await StateClaim.claim(FinancialReportModel.schema, id: model.requireID(), from: FinancialReportState.draft.rawValue,
                                               to: FinancialReportState.draft.rawValue, on: tx)
                    try await FinancialReportLineModel.query(on: tx).filter(\.$reportID == model.requireID()).delete()
                case .newVersion(let version):
                    model = FinancialReportModel()
                    model.agreementYear = year; model.organisationID = orgID; model.version = version
                    model.state = FinancialReportState.draft.rawValue
                }
                let total = spent.sum()
                model.repaymentOre = Settlement.repayment(paid: paid, spent: total).ore
                model.dueDate = FinancialService.dueDate(plan.agreement).iso
                model.updatedAt = now; model.updatedBy = actor.displayName; model.updatedByID = actor.principal?.user.id
                if model.id == nil { try await model.create(on: tx) } else { try await model.update(on: tx) }
                let lines = plan.reportLines.enumerated().map { i, l -> FinancialReportLineModel in
                    let m = FinancialReportLineModel()
                    m.reportID = model.id!; m.position = i; m.area = l.area; m.title = l.title
                    m.plannedOre = l.amount.ore; m.spentOre = (i < spent.count ? spent[i] : .zero).ore
                    return m
                }
                if !lines.isEmpty { try await lines.create(on: tx) }
                var before: [String: String] = [:]
                if let latest, let beforeSpent {
                    before = ["version": String(latest.model.version), "status": (try? FinancialReportState.stored(latest.model.state).swedishName) ?? "",
                              "använt": beforeSpent.krText, "återbetalning": AuditText.kr(latest.model.repaymentOre)]
                }
                try await AuditLog.record(latest == nil ? .create : .update, entity: "financial_report", id: model.id!.uuidString, before: before,
                                          after: ["version": String(model.version), "status": FinancialReportState.draft.swedishName,
                                                  "använt": total.krText, "återbetalning": AuditText.kr(model.repaymentOre), "sparad_av": actor.displayName],
                                          by: actor, now: now, on: tx)
                return model
            }
        } catch let error as any DatabaseError where error.isConstraintFailure {
            throw MoneyRefusal.changedMeanwhile
        }
    }

    /// The finance director attests the latest version; from then on it is frozen.
    static func attest(org: UUID, year: Int, by actor: Actor, now: Date, on db: any Database) async throws -> FinancialReportModel {
        try await db.writeTransaction { tx in
            let (latest, _) = try await FinancialService.reports(org: org, year: year, on: tx)
            let facts = try latest.map { l in
                (state: try FinancialReportState.stored(l.model.state),
                 savedBy: ActingPerson(id: l.model.updatedByID?.uuidString ?? "label:" + l.model.updatedBy, name: l.model.updatedBy))
            }
            let next = try FinancialReportTransitions.attest(latest: facts, by: actor.person).orRefuse()
            let model = latest!.model
            try await StateClaim.claim(FinancialReportModel.schema, id: model.requireID(), from: model.state, to: next.rawValue, on: tx)
            model.state = next.rawValue; model.attestedAt = now; model.attestedBy = actor.displayName; model.attestedByID = actor.principal?.user.id
            try await model.update(on: tx)
            try await AuditLog.record(.attest, entity: "financial_report", id: model.id!.uuidString,
                                      before: ["status": FinancialReportState.draft.swedishName],
                                      after: ["status": next.swedishName, "version": String(model.version), "använt": latest!.spent.krText,
                                              "återbetalning": AuditText.kr(model.repaymentOre), "förfallodag": AuditText.day(model.dueDate),
                                              "attesterad_av": actor.displayName],
                                      by: actor, now: now, on: tx)
            return model
        }
    }

    /// The recipient records a repayment against its attested report's claim. Repayments of
    /// amendments' claims are recorded by Kammarkollegiet (`RepaymentClaims.markPaid`) and are not
    /// counted against the report.
    static func recordRepayment(org: OrganisationModel, year: Int, amount: Money, paidOn: CivilDate, by actor: Actor, now: Date,
                                on db: any Database) async throws -> RepaymentModel {
        let orgID = try org.requireID()
        return try await db.writeTransaction { tx in
            let (_, attested) = try await FinancialService.reports(org: orgID, year: year, on: tx)
            let claimsPaid = RepaymentClaims.paidTotal(try await RepaymentClaims.claims(org: orgID, year: year, on: tx))
            let already = try await RepaymentModel.query(on: tx).filter(\.$organisationID == orgID).filter(\.$agreementYear == year).all()
                .map { Money(ore: $0.amountOre) }.sum() - claimsPaid
            let claim = Money(ore: attested?.model.repaymentOre ?? 0)
            if let refusal = RepaymentRules.check(amount: amount, claim: claim, alreadyRepaid: already) {
                throw MoneyRefusal(.invalid, refusal.description, field: "repayment")
            }
            let r = RepaymentModel()
            r.agreementYear = year; r.organisationID = orgID; r.amountOre = amount.ore; r.paidOn = paidOn.iso
            r.recordedBy = actor.displayName; r.createdAt = now
            try await r.create(on: tx)
            try await ContentVersion.bump(on: tx)  // the open payment files list it
            try await AuditLog.record(.create, entity: "repayment", id: r.id!.uuidString,
                                      before: ["återbetalt": already.krText],
                                      after: ["återbetalt": (already + amount).krText, "belopp": amount.krText, "betald_den": paidOn.swedish,
                                              "mottagare": org.name, "kvar_av_kravet": (claim - already - amount).krText],
                                      by: actor, now: now, on: tx)
            return r
        }
    }
}
