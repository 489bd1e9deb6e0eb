import Fluent
import Foundation
import NaraCore
import NaraPersistence
import Vapor

/// The builder's own pages: a question's form, a section's form, and the preview.
extension FormBuilderRoutes {
    // MARK: Questions

    @Sendable static func newQuestion(req: Request) async throws -> Response {
        let draft = try await loaded(req)
        let section = (try? req.query.get(Int.self, at: "avsnitt")) ?? max(0, draft.definition.sections.count - 1)
        guard draft.definition.sections.indices.contains(section) else { throw Abort(.notFound, reason: "Avsnittet finns inte i utkastet.") }
        var input = QuestionInput()
        input.required = true
        return req.page { QuestionEditorPage(draft: draft, section: section, existing: nil, input: input, csrf: CSRFMiddleware.token(for: req)).render() }
    }

    @Sendable static func questionEditor(req: Request) async throws -> Response {
        let draft = try await loaded(req)
        guard let qid = req.parameters.get("question"), let q = draft.definition.question(qid), let s = draft.definition.sectionIndex(of: qid)
        else { throw Abort(.notFound, reason: "Frågan finns inte i utkastet.") }
        return req.page { QuestionEditorPage(draft: draft, section: s, existing: q, input: QuestionInput(q), csrf: CSRFMiddleware.token(for: req)).render() }
    }

    @Sendable static func addQuestion(req: Request) async throws -> Response {
        let f = try FormBody.fields(req)
        let section = Int(f.first("section") ?? "") ?? -1
        return try await saveQuestion(req, input: input(f), existing: nil, section: section, edit: .addQuestion(section: section, input(f)))
    }

    @Sendable static func updateQuestion(req: Request) async throws -> Response {
        let f = try FormBody.fields(req)
        let qid = req.parameters.get("question") ?? ""
        return try await saveQuestion(req, input: input(f), existing: qid, section: nil, edit: .updateQuestion(id: qid, input(f)),
                                      postedSection: Int(f.first("section") ?? ""))
    }

    static func saveQuestion(_ req: Request, input: QuestionInput, existing qid: String?, section: Int?, edit: FormEdit,
                             postedSection: Int? = nil) async throws -> Response {
        let draftID = try id(req)
        let outcome = try await FormDrafts.edit(draftID, revision: try revision(req), edit, by: .of(req), now: req.now, on: req.db)
        let draft = try await loaded(req)
        let existing = qid.flatMap { draft.definition.question($0) }
        // A question a colleague removed meanwhile comes back as a new question in the section it was in.
        let removed = qid != nil && existing == nil
        let sectionIndex = section ?? qid.flatMap { draft.definition.sectionIndex(of: $0) }
            ?? min(max(postedSection ?? 0, 0), max(draft.definition.sections.count - 1, 0))
        func again(_ status: HTTPResponseStatus, errors: [FieldError], alert: String?) throws -> Response {
            // The page shows the section; one posted out of range, or removed meanwhile, is not there to show.
            guard draft.definition.sections.indices.contains(sectionIndex) else { throw Abort(.notFound, reason: "Avsnittet finns inte i utkastet.") }
            return req.page(status: status) {
                QuestionEditorPage(draft: draft, section: sectionIndex, existing: existing, input: input, csrf: CSRFMiddleware.token(for: req),
                                   errors: errors, alert: alert).render()
            }
        }
        switch outcome {
        case .saved:
            let anchor = qid ?? (try? QuestionReading.read(input).get())?.id
            req.flash(qid == nil ? "Frågan är tillagd." : "Frågan är sparad.")
            return req.seeOther(SiteURL.adminDraft(draftID, showing: anchor.map { "fraga-" + $0 }))
        case .refused(let r):
            return try again(.unprocessableEntity, errors: r.fields.map { FieldError(field: $0.field, message: $0.message) }, alert: r.message)
        case .conflict:
            return try again(.conflict, errors: [], alert: "Någon annan har ändrat utkastet sedan du öppnade sidan. Det du skrev står kvar; kontrollera och spara igen.")
        case .missing: throw Abort(.notFound, reason: FormBuilderRoutes.draftGone)
        }
    }

    static func input(_ f: FormBody.Fields) -> QuestionInput {
        var i = QuestionInput()
        i.id = f.first("id") ?? ""; i.number = f.first("number") ?? ""; i.text = f.first("text") ?? ""; i.help = f.first("help") ?? ""
        i.required = f.first("required") == "ja"; i.type = f.first("type") ?? ""
        i.options = f.first("options") ?? ""; i.comment = f.first("comment") ?? ""
        i.maxChoices = f.first("maxChoices") ?? ""; i.maxLength = f.first("maxLength") ?? ""
        i.min = f.first("min") ?? ""; i.max = f.first("max") ?? ""
        i.rows = f.first("rows") ?? ""; i.columns = f.first("columns") ?? ""
        i.accept = f.all("accept"); i.maxMegabytes = f.first("maxMegabytes") ?? ""
        i.conditionQuestion = f.first("conditionQuestion") ?? ""; i.conditionValues = f.first("conditionValues") ?? ""
        return i
    }

    // MARK: Sections

    @Sendable static func sectionEditor(req: Request) async throws -> Response {
        let draft = try await loaded(req)
        let i = try index(req)
        guard draft.definition.sections.indices.contains(i) else { throw Abort(.notFound, reason: "Avsnittet finns inte i utkastet.") }
        let s = draft.definition.sections[i]
        return req.page {
            SectionEditorPage(draft: draft, index: i, heading: s.heading, introduction: Paragraphs.write(s.introduction), csrf: CSRFMiddleware.token(for: req)).render()
        }
    }

    @Sendable static func updateSection(req: Request) async throws -> Response {
        let f = try FormBody.fields(req)
        let i = try index(req)
        let heading = f.first("heading") ?? "", introduction = f.first("sectionIntroduction") ?? ""
        let draftID = try id(req)
        let outcome = try await FormDrafts.edit(draftID, revision: try revision(req), .updateSection(index: i, heading: heading, introduction: introduction),
                                                by: .of(req), now: req.now, on: req.db)
        let draft = try await loaded(req)
        func again(_ status: HTTPResponseStatus, errors: [FieldError], alert: String?) throws -> Response {
            guard draft.definition.sections.indices.contains(i) else { throw Abort(.notFound, reason: "Avsnittet finns inte i utkastet.") }
            return req.page(status: status) {
                SectionEditorPage(draft: draft, index: i, heading: heading, introduction: introduction, csrf: CSRFMiddleware.token(for: req),
                                  errors: errors, alert: alert).render()
            }
        }
        switch outcome {
        case .saved: req.flash("Avsnittet är sparat."); return req.seeOther(SiteURL.adminDraft(draftID, showing: "avsnitt-\(i + 1)"))
        case .refused(let r): return try again(.unprocessableEntity, errors: r.fields.map { FieldError(field: $0.field, message: $0.message) }, alert: r.message)
        case .conflict: return try again(.conflict, errors: [], alert: "Någon annan har ändrat utkastet sedan du öppnade sidan. Det du skrev står kvar; spara igen.")
        case .missing: throw Abort(.notFound, reason: FormBuilderRoutes.draftGone)
        }
    }

    // MARK: Preview

    @Sendable static func previewDraft(req: Request) async throws -> Response {
        let draft = try await loaded(req)
        let i = try index(req)
        guard draft.definition.sections.indices.contains(i) else { throw Abort(.notFound, reason: "Avsnittet finns inte i utkastet.") }
        return req.page {
            SectionPreviewPage(definition: draft.definition, index: i, what: "utkastet", back: (SiteURL.adminDraft(draft.id), "Tillbaka till utkastet"),
                               link: { SiteURL.adminDraftPreview(draft.id, $0) }).render()
        }
    }

    @Sendable static func previewVersion(req: Request) async throws -> Response {
        let model = try await version(req)
        let d = try ReportService.definition(model)
        let i = try index(req)
        guard d.sections.indices.contains(i) else { throw Abort(.notFound, reason: "Avsnittet finns inte i formuläret.") }
        return req.page {
            SectionPreviewPage(definition: d, index: i, what: "version \(model.version)", back: (SiteURL.adminForm(model.id!), "Tillbaka till formuläret"),
                               link: { SiteURL.adminFormSection(model.id!, $0) }).render()
        }
    }
}
