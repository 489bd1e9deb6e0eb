import Fluent
import Foundation
import NaraCore
import NaraPersistence

/// A requisition's actions: make, attest, approve, reject. Each runs in one write transaction:
/// the rule from `RequisitionTransitions`, a conditional update on the state it was read in,
/// and its audit entry. Pages and the API both call these; neither changes a state itself.
enum RequisitionUseCases {
    /// The outcome of a payer's approval.
    enum Approval: Sendable {
        /// Approved, with the planned payment.
        case approved(RequisitionModel, PaymentModel)
        /// Above the limit: the first approval is recorded; a second payer decides.
        case awaitingSecond(RequisitionModel)
    }

    static func facts(_ r: RequisitionModel) throws -> RequisitionFacts {
        RequisitionFacts(state: try RequisitionState.stored(r.state), amount: Money(ore: r.amountOre),
                         createdBy: ActingPerson(id: r.createdByID?.uuidString ?? "label:" + r.createdBy, name: r.createdBy),
                         firstApprovedBy: r.firstApprovedBy.map { ActingPerson(id: r.firstApprovedByID?.uuidString ?? "label:" + $0, name: $0) })
    }

    /// Loads a requisition, refused as not found when it belongs to another organisation than `organisation`.
    static func load(_ id: UUID, organisation: UUID?, on db: any Database) async throws -> RequisitionModel {
        guard let r = try await RequisitionModel.find(id, on: db), organisation == nil || r.organisationID == organisation
        else { throw MoneyRefusal(.notFound, "Rekvisitionen finns inte.") }
        return r
    }

    /// The recipient makes a requisition (a draft until its finance director attests it).
    static func create(org: OrganisationModel, year: Int, amount: Money, by actor: Actor, today: CivilDate, now: Date,
                       on db: any Database) async throws -> RequisitionModel {
        guard let plan = try await PlanService.load(organisation: org, year: year, on: db) else {
            throw MoneyRefusal(.invalid, RequisitionRules.Refusal.noAgreement(year: year).description, field: "amount")
        }
        guard plan.allocated.ore > 0 else {
            throw MoneyRefusal(.invalid, RequisitionRules.Refusal.noAllocation(recipient: org.name, year: year).description, field: "amount")
        }
        return try await db.writeTransaction { tx in
            let earlier = try await MoneyService.requisitions(org: org.requireID(), year: year, on: tx)
            if let refusal = RequisitionRules.check(amount: amount, allocated: plan.allocated, alreadyRequisitioned: MoneyService.requisitioned(earlier),
                                                    deadline: MoneyService.requisitionDeadline(plan.agreement, for: org), today: today) {
                throw MoneyRefusal(.invalid, refusal.description, field: "amount")
            }
            let r = RequisitionModel()
            r.agreementYear = year; r.organisationID = try org.requireID(); r.state = RequisitionState.draft.rawValue; r.amountOre = amount.ore
            r.areas = MoneyService.areasJSON(try RequisitionRules.byArea(amount, plan: plan.plan))
            r.createdAt = now; r.createdBy = actor.displayName; r.createdByID = actor.principal?.user.id
            try await r.create(on: tx)
            try await AuditLog.record(.create, entity: "requisition", id: r.id!.uuidString,
                                      after: ["status": RequisitionState.draft.swedishName, "mottagare": org.name, "år": String(year),
                                              "belopp": AuditText.kr(amount.ore)],
                                      by: actor, now: now, on: tx)
            return r
        }
    }

    /// The recipient's finance director attests a draft made by someone else.
    static func attest(id: UUID, organisation: UUID, by actor: Actor, now: Date, on db: any Database) async throws -> RequisitionModel {
        try await db.writeTransaction { tx in
            let r = try await load(id, organisation: organisation, on: tx)
            let next = try RequisitionTransitions.attest(try facts(r), by: actor.person).orRefuse()
            try await StateClaim.claim(RequisitionModel.schema, id: id, from: r.state, to: next.rawValue, on: tx)
            let before = r.state
            r.state = next.rawValue; r.attestedAt = now; r.attestedBy = actor.displayName; r.attestedByID = actor.principal?.user.id
            try await r.update(on: tx)
            try await AuditLog.record(.attest, entity: "requisition", id: id.uuidString,
                                      before: ["status": try RequisitionState.stored(before).swedishName],
                                      after: ["status": next.swedishName, "attesterad_av": actor.displayName, "belopp": AuditText.kr(r.amountOre)],
                                      by: actor, now: now, on: tx)
            return r
        }
    }

    /// A payer approves an attested requisition. At or below `limit` a planned payment follows at
    /// once; above it the first approval waits for a second payer, whose approval makes the payment.
    /// The schema allows one payment per requisition, so no interleaving can pay twice.
    static func approve(id: UUID, paymentDate: CivilDate, limit: Money, by actor: Actor, now: Date, on db: any Database) async throws -> Approval {
        try await db.writeTransaction { tx in
            let r = try await load(id, organisation: nil, on: tx)
            let before = try RequisitionState.stored(r.state)
            let next = try RequisitionTransitions.approve(try facts(r), by: actor.person, secondApprovalLimit: limit).orRefuse()
            try await StateClaim.claim(RequisitionModel.schema, id: id, from: r.state, to: next.rawValue, on: tx)
            r.state = next.rawValue
            if next == .awaitingSecondApproval {
                r.firstApprovedAt = now; r.firstApprovedBy = actor.displayName; r.firstApprovedByID = actor.principal?.user.id
                try await r.update(on: tx)
                try await AuditLog.record(.approve, entity: "requisition", id: id.uuidString, before: ["status": before.swedishName],
                                          after: ["status": next.swedishName, "första_godkännande": actor.displayName,
                                                  "belopp": AuditText.kr(r.amountOre), "gräns": limit.krText],
                                          by: actor, now: now, on: tx)
                return .awaitingSecond(r)
            }
            r.decidedAt = now; r.decidedBy = actor.displayName
            try await r.update(on: tx)
            let payment = try await plannedPayment(for: r, date: paymentDate, by: actor, on: tx)
            try await DecisionLetters.issue(for: r, payment: payment, on: tx)
            try await AuditLog.record(.approve, entity: "requisition", id: id.uuidString, before: ["status": before.swedishName],
                                      after: ["status": next.swedishName, "godkänd_av": actor.displayName, "betalning": payment.reference,
                                              "belopp": AuditText.kr(payment.amountOre), "betalningsdag": paymentDate.swedish],
                                      by: actor, now: now, on: tx)
            return .approved(r, payment)
        }
    }

    /// Kammarkollegiet's planned payment for an approved requisition, numbered per year.
    static func plannedPayment(for r: RequisitionModel, date: CivilDate, by actor: Actor, on tx: any Database) async throws -> PaymentModel {
        try await StateClaim.lockPaymentNumbering(year: r.agreementYear, on: tx)
        let count = try await PaymentModel.query(on: tx).filter(\.$agreementYear == r.agreementYear).filter(\.$requisitionID != nil).count()
        let org = try await OrganisationModel.find(r.organisationID, on: tx)
        let p = PaymentModel()
        p.agreementYear = r.agreementYear; p.organisationID = r.organisationID; p.requisitionID = r.id
        p.amountOre = r.amountOre; p.areas = r.areas; p.paymentDate = date.iso
        p.reference = "KAMK-GNV-\(r.agreementYear)-\(org?.code ?? "X")-\(String(format4: count + 1))"
        p.status = PaymentState.planned.rawValue; p.createdBy = actor.displayName
        try await p.create(on: tx)
        try await ContentVersion.bump(on: tx)  // the open payment files list it
        return p
    }

    /// A payer rejects a requisition that awaits a decision, with a reason.
    static func reject(id: UUID, reason: String, by actor: Actor, now: Date, on db: any Database) async throws -> RequisitionModel {
        try await db.writeTransaction { tx in
            let r = try await load(id, organisation: nil, on: tx)
            let before = try RequisitionState.stored(r.state)
            // While the requisition awaits a decision, a refusal is about the reason typed.
            let next = try RequisitionTransitions.reject(try facts(r), reason: reason).orRefuse(field: before.awaitsPayer ? "reason" : nil)
            try await StateClaim.claim(RequisitionModel.schema, id: id, from: r.state, to: next.rawValue, on: tx)
            r.state = next.rawValue; r.reason = reason.trimmed; r.decidedAt = now; r.decidedBy = actor.displayName
            try await r.update(on: tx)
            try await AuditLog.record(.update, entity: "requisition", id: id.uuidString, before: ["status": before.swedishName],
                                      after: ["status": next.swedishName, "skäl": reason.trimmed, "avslagen_av": actor.displayName],
                                      by: actor, now: now, on: tx)
            return r
        }
    }
}
