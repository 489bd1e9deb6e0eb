import Fluent
import Foundation
import NaraCore
import NaraPersistence

/// A region's assignments onward (*uppdrag*) and its providers' quarterly requests (*äskanden*):
/// assign, request a quarter, decide a request. The approval of a quarter plans its payment;
/// one payment per request is a unique constraint.
enum AssignmentUseCases {
    /// What a region assigns onward, as typed and checked by the form.
    struct Assignment: Sendable {
        let title: String
        let area: Int
        let costObject: String
        let provider: OrganisationModel?
        let amount: Money
    }

    /// The region assigns funds onward, within what was paid to it.
    static func assign(_ a: Assignment, region: OrganisationModel, year: Int, by actor: Actor, now: Date, on db: any Database) async throws -> FundAssignmentModel {
        let regionID = try region.requireID()
        return try await db.writeTransaction { tx in
            let paid = try await FinancialService.paid(org: regionID, year: year, on: tx)
            let assigned = try await FundAssignmentModel.query(on: tx).filter(\.$organisationID == regionID).filter(\.$agreementYear == year).all()
                .map { Money(ore: $0.amountOre) }.sum()
            if let refusal = OnwardAssignmentRules.check(amount: a.amount, paid: paid, alreadyAssigned: assigned) {
                throw MoneyRefusal(.invalid, refusal.description, field: "a_amount")
            }
            let m = FundAssignmentModel()
            m.agreementYear = year; m.organisationID = regionID; m.area = a.area; m.title = a.title; m.costObject = a.costObject
            m.providerID = a.provider?.id; m.amountOre = a.amount.ore; m.createdAt = now; m.createdBy = actor.displayName
            try await m.create(on: tx)
            try await AuditLog.record(.create, entity: "fund_assignment", id: m.id!.uuidString,
                                      before: ["vidarefördelat": assigned.krText],
                                      after: ["uppdrag": a.title, "belopp": a.amount.krText, "utvecklingsområde": String(a.area),
                                              "vårdgivare": a.provider?.name ?? "egen enhet", "kostnadsobjekt": a.costObject,
                                              "vidarefördelat": (assigned + a.amount).krText],
                                      by: actor, now: now, on: tx)
            return m
        }
    }

    /// A provider requests part of a quarter's instalment of its assignment.
    static func request(assignment id: UUID, provider: UUID, quarter: Int, amount: Money, by actor: Actor, now: Date,
                        on db: any Database) async throws -> ProviderRequestModel {
        try await db.writeTransaction { tx in
            guard let a = try await FundAssignmentModel.find(id, on: tx), a.providerID == provider
            else { throw MoneyRefusal(.notFound, "Uppdraget finns inte.") }
            let requests = try await ProviderRequestModel.query(on: tx).filter(\.$assignmentID == id).all()
            let instalments = (try? QuarterlySplit.split(Money(ore: a.amountOre))) ?? []
            let instalment = (1...4).contains(quarter) && quarter <= instalments.count ? instalments[quarter - 1] : .zero
            if let refusal = QuarterRequestRules.check(quarter: quarter, amount: amount, instalment: instalment,
                                                       alreadyRequested: AssignmentRoutes.requested(requests, quarter: quarter)) {
                throw MoneyRefusal(.invalid, refusal.description, field: (1...4).contains(quarter) ? "amount-\(id)" : "quarter-\(id)")
            }
            let r = ProviderRequestModel()
            r.assignmentID = id; r.quarter = quarter; r.amountOre = amount.ore; r.state = ProviderRequestState.submitted.rawValue
            r.createdAt = now; r.createdBy = actor.displayName
            try await r.create(on: tx)
            try await AuditLog.record(.submit, entity: "provider_request", id: r.id!.uuidString,
                                      after: ["status": ProviderRequestState.submitted.swedishName, "uppdrag": a.title,
                                              "kvartal": String(quarter), "belopp": amount.krText],
                                      by: actor, now: now, on: tx)
            return r
        }
    }

    /// The region approves (planning the quarter's payment) or rejects (with a reason) a request.
    static func decide(request id: UUID, region: OrganisationModel, approve: Bool, reason: String, paymentDate: CivilDate,
                       by actor: Actor, now: Date, on db: any Database) async throws -> ProviderRequestModel {
        try await db.writeTransaction { tx in
            guard let r = try await ProviderRequestModel.find(id, on: tx), let a = try await FundAssignmentModel.find(r.assignmentID, on: tx),
                  a.organisationID == region.id
            else { throw MoneyRefusal(.notFound, "Äskandet finns inte.") }
            let before = try ProviderRequestState.stored(r.state)
            let next = try QuarterRequestRules.decide(before, approve: approve, reason: reason)
                .orRefuse(field: before == .submitted ? "reason-\(id)" : nil)
            try await StateClaim.claim(ProviderRequestModel.schema, id: id, from: r.state, to: next.rawValue, on: tx)
            r.state = next.rawValue; r.reason = reason.isBlank ? nil : reason.trimmed
            r.decidedAt = now; r.decidedBy = actor.displayName
            try await r.update(on: tx)
            var after = ["status": next.swedishName, "kvartal": String(r.quarter), "belopp": AuditText.kr(r.amountOre), "beslutat_av": actor.displayName]
            if !reason.isBlank { after["skäl"] = reason.trimmed }
            if next == .approved, let provider = a.providerID {
                let p = PaymentModel()
                p.agreementYear = a.agreementYear; p.organisationID = provider; p.providerRequestID = r.id; p.amountOre = r.amountOre
                p.areas = MoneyService.areasJSON([a.area: Money(ore: r.amountOre)])
                p.paymentDate = paymentDate.iso
                p.reference = "\(region.code)-UPPDRAG-\(a.agreementYear)-K\(r.quarter)-\(String(id.uuidString.prefix(8)))"
                p.status = PaymentState.planned.rawValue; p.createdBy = actor.displayName
                try await p.create(on: tx)
                after["betalning"] = p.reference
            }
            try await AuditLog.record(next == .approved ? .approve : .update, entity: "provider_request", id: id.uuidString,
                                      before: ["status": before.swedishName], after: after, by: actor, now: now, on: tx)
            return r
        }
    }
}
