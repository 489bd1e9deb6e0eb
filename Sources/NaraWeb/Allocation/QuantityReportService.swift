import Fluent
import Foundation
import NaraCore
import NaraPersistence
import SQLKit

/// The use cases of a reported-quantity pot: a recipient reports, Socialstyrelsen accepts or
/// adjusts, Socialstyrelsen allocates. Each runs in one write transaction that first takes the
/// pot's row (a no-op update: a row lock on PostgreSQL, the write lock on SQLite anyway), so
/// reports, decisions and the allocation of one pot happen one after another; each writes an
/// audit entry with readable before and after values. The rules are `QuantityRules`.
enum QuantityReportService {
    /// An attached file, already checked (`QuantityReportRoutes.checkAttachment`).
    struct Attachment: Sendable {
        let name: String
        let data: Data
    }

    /// A recipient reports (or changes an undecided report of) its quantity.
    static func report(potID: UUID, organisation: OrganisationModel, quantity raw: String, comment: String, attachment: Attachment?,
                       today: CivilDate, by actor: Actor, now: Date, isDemo: Bool = false,
                       on db: any Database) async throws -> Result<QuantityReportModel, QuantityRefusal> {
        let organisationID = try organisation.requireID()
        let recipient = OrganisationKind(rawValue: organisation.kind).flatMap { kind in
            organisation.countyCode.flatMap { QuantityRecipient(kind: kind, countyCode: $0) }
        }
        return try await db.writeTransaction { tx in
            let pot = try await lockPot(potID, on: tx)
            let existing = try await QuantityReportModel.query(on: tx).filter(\.$potID == potID)
                .filter(\.$organisationID == organisationID).first()
            let allocated = try await AllocationStore.currentVersion(potID: potID, on: tx) != nil
            let current = existing.flatMap { QuantityReportState(rawValue: $0.state) }
            let quantity: Int64
            switch QuantityRules.report(pot, by: recipient, raw: raw, today: today, current: current, allocated: allocated) {
            case .failure(let refusal): return .failure(refusal)
            case .success(let q): quantity = q
            }
            let before = existing.map { summary($0, pot: pot, organisation: organisation.name) } ?? [:]
            let m = existing ?? QuantityReportModel()
            m.potID = potID; m.organisationID = organisationID; m.code = recipient!.code
            m.quantity = quantity; m.acceptedQuantity = nil; m.state = QuantityReportState.reported.rawValue
            m.reason = ""; m.comment = comment; m.isDemo = isDemo
            if let attachment {
                m.attachmentName = attachment.name; m.attachmentSize = attachment.data.count
                m.attachmentContent = attachment.data.base64EncodedString()
            }
            m.reportedAt = now; m.reportedBy = actor.name; m.decidedAt = nil; m.decidedBy = nil
            if existing == nil { try await m.create(on: tx) } else { try await m.update(on: tx) }
            try await ContentVersion.bump(on: tx)  // the pot's public page counts the reports
            try await AuditLog.record(existing == nil ? .create : .update, entity: "quantity_report", id: m.id?.uuidString ?? "",
                                      before: before, after: summary(m, pot: pot, organisation: organisation.name),
                                      by: actor, now: now, on: tx)
            return .success(m)
        }
    }

    /// A decision Socialstyrelsen makes on one report.
    enum Decision: Sendable {
        /// As reported; the note is optional.
        case accept(note: String)
        /// Another quantity, with a reason.
        case adjust(quantity: String, reason: String)
    }

    /// Socialstyrelsen accepts or adjusts a recipient's report.
    /// - Returns: the report as decided, nil if the organisation has no report for the pot.
    static func decide(_ decision: Decision, potID: UUID, organisationID: UUID, by actor: Actor, now: Date,
                       on db: any Database) async throws -> Result<QuantityReportModel, QuantityRefusal>? {
        try await db.writeTransaction { tx in
            let pot = try await lockPot(potID, on: tx)
            guard let m = try await QuantityReportModel.query(on: tx).filter(\.$potID == potID)
                    .filter(\.$organisationID == organisationID).first(),
                  let state = QuantityReportState(rawValue: m.state)
            else { return nil }
            let name = try await OrganisationModel.find(organisationID, on: tx)?.name ?? m.code
            let allocated = try await AllocationStore.currentVersion(potID: potID, on: tx) != nil
            let before = summary(m, pot: pot, organisation: name)
            switch decision {
            case .accept(let note):
                if let refusal = QuantityRules.accept(current: state, allocated: allocated) { return .failure(refusal) }
                let note = note.trimmingCharacters(in: .whitespacesAndNewlines)
                if note.count > QuantityRules.longestReason { return .failure(.reasonTooLong) }
                m.acceptedQuantity = m.quantity; m.state = QuantityReportState.accepted.rawValue; m.reason = note
            case .adjust(let raw, let reason):
                switch QuantityRules.adjust(reported: m.quantity, raw: raw, reason: reason, allocated: allocated) {
                case .failure(let refusal): return .failure(refusal)
                case .success(let q):
                    m.acceptedQuantity = q; m.state = QuantityReportState.adjusted.rawValue
                    m.reason = reason.trimmingCharacters(in: .whitespacesAndNewlines)
                }
            }
            m.decidedAt = now; m.decidedBy = actor.name
            try await m.update(on: tx)
            try await ContentVersion.bump(on: tx)  // the pot's public page shows the decided quantities
            try await AuditLog.record(m.state == QuantityReportState.accepted.rawValue ? .approve : .update, entity: "quantity_report",
                                      id: m.id?.uuidString ?? "", before: before, after: summary(m, pot: pot, organisation: name),
                                      by: actor, now: now, on: tx)
            return .success(m)
        }
    }

    /// Socialstyrelsen allocates the pot by the accepted quantities.
    static func allocate(potID: UUID, year: Int, today: CivilDate, by actor: Actor, now: Date,
                         on db: any Database) async throws -> Result<AllocationModel, QuantityRefusal> {
        try await db.writeTransaction { tx in
            let pot = try await lockPot(potID, on: tx)
            let outcome = try await AllocationStore.allocateQuantityPotInTransaction(potID: potID, today: today, by: actor.name, now: now, on: tx)
            if case .success(let v) = outcome {
                let lines = try await AllocationStore.lines(allocationID: v.requireID(), on: tx)
                try await AuditLog.record(.allocate, entity: "allocation", id: v.id?.uuidString ?? "",
                                          after: ["år": String(year), "pott": pot.name, "version": String(v.version),
                                                  "fördelat": Money(ore: v.totalOre).krText,
                                                  "mottagare": lines.map { "\($0.name): \(SwedishNumber.grouped($0.weight ?? 0)) \(unit(pot)), \(Money(ore: $0.amountOre).krText)" }
                                                      .joined(separator: "; ")],
                                          by: actor, now: now, on: tx)
            }
            return outcome
        }
    }

    /// Takes the pot's row for the rest of the transaction and reads it.
    static func lockPot(_ potID: UUID, on db: any Database) async throws -> Pot {
        let sql = db as! any SQLDatabase
        try await sql.raw("UPDATE pots SET slug = slug WHERE id = \(bind: potID)").run()
        guard let m = try await PotModel.find(potID, on: db) else { throw StoreError.notFound("Potten finns inte.") }
        return AgreementStore.pot(from: m)
    }

    static func unit(_ pot: Pot) -> String {
        if case .reportedQuantity(let unit) = pot.key { return unit }
        return ""
    }

    /// What the audit trail shows of a report: readable values, not codes.
    static func summary(_ m: QuantityReportModel, pot: Pot, organisation: String) -> [String: String] {
        var out = ["pott": pot.name, "mottagare": organisation, "rapporterat antal": SwedishNumber.grouped(m.quantity) + " " + unit(pot),
                   "status": QuantityReportState(rawValue: m.state)?.swedishName ?? m.state]
        if let a = m.acceptedQuantity { out["godkänt antal"] = SwedishNumber.grouped(a) + " " + unit(pot) }
        if !m.reason.isEmpty { out["skäl"] = m.reason }
        if !m.comment.isEmpty { out["kommentar"] = m.comment }
        if let name = m.attachmentName { out["bilaga"] = name }
        if m.isDemo { out["demodata"] = "ja" }
        return out
    }
}
