import Fluent
import Foundation
import NaraCore
import NaraPersistence
import SQLKit
import Vapor

/// Repayment claims an amendment creates (`AmendmentEffects`), as the money flow follows them:
/// shown to the recipient and to Kammarkollegiet, marked paid once by the payer.
enum RepaymentClaims {
    /// Where a claim stands on a day.
    enum Status: String, Sendable {
        case open, paid, overdue

        var swedishName: String {
            switch self {
            case .open: return "Öppet"
            case .paid: return "Betalt"
            case .overdue: return "Förfallet"
            }
        }
    }

    static func status(_ claim: RepaymentClaimModel, today: CivilDate) -> Status {
        if claim.state == RepaymentClaimState.paid.rawValue { return .paid }
        if let due = CivilDate(iso: claim.dueDate), today > due { return .overdue }
        return .open
    }

    static func claims(org: UUID, year: Int, on db: any Database) async throws -> [RepaymentClaimModel] {
        try await RepaymentClaimModel.query(on: db).filter(\.$organisationID == org).filter(\.$agreementYear == year)
            .sort(\.$agreementVersion).sort(\.$createdAt).all()
    }

    /// Every claim, the earliest due first.
    static func all(on db: any Database) async throws -> [RepaymentClaimModel] {
        try await RepaymentClaimModel.query(on: db).sort(\.$dueDate).sort(\.$createdAt).all()
    }

    /// What paid claims have taken of an organisation's repayments: each paid claim recorded one
    /// repayment of its amount.
    static func paidTotal(_ claims: [RepaymentClaimModel]) -> Money {
        claims.filter { $0.state == RepaymentClaimState.paid.rawValue }.map { Money(ore: $0.amountOre) }.sum()
    }

    /// Kammarkollegiet records that a claim was paid: the claim is closed and a repayment of its
    /// amount recorded, in one transaction. The claim changes only while it is still open, so
    /// two attempts cannot both record a repayment.
    static func markPaid(id: UUID, paidOn: CivilDate, by actor: Actor, now: Date, on db: any Database) async throws -> RepaymentModel {
        try await db.writeTransaction { tx in
            guard let claim = try await RepaymentClaimModel.find(id, on: tx) else { throw MoneyRefusal(.notFound, "Återkravet finns inte.") }
            let before = try RepaymentClaimState.stored(claim.state)
            let next = try before.markPaid().orRefuse()
            try await StateClaim.claim(RepaymentClaimModel.schema, id: id, from: claim.state, to: next.rawValue, on: tx)
            let repayment = RepaymentModel()
            repayment.agreementYear = claim.agreementYear; repayment.organisationID = claim.organisationID
            repayment.amountOre = claim.amountOre; repayment.paidOn = paidOn.iso
            repayment.recordedBy = actor.displayName; repayment.createdAt = now
            try await repayment.create(on: tx)
            try await ContentVersion.bump(on: tx)  // the open payment files list it
            let org = try await OrganisationModel.find(claim.organisationID, on: tx)
            try await AuditLog.record(.update, entity: "repayment_claim", id: id.uuidString, before: ["status": before.swedishName],
                                      after: ["status": next.swedishName, "mottagare": org?.name ?? "", "belopp": AuditText.kr(claim.amountOre),
                                              "betalt_den": paidOn.swedish, "registrerat_av": actor.displayName],
                                      by: actor, now: now, on: tx)
            return repayment
        }
    }
}

extension MoneyRoutes {
    static let claimPaidPath = "/utbetalningar/aterkrav/betalt"

    /// The payer marks an amendment's repayment claim paid (on the day given, else today). The
    /// claim is named in the form (`claim`), as the payer's other decisions name theirs.
    @Sendable static func markClaimPaid(req: Request) async throws -> Response {
        guard let id = (try? req.content.get(String.self, at: "claim")).flatMap(UUID.init(uuidString:))
        else { throw Abort(.notFound, reason: "Återkravet finns inte.") }
        let raw = ((try? req.content.get(String.self, at: "paid_on")) ?? "").trimmingCharacters(in: .whitespaces)
        guard raw.isEmpty || CivilDate(iso: raw) != nil else { throw Abort(.badRequest, reason: "Ange dagen för betalningen som ÅÅÅÅ-MM-DD.") }
        let paidOn = CivilDate(iso: raw) ?? req.today
        do {
            let repayment = try await RepaymentClaims.markPaid(id: id, paidOn: paidOn, by: Actor.of(req), now: req.now, on: req.db)
            req.flash("Återkravet på \(Money(ore: repayment.amountOre).krText) är markerat som betalt den \(paidOn.swedish).")
            return req.seeOther(SiteURL.payer + "#aterkrav")
        } catch let refusal as MoneyRefusal { throw refusal.abort }
    }
}
