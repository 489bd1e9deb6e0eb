import Fluent
import Foundation
import NaraCore
import NaraPersistence
import SQLKit
import Vapor

/// A report with everything around it: its round, its questionnaire, its organisation and its
/// current answers.
struct ReportContext: Sendable {
    let report: ReportModel
    let assignment: AssignmentModel
    let definition: FormDefinition
    let definitionModel: FormDefinitionModel
    let organisation: OrganisationModel
    let answers: [String: AnswerModel]
    /// The files kept for the report's file questions, oldest first, without their contents.
    var files: [AttachmentModel] = []

    /// For each file question, the link to the file its answer (as given) names.
    func attachments(for answers: [String: String]? = nil) -> [String: AttachmentLink] {
        Attachments.named(by: answers ?? values, in: files)
    }

    var deadline: CivilDate { CivilDate(iso: assignment.deadline) ?? .make(2100, 1, 1) }
    var opensOn: CivilDate { CivilDate(iso: assignment.opensOn) ?? .make(2000, 1, 1) }
    var state: ReportState { ReportState(rawValue: report.state) ?? .draft }
    var values: [String: String] { answers.mapValues(\.value) }
    var reportKind: ReportKind { ReportKind(rawValue: assignment.reportKind) ?? .final }

    func status(today: CivilDate) -> ReportStatus {
        ReportRules.status(state: state, hasAnswers: answers.values.contains { !$0.value.isEmpty || !$0.comment.isEmpty },
                           deadline: deadline, today: today)
    }

    func canEdit(today: CivilDate) -> Bool {
        ReportRules.canEdit(state: state, opensOn: opensOn, today: today, locked: assignment.locked)
    }

    var title: String { "\(reportKind.swedishName) \(assignment.agreementYear) – \(organisation.name)" }

    /// Which agreement and period the report covers: "Överenskommelse 2023 · Slutredovisning · avser 1 januari–31 december 2023".
    var covers: String { ReportPeriod.heading(year: assignment.agreementYear, kind: reportKind) }
}

/// What saving one answer needs: the report as stored now, its round and its questionnaire.
/// Loaded in two queries (the questionnaire is cached), without the report's other answers.
struct SaveTarget: Sendable {
    let report: ReportModel
    let assignment: AssignmentModel
    let definition: FormDefinition

    var state: ReportState { ReportState(rawValue: report.state) ?? .draft }
    var opensOn: CivilDate { CivilDate(iso: assignment.opensOn) ?? .make(2000, 1, 1) }

    func canEdit(today: CivilDate) -> Bool {
        ReportRules.canEdit(state: state, opensOn: opensOn, today: today, locked: assignment.locked)
    }
}

extension ReportContext {
    var target: SaveTarget { SaveTarget(report: report, assignment: assignment, definition: definition) }
}

/// What happened to one saved answer.
enum SaveOutcome: Sendable {
    case saved(AnswerModel)
    /// Someone saved a newer value; theirs is returned.
    case conflict(current: AnswerModel)
    case invalid(String)
    case closed(String)
}

/// Questionnaires, rounds and reports: the rules applied to storage.
enum ReportService {
    // MARK: Definitions and rounds

    /// Stores a definition. An unchanged definition returns the stored version; a changed one
    /// becomes the next version, so a definition in use is never changed in place.
    static func storeDefinition(_ definition: FormDefinition, by actor: String, now: Date, on db: any Database) async throws -> (FormDefinitionModel, created: Bool) {
        let existing = try await FormDefinitionModel.query(on: db).filter(\.$formKey == definition.id).sort(\.$version, .descending).all()
        var d = definition
        if let latest = existing.first, let stored = try? JSONDecoder().decode(FormDefinition.self, from: Data(latest.definition.utf8)) {
            d.version = stored.version
            if d == stored { return (latest, false) }
            d.version = latest.version + 1
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let m = FormDefinitionModel()
        m.formKey = d.id; m.version = d.version; m.title = d.title
        m.definition = String(decoding: try encoder.encode(d), as: UTF8.self)
        m.createdAt = now; m.createdBy = actor
        try await m.create(on: db)
        return (m, true)
    }

    /// A stored definition, decoded once: stored versions never change, so the decoded form is
    /// kept by id for the life of the process.
    static func definition(_ m: FormDefinitionModel) throws -> FormDefinition {
        if let id = m.id, let cached = definitionCache.get(id) { return cached }
        let d = try JSONDecoder().decode(FormDefinition.self, from: Data(m.definition.utf8))
        if let id = m.id { definitionCache.set(id, d) }
        return d
    }

    static let definitionCache = LockedCache<UUID, FormDefinition>()

    /// The organisations that report in a round of this recipient kind: the 21 regions, SKR, or
    /// the 20 RSS plus Region Gotland for the municipal duties of Gotland.
    static func recipients(kind: String, on db: any Database) async throws -> [OrganisationModel] {
        if kind == OrganisationKind.region.rawValue || kind == OrganisationKind.skr.rawValue {
            return try await OrganisationModel.query(on: db).filter(\.$kind == kind).sort(\.$code).all()
        }
        let rss = try await OrganisationModel.query(on: db).filter(\.$kind == OrganisationKind.rss.rawValue).all()
        let gotland = try await OrganisationModel.query(on: db).filter(\.$kind == OrganisationKind.region.rawValue)
            .filter(\.$code == Geography.gotlandCountyCode).all()
        return (rss + gotland).sorted { ($0.countyCode ?? "") < ($1.countyCode ?? "") }
    }

    /// Creates a round and a report for every recipient.
    /// - Parameter reviewer: who the reports go to (`Socialdepartementet`), stored with the round.
    static func createAssignment(definition: FormDefinitionModel, year: Int, recipientKind: String, reportKind: ReportKind,
                                 opensOn: CivilDate, deadline: CivilDate, reviewer: String = "", now: Date, on db: any Database) async throws -> AssignmentModel {
        try await db.transaction { tx in
            let a = AssignmentModel()
            a.formDefinitionID = try definition.requireID(); a.agreementYear = year; a.recipientKind = recipientKind
            a.reportKind = reportKind.rawValue; a.opensOn = opensOn.iso; a.deadline = deadline.iso; a.locked = false; a.createdAt = now
            try await a.create(on: tx)
            if !reviewer.isEmpty { try await RoundReviewers.set(reviewer, round: a.requireID(), on: tx) }
            let reports = try await recipients(kind: recipientKind, on: tx).map { org -> ReportModel in
                let r = ReportModel()
                r.assignmentID = a.id!; r.organisationID = org.id!; r.state = ReportState.draft.rawValue; r.version = 1
                r.changedAfterApproval = false
                return r
            }
            try await reports.create(on: tx)
            return a
        }
    }

    /// Ships the reference questionnaire (2022, version 1) and asks the RSS for the 2023 final report
    /// with its 2023 version (deadline 31 March 2024, seed `003_…`), once. On a database seeded before,
    /// moves each round to its year's version instead (`FormVersions.alignRounds`).
    static func seedReference(on db: any Database, now: Date = NaraClock.system.now()) async throws {
        guard try await FormDefinitionModel.query(on: db).count() == 0 else {
            try await FormVersions.alignRounds(now: now, on: db)
            return
        }
        let form = try ReferenceForms.municipalFinalReport2022()
        let (reference, _) = try await storeDefinition(form, by: "Nära (grunddata)", now: now, on: db)
        guard try await AgreementStore.model(year: 2023, on: db) != nil else { return }
        let model = try await FormVersions.forYear(reference, year: 2023, by: "Nära (grunddata)", now: now, on: db)
        _ = try await createAssignment(definition: model, year: 2023, recipientKind: OrganisationKind.rss.rawValue, reportKind: .final,
                                       opensOn: .make(2024, 1, 1), deadline: .make(2024, 3, 31), now: now, on: db)
    }

    // MARK: Reports

    static func load(_ reportID: UUID, on db: any Database) async throws -> ReportContext? {
        guard let report = try await ReportModel.find(reportID, on: db),
              let assignment = try await AssignmentModel.find(report.assignmentID, on: db),
              let defModel = try await definitionModel(assignment.formDefinitionID, on: db),
              let org = try await OrganisationModel.find(report.organisationID, on: db) else { return nil }
        let answers = try await AnswerModel.query(on: db).filter(\.$reportID == reportID).all()
        let form = try definition(defModel)
        let files = form.questions.contains { $0.type == .file } ? try await Attachments.list(reportID: reportID, on: db) : []
        return ReportContext(report: report, assignment: assignment, definition: form, definitionModel: defModel,
                             organisation: org, answers: Dictionary(uniqueKeysWithValues: answers.map { ($0.questionID, $0) }), files: files)
    }

    /// What never changes about a report once created: its organisation, its round and the
    /// questionnaire version the round asks. Read once per report and process.
    struct ReportFacts: Sendable {
        let organisationID: UUID
        let assignmentID: UUID
        let formDefinitionID: UUID
    }

    static func facts(_ reportID: UUID, on db: any Database) async throws -> ReportFacts? {
        if let cached = factsCache.get(reportID) { return cached }
        guard let report = try await ReportModel.find(reportID, on: db),
              let assignment = try await AssignmentModel.find(report.assignmentID, on: db) else { return nil }
        let f = ReportFacts(organisationID: report.organisationID, assignmentID: assignment.id!, formDefinitionID: assignment.formDefinitionID)
        factsCache.set(reportID, f)
        return f
    }

    static let factsCache = LockedCache<UUID, ReportFacts>()

    /// The organisation that owns a report.
    static func owner(of reportID: UUID, on db: any Database) async throws -> UUID? {
        try await facts(reportID, on: db)?.organisationID
    }

    /// The questionnaire a report answers.
    static func definition(ofReport reportID: UUID, on db: any Database) async throws -> FormDefinition? {
        guard let f = try await facts(reportID, on: db), let m = try await definitionModel(f.formDefinitionID, on: db) else { return nil }
        return try definition(m)
    }

    /// The report, its round and its questionnaire as stored now.
    static func saveTarget(_ reportID: UUID, on db: any Database) async throws -> SaveTarget? {
        guard let report = try await ReportModel.find(reportID, on: db),
              let assignment = try await AssignmentModel.find(report.assignmentID, on: db),
              let defModel = try await definitionModel(assignment.formDefinitionID, on: db) else { return nil }
        return SaveTarget(report: report, assignment: assignment, definition: try definition(defModel))
    }

    /// A stored questionnaire version, read once: versions never change.
    static func definitionModel(_ id: UUID, on db: any Database) async throws -> FormDefinitionModel? {
        if let cached = definitionModelCache.get(id) { return cached }
        guard let m = try await FormDefinitionModel.find(id, on: db) else { return nil }
        definitionModelCache.set(id, m)
        return m
    }

    static let definitionModelCache = LockedCache<UUID, FormDefinitionModel>()

    /// Saves one answer (and its comment) if `expectedRevision` is the stored one and the report
    /// can be changed today. A nil `comment` keeps the stored comment.
    ///
    /// The usual save is one statement: the answer changes only if its revision is the one the
    /// person started from, the value or comment differs, and the report is open for changes
    /// (draft or completion requested, its round open and not locked), all checked by the
    /// database atomically; PostgreSQL re-checks the condition after waiting for a concurrent
    /// save of the same row. Only when nothing changed does it read why.
    /// - Parameters:
    ///   - expectedRevision: the revision the person started from (0 for a new answer).
    ///   - group: on SQLite, the group commit the statement joins (see `GroupCommit`).
    static func saveAnswer(reportID: UUID, definition: FormDefinition, questionID: String, input: AnswerInput, comment: String?, expectedRevision: Int,
                           by actor: String, today: CivilDate, now: Date, on db: any Database, group: GroupCommit? = nil) async throws -> SaveOutcome {
        guard let question = definition.question(questionID) else { return .invalid("Frågan finns inte i formuläret.") }
        let value: String
        switch AnswerParser.parse(input, for: question) {
        case .success(let v): value = v
        case .failure(let e): return .invalid(e.message)
        }
        let cleanComment = comment.map { AnswerParser.withoutControlCharacters($0.replacingOccurrences(of: "\r\n", with: "\n")) }
        if let c = cleanComment, c.count > 10_000 { return .invalid("Kommentaren får ha högst 10 000 tecken.") }
        let open = [ReportState.draft.rawValue, ReportState.completionRequested.rawValue]
        let statement: SQLQueryString = """
            UPDATE answers SET value = \(bind: value), comment = COALESCE(\(bind: cleanComment), comment), revision = revision + 1,
                updated_at = \(bind: now), updated_by = \(bind: actor)
            WHERE report_id = \(bind: reportID) AND question_id = \(bind: questionID) AND revision = \(bind: expectedRevision)
                AND (value <> \(bind: value) OR comment <> COALESCE(\(bind: cleanComment), comment))
                AND EXISTS (SELECT 1 FROM reports r JOIN assignments a ON a.id = r.assignment_id
                            WHERE r.id = \(bind: reportID) AND r.state IN (\(bind: open[0]), \(bind: open[1]))
                              AND NOT a.locked AND a.opens_on <= \(bind: today.iso))
            RETURNING id, revision, comment
            """
        let updated: [any SQLRow]
        if let group, !db.inTransaction {
            updated = try await group.run(statement)
        } else {
            updated = try await db.gatedWrite { db in try await (db as! any SQLDatabase).raw(statement).all() }
        }
        if let row = updated.first {
            let a = AnswerModel()
            a.id = try row.decode(column: "id", as: UUID.self); a.reportID = reportID; a.questionID = questionID
            a.value = value; a.comment = try row.decode(column: "comment", as: String.self); a.revision = try row.decode(column: "revision", as: Int.self)
            a.updatedAt = now; a.updatedBy = actor
            try await touch(reportID, by: actor, now: now, on: db, group: group)
            return .saved(a)
        }
        // Nothing changed: the report is closed, the answer is newer, unchanged or not there yet.
        guard let t = try await saveTarget(reportID, on: db) else { return .invalid("Rapporten finns inte.") }
        guard t.canEdit(today: today) else {
            return .closed(t.assignment.locked ? "Perioden är låst; svaren kan inte ändras." : "Rapporten är inskickad och kan inte ändras.")
        }
        if let stored = try await AnswerModel.query(on: db).filter(\.$reportID == reportID).filter(\.$questionID == questionID).first() {
            // Saving what is already there is never a conflict.
            if stored.value == value && stored.comment == (cleanComment ?? stored.comment) { return .saved(stored) }
            return .conflict(current: stored)
        }
        if expectedRevision != 0 { return .invalid("Svaret har tagits bort; ladda om sidan.") }
        let a = AnswerModel()
        a.reportID = reportID; a.questionID = questionID; a.value = value; a.comment = cleanComment ?? ""
        a.revision = 1; a.updatedAt = now; a.updatedBy = actor
        do {
            try await db.gatedWrite { db in try await a.create(on: db) }
        } catch {
            // Two first saves of the same answer at once: the unique constraint lets one in; the
            // other gets the winner's answer as a conflict. Nothing is overwritten.
            if let stored = try await AnswerModel.query(on: db).filter(\.$reportID == reportID).filter(\.$questionID == questionID).first() {
                if stored.value == value && stored.comment == (cleanComment ?? stored.comment) { return .saved(stored) }
                return .conflict(current: stored)
            }
            throw error
        }
        try await touch(reportID, by: actor, now: now, on: db)
        return .saved(a)
    }

    /// When this process last marked each report as changed.
    static let lastTouch = LockedCache<UUID, Date>()

    /// Marks the report as changed now, and flags a change made after an approval. The status
    /// board shows minutes, so a report marked in the last ten seconds is not marked again
    /// (many editors saving at once need not each write it); the database condition still
    /// flags the first change after an approval.
    static func touch(_ reportID: UUID, by actor: String, now: Date, on db: any Database, group: GroupCommit? = nil) async throws {
        if let last = lastTouch.get(reportID), now.timeIntervalSince(last) < 10, now >= last { return }
        let statement: SQLQueryString = """
            UPDATE reports SET last_changed_at = \(bind: now), last_changed_by = \(bind: actor),
                changed_after_approval = CASE WHEN approved_at IS NULL THEN changed_after_approval ELSE \(bind: true) END
            WHERE id = \(bind: reportID)
                AND (last_changed_at IS NULL OR last_changed_at < \(bind: now.addingTimeInterval(-10))
                     OR (approved_at IS NOT NULL AND NOT changed_after_approval))
            """
        if let group, !db.inTransaction {
            _ = try await group.run(statement)
        } else {
            try await db.gatedWrite { db in try await (db as! any SQLDatabase).raw(statement).run() }
        }
        lastTouch.set(reportID, now)
    }

    /// Remembers the section a person last had open, to return them to it.
    static func rememberSection(_ reportID: UUID, _ index: Int, on db: any Database) async throws {
        try await db.gatedWrite { db in
            try await ReportModel.query(on: db).filter(\.$id == reportID).set(\.$lastSection, to: index).update()
        }
    }

    /// The reports of a round with at least one answer or comment written: one probe per report,
    /// stopping at its first such answer, instead of reading every answer of the round.
    static func reportsWithAnswers(assignmentID: UUID, on db: any Database) async throws -> Set<UUID> {
        let rows = try await (db as! any SQLDatabase).raw("""
            SELECT r.id FROM reports r WHERE r.assignment_id = \(bind: assignmentID)
            AND EXISTS (SELECT 1 FROM answers a WHERE a.report_id = r.id AND (a.value <> '' OR a.comment <> ''))
            """).all()
        return Set(try rows.map { try $0.decode(column: "id", as: UUID.self) })
    }

    /// Records that a person has the report open; returns the others seen in the last two minutes.
    static func presence(_ reportID: UUID, user: UserModel, now: Date, board: PresenceBoard, on db: any Database) async throws -> [String] {
        try await board.note(report: reportID, user: try user.requireID(), name: user.name, now: now, on: db)
    }
}

struct PresenceBoardKey: StorageKey { typealias Value = PresenceBoard }
struct GroupCommitKey: StorageKey { typealias Value = GroupCommit }

extension Request {
    /// The group commit for answers, on SQLite; nil on PostgreSQL.
    var groupCommit: GroupCommit? { application.storage[GroupCommitKey.self] }

    var presenceBoard: PresenceBoard {
        if let b = application.storage[PresenceBoardKey.self] { return b }
        let b = PresenceBoard()
        application.storage[PresenceBoardKey.self] = b
        return b
    }
}

/// A dictionary behind a lock, for values computed once and shared by every request.
final class LockedCache<Key: Hashable & Sendable, Value: Sendable>: @unchecked Sendable {
    private var values: [Key: Value] = [:]
    private let lock = NSLock()
    func get(_ key: Key) -> Value? { lock.withLock { values[key] } }
    func set(_ key: Key, _ value: Value) { lock.withLock { values[key] = value } }
    func remove(_ key: Key) { _ = lock.withLock { values.removeValue(forKey: key) } }
}
