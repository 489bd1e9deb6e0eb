import Fluent
import Foundation
import NaraCore
import NaraPersistence

/// Marking a payment paid: Kammarkollegiet's payment of a requisition, or a region's quarterly
/// payment to a provider. A payment is paid once; the update is conditional on it being planned.
enum PaymentUseCases {
    /// Who is paying, which decides which payments they may mark.
    enum Payer: Sendable {
        /// Kammarkollegiet: payments of requisitions.
        case kammarkollegiet
        /// A region: its quarterly payments to providers.
        case region(UUID)
    }

    static func markPaid(id: UUID, as payer: Payer, by actor: Actor, now: Date, on db: any Database) async throws -> PaymentModel {
        try await db.writeTransaction { tx in
            let p = try await load(id, as: payer, on: tx)
            let before = try PaymentState.stored(p.status)
            let next = try before.markPaid().orRefuse()
            try await StateClaim.claim(PaymentModel.schema, column: "status", id: id, from: p.status, to: next.rawValue, on: tx)
            p.status = next.rawValue; p.paidAt = now
            try await p.update(on: tx)
            try await ContentVersion.bump(on: tx)  // the open payment files show it paid
            let payee = try await OrganisationModel.find(p.organisationID, on: tx)
            try await AuditLog.record(.update, entity: "payment", id: id.uuidString, before: ["status": before.swedishName],
                                      after: ["status": next.swedishName, "betalning": p.reference, "mottagare": payee?.name ?? "",
                                              "belopp": AuditText.kr(p.amountOre), "betalningsdag": AuditText.day(p.paymentDate)],
                                      by: actor, now: now, on: tx)
            return p
        }
    }

    /// The payment, if this payer may mark it: Kammarkollegiet its requisitions' payments, a
    /// region the payments of requests against its own assignments.
    static func load(_ id: UUID, as payer: Payer, on db: any Database) async throws -> PaymentModel {
        let notFound = MoneyRefusal(.notFound, "Betalningen finns inte.")
        guard let p = try await PaymentModel.find(id, on: db) else { throw notFound }
        switch payer {
        case .kammarkollegiet:
            guard let rid = p.requisitionID, let r = try await RequisitionModel.find(rid, on: db) else { throw notFound }
            guard RequisitionState(rawValue: r.state) == .approved else {
                throw MoneyRefusal(.state, "Rekvisitionen bakom betalningen är inte godkänd; betalningen kan inte markeras som utbetald.")
            }
        case .region(let region):
            guard let rid = p.providerRequestID, let r = try await ProviderRequestModel.find(rid, on: db),
                  let a = try await FundAssignmentModel.find(r.assignmentID, on: db), a.organisationID == region
            else { throw notFound }
        }
        return p
    }
}
