import Fluent
import Foundation
import NaraCore
import NaraPersistence
import SQLKit

/// What the form for a new report round sends, checked: every field named with its problem.
struct RoundForm: Sendable {
    let definition: FormDefinitionModel
    let year: Int
    let recipients: String
    let reviewer: String
    let kind: ReportKind
    let opens: CivilDate
    let deadline: CivilDate

    enum Read { case valid(RoundForm), invalid([FieldError]) }

    static func read(_ fields: FormBody.Fields, on db: any Database) async throws -> Read {
        var errors: [FieldError] = []
        var def: FormDefinitionModel?
        if let id = fields.first("form").flatMap(UUID.init(uuidString:)) { def = try await FormDefinitionModel.find(id, on: db) }
        if def == nil { errors.append(FieldError(field: "form", message: "Välj ett formulär.")) }
        let year = fields.first("year").flatMap(Int.init)
        if year == nil { errors.append(FieldError(field: "year", message: "Välj en överenskommelse.")) }
        let recipients = fields.first("recipients") ?? ""
        if !RoundOffers.recipientKinds.map(\.rawValue).contains(recipients) { errors.append(FieldError(field: "recipients", message: "Välj mottagare.")) }
        let reviewer = (fields.first("reviewer") ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        if reviewer.count > 200 { errors.append(FieldError(field: "reviewer", message: "Skriv granskaren med högst 200 tecken.")) }
        let kind = fields.first("kind").flatMap(ReportKind.init(rawValue:))
        if kind == nil { errors.append(FieldError(field: "kind", message: "Välj slag av rapport.")) }
        let opens = fields.first("opens").flatMap(CivilDate.init(iso:))
        let deadline = fields.first("deadline").flatMap(CivilDate.init(iso:))
        if opens == nil { errors.append(FieldError(field: "opens", message: "Ange när omgången öppnar (ÅÅÅÅ-MM-DD).")) }
        if deadline == nil { errors.append(FieldError(field: "deadline", message: "Ange sista dag (ÅÅÅÅ-MM-DD).")) }
        if let o = opens, let d = deadline, d < o { errors.append(FieldError(field: "deadline", message: "Sista dag kan inte vara före öppningsdagen.")) }
        guard errors.isEmpty, let def, let year, let kind, let opens, let deadline else { return .invalid(errors) }
        return .valid(RoundForm(definition: def, year: year, recipients: recipients, reviewer: reviewer, kind: kind, opens: opens, deadline: deadline))
    }
}

/// Report rounds as administrators change them, each change audited.
enum ReportRounds {
    /// Creates the round and a report for each recipient.
    static func create(_ f: RoundForm, by actor: Actor, now: Date, on db: any Database) async throws -> AssignmentModel {
        let definition = try await FormVersions.forYear(f.definition, year: f.year, by: actor.name, now: now, on: db)
        let a = try await ReportService.createAssignment(definition: definition, year: f.year, recipientKind: f.recipients, reportKind: f.kind,
                                                         opensOn: f.opens, deadline: f.deadline, reviewer: f.reviewer, now: now, on: db)
        try await AuditLog.record(.create, entity: "assignment", id: a.id!.uuidString,
                                  after: ["formulär": definition.formKey, "version": String(definition.version), "år": String(f.year), "mottagare": f.recipients,
                                          "slag": f.kind.rawValue, "öppnar": f.opens.iso, "sista_dag": f.deadline.iso, "granskare": f.reviewer],
                                  by: actor, now: now, on: db)
        return a
    }

    /// Locks an open period or opens a locked one, conditional on the state it was read in.
    /// - Returns: whether the period is now locked; nil when there is no such round.
    static func toggleLock(_ id: UUID, by actor: Actor, now: Date, on db: any Database) async throws -> Bool? {
        try await db.writeTransaction { tx in
            guard let a = try await AssignmentModel.find(id, on: tx) else { return nil }
            let was = a.locked
            guard try await (tx as! any SQLDatabase).raw("""
                UPDATE assignments SET locked = \(bind: !was) WHERE id = \(bind: id) AND locked = \(bind: was) RETURNING id
                """).first() != nil else { return was }
            try await AuditLog.record(.update, entity: "assignment", id: id.uuidString, before: ["låst": was ? "ja" : "nej"],
                                      after: ["låst": was ? "nej" : "ja"], by: actor, now: now, on: tx)
            return !was
        }
    }
}

/// The version of a questionnaire a round of one year asks.
enum FormVersions {
    /// The version of `model`'s questionnaire whose text speaks of `year` (`FormYear.rewrite`): `model` itself
    /// when it already does or names no year, else an existing version with that text, else a new version.
    static func forYear(_ model: FormDefinitionModel, year: Int, by actor: String, now: Date, on db: any Database) async throws -> FormDefinitionModel {
        let definition = try ReportService.definition(model)
        let wanted = FormYear.rewrite(definition, to: year)
        guard wanted != definition else { return model }
        let versions = try await FormDefinitionModel.query(on: db).filter(\.$formKey == model.formKey).sort(\.$version, .descending).all()
        for v in versions {
            var stored = try ReportService.definition(v)
            stored.version = wanted.version
            if stored == wanted { return v }
        }
        return try await ReportService.storeDefinition(wanted, by: actor, now: now, on: db).0
    }

    /// Moves every round whose questionnaire speaks of another year than its agreement to the version for
    /// its year (a database seeded before rounds asked their year's version), each move audited. Answers
    /// follow by question id; submitted versions keep their frozen answers. Idempotent.
    /// - Returns: how many rounds moved.
    @discardableResult
    static func alignRounds(now: Date, on db: any Database) async throws -> Int {
        var moved = 0
        for round in try await AssignmentModel.query(on: db).all() {
            guard let asked = try await FormDefinitionModel.find(round.formDefinitionID, on: db),
                  let year = FormYear.year(of: try ReportService.definition(asked)), year != round.agreementYear else { continue }
            let target = try await forYear(asked, year: round.agreementYear, by: "Nära (grunddata)", now: now, on: db)
            let targetID = try target.requireID()
            guard targetID != round.formDefinitionID else { continue }
            try await db.transaction { tx in
                round.formDefinitionID = targetID
                try await round.update(on: tx)
                try await AuditLog.record(.update, entity: "assignment", id: try round.requireID().uuidString,
                                          before: ["formulär": asked.formKey, "version": String(asked.version)],
                                          after: ["formulär": target.formKey, "version": String(target.version)], by: Actor(principal: nil, label: "Nära (grunddata)", address: ""), now: now, on: tx)
            }
            moved += 1
        }
        return moved
    }
}
