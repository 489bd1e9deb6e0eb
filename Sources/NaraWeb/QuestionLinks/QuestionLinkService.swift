import Fluent
import Foundation
import NaraCore
import NaraPersistence
import Vapor

/// What the question link form sends.
struct QuestionLinkForm: Content {
    var from_form: String?
    var from_question: String?
    var to_form: String?
    var to_question: String?
}

/// The links and the questionnaires that can be linked, for the page.
struct QuestionLinkList: Sendable {
    let links: [QuestionLinkModel]
    /// Every questionnaire's key, sorted.
    let formKeys: [String]

    static func query(on db: any Database) async throws -> QuestionLinkList {
        let links = try await QuestionLinkModel.query(on: db).sort(\.$createdAt).all()
        let keys = Array(Set(try await FormDefinitionModel.query(on: db).all().map(\.formKey))).sorted()
        return QuestionLinkList(links: links, formKeys: keys)
    }
}

/// Links between questions across questionnaires, so a trend can follow a question that got a
/// new id or moved to another form. Each change is audited in its own transaction.
enum QuestionLinks {
    /// Every stored version of a questionnaire.
    static func definitions(_ key: String, on db: any Database) async throws -> [FormDefinition] {
        try await FormDefinitionModel.query(on: db).filter(\.$formKey == key).all().map(ReportService.definition)
    }

    /// Why a link cannot be made, at the form's fields; empty when it can.
    static func problems(_ f: QuestionLinkForm, on db: any Database) async throws -> [FieldError] {
        var errors: [FieldError] = []
        let fromDefs = try await definitions(f.from_form ?? "", on: db)
        let toDefs = try await definitions(f.to_form ?? "", on: db)
        if fromDefs.isEmpty { errors.append(FieldError(field: "from_form", message: "Välj ett formulär att koppla från.")) }
        else if !fromDefs.contains(where: { $0.question(f.from_question ?? "") != nil }) {
            errors.append(FieldError(field: "from_question", message: "Formuläret har ingen fråga med det id:t i någon version."))
        }
        if toDefs.isEmpty { errors.append(FieldError(field: "to_form", message: "Välj ett formulär att koppla till.")) }
        else if !toDefs.contains(where: { $0.question(f.to_question ?? "") != nil }) {
            errors.append(FieldError(field: "to_question", message: "Formuläret har ingen fråga med det id:t i någon version."))
        }
        if errors.isEmpty && f.from_form == f.to_form && f.from_question == f.to_question {
            errors.append(FieldError(field: "to_question", message: "En fråga kan inte kopplas till sig själv."))
        }
        if errors.isEmpty, try await QuestionLinkModel.query(on: db).filter(\.$fromForm == f.from_form!).filter(\.$fromQuestion == f.from_question!)
            .filter(\.$toForm == f.to_form!).count() > 0 {
            errors.append(FieldError(field: "from_question", message: "Frågan är redan kopplad till det formuläret."))
        }
        return errors
    }

    /// Links two questions. - Returns: the problems at their fields when they cannot be linked.
    static func add(_ f: QuestionLinkForm, by actor: Actor, now: Date, on db: any Database) async throws -> [FieldError] {
        let errors = try await problems(f, on: db)
        if !errors.isEmpty { return errors }
        let l = QuestionLinkModel()
        l.fromForm = f.from_form!; l.fromQuestion = f.from_question!; l.toForm = f.to_form!; l.toQuestion = f.to_question!
        l.createdAt = now; l.createdBy = actor.name
        try await db.writeTransaction { tx in
            try await l.create(on: tx)
            try await AuditLog.record(.create, entity: "question_link", id: l.id!.uuidString,
                                      after: ["från": "\(l.fromForm) \(l.fromQuestion)", "till": "\(l.toForm) \(l.toQuestion)"], by: actor, now: now, on: tx)
        }
        return []
    }

    /// Removes a link. - Returns: false when there is no such link.
    static func remove(_ id: UUID, by actor: Actor, now: Date, on db: any Database) async throws -> Bool {
        try await db.writeTransaction { tx in
            guard let l = try await QuestionLinkModel.find(id, on: tx) else { return false }
            try await l.delete(on: tx)
            try await AuditLog.record(.delete, entity: "question_link", id: id.uuidString,
                                      before: ["från": "\(l.fromForm) \(l.fromQuestion)", "till": "\(l.toForm) \(l.toQuestion)"], by: actor, now: now, on: tx)
            return true
        }
    }
}
