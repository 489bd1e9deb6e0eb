import Fluent
import Foundation
import NaraCore
import NaraPersistence
import SQLKit
import Vapor

/// One recipient's answer behind a theme, and where to read it.
struct ThemeAnswerLink: Sendable, Equatable {
    let reportID: UUID
    let recipient: String
    let countyCode: String?
    /// The question page narrowed to this recipient's answer.
    let href: String
}

/// A distinguishing term, how many recipients used it and their answers.
struct ThemeRow: Sendable, Equatable {
    let term: String
    let recipients: Int
    let answers: [ThemeAnswerLink]
}

/// The themes of a free-text question's answers in a round, computed by `ThemeAnalysis` over the
/// submitted answers (`followup_values`).
///
/// What is compared:
/// - with a county: the county's recipients' answers to the question against every other
///   county's answers to the same question;
/// - without one: the question's answers against the answers to the form's other free-text
///   questions in the same round (each recipient's answer to another question counts as one unit
///   of the rest), so the themes are what this question is answered with rather than what the
///   whole form is.
/// County and municipality names are stop words here. Recipients (organisations) count once.
enum ThemeQuery {
    static let maximumLimit = 50

    /// The distinguishing terms of one free-text question's answers in a round (form key +
    /// agreement year), for one county against the rest, or with county nil for the whole
    /// question against the form's other free-text questions. Throws 404 for an unknown form or
    /// question, 422 for a question that is not free text or a county that is not a county code.
    static func themes(formKey: String, year: Int, question: String, county: String?, limit: Int = 10, on db: any Database) async throws -> [ThemeRow] {
        guard let def = try await FollowUpStore.definition(formKey: formKey, year: year, on: db) else {
            throw Abort(.notFound, reason: "Formuläret finns inte.")
        }
        guard let q = def.question(question) else { throw Abort(.notFound, reason: "Frågan finns inte i formuläret.") }
        guard q.type == .text else {
            throw Abort(.unprocessableEntity, reason: "Fråga \(q.number) är inte en fritextfråga. Teman finns bara för fritextsvar.")
        }
        if let county, Geography.shipped.county(county) == nil {
            throw Abort(.unprocessableEntity, reason: "”\(county.prefix(20))” är inte en länskod. Ange länskoden med två siffror, till exempel 13.")
        }
        let compared = county == nil ? def.questions.filter { $0.type == .text }.map(\.id) : [q.id]
        let rows = try await answers(formKey: formKey, year: year, questions: compared, on: db)

        var documents: [ThemeDocument] = [], who: [String: ThemeAnswerLink] = [:]
        let page = AnalysisRoutes.questionURL(formKey, q.id)
        for row in rows {
            let org = try row.decode(column: "organisation_id", as: UUID.self), qid = try row.decode(column: "question_id", as: String.self)
            let countyCode = try row.decode(column: "county_code", as: String.self)
            let focus = qid == q.id && (county == nil || countyCode == county)
            let unit = county == nil && !focus ? org.uuidString + "|" + qid : org.uuidString
            documents.append(ThemeDocument(unit: unit, focus: focus, text: try row.decode(column: "value", as: String.self)))
            if focus, who[unit] == nil {
                who[unit] = ThemeAnswerLink(reportID: try row.decode(column: "report_id", as: UUID.self),
                                            recipient: try row.decode(column: "organisation_name", as: String.self),
                                            countyCode: countyCode.isEmpty ? nil : countyCode,
                                            href: page + "?ar=\(year)&mottagare=\(org.uuidString)")
            }
        }
        let themes = ThemeAnalysis.themes(documents, extraStopWords: placeNames, limit: min(max(limit, 0), maximumLimit))
        return themes.map { t in
            let links = t.focusUnits.compactMap { who[$0] }
                .sorted { ($0.countyCode ?? "", $0.recipient) < ($1.countyCode ?? "", $1.recipient) }
            return ThemeRow(term: t.term, recipients: t.focusUnits.count, answers: links)
        }
    }

    /// The themes of every free-text question of a round at once, each question against the
    /// others (what `themes` gives for each with no county), reading the answers and working out
    /// each word once: the national compilation's themes. Keyed by question id.
    static func themesForEveryQuestion(formKey: String, year: Int, definition def: FormDefinition, limit: Int = 10,
                                       on db: any Database) async throws -> [String: [ThemeRow]] {
        let texts = def.questions.filter { $0.type == .text }.map(\.id)
        guard !texts.isEmpty else { return [:] }
        let rows = try await answers(formKey: formKey, year: year, questions: texts, on: db)
        var documents: [GroupedThemeDocument] = [], who: [String: ThemeAnswerLink] = [:]
        documents.reserveCapacity(rows.count)
        for row in rows {
            let org = try row.decode(column: "organisation_id", as: UUID.self), qid = try row.decode(column: "question_id", as: String.self)
            documents.append(GroupedThemeDocument(group: qid, unit: org.uuidString, text: try row.decode(column: "value", as: String.self)))
            let key = qid + "|" + org.uuidString
            if who[key] == nil {
                let countyCode = try row.decode(column: "county_code", as: String.self)
                who[key] = ThemeAnswerLink(reportID: try row.decode(column: "report_id", as: UUID.self),
                                           recipient: try row.decode(column: "organisation_name", as: String.self),
                                           countyCode: countyCode.isEmpty ? nil : countyCode,
                                           href: AnalysisRoutes.questionURL(formKey, qid) + "?ar=\(year)&mottagare=\(org.uuidString)")
            }
        }
        let grouped = ThemeAnalysis.themesByGroup(documents, extraStopWords: placeNames, limit: min(max(limit, 0), maximumLimit))
        var out: [String: [ThemeRow]] = [:]
        for (qid, themes) in grouped {
            out[qid] = themes.map { t in
                let links = t.focusUnits.compactMap { who[qid + "|" + $0] }
                    .sorted { ($0.countyCode ?? "", $0.recipient) < ($1.countyCode ?? "", $1.recipient) }
                return ThemeRow(term: t.term, recipients: t.focusUnits.count, answers: links)
            }
        }
        return out
    }

    /// The submitted, non-empty answers to `questions` in a round, by county and recipient.
    static func answers(formKey: String, year: Int, questions: [String], on db: any Database) async throws -> [any SQLRow] {
        try await FollowUpStore.sql(db).select()
            .columns("report_id", "organisation_id", "organisation_name", "county_code", "question_id", "value")
            .from(FollowUpValueModel.schema)
            .where("form_key", .equal, SQLBind(formKey)).where("year", .equal, SQLBind(year))
            .where("question_id", .in, SQLBind.group(questions)).where("value", .notEqual, SQLBind(""))
            .orderBy("county_code").orderBy("organisation_name").all()
    }

    /// County and municipality names, never themes.
    static let placeNames: Set<String> = Set(Geography.shipped.counties.map(\.name) + Geography.shipped.municipalities.map(\.name))
}
