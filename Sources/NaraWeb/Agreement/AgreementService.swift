import Fluent
import Foundation
import NaraCore
import NaraPersistence
import SQLKit

/// The agreement's use cases: create a draft, save a draft, publish, amend. Each runs in one
/// write transaction with a conditional update on the agreement's current state and an audit
/// entry with the real before and after values. Pages, the API and the commands all call these.
enum AgreementService {
    typealias Refusal = AgreementLifecycle.Refusal

    /// Creates a draft (from scratch, a copy or an imported document).
    static func create(_ a: Agreement, by actor: Actor, now: Date, on db: any Database) async throws -> Result<AgreementModel, Refusal> {
        do {
            return try await db.writeTransaction { tx in try await createInTransaction(a, by: actor, now: now, on: tx) }
        } catch let error as any DatabaseError where error.isConstraintFailure {
            // Two servers creating the same year at once: the unique year lets one in; the other is told so.
            return .failure(.exists(year: a.year))
        }
    }

    /// Creates a draft and publishes it at once, all or nothing (`nara import-agreement --publish`).
    static func createAndPublish(_ a: Agreement, tableID: UUID?, by actor: Actor, now: Date, on db: any Database) async throws -> Result<Published, Refusal> {
        try await db.writeTransaction { tx in
            if let refusal = AgreementLifecycle.publish(status: .draft, a) { return .failure(refusal) }
            if case .failure(let refusal) = try await createInTransaction(a, by: actor, now: now, on: tx) { return .failure(refusal) }
            return try await publishInTransaction(year: a.year, tableID: tableID, by: actor, now: now, on: tx)
        }
    }

    static func createInTransaction(_ a: Agreement, by actor: Actor, now: Date, on tx: any Database) async throws -> Result<AgreementModel, Refusal> {
        do {
            let years = Set(try await AgreementStore.list(includeDrafts: true, on: tx).map(\.year))
            if let refusal = AgreementLifecycle.create(a, existingYears: years) { return .failure(refusal) }
            let model = try await AgreementStore.save(a, status: .draft, by: actor.name, now: now, on: tx)
            try await AuditLog.record(.create, entity: "agreement", id: String(a.year), after: summary(a, status: .draft), by: actor, now: now, on: tx)
            return .success(model)
        }
    }

    /// Saves a changed draft; it may be unreconciled, but not invalid.
    static func saveDraft(year: Int, _ a: Agreement, by actor: Actor, now: Date, on db: any Database) async throws -> Result<AgreementModel, Refusal> {
        try await db.writeTransaction { tx in
            guard let model = try await AgreementStore.model(year: year, includeDrafts: true, on: tx) else {
                throw StoreError.notFound("Det finns ingen överenskommelse för \(year).")
            }
            let current = try await AgreementStore.load(model, on: tx)
            let status = AgreementStatus(rawValue: model.status) ?? .published
            if let refusal = AgreementLifecycle.editDraft(status: status, current: current, new: a) { return .failure(refusal) }
            // The draft is claimed only while it is still a draft: a publication in between wins.
            guard try await claim(model, whereStatus: .draft, version: model.version, setStatus: .draft, setVersion: 0, by: actor, now: now, on: tx) else {
                return .failure(.notDraft(year: year))
            }
            try await AgreementStore.replace(model, with: a, version: 0, by: actor.name, now: now, on: tx)
            try await AuditLog.record(.update, entity: "agreement", id: String(year), before: summary(current, status: .draft),
                                      after: summary(a, status: .draft), by: actor, now: now, on: tx)
            return .success(model)
        }
    }

    struct Published: Sendable {
        let year: Int
        let allocations: Int
    }

    /// Publishes a draft: it becomes public and its allocations are computed (population pots on
    /// `tableID`, or the table nearest each pot's reference date) as their first versions.
    static func publish(year: Int, tableID: UUID?, by actor: Actor, now: Date, on db: any Database) async throws -> Result<Published, Refusal> {
        try await db.writeTransaction { tx in try await publishInTransaction(year: year, tableID: tableID, by: actor, now: now, on: tx) }
    }

    static func publishInTransaction(year: Int, tableID: UUID?, by actor: Actor, now: Date, on tx: any Database) async throws -> Result<Published, Refusal> {
        do {
            guard let model = try await AgreementStore.model(year: year, includeDrafts: true, on: tx) else {
                throw StoreError.notFound("Det finns ingen överenskommelse för \(year).")
            }
            let a = try await AgreementStore.load(model, on: tx)
            if let refusal = AgreementLifecycle.publish(status: AgreementStatus(rawValue: model.status) ?? .published, a) { return .failure(refusal) }
            guard try await claim(model, whereStatus: .draft, version: model.version, setStatus: .published, setVersion: 1, by: actor, now: now, on: tx) else {
                return .failure(.alreadyPublished(year: year))
            }
            model.status = AgreementStatus.published.rawValue; model.version = 1
            try await ContentVersion.bump(on: tx)
            try await AgreementVersionStore.record(a, model: model, amendment: nil, changes: [], by: actor.name, now: now, on: tx)
            let created = try await AllocationStore.allocateInTransaction(year: year, tableID: tableID, by: actor.name, now: now, on: tx)
            try await AuditLog.record(.publish, entity: "agreement", id: String(year), before: ["status": AgreementStatus.draft.swedishName],
                                      after: summary(a, status: .published).merging(["fördelningar": String(created.count)]) { $1 },
                                      by: actor, now: now, on: tx)
            return .success(Published(year: year, allocations: created.count))
        }
    }

    struct Amended: Sendable {
        let version: Int
        let changes: [FieldChange]
        let differences: [RecipientDifference]
        let claims: Int
    }

    /// Amends a published agreement: a new version with its amendment, allocations of changed
    /// pots recomputed as new versions, and a repayment claim for every recipient paid more than
    /// its new allocation. `baseVersion` is the version the person started from: if someone else
    /// amended in between, the amendment is refused instead of silently overwriting theirs.
    static func amend(year: Int, _ a: Agreement, amendment: Amendment?, baseVersion: Int?, by actor: Actor, now: Date,
                      on db: any Database) async throws -> Result<Amended, Refusal> {
        try await db.writeTransaction { tx in
            guard let model = try await AgreementStore.model(year: year, includeDrafts: true, on: tx) else {
                throw StoreError.notFound("Det finns ingen överenskommelse för \(year).")
            }
            let current = try await AgreementStore.load(model, on: tx)
            let status = AgreementStatus(rawValue: model.status) ?? .published
            if let refusal = AgreementLifecycle.amend(status: status, current: current, new: a, amendment: amendment) { return .failure(refusal) }
            guard let amendment else { return .failure(.amendmentRequired) }
            let from = baseVersion ?? model.version
            guard from == model.version,
                  try await claim(model, whereStatus: .published, version: from, setStatus: .published, setVersion: from + 1, by: actor, now: now, on: tx)
            else {
                return .failure(.amendmentIncomplete([.init("amendment", "Överenskommelsen har ändrats av någon annan sedan du öppnade den (nu version \(model.version)). Öppna den igen och gör ändringen på nytt.")]))
            }
            let before = try await AmendmentEffects.allocations(year: year, on: tx)
            let changes = AgreementDiff.changes(from: current, to: a)
            try await AgreementStore.replace(model, with: a, version: from + 1, by: actor.name, now: now, on: tx)
            try await AgreementVersionStore.record(a, model: model, amendment: amendment, changes: changes, by: actor.name, now: now, on: tx)
            try await ContentVersion.bump(on: tx)
            let changed = Set(AgreementDiff.reallocatedPots(from: current, to: a))
            _ = try await AllocationStore.allocateInTransaction(year: year, force: changed, by: actor.name, now: now, on: tx)
            // A quantity pot already allocated by its accepted reports is split again on the same reports.
            for potModel in try await AgreementStore.potModels(agreementID: model.requireID(), on: tx) where changed.contains(potModel.slug) {
                guard case .reportedQuantity = AgreementStore.pot(from: potModel).key,
                      try await AllocationStore.currentVersion(potID: potModel.requireID(), on: tx) != nil else { continue }
                _ = try await AllocationStore.allocateQuantityPotInTransaction(potID: potModel.requireID(), today: ReportRules.swedishDate(now),
                                                                               replacing: true, by: actor.name, now: now, on: tx)
            }
            let effects = try await AmendmentEffects.apply(year: year, version: from + 1, before: before, agreement: a, amendment: amendment,
                                                           by: actor, now: now, on: tx)
            var after = Dictionary(changes.prefix(40).map { ($0.field, $0.after.isEmpty ? "(borttaget)" : $0.after) }, uniquingKeysWith: { x, y in x + "; " + y })
            after["version"] = String(from + 1); after["skäl"] = amendment.reason; after["diarienummer"] = amendment.reference
            after["datum"] = amendment.date.iso
            var beforeValues = Dictionary(changes.prefix(40).map { ($0.field, $0.before.isEmpty ? "(fanns inte)" : $0.before) }, uniquingKeysWith: { x, y in x + "; " + y })
            beforeValues["version"] = String(from)
            try await AuditLog.record(.amend, entity: "agreement", id: String(year), before: beforeValues, after: after, by: actor, now: now, on: tx)
            return .success(Amended(version: from + 1, changes: changes, differences: effects.differences, claims: effects.claims))
        }
    }

    /// Moves the agreement's row from one state to the next only if it is still in the state the
    /// caller read: `false` when another change got there first.
    static func claim(_ model: AgreementModel, whereStatus: AgreementStatus, version: Int, setStatus: AgreementStatus, setVersion: Int,
                      by actor: Actor, now: Date, on db: any Database) async throws -> Bool {
        let sql = db as! any SQLDatabase
        let rows = try await sql.raw("""
            UPDATE agreements SET status = \(bind: setStatus.rawValue), version = \(bind: setVersion),
                updated_at = \(bind: now), updated_by = \(bind: actor.name)
            WHERE id = \(bind: try model.requireID()) AND status = \(bind: whereStatus.rawValue) AND version = \(bind: version)
            RETURNING id
            """).all()
        return !rows.isEmpty
    }

    /// What the audit trail shows of an agreement: readable values, not codes.
    static func summary(_ a: Agreement, status: AgreementStatus) -> [String: String] {
        [
            "år": String(a.year), "status": status.swedishName, "titel": a.title, "ram": a.frame.krText,
            "potter": a.pots.map { "\($0.name): \($0.amount.krText) (\($0.key.swedishName))" }.joined(separator: "; "),
            "utvecklingsområden": String(a.areas.count), "villkor": String(a.conditions.count),
            "milstolpar": a.milestones.map { "\($0.date.iso) \($0.title)" }.joined(separator: "; "),
        ]
    }
}
