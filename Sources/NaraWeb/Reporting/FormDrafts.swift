import Fluent
import Foundation
import NaraCore
import NaraPersistence
import SQLKit

/// The questionnaire builder's use cases: start a draft (from nothing or copied from a version,
/// for a year), change it, publish it as a new version, or throw it away. Each runs in one
/// transaction, changes the draft only at the revision the person saw, and writes the audit entry.
enum FormDrafts {
    struct Loaded: Sendable {
        let model: FormDraftModel
        let definition: FormDefinition
        /// The version the draft was copied from, if any.
        let base: FormDefinitionModel?
        let baseDefinition: FormDefinition?
        var id: UUID { model.id! }
    }

    enum Started { case created(FormDraftModel), existing(FormDraftModel), refused(EditRefusal) }
    enum Edited { case saved(Loaded), refused(EditRefusal), conflict, missing }
    enum Published { case published(FormDefinitionModel), problems([FormEditing.Problem]), unchanged(Int), conflict, missing }

    static func load(_ id: UUID, on db: any Database) async throws -> Loaded? {
        guard let m = try await FormDraftModel.find(id, on: db) else { return nil }
        let d = try decode(m.definition)
        let base = try await m.baseDefinitionID.asyncMap { try await FormDefinitionModel.find($0, on: db) } ?? nil
        return Loaded(model: m, definition: d, base: base, baseDefinition: try base.map(ReportService.definition))
    }

    static func all(on db: any Database) async throws -> [FormDraftModel] {
        try await FormDraftModel.query(on: db).sort(\.$formKey).all()
    }

    /// A new questionnaire, built from nothing under the id `key`.
    static func startNew(key rawKey: String, title rawTitle: String, by actor: Actor, now: Date, on db: any Database) async throws -> Started {
        let key = rawKey.trimmingCharacters(in: .whitespaces), title = rawTitle.trimmingCharacters(in: .whitespaces)
        var fields: [(field: String, message: String)] = []
        if key.isEmpty || key.count > 80 || !key.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") }) {
            fields.append(("key", "Skriv ett id med bokstäverna a–z, siffror, - och _ (högst 80 tecken), till exempel regioner-lagesrapport-2024."))
        } else if try await FormDefinitionModel.query(on: db).filter(\.$formKey == key).first() != nil {
            fields.append(("key", "Det finns redan ett formulär med id:t ”\(key)”. Kopiera det i stället, eller välj ett annat id."))
        }
        if title.isEmpty { fields.append(("title", "Skriv formulärets titel.")) }
        if !fields.isEmpty { return .refused(EditRefusal(fields: fields)) }
        if let existing = try await FormDraftModel.query(on: db).filter(\.$formKey == key).first() { return .existing(existing) }
        let d = FormDefinition(id: key, version: 1, title: title, sections: [])
        return try await create(d, base: nil, by: actor, now: now, on: db)
    }

    /// A draft of `model`'s questionnaire for `year` (its texts' year words rewritten, every id kept),
    /// or as it is when `year` is nil.
    static func copy(_ model: FormDefinitionModel, year: Int?, by actor: Actor, now: Date, on db: any Database) async throws -> Started {
        if let existing = try await FormDraftModel.query(on: db).filter(\.$formKey == model.formKey).first() { return .existing(existing) }
        let stored = try ReportService.definition(model)
        var d = year.map { FormYear.rewrite(stored, to: $0) } ?? stored
        let latest = try await FormDefinitionModel.query(on: db).filter(\.$formKey == model.formKey).sort(\.$version, .descending).first()
        d.version = (latest?.version ?? model.version) + 1
        return try await create(d, base: model, by: actor, now: now, on: db)
    }

    private static func create(_ d: FormDefinition, base: FormDefinitionModel?, by actor: Actor, now: Date, on db: any Database) async throws -> Started {
        let m = FormDraftModel()
        m.formKey = d.id; m.baseDefinitionID = base?.id; m.definition = try encode(d); m.revision = 1
        m.createdAt = now; m.createdBy = actor.name; m.updatedAt = now; m.updatedBy = actor.name
        do {
            try await db.transaction { tx in
                try await m.create(on: tx)
                var after = ["formulär": d.id, "titel": d.title, "frågor": String(d.questions.count)]
                if let base { after["kopierat från"] = "version \(base.version)" }
                try await AuditLog.record(.create, entity: "form_draft", id: m.id!.uuidString, after: after, by: actor, now: now, on: tx)
            }
        } catch {
            // Someone started a draft of the same questionnaire at the same moment: theirs is the draft.
            guard let failure = error as? any DatabaseError, failure.isConstraintFailure,
                  let existing = try await FormDraftModel.query(on: db).filter(\.$formKey == d.id).first() else { throw error }
            return .existing(existing)
        }
        return .created(m)
    }

    /// Applies one builder change at the revision the person saw.
    static func edit(_ id: UUID, revision: Int, _ edit: FormEdit, by actor: Actor, now: Date, on db: any Database) async throws -> Edited {
        guard let loaded = try await load(id, on: db) else { return .missing }
        guard loaded.model.revision == revision else { return .conflict }
        switch FormEditing.apply(edit, to: loaded.definition) {
        case .failure(let refusal): return .refused(refusal)
        case .success(let next):
            // A move with nowhere to go changes nothing: nothing is written or audited.
            if next == loaded.definition { return .saved(loaded) }
            let json = try encode(next)
            let saved = try await db.transaction { tx -> Bool in
                guard try await (tx as! any SQLDatabase).raw("""
                    UPDATE form_drafts SET definition = \(bind: json), revision = \(bind: revision + 1),
                        updated_at = \(bind: now), updated_by = \(bind: actor.name)
                    WHERE id = \(bind: id) AND revision = \(bind: revision) RETURNING id
                    """).first() != nil else { return false }
                let (before, after) = summary(of: edit, before: loaded.definition, after: next)
                try await AuditLog.record(.update, entity: "form_draft", id: id.uuidString, before: before, after: after, by: actor, now: now, on: tx)
                return true
            }
            guard saved, let reloaded = try await load(id, on: db) else { return .conflict }
            return .saved(reloaded)
        }
    }

    /// Publishes the draft as the questionnaire's next version and removes the draft; a draft
    /// equal to the latest version stays a draft.
    static func publish(_ id: UUID, revision: Int, by actor: Actor, now: Date, on db: any Database) async throws -> Published {
        do { return try await publishing(id, revision: revision, by: actor, now: now, on: db) } catch let u as Unchanged { return .unchanged(u.version) }
    }

    private static func publishing(_ id: UUID, revision: Int, by actor: Actor, now: Date, on db: any Database) async throws -> Published {
        guard let loaded = try await load(id, on: db) else { return .missing }
        guard loaded.model.revision == revision else { return .conflict }
        let problems = FormEditing.publishProblems(loaded.definition)
        if !problems.isEmpty { return .problems(problems) }
        return try await db.transaction { tx -> Published in
            guard try await (tx as! any SQLDatabase).raw("""
                DELETE FROM form_drafts WHERE id = \(bind: id) AND revision = \(bind: revision) RETURNING id
                """).first() != nil else { return .conflict }
            let (model, created) = try await ReportService.storeDefinition(loaded.definition, by: actor.name, now: now, on: tx)
            guard created else { throw Unchanged(version: model.version) }
            try await AuditLog.record(.publish, entity: "form_definition", id: model.id!.uuidString,
                                      before: loaded.base.map { ["version": String($0.version)] } ?? [:],
                                      after: ["formulär": model.formKey, "version": String(model.version), "titel": model.title,
                                              "frågor": String(loaded.definition.questions.count)], by: actor, now: now, on: tx)
            return .published(model)
        }
    }

    /// Thrown inside the publishing transaction so the draft stays when nothing differs.
    struct Unchanged: Error { let version: Int }

    enum Discarded { case discarded, conflict, missing }

    /// Throws the draft away at the revision the person saw; the published versions are untouched.
    static func discard(_ id: UUID, revision: Int, by actor: Actor, now: Date, on db: any Database) async throws -> Discarded {
        guard let loaded = try await load(id, on: db) else { return .missing }
        guard loaded.model.revision == revision else { return .conflict }
        return try await db.transaction { tx in
            guard try await (tx as! any SQLDatabase).raw("""
                DELETE FROM form_drafts WHERE id = \(bind: id) AND revision = \(bind: revision) RETURNING id
                """).first() != nil else { return .conflict }
            try await AuditLog.record(.delete, entity: "form_draft", id: id.uuidString,
                                      before: ["formulär": loaded.definition.id, "titel": loaded.definition.title,
                                               "frågor": String(loaded.definition.questions.count)], by: actor, now: now, on: tx)
            return .discarded
        }
    }

    // MARK: Audit

    /// What the audit trail shows of a change: the question or section as it was and became.
    static func summary(of edit: FormEdit, before d: FormDefinition, after n: FormDefinition) -> ([String: String], [String: String]) {
        func question(_ q: Question?) -> [String: String] {
            guard let q else { return [:] }
            var out = ["fråga": q.id, "nummer": q.number, "text": q.text, "typ": q.type.swedishName, "obligatorisk": q.required ? "ja" : "nej"]
            if let o = q.options { out["alternativ"] = o.joined(separator: "; ") }
            if let c = q.showIf { out["villkor"] = "\(c.question): " + c.values.joined(separator: "; ") }
            if let lo = q.min { out["min"] = String(lo) }
            if let hi = q.max { out["max"] = String(hi) }
            if let p = d.sectionIndex(of: q.id) ?? n.sectionIndex(of: q.id) { out["avsnitt"] = String(p + 1) }
            return out
        }
        func order(_ def: FormDefinition) -> [String: String] {
            ["ordning": def.sections.map { s in s.heading + ": " + s.questions.map(\.number).joined(separator: ", ") }.joined(separator: " | ")]
        }
        switch edit {
        case .setForm:
            return (["titel": d.title, "instruktion": d.instruction ?? ""], ["titel": n.title, "instruktion": n.instruction ?? ""])
        case .addSection(let heading, _):
            return ([:], ["avsnitt": heading])
        case .updateSection(let i, _, _):
            return (["avsnitt": d.sections[i].heading, "inledning": Paragraphs.write(d.sections[i].introduction)],
                    ["avsnitt": n.sections[i].heading, "inledning": Paragraphs.write(n.sections[i].introduction)])
        case .removeSection(let i):
            return (["avsnitt": d.sections[i].heading, "frågor": d.sections[i].questions.map(\.number).joined(separator: ", ")], [:])
        case .moveSection, .moveQuestion:
            return (order(d), order(n))
        case .addQuestion:
            let added = n.questions.first { d.question($0.id) == nil }
            return ([:], question(added))
        case .updateQuestion(let id, _):
            return (question(d.question(id)), question(n.question(id)))
        case .removeQuestion(let id):
            return (question(d.question(id)), [:])
        }
    }

    // MARK: Storage

    static func encode(_ d: FormDefinition) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(d), as: UTF8.self)
    }

    static func decode(_ json: String) throws -> FormDefinition {
        try JSONDecoder().decode(FormDefinition.self, from: Data(json.utf8))
    }
}
