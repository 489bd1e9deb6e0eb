import Fluent
import Foundation
import NaraCore
import NaraPersistence
import SQLKit
import Vapor

/// Why a submission was not made.
enum SubmitRefusal: Error {
    case missing([Question])
    case closed(String)
}

/// A report's moves in storage: submit, approve, ask for completion. Each asks
/// `ReportLifecycle` whether the move is legal, then makes it in one write transaction with an
/// `UPDATE` conditional on the state it was read in, and its audit entry; of two moves at once,
/// one happens and the other is refused.
extension ReportService {
    /// Submits the report: every required visible question must be answered. Freezes the
    /// answers as a numbered version with a receipt reference.
    /// - Parameters:
    ///   - actor: who submits, as written on the receipt.
    ///   - audit: who the audit entry names; nil writes none (the demo's generated answers).
    static func submit(_ ctx: ReportContext, by actor: String, audit: Actor? = nil, today: CivilDate, now: Date,
                       on db: any Database) async throws -> Result<SubmissionModel, SubmitRefusal> {
        if case .failure(let refusal) = ReportLifecycle.submit(from: ctx.state, opensOn: ctx.opensOn, today: today, locked: ctx.assignment.locked) {
            return .failure(.closed(refusal.description))
        }
        let missing = FormLogic.missingRequired(ctx.definition, answers: ctx.values)
        if !missing.isEmpty { return .failure(.missing(missing)) }
        let reportID = try ctx.report.requireID()
        let from = ctx.state
        let submission: SubmissionModel? = try await db.writeTransaction { tx in
            let moved = try await (tx as! any SQLDatabase).raw("""
                UPDATE reports SET state = \(bind: ReportState.submitted.rawValue), submitted_at = \(bind: now), completion_message = NULL
                WHERE id = \(bind: reportID) AND state = \(bind: from.rawValue) AND version = \(bind: ctx.report.version)
                RETURNING id
                """).first()
            guard moved != nil else { return nil }
            let s = SubmissionModel()
            s.reportID = reportID; s.version = ctx.report.version
            s.reference = reference(for: ctx, now: now)
            s.submittedAt = now; s.submittedBy = actor
            s.late = ReportRules.wasLate(submittedOn: today, deadline: ctx.deadline)
            var frozen: [String: [String: String]] = [:]
            for (q, a) in ctx.answers where !a.value.isEmpty || !a.comment.isEmpty { frozen[q] = ["value": a.value, "comment": a.comment] }
            s.answers = AnswerParser.json(frozen)
            try await s.create(on: tx)
            try await FollowUpStore.record(report: ctx.report, assignment: ctx.assignment, definition: ctx.definition, organisation: ctx.organisation,
                                           answers: ctx.answers.mapValues { (value: $0.value, comment: $0.comment) }, submittedAt: now,
                                           generated: actor == DemoAnswers.marker, on: tx)
            if let audit {
                try await AuditLog.record(.submit, entity: "report", id: reportID.uuidString, before: ["status": from.swedishName],
                                          after: ["status": ReportState.submitted.swedishName, "referens": s.reference, "version": String(s.version),
                                                  "försenad": s.late ? "ja" : "nej"], by: audit, now: now, on: tx)
            }
            return s
        }
        guard let submission else {
            let refusal = try await refusalAfterRace(reportID, on: db) {
                ReportLifecycle.submit(from: $0, opensOn: ctx.opensOn, today: today, locked: ctx.assignment.locked)
            }
            return .failure(.closed(refusal.description))
        }
        ctx.report.state = ReportState.submitted.rawValue
        ctx.report.submittedAt = now
        ctx.report.completionMessage = nil
        return .success(submission)
    }

    /// `GNV-2023-SR-23-1-7F3A`: programme, year, kind, county, version and a random tail.
    static func reference(for ctx: ReportContext, now: Date) -> String {
        let kind = ["interim": "DR", "final": "SR", "action_plan": "HP", "vfu": "VFU"][ctx.assignment.reportKind] ?? "R"
        let tail = String(UUID().uuidString.prefix(4))
        return "GNV-\(ctx.assignment.agreementYear)-\(kind)-\(ctx.organisation.countyCode ?? ctx.organisation.code)-\(ctx.report.version)-\(tail)"
    }

    /// Reopens a submitted (or approved) report as the next version, with a message.
    /// - Returns: the version now open.
    static func requestCompletion(_ ctx: ReportContext, message: String, by actor: Actor, now: Date,
                                  on db: any Database) async throws -> Result<Int, ReportLifecycle.Refusal> {
        let from = ctx.state
        let to: ReportState
        switch ReportLifecycle.requestCompletion(from: from, message: message) {
        case .failure(let refusal): return .failure(refusal)
        case .success(let s): to = s
        }
        let reportID = try ctx.report.requireID()
        let version: Int? = try await db.writeTransaction { tx in
            // An earlier approval is kept, so that changes made now are flagged as made after it.
            guard let row = try await (tx as! any SQLDatabase).raw("""
                UPDATE reports SET state = \(bind: to.rawValue), version = version + 1, completion_message = \(bind: message),
                    changed_after_approval = \(bind: false)
                WHERE id = \(bind: reportID) AND state = \(bind: from.rawValue)
                RETURNING version
                """).first() else { return nil }
            let version = try row.decode(column: "version", as: Int.self)
            try await AuditLog.record(.update, entity: "report", id: reportID.uuidString, before: ["status": from.swedishName],
                                      after: ["status": to.swedishName, "meddelande": message, "version": String(version)], by: actor, now: now, on: tx)
            return version
        }
        guard let version else {
            return .failure(try await refusalAfterRace(reportID, on: db) { ReportLifecycle.requestCompletion(from: $0, message: message) })
        }
        // The first change from now on must be written (and flagged if the report was approved).
        lastTouch.remove(reportID)
        return .success(version)
    }

    /// Approves a submitted report.
    static func approve(_ ctx: ReportContext, by actor: Actor, now: Date, on db: any Database) async throws -> Result<ReportState, ReportLifecycle.Refusal> {
        let from = ctx.state
        let to: ReportState
        switch ReportLifecycle.approve(from: from) {
        case .failure(let refusal): return .failure(refusal)
        case .success(let s): to = s
        }
        let reportID = try ctx.report.requireID()
        let moved: Bool = try await db.writeTransaction { tx in
            guard try await (tx as! any SQLDatabase).raw("""
                UPDATE reports SET state = \(bind: to.rawValue), approved_at = \(bind: now), approved_by = \(bind: actor.principal?.user.name ?? actor.name),
                    changed_after_approval = \(bind: false)
                WHERE id = \(bind: reportID) AND state = \(bind: from.rawValue)
                RETURNING id
                """).first() != nil else { return false }
            try await AuditLog.record(.approve, entity: "report", id: reportID.uuidString, before: ["status": from.swedishName],
                                      after: ["status": to.swedishName], by: actor, now: now, on: tx)
            return true
        }
        guard moved else { return .failure(try await refusalAfterRace(reportID, on: db) { ReportLifecycle.approve(from: $0) }) }
        return .success(to)
    }

    /// Why a move found the report in another state than it was read in: the move's own refusal
    /// from the state stored now, or that it changed meanwhile.
    static func refusalAfterRace<T>(_ reportID: UUID, on db: any Database,
                                    _ move: (ReportState) -> Result<T, ReportLifecycle.Refusal>) async throws -> ReportLifecycle.Refusal {
        let stored = try await ReportModel.find(reportID, on: db).flatMap { ReportState(rawValue: $0.state) } ?? .draft
        if case .failure(let refusal) = move(stored) { return refusal }
        return .changedMeanwhile
    }

    static func submissions(_ reportID: UUID, on db: any Database) async throws -> [SubmissionModel] {
        try await SubmissionModel.query(on: db).filter(\.$reportID == reportID).sort(\.$version).all()
    }

    static func frozenAnswers(_ s: SubmissionModel) -> [String: (value: String, comment: String)] {
        let decoded = (try? JSONDecoder().decode([String: [String: String]].self, from: Data(s.answers.utf8))) ?? [:]
        return decoded.mapValues { ($0["value"] ?? "", $0["comment"] ?? "") }
    }
}
