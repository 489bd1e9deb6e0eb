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
        if claim.state == "paid" { return .paid }
        if let due = CivilDate(iso: claim.dueDate), today > due { return .overdue }
        return .open
    }

    /// Why a claim cannot be marked paid.
    enum Refusal: Error, Sendable, CustomStringConvertible {
        case notFound
        case alreadyPaid

        var description: String {
            switch self {
            case .notFound: return "Återkravet finns inte."
            case .alreadyPaid: return "Återkravet är redan markerat som betalt."
            }
        }
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
        claims.filter { $0.state == "paid" }.map { Money(ore: $0.amountOre) }.sum()
    }

    /// Kammarkollegiet records that a claim was paid: the claim is closed and a repayment of its
    /// amount recorded, in one transaction. The claim changes only while it is still open, so
    /// two attempts cannot both record a repayment.
    /// - Returns: the repayment recorded, or why not.
    static func markPaid(id: UUID, paidOn: CivilDate, by actor: Actor, now: Date, on db: any Database) async throws -> Result<RepaymentModel, Refusal> {
        try await db.writeTransaction { tx in
            let sql = tx as! any SQLDatabase
            let changed = try await sql.raw("""
                UPDATE repayment_claims SET state = 'paid' WHERE id = \(bind: id) AND state = 'open' RETURNING id
                """).all()
            guard !changed.isEmpty, let claim = try await RepaymentClaimModel.find(id, on: tx) else {
                return .failure(try await RepaymentClaimModel.find(id, on: tx) == nil ? .notFound : .alreadyPaid)
            }
            let repayment = RepaymentModel()
            repayment.agreementYear = claim.agreementYear; repayment.organisationID = claim.organisationID
            repayment.amountOre = claim.amountOre; repayment.paidOn = paidOn.iso
            repayment.recordedBy = actor.name; repayment.createdAt = now
            try await repayment.create(on: tx)
            let org = try await OrganisationModel.find(claim.organisationID, on: tx)
            try await AuditLog.record(.update, entity: "repayment_claim", id: id.uuidString, before: ["status": "öppet"],
                                      after: ["status": "betalt", "mottagare": org?.name ?? "", "belopp": Money(ore: claim.amountOre).krText,
                                              "betalt_den": paidOn.iso, "återbetalning": repayment.id?.uuidString ?? ""],
                                      by: actor, now: now, on: tx)
            return .success(repayment)
        }
    }
}

extension MoneyRoutes {
    static let claimPaidPath = "/utbetalningar/aterkrav/betalt"

    /// The payer marks an amendment's repayment claim paid (on the day given, else today). The
    /// claim is named in the form (`claim`), as the payer's other decisions name theirs.
    @Sendable static func markClaimPaid(req: Request) async throws -> Response {
        guard let id = (try? req.content.get(String.self, at: "claim")).flatMap(UUID.init(uuidString:))
        else { throw Abort(.notFound, reason: RepaymentClaims.Refusal.notFound.description) }
        let raw = ((try? req.content.get(String.self, at: "paid_on")) ?? "").trimmingCharacters(in: .whitespaces)
        guard raw.isEmpty || CivilDate(iso: raw) != nil else { throw Abort(.badRequest, reason: "Ange dagen för betalningen som ÅÅÅÅ-MM-DD.") }
        let paidOn = CivilDate(iso: raw) ?? req.today
        switch try await RepaymentClaims.markPaid(id: id, paidOn: paidOn, by: Actor.of(req), now: req.now, on: req.db) {
        case .failure(.notFound): throw Abort(.notFound, reason: RepaymentClaims.Refusal.notFound.description)
        case .failure(let refusal): throw Abort(.conflict, reason: refusal.description)
        case .success(let repayment):
            req.flash("Återkravet på \(Money(ore: repayment.amountOre).krText) är markerat som betalt den \(paidOn.swedish).")
            return req.seeOther(SiteURL.payer + "#aterkrav")
        }
    }
}
