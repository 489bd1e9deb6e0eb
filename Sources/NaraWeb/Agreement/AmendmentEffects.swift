import Fluent
import Foundation
import NaraCore
import NaraPersistence

/// What an amendment does to the recipients' money: each one's allocation before and after,
/// set against what it has requisitioned and been paid, and a repayment claim where it was paid
/// more than its new allocation.
enum AmendmentEffects {
    /// Every recipient's current allocation of a year, by organisation.
    static func allocations(year: Int, on db: any Database) async throws -> [UUID: Money] {
        let table = try await PlanService.allocationsByCounty(year: year, on: db)
        var out: [UUID: Money] = [:]
        for org in try await recipients(on: db) {
            let amount = PlanService.allocated(to: org, in: table)
            if amount.ore != 0, let id = org.id { out[id] = amount }
        }
        return out
    }

    static func recipients(on db: any Database) async throws -> [OrganisationModel] {
        try await OrganisationModel.query(on: db)
            .filter(\.$kind ~~ [OrganisationKind.region.rawValue, OrganisationKind.rss.rawValue, OrganisationKind.skr.rawValue, OrganisationKind.state.rawValue])
            .sort(\.$countyCode).sort(\.$kind).all()
    }

    /// The differences after an amendment, and the repayment claims it creates.
    static func apply(year: Int, version: Int, before: [UUID: Money], agreement: Agreement, amendment: Amendment,
                      by actor: Actor, now: Date, on db: any Database) async throws -> (differences: [RecipientDifference], claims: Int) {
        let after = try await allocations(year: year, on: db)
        let differences = try await self.differences(year: year, before: before, after: after, on: db)
        let due = dueDate(agreement, amendment: amendment)
        var claims = 0
        for (org, d) in differences where d.repayment.ore > 0 {
            guard let orgID = org.id else { continue }
            let claim = RepaymentClaimModel()
            claim.agreementYear = year; claim.organisationID = orgID; claim.agreementVersion = version
            claim.amountOre = d.repayment.ore; claim.dueDate = due.iso; claim.state = RepaymentClaimState.open.rawValue
            claim.reason = "Ändringsöverenskommelse \(amendment.reference) (\(amendment.date.swedish)): fördelningen sänktes från \(d.before.krText) till \(d.after.krText); utbetalt \(d.paid.krText)."
            claim.createdAt = now; claim.createdBy = actor.name
            try await claim.create(on: db)
            try await AuditLog.record(.create, entity: "repayment_claim", id: claim.id?.uuidString ?? "",
                                      after: ["mottagare": org.name, "belopp": d.repayment.krText, "förfaller": due.swedish,
                                              "överenskommelse": String(year), "version": String(version)],
                                      by: actor, now: now, on: db)
            claims += 1
        }
        return (differences.map(\.1), claims)
    }

    /// Each recipient whose allocation changed, with what it has requisitioned and been paid
    /// (less what earlier claims already ask back).
    static func differences(year: Int, before: [UUID: Money], after: [UUID: Money], on db: any Database) async throws -> [(OrganisationModel, RecipientDifference)] {
        let ids = Set(before.keys).union(after.keys).filter { before[$0] != after[$0] }
        guard !ids.isEmpty else { return [] }
        let orgs = try await OrganisationModel.query(on: db).filter(\.$id ~~ Array(ids)).sort(\.$countyCode).sort(\.$kind).all()
        let requisitions = try await RequisitionModel.query(on: db).filter(\.$agreementYear == year).filter(\.$organisationID ~~ Array(ids)).all()
        let payments = try await PaymentModel.query(on: db).filter(\.$agreementYear == year).filter(\.$organisationID ~~ Array(ids))
            .filter(\.$status == "paid").filter(\.$requisitionID != nil).all()
        let claims = try await RepaymentClaimModel.query(on: db).filter(\.$agreementYear == year).filter(\.$organisationID ~~ Array(ids)).all()
        return orgs.compactMap { org -> (OrganisationModel, RecipientDifference)? in
            guard let id = org.id else { return nil }
            let requisitioned = requisitions.filter { $0.organisationID == id && $0.state != "rejected" }.map { Money(ore: $0.amountOre) }.sum()
            let paid = payments.filter { $0.organisationID == id }.map { Money(ore: $0.amountOre) }.sum()
                - claims.filter { $0.organisationID == id }.map { Money(ore: $0.amountOre) }.sum()
            return (org, RecipientDifference(code: org.code, name: org.name, before: before[id] ?? .zero, after: after[id] ?? .zero,
                                             requisitioned: requisitioned, paid: paid))
        }
    }

    /// The agreement's repayment date if it falls after the amendment, else 30 days after it.
    static func dueDate(_ a: Agreement, amendment: Amendment) -> CivilDate {
        if let due = a.milestone(.repaymentDue)?.date, due > amendment.date { return due }
        return amendment.date.adding(days: 30)
    }
}
