import Fluent
import Foundation
import NaraCore
import NaraPersistence
import Vapor

extension SiteURL {
    static let adminDrafts = "/admin/formular/utkast"
    static func adminDraft(_ id: UUID) -> String { "/admin/formular/utkast/\(id.uuidString)" }
    /// The draft's builder scrolled to `anchor`; the script reads `visa` to put focus there, as the
    /// fragment is lost when a background post follows the redirect.
    static func adminDraft(_ id: UUID, showing anchor: String?) -> String {
        guard let anchor else { return adminDraft(id) }
        return adminDraft(id) + "?visa=\(anchor)#\(anchor)"
    }
    static func adminDraft(_ id: UUID, _ rest: String) -> String { "/admin/formular/utkast/\(id.uuidString)/\(rest)" }
    static func adminDraftNewQuestion(_ id: UUID, section: Int) -> String { adminDraft(id, "fragor/ny?avsnitt=\(section)") }
    static func adminDraftQuestion(_ id: UUID, _ question: String) -> String { adminDraft(id, "fragor/\(question)") }
    static func adminDraftSection(_ id: UUID, _ index: Int) -> String { adminDraft(id, "avsnitt/\(index)") }
    static func adminDraftPreview(_ id: UUID, _ index: Int) -> String { adminDraft(id, "forhandsgranska/\(index)") }
    static func adminFormCopy(_ id: UUID) -> String { "/admin/formular/\(id.uuidString)/kopiera" }
    static func adminFormSection(_ id: UUID, _ index: Int) -> String { "/admin/formular/\(id.uuidString)/avsnitt/\(index)" }
}

/// The questionnaire builder: start a draft, change it one form post at a time, preview it
/// section by section, publish it as a version. Handlers translate; `FormDrafts` decides.
struct FormBuilderRoutes: RouteCollection {
    /// Why a draft's address answers 404.
    static let draftGone = "Utkastet finns inte längre; det kan ha publicerats eller kastats."

    func boot(routes: any RoutesBuilder) throws {
        let rule = AccessRule.capability(.manageForms)
        routes.on(.POST, "admin", "formular", "utkast", rule: rule, use: Self.startNew)
        routes.on(.POST, "admin", "formular", ":form", "kopiera", rule: rule, use: Self.copy)
        routes.on(.GET, "admin", "formular", ":form", "avsnitt", ":index", rule: rule, use: Self.previewVersion)
        routes.on(.GET, "admin", "formular", "utkast", ":draft", rule: rule, use: Self.show)
        routes.on(.POST, "admin", "formular", "utkast", ":draft", "formular", rule: rule, use: Self.setForm)
        routes.on(.POST, "admin", "formular", "utkast", ":draft", "avsnitt", rule: rule, use: Self.addSection)
        routes.on(.GET, "admin", "formular", "utkast", ":draft", "avsnitt", ":index", rule: rule, use: Self.sectionEditor)
        routes.on(.POST, "admin", "formular", "utkast", ":draft", "avsnitt", ":index", rule: rule, use: Self.updateSection)
        routes.on(.POST, "admin", "formular", "utkast", ":draft", "avsnitt", ":index", "flytta", rule: rule, use: Self.moveSection)
        routes.on(.POST, "admin", "formular", "utkast", ":draft", "avsnitt", ":index", "ta-bort", rule: rule, use: Self.removeSection)
        routes.on(.GET, "admin", "formular", "utkast", ":draft", "fragor", "ny", rule: rule, use: Self.newQuestion)
        routes.on(.POST, "admin", "formular", "utkast", ":draft", "fragor", "ny", rule: rule, use: Self.addQuestion)
        routes.on(.GET, "admin", "formular", "utkast", ":draft", "fragor", ":question", rule: rule, use: Self.questionEditor)
        routes.on(.POST, "admin", "formular", "utkast", ":draft", "fragor", ":question", rule: rule, use: Self.updateQuestion)
        routes.on(.POST, "admin", "formular", "utkast", ":draft", "fragor", ":question", "flytta", rule: rule, use: Self.moveQuestion)
        routes.on(.POST, "admin", "formular", "utkast", ":draft", "fragor", ":question", "ta-bort", rule: rule, use: Self.removeQuestion)
        routes.on(.GET, "admin", "formular", "utkast", ":draft", "forhandsgranska", ":index", rule: rule, use: Self.previewDraft)
        routes.on(.POST, "admin", "formular", "utkast", ":draft", "publicera", rule: rule, use: Self.publish)
        routes.on(.POST, "admin", "formular", "utkast", ":draft", "kasta", rule: rule, use: Self.discard)
        // A refused change without JavaScript leaves the post's address in the address bar; reloading
        // it, or following it, leads back to the draft.
        routes.on(.GET, "admin", "formular", "utkast", ":draft", "**", rule: rule, use: Self.backToDraft)
    }

    @Sendable static func backToDraft(req: Request) async throws -> Response {
        req.seeOther(SiteURL.adminDraft(try await loaded(req).id))
    }

    // MARK: Starting

    @Sendable static func startNew(req: Request) async throws -> Response {
        let f = try FormBody.fields(req)
        switch try await FormDrafts.startNew(key: f.first("key") ?? "", title: f.first("title") ?? "", by: .of(req), now: req.now, on: req.db) {
        case .created(let m): req.flash("Utkastet är skapat. Lägg till ett avsnitt och dess frågor."); return req.seeOther(SiteURL.adminDraft(m.id!))
        case .existing(let m): req.flash("Det finns redan ett utkast för formuläret; här är det."); return req.seeOther(SiteURL.adminDraft(m.id!))
        case .refused(let r):
            return try await FormAdminRoutes.page(req, draftErrors: r.fields.map { FieldError(field: $0.field, message: $0.message) },
                                                  draftTyped: ["key": f.first("key") ?? "", "title": f.first("title") ?? ""],
                                                  status: .unprocessableEntity)
        }
    }

    @Sendable static func copy(req: Request) async throws -> Response {
        let model = try await version(req)
        let raw = (try FormBody.fields(req).first("year") ?? "").trimmingCharacters(in: .whitespaces)
        let year = Int(raw)
        if !raw.isEmpty && (year == nil || !(2000...2100).contains(year!)) {
            req.flash("Skriv året som fyra siffror, till exempel 2024.")
            return req.seeOther(SiteURL.adminForm(model.id!))
        }
        switch try await FormDrafts.copy(model, year: year, by: .of(req), now: req.now, on: req.db) {
        case .created(let m):
            req.flash(year.map { "Formuläret är kopierat till ett utkast för \($0). Se över de markerade årtalen innan du publicerar." } ?? "Formuläret är kopierat till ett utkast.")
            return req.seeOther(SiteURL.adminDraft(m.id!))
        case .existing(let m):
            req.flash("Det finns redan ett utkast för formuläret; här är det. Publicera eller kasta det innan du kopierar igen.")
            return req.seeOther(SiteURL.adminDraft(m.id!))
        case .refused: return req.seeOther(SiteURL.adminForm(model.id!))
        }
    }

    // MARK: The draft

    @Sendable static func show(req: Request) async throws -> Response {
        let draft = try await loaded(req)
        return req.page { FormBuilderPage(draft: draft, csrf: CSRFMiddleware.token(for: req)).render() }
    }

    @Sendable static func setForm(req: Request) async throws -> Response {
        let f = try FormBody.fields(req)
        return try await apply(req, .setForm(title: f.first("title") ?? "", introduction: f.first("introduction") ?? "", instruction: f.first("instruction") ?? ""),
                               saved: "Formulärets titel och inledning är sparade.", typed: f)
    }

    @Sendable static func addSection(req: Request) async throws -> Response {
        let f = try FormBody.fields(req)
        let count = try await loaded(req).definition.sections.count
        return try await apply(req, .addSection(heading: f.first("heading") ?? "", introduction: f.first("sectionIntroduction") ?? ""),
                               saved: "Avsnittet är tillagt.", typed: f, anchor: "avsnitt-\(count + 1)")
    }

    @Sendable static func moveSection(req: Request) async throws -> Response {
        let up = try FormBody.fields(req).first("direction") == "upp"
        let i = try index(req)
        return try await apply(req, .moveSection(index: i, up: up), saved: up ? "Avsnittet är flyttat upp." : "Avsnittet är flyttat ner.",
                               anchor: "avsnitt-\(up ? i : i + 2)")
    }

    @Sendable static func removeSection(req: Request) async throws -> Response {
        try await apply(req, .removeSection(index: try index(req)), saved: "Avsnittet är borttaget.")
    }

    @Sendable static func moveQuestion(req: Request) async throws -> Response {
        let up = try FormBody.fields(req).first("direction") == "upp"
        let id = req.parameters.get("question") ?? ""
        return try await apply(req, .moveQuestion(id: id, up: up), saved: up ? "Frågan är flyttad upp." : "Frågan är flyttad ner.", anchor: "fraga-" + id)
    }

    @Sendable static func removeQuestion(req: Request) async throws -> Response {
        let id = req.parameters.get("question") ?? ""
        let section = try await loaded(req).definition.sectionIndex(of: id)
        return try await apply(req, .removeQuestion(id: id), saved: "Frågan är borttagen.", anchor: section.map { "avsnitt-\($0 + 1)" })
    }

    /// A change from the builder page itself: saved and back to the page, or the page again with why not.
    static func apply(_ req: Request, _ edit: FormEdit, saved: String, typed: FormBody.Fields? = nil, anchor: String? = nil) async throws -> Response {
        let draftID = try id(req)
        switch try await FormDrafts.edit(draftID, revision: try revision(req), edit, by: .of(req), now: req.now, on: req.db) {
        case .saved:
            req.flash(saved)
            return req.seeOther(SiteURL.adminDraft(draftID, showing: anchor))
        case .refused(let r):
            let draft = try await loaded(req)
            let kept = Dictionary((typed?.pairs ?? []).map { ($0.0, $0.1) }, uniquingKeysWith: { a, _ in a })
            return req.page(status: .unprocessableEntity) {
                FormBuilderPage(draft: draft, csrf: CSRFMiddleware.token(for: req), errors: r.fields.map { FieldError(field: $0.field, message: $0.message) },
                                typed: kept, alert: r.message).render()
            }
        case .conflict: return try await conflict(req, typed: typed)
        case .missing: throw Abort(.notFound, reason: FormBuilderRoutes.draftGone)
        }
    }

    static func conflict(_ req: Request, typed: FormBody.Fields? = nil) async throws -> Response {
        let draft = try await loaded(req)
        let kept = Dictionary((typed?.pairs ?? []).map { ($0.0, $0.1) }, uniquingKeysWith: { a, _ in a })
        return req.page(status: .conflict) {
            FormBuilderPage(draft: draft, csrf: CSRFMiddleware.token(for: req), typed: kept,
                            alert: "Någon annan har ändrat utkastet sedan du öppnade sidan, så din ändring sparades inte. Sidan visar nu det senaste; gör om ändringen.").render()
        }
    }

    // MARK: Publishing

    @Sendable static func publish(req: Request) async throws -> Response {
        let draftID = try id(req)
        switch try await FormDrafts.publish(draftID, revision: try revision(req), by: .of(req), now: req.now, on: req.db) {
        case .published(let m):
            req.flash("Formuläret är publicerat som version \(m.version). Det kan nu väljas för en rapportomgång.")
            return req.seeOther(SiteURL.adminForm(m.id!))
        case .problems(let problems):
            let draft = try await loaded(req)
            return req.page(status: .unprocessableEntity) {
                FormBuilderPage(draft: draft, csrf: CSRFMiddleware.token(for: req),
                                alert: "Formuläret publicerades inte: \(problems.count) sak\(problems.count == 1 ? "" : "er") behöver rättas först. De står i listan nedan.").render()
            }
        case .unchanged(let v):
            let draft = try await loaded(req)
            return req.page(status: .conflict) {
                FormBuilderPage(draft: draft, csrf: CSRFMiddleware.token(for: req),
                                alert: "Utkastet är likadant som version \(v); det finns inget nytt att publicera.").render()
            }
        case .conflict: return try await conflict(req)
        case .missing: throw Abort(.notFound, reason: FormBuilderRoutes.draftGone)
        }
    }

    @Sendable static func discard(req: Request) async throws -> Response {
        switch try await FormDrafts.discard(try id(req), revision: try revision(req), by: .of(req), now: req.now, on: req.db) {
        case .discarded:
            req.flash("Utkastet är kastat. De publicerade versionerna är oförändrade.")
            return req.seeOther(SiteURL.adminForms)
        case .conflict: return try await conflict(req)
        case .missing: throw Abort(.notFound, reason: FormBuilderRoutes.draftGone)
        }
    }

    // MARK: Reading the request

    static func id(_ req: Request) throws -> UUID {
        guard let id = req.parameters.get("draft").flatMap(UUID.init(uuidString:)) else { throw Abort(.notFound, reason: "Utkastet finns inte.") }
        return id
    }

    static func loaded(_ req: Request) async throws -> FormDrafts.Loaded {
        guard let d = try await FormDrafts.load(try id(req), on: req.db) else {
            throw Abort(.notFound, reason: FormBuilderRoutes.draftGone)
        }
        return d
    }

    static func version(_ req: Request) async throws -> FormDefinitionModel {
        guard let id = req.parameters.get("form").flatMap(UUID.init(uuidString:)), let m = try await FormDefinitionModel.find(id, on: req.db)
        else { throw Abort(.notFound, reason: "Formuläret finns inte.") }
        return m
    }

    static func revision(_ req: Request) throws -> Int {
        Int(try FormBody.fields(req).first("revision") ?? "") ?? -1
    }

    static func index(_ req: Request) throws -> Int {
        guard let i = req.parameters.get("index").flatMap(Int.init) else { throw Abort(.notFound, reason: "Avsnittet finns inte.") }
        return i
    }
}
