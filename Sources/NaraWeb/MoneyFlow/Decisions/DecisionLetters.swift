import Vapor
import Fluent
import Foundation
import NaraCore
import NaraPersistence

/// Decision letters (*beslut om utbetalning*): made in the approval's transaction when a
/// requisition becomes approved, from the facts as they are at that moment, and never changed.
/// There is no update path: a letter is written once (`issue`) and read (`letters`, `letter`).
enum DecisionLetters {
    /// Makes and stores the letter for `r`, just approved with `payment`, inside the approval's
    /// transaction `tx`. The number is the next in the agreement year; the year's numbering lock
    /// is held, and the unique constraints fail the whole transaction on any clash.
    @discardableResult
    static func issue(for r: RequisitionModel, payment: PaymentModel, on tx: any Database) async throws -> DecisionLetterModel {
        try await StateClaim.lockPaymentNumbering(year: r.agreementYear, on: tx)
        let highest = try await DecisionLetterModel.query(on: tx).filter(\.$agreementYear == r.agreementYear).sort(\.$sequence, .descending).first()?.sequence
        let reference = DecisionReference.next(year: r.agreementYear, after: highest)
        guard let org = try await OrganisationModel.find(r.organisationID, on: tx),
              let agreement = try await AgreementStore.load(year: r.agreementYear, on: tx) else {
            throw MoneyRefusal(.notFound, "Överenskommelsen eller mottagaren för rekvisitionen finns inte.")
        }
        let decidedAt = r.decidedAt ?? Date()
        let titles = Dictionary(agreement.areas.map { ($0.number, $0.title) }, uniquingKeysWith: { a, _ in a })
        let areas = MoneyService.areas(r.areas).map { DecisionLetter.AreaPart(number: $0.key, title: titles[$0.key] ?? "", amount: $0.value) }
        let facts = DecisionLetter.Facts(
            reference: reference.description, decidedOn: ReportRules.swedishDate(decidedAt),
            recipient: .init(name: org.name, code: org.code, kind: OrganisationKind(rawValue: org.kind)?.swedishName ?? org.kind),
            agreementYear: r.agreementYear, agreementTitle: agreement.title, agreementReference: agreement.sourceReference,
            requisitionedOn: ReportRules.swedishDate(r.createdAt), total: Money(ore: r.amountOre), areas: areas,
            paymentDate: CivilDate(iso: payment.paymentDate) ?? ReportRules.swedishDate(decidedAt), paymentReference: payment.reference,
            conditions: agreement.conditions, repaymentDue: FinancialService.dueDate(agreement),
            decidedBy: r.decidedBy ?? "Kammarkollegiet", firstApprovedBy: r.firstApprovedBy)
        let letter: DecisionLetter
        do { letter = try DecisionLetter.make(facts) } catch let problem as DecisionLetter.Problem {
            throw MoneyRefusal(.invalid, problem.description)
        }
        let m = DecisionLetterModel()
        m.requisitionID = try r.requireID(); m.reference = reference.description; m.agreementYear = r.agreementYear
        m.sequence = reference.sequence; m.organisationID = r.organisationID; m.decidedOn = letter.decidedOn.iso
        m.content = letter.json; m.contentSHA256 = checksum(m.content); m.createdAt = decidedAt
        try await m.create(on: tx)
        return m
    }

    /// Makes the letter for every approved requisition that lacks one (approved before letters
    /// existed), from the facts stored at approval: `decided_at`, `decided_by`, the first
    /// approver and the planned payment. Idempotent; returns how many it made.
    @discardableResult
    static func backfill(on db: any Database, logger: Logger? = nil) async throws -> Int {
        // Runs at every start: only ids are read until a requisition lacks its letter.
        let approvedIDs = try await RequisitionModel.query(on: db).filter(\.$state == RequisitionState.approved.rawValue).all(\.$id)
        let having = Set(try await DecisionLetterModel.query(on: db).all(\.$requisitionID))
        let missing = approvedIDs.filter { !having.contains($0) }
        guard !missing.isEmpty else { return 0 }
        let approved = try await RequisitionModel.query(on: db).filter(\.$id ~~ missing).sort(\.$decidedAt).sort(\.$createdAt).all()
        var made = 0
        for r in approved {
            do {
                if try await backfillOne(r, on: db) { made += 1 }
            } catch let refusal as MoneyRefusal {
                // A requisition whose agreement or recipient is gone keeps no letter; the others still get theirs.
                logger?.warning("Inget beslut om utbetalning för rekvisition \(r.id?.uuidString ?? ""): \(refusal.description)")
            }
        }
        return made
    }

    /// The letter for one approved requisition, unless it has one or has no payment.
    private static func backfillOne(_ r: RequisitionModel, on db: any Database) async throws -> Bool {
        try await db.writeTransaction { tx in
            let id = try r.requireID()
            guard try await DecisionLetterModel.query(on: tx).filter(\.$requisitionID == id).count() == 0,
                  let payment = try await PaymentModel.query(on: tx).filter(\.$requisitionID == id).first() else { return false }
            try await issue(for: r, payment: payment, on: tx)
            return true
        }
    }

    /// A recipient's letters for a year, in number order.
    static func letters(org: UUID, year: Int, on db: any Database) async throws -> [DecisionLetterModel] {
        try await DecisionLetterModel.query(on: db).filter(\.$organisationID == org).filter(\.$agreementYear == year).sort(\.$sequence).all()
    }

    /// The letters for these requisitions, by requisition.
    static func letters(requisitions ids: [UUID], on db: any Database) async throws -> [UUID: DecisionLetterModel] {
        guard !ids.isEmpty else { return [:] }
        let found = try await DecisionLetterModel.query(on: db).filter(\.$requisitionID ~~ ids).all()
        return Dictionary(found.map { ($0.requisitionID, $0) }, uniquingKeysWith: { a, _ in a })
    }

    /// The letter `id` if it is the recipient's and the year's; otherwise it does not exist.
    static func letter(_ id: UUID, org: UUID, year: Int, on db: any Database) async throws -> (DecisionLetterModel, DecisionLetter)? {
        guard let m = try await DecisionLetterModel.find(id, on: db), m.organisationID == org, m.agreementYear == year else { return nil }
        return (m, try DecisionLetter.read(json: m.content))
    }

    /// The SHA-256 of the stored text, in hex.
    static func checksum(_ content: String) -> String {
        SHA256.hash(data: Data(content.utf8)).map { String(format: "%02x", $0) }.joined()
    }
}
