import Fluent
import Foundation
import NaraCore
import NaraPersistence
import SQLKit
import Vapor

/// `nara generate-scale --factor N`: fills the database with generated organisations, reports and
/// answers at N times today's volume, for measuring. Today's volume is 21 regions, 21 recipients
/// of the municipal money (20 RSS and Region Gotland) and 290 municipalities, reporting on a
/// questionnaire of about 60 questions each year for 6 years. Factor N adds N − 1 generated copies
/// of every region, RSS and municipality (named "(genererad k)"), and submitted reports with
/// generated answers from every region and RSS for each year, on the questionnaire
/// `genererad-skalrapport`. Everything generated is marked: the organisations by name, the reports
/// as submitted by "Genererade demosvar".
struct GenerateScaleCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Option(name: "factor", help: "Hur många gånger dagens volym (1–1000)")
        var factor: Int?
        @Option(name: "years", help: "Antal år med rapporter (standard 6, till och med 2024)")
        var years: Int?
        @Option(name: "questions", help: "Antal frågor i formuläret (standard 60)")
        var questions: Int?
        @Option(name: "reports", help: "Exakt så många inskickade rapporter (i stället för --factor; organisationerna blir så många som behövs)")
        var reports: Int?
    }

    /// The factor to generate: the one given, or the least that gives `reports` reports in `years`
    /// rounds (`ScaleGenerator.capacity`).
    static func factor(factor: Int?, reports: Int?, years: Int) throws -> Int {
        if let reports {
            guard factor == nil else { throw CommandFailure("Ange --factor eller --reports, inte båda.") }
            guard (1...1_000_000).contains(reports) else { throw CommandFailure("--reports ska vara ett heltal mellan 1 och 1 000 000.") }
        }
        let chosen = reports.map { r in (1...1001).first { ScaleGenerator.capacity(factor: $0, years: years) >= r } ?? 1001 } ?? factor ?? 1
        guard (1...1000).contains(chosen) else { throw CommandFailure("--factor ska vara ett heltal mellan 1 och 1000.") }
        return chosen
    }

    var help: String { "Fyller databasen med genererade organisationer, rapporter och svar i N gånger dagens volym (för mätningar)." }

    func run(using context: CommandContext, signature: Signature) async throws {
        let years = signature.years ?? 6
        let questions = signature.questions ?? 60
        guard (1...20).contains(years), (1...400).contains(questions) else { throw CommandFailure("--years ska vara 1–20 och --questions 1–400.") }
        let factor = try Self.factor(factor: signature.factor, reports: signature.reports, years: years)
        let started = Date()
        let summary = try await ScaleGenerator.run(factor: factor, years: years, questions: questions, reports: signature.reports,
                                                   on: context.application.db) { line in
            context.console.print(line)
        }
        context.console.print(summary + String(format: " Tid: %.1f s.", Date().timeIntervalSince(started)))
    }
}

enum ScaleGenerator {
    static let batch = 100
    /// Reports a factor gives in `years` rounds: each year 21 regions per factor, and the 20 RSS
    /// per factor with Region Gotland (which takes the municipal money itself and is not copied).
    static func capacity(factor: Int, years: Int) -> Int { years * (21 * factor + 20 * factor + 1) }

    /// - Parameter reports: when given, exactly this many reports are written: the rounds are
    ///   filled in order (year by year, regions then RSS) and the last ones written stop short.
    /// - Returns: a Swedish sentence saying what was added.
    static func run(factor: Int, years: Int, questions: Int, reports limit: Int? = nil, on db: any Database,
                    progress: @Sendable (String) -> Void) async throws -> String {
        let sql = db as! any SQLDatabase
        guard try await FormDefinitionModel.query(on: db).filter(\.$formKey == ScaleForm.key).count() == 0 else {
            throw CommandFailure("Databasen har redan genererade skaldata. Börja från en tom databas (ta bort filen under data/ eller använd en ny PostgreSQL-databas).")
        }
        let geography = Geography.shipped
        let now = Date()

        // Organisations: N − 1 generated copies of every region, RSS and municipality.
        let realRSS = Set(try await OrganisationModel.query(on: db).filter(\.$kind == OrganisationKind.rss.rawValue).all().compactMap(\.countyCode))
        var orgRows: [[any SQLExpression]] = []
        if factor > 1 {
            for k in 1..<factor {
                for c in geography.counties {
                    orgRows.append([SQLBind(UUID()), SQLBind("region"), SQLBind("\(c.code)-G\(k)"), SQLBind("Region \(c.name) (genererad \(k))"), SQLBind(c.code)])
                    if realRSS.contains(c.code) {
                        orgRows.append([SQLBind(UUID()), SQLBind("rss"), SQLBind("\(c.code)-G\(k)"), SQLBind("RSS \(c.name) (genererad \(k))"), SQLBind(c.code)])
                    }
                }
                for m in geography.municipalities {
                    orgRows.append([SQLBind(UUID()), SQLBind("municipality"), SQLBind("\(m.code)-G\(k)"), SQLBind("\(m.name) (genererad \(k))"), SQLBind(m.countyCode)])
                }
            }
            let all = orgRows
            try await db.transaction { tx in
                let s = tx as! any SQLDatabase
                for slice in stride(from: 0, to: all.count, by: 1_000) {
                    try await s.insert(into: OrganisationModel.schema).columns("id", "kind", "code", "name", "county_code")
                        .rows(Array(all[slice..<min(all.count, slice + 1_000)])).run()
                }
            }
        }
        progress("Organisationer: \(orgRows.count) genererade.")

        // The questionnaire and a round per year for regions and for the municipal money.
        let form = ScaleForm.definition(questions: questions)
        let (formModel, _) = try await ReportService.storeDefinition(form, by: DemoAnswers.marker, now: now, on: db)
        var reports = 0, answers = 0
        let lastYear = 2024
        for year in (lastYear - years + 1)...lastYear {
            for kind in [OrganisationKind.region.rawValue, OrganisationKind.rss.rawValue] {
                let a = AssignmentModel()
                a.formDefinitionID = try formModel.requireID(); a.agreementYear = year; a.recipientKind = kind; a.reportKind = ReportKind.final.rawValue
                a.opensOn = CivilDate.make(year + 1, 1, 1).iso; a.deadline = CivilDate.make(year + 1, 3, 31).iso; a.locked = false; a.createdAt = now
                try await a.create(on: db)
                var recipients = try await ReportService.recipients(kind: kind, on: db)
                if let limit { recipients = Array(recipients.prefix(max(0, limit - reports))) }
                for start in stride(from: 0, to: recipients.count, by: batch) {
                    let part = recipients[start..<min(recipients.count, start + batch)]
                    let added = try await write(part, assignment: a, form: form, year: year, geography: geography, on: sql)
                    reports += part.count; answers += added
                }
                progress("\(year), \(kind == "region" ? "regioner" : "RSS"): \(recipients.count) rapporter.")
            }
        }
        if let limit, reports < limit {
            throw CommandFailure("Bara \(reports) av \(limit) rapporter fick mottagare; öka --years.")
        }
        return "Lade till \(orgRows.count) organisationer, \(reports) inskickade rapporter och \(answers) svar (faktor \(factor), \(years) år, \(form.questions.count) frågor)."
    }

    /// One slice of reports with their answers, frozen submissions and follow-up rows, in one transaction.
    static func write(_ recipients: ArraySlice<OrganisationModel>, assignment: AssignmentModel, form: FormDefinition, year: Int,
                      geography: Geography, on sql: any SQLDatabase) async throws -> Int {
        var reportRows: [[any SQLExpression]] = [], answerRows: [[any SQLExpression]] = [], submissionRows: [[any SQLExpression]] = []
        var followRows: [[any SQLExpression]] = [], heads: [FollowUpStore.RowHead] = []
        let assignmentID = try assignment.requireID()
        for org in recipients {
            let county = org.countyCode ?? org.code
            let generated = DemoAnswers.answers(for: form, recipientCode: org.code, countyName: geography.county(county)?.name ?? org.name, year: year)
            let reportID = UUID()
            let submitted = FollowUpDemo.noon(CivilDate.make(year + 1, 3, 1 + Int(DemoAnswers.fnv(org.code) % 28)))
            reportRows.append([SQLBind(reportID), SQLBind(assignmentID), SQLBind(org.id!), SQLBind(ReportState.submitted.rawValue), SQLBind(1),
                               SQLBind(submitted), SQLBind(DemoAnswers.marker), SQLBind(submitted), SQLBind(false)])
            var frozen: [String: [String: String]] = [:]
            for (q, a) in generated {
                answerRows.append([SQLBind(UUID()), SQLBind(reportID), SQLBind(q), SQLBind(a.value), SQLBind(a.comment), SQLBind(1),
                                   SQLBind(submitted), SQLBind(DemoAnswers.marker)])
                frozen[q] = ["value": a.value, "comment": a.comment]
            }
            submissionRows.append([SQLBind(UUID()), SQLBind(reportID), SQLBind(1), SQLBind("GNV-\(year)-GEN-\(reportID.uuidString.prefix(13))"),
                                   SQLBind(submitted), SQLBind(DemoAnswers.marker), SQLBind(false), SQLBind(AnswerParser.json(frozen))])
            let head = FollowUpStore.RowHead(reportID: reportID, assignmentID: assignmentID, formKey: form.id, year: year, reportKind: assignment.reportKind,
                                             organisationID: org.id!, organisationName: org.name, organisationKind: org.kind, countyCode: county,
                                             submittedAt: submitted, version: 1, generated: true)
            followRows += FollowUpStore.rows(head, definition: form, answers: generated)
            heads.append(head)
        }
        let (reportList, answerList, submissionList, followList, headList) = (reportRows, answerRows, submissionRows, followRows, heads)
        try await (sql as! any Database).transaction { tx in
            let s = tx as! any SQLDatabase
            try await s.insert(into: ReportModel.schema).columns("id", "assignment_id", "organisation_id", "state", "version", "last_changed_at",
                                                                 "last_changed_by", "submitted_at", "changed_after_approval").rows(reportList).run()
            for slice in stride(from: 0, to: answerList.count, by: 1_000) {
                try await s.insert(into: AnswerModel.schema).columns("id", "report_id", "question_id", "value", "comment", "revision", "updated_at", "updated_by")
                    .rows(Array(answerList[slice..<min(answerList.count, slice + 1_000)])).run()
            }
            try await s.insert(into: SubmissionModel.schema).columns("id", "report_id", "version", "reference", "submitted_at", "submitted_by", "late", "answers")
                .rows(submissionList).run()
            try await FollowUpStore.insert(followList, on: tx)
            try await FollowUpStore.insertHeads(headList, on: tx)
        }
        return answerList.count
    }
}
