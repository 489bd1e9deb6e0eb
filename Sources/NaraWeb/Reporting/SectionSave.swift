import Fluent
import Foundation
import NaraCore
import NaraPersistence

/// Saving a whole section from the form without JavaScript: every question's value, comment
/// and the revision the person started from, each saved by the same rules as the autosave.
enum SectionSave {
    enum Outcome {
        case saved
        /// Answers that could not be read, by question, with what the person typed.
        case invalid(errors: [String: String], typed: [String: String])
        /// Someone else saved a question first; the person chooses (`mine` as they sent it).
        case conflict(Question, mine: String, theirs: AnswerModel)
        case closed(String)
    }

    /// What the form sent for one question; nil when the form did not carry it (a hidden
    /// question, or a file field left empty), which leaves the stored answer as it is.
    static func input(for q: Question, fields: FormBody.Fields, files: [String: FormBody.Part]) -> Result<AnswerInput, AnswerError>? {
        switch q.type {
        case .multipleChoice: return .success(.choices(fields.all("value_\(q.id)[]")))
        case .table:
            var cells: [String: [String: String]] = [:]
            for row in q.rows ?? [] { for col in q.columns ?? [] { cells[row.id, default: [:]][col.id] = fields.first("cell_\(q.id)_\(row.id)_\(col.id)") ?? "" } }
            return .success(.cells(cells))
        case .file:
            guard let file = files["file_\(q.id)"] else { return nil }
            return Attachments.check(file, for: q).map { .text(Attachments.describe(file)) }
        default: return .success(.text(fields.first("value_\(q.id)") ?? ""))
        }
    }

    /// Saves the section's questions the form carried, keeps each attached file once its answer
    /// is saved, and records the save in the audit trail.
    static func save(_ ctx: ReportContext, section index: Int, fields: FormBody.Fields, files: [String: FormBody.Part],
                     by actor: Actor, today: CivilDate, now: Date, on db: any Database, group: GroupCommit?) async throws -> Outcome {
        let reportID = try ctx.report.requireID()
        var errors: [String: String] = [:], typed: [String: String] = [:]
        for q in ctx.definition.sections[index].questions {
            // Only questions the form carried (each has its revision field).
            guard let revisionText = fields.first("revision_\(q.id)"), let read = input(for: q, fields: fields, files: files) else { continue }
            let input: AnswerInput
            switch read {
            case .failure(let e): errors[q.id] = e.message; continue
            case .success(let i): input = i
            }
            let comment = q.comment == nil ? nil : (fields.first("comment_\(q.id)") ?? "")
            switch try await ReportService.saveAnswer(reportID: reportID, definition: ctx.definition, questionID: q.id, input: input, comment: comment,
                                                      expectedRevision: Int(revisionText) ?? 0, by: actor.principal?.user.name ?? actor.name,
                                                      today: today, now: now, on: db, group: group) {
            case .saved:
                // The file is kept only once its answer is saved: a stale or refused save stores nothing.
                if q.type == .file, let file = files["file_\(q.id)"] {
                    try await Attachments.store(file, reportID: reportID, questionID: q.id, now: now, on: db)
                }
            case .invalid(let message):
                errors[q.id] = message
                typed[q.id] = fields.first("value_\(q.id)") ?? ""
            case .closed(let message): return .closed(message)
            case .conflict(let theirs):
                let mine = fields.first("value_\(q.id)") ?? fields.all("value_\(q.id)[]").joined(separator: "\n")
                return .conflict(q, mine: mine, theirs: theirs)
            }
        }
        try await AuditLog.record(.update, entity: "report", id: reportID.uuidString, after: ["avsnitt": String(index + 1)], by: actor, now: now, on: db)
        return errors.isEmpty ? .saved : .invalid(errors: errors, typed: typed)
    }
}
