import Fluent
import Foundation
import NaraCore
import NaraPersistence
import Vapor

/// Agreements kept by their owners: the list, a new draft (from scratch or a copy), the editor,
/// the preview before publishing, amendments; and the public version history.
struct AgreementAdminRoutes: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let manage = AccessRule.capability(.manageAgreements)
        routes.on(.GET, "admin", "overenskommelser", rule: manage, use: Self.list)
        routes.on(.POST, "admin", "overenskommelser", rule: manage, use: Self.create)
        routes.on(.GET, "admin", "overenskommelser", ":year", rule: manage, use: Self.edit)
        routes.on(.POST, "admin", "overenskommelser", ":year", rule: manage, body: .collect(maxSize: "4mb"), use: Self.save)
        routes.on(.GET, "admin", "overenskommelser", ":year", "publicera", rule: manage, use: Self.preview)
        routes.on(.POST, "admin", "overenskommelser", ":year", "publicera", rule: manage, use: Self.publish)
        routes.on(.GET, "overenskommelser", ":year", "versioner", rule: .everyone, use: Self.versions)
        routes.on(.GET, "overenskommelser", ":year", "versioner", ":version", rule: .everyone, use: Self.version)
    }

    @Sendable static func list(req: Request) async throws -> Response {
        let models = try await AgreementStore.list(includeDrafts: true, on: req.db)
        return req.page { AgreementListPage(agreements: models, csrf: CSRFMiddleware.token(for: req), year: "", copyFrom: "", errors: []).render() }
    }

    struct NewForm: Content {
        var year: String?
        var copyFrom: String?
        enum CodingKeys: String, CodingKey { case year, copyFrom = "copy_from" }
    }

    @Sendable static func create(req: Request) async throws -> Response {
        let form = try req.content.decode(NewForm.self)
        let models = try await AgreementStore.list(includeDrafts: true, on: req.db)
        let yearText = (form.year ?? "").trimmed, copyFrom = form.copyFrom ?? ""
        func refuse(_ errors: [FieldError]) -> Response {
            req.page(status: .unprocessableEntity) {
                AgreementListPage(agreements: models, csrf: CSRFMiddleware.token(for: req), year: yearText, copyFrom: copyFrom, errors: errors).render()
            }
        }
        guard let year = Int(yearText), AgreementCheck.years.contains(year) else {
            return refuse([FieldError(field: "year", message: "Skriv året med fyra siffror, till exempel \(ReportRules.swedishDate(req.now).year + 1).")])
        }
        let draft: Agreement
        if let source = Int(copyFrom) {
            guard let model = models.first(where: { $0.year == source }) else {
                return refuse([FieldError(field: "copy_from", message: "Välj en överenskommelse att utgå från.")])
            }
            draft = AgreementCopy.copy(try await AgreementStore.load(model, on: req.db), toYear: year)
        } else {
            draft = Agreement(draftYear: year, title: "Överenskommelse om en God och nära vård \(year)", frame: .zero, summary: "", source: "",
                              areas: [], pots: [])
        }
        switch try await AgreementService.create(draft, by: .of(req), now: req.now, on: req.db) {
        case .failure(let refusal):
            return refuse(refusal.problems.map { FieldError(field: $0.path == "year" ? "year" : "copy_from", message: $0.message) })
        case .success:
            req.flash(copyFrom.isEmpty ? "Utkastet för \(year) är skapat. Fyll i ram, potter och tidpunkter."
                                       : "Utkastet för \(year) är en kopia av \(copyFrom). Datumen är flyttade till \(year); granska allt innan du publicerar.")
            return req.seeOther(SiteURL.adminAgreement(year))
        }
    }

    static func stored(_ req: Request) async throws -> (AgreementModel, Agreement) {
        let year = try RequestParameters.year(req)
        guard let model = try await AgreementStore.model(year: year, includeDrafts: true, on: req.db) else {
            throw Abort(.notFound, reason: "Det finns ingen överenskommelse för \(year).")
        }
        return (model, try await AgreementStore.load(model, on: req.db))
    }

    @Sendable static func edit(req: Request) async throws -> Response {
        let (model, a) = try await stored(req)
        var form = AgreementForm(a)
        form.baseVersion = String(model.version)
        if model.isPublished { form.amendmentDate = req.today.iso }
        let problems = model.isPublished ? [] : AgreementCheck.reconciliation(of: a)
        return req.page { AgreementEditorPage(model: model, form: form, errors: [], reconciliation: problems, csrf: CSRFMiddleware.token(for: req), notice: nil).render() }
    }

    /// One post for every change: a structural action (add, move) re-renders the form with the
    /// person's input kept and stores nothing; saving stores a draft, or for a published
    /// agreement an amendment.
    @Sendable static func save(req: Request) async throws -> Response {
        let (model, _) = try await stored(req)
        let fields = try FormBody.fields(req)
        let action = fields.first("action") ?? "save"
        var form = AgreementForm(fields)
        let csrf = CSRFMiddleware.token(for: req)
        func render(_ errors: [AgreementProblem], status: HTTPResponseStatus = .unprocessableEntity, notice: String? = nil,
                    reconciliation: [AgreementProblem] = []) -> Response {
            req.page(status: status) {
                AgreementEditorPage(model: model, form: form, errors: errors.map { FieldError(field: $0.path, message: $0.message) },
                                    reconciliation: reconciliation, csrf: csrf, notice: notice).render()
            }
        }
        if action != "save" && action != "amend" {
            form.apply(action)
            return render([], status: .ok, notice: "Ändringen är inte sparad än. Spara när du är klar.")
        }
        form = form.normalized()
        let agreement: Agreement
        switch form.agreement(year: model.year) {
        case .failure(let problems): return render(problems.list)
        case .success(let a): agreement = a
        }
        if model.isPublished { return try await amend(req, model: model, form: form, agreement: agreement, render: { render($0) }) }
        switch try await AgreementService.saveDraft(year: model.year, agreement, by: .of(req), now: req.now, on: req.db) {
        case .failure(let refusal): return render(refusal.problems)
        case .success:
            let problems = AgreementCheck.reconciliation(of: agreement)
            req.flash(problems.isEmpty ? "Utkastet är sparat. Alla summor stämmer; du kan förhandsgranska och publicera."
                                       : "Utkastet är sparat, men \(problems.count) \(problems.count == 1 ? "summa stämmer" : "summor stämmer") inte än. Det kan inte publiceras förrän de gör det.")
            return req.seeOther(SiteURL.adminAgreement(model.year))
        }
    }

    /// Saving a published agreement: an amendment from the version the form was opened at.
    static func amend(_ req: Request, model: AgreementModel, form: AgreementForm, agreement: Agreement,
                      render: ([AgreementProblem]) -> Response) async throws -> Response {
        // What the form itself could not read (a date that is no date); the rest the use case judges.
        let (amendment, amendmentProblems) = form.amendment(year: model.year)
        if !amendmentProblems.isEmpty { return render(amendmentProblems) }
        switch try await AgreementService.amend(year: model.year, agreement, amendment: amendment, baseVersion: Int(form.baseVersion),
                                                by: .of(req), now: req.now, on: req.db) {
        case .failure(let refusal): return render(refusal.problems)
        case .success(let outcome):
            return req.page { AmendmentResultPage(year: model.year, title: agreement.title, outcome: outcome).render() }
        }
    }

    @Sendable static func preview(req: Request) async throws -> Response {
        let (model, a) = try await stored(req)
        guard !model.isPublished else { return req.seeOther(SiteURL.agreement(model.year)) }
        let tableID = req.query[String.self, at: "tabell"].flatMap(UUID.init(uuidString:))
        let preview = try await AgreementPreview.load(a, tableID: tableID, on: req.db)
        return req.page { AgreementPublishPage(agreement: a, preview: preview, problems: AgreementCheck.all(a), csrf: CSRFMiddleware.token(for: req)).render() }
    }

    struct PublishForm: Content { var tabell: String? }

    @Sendable static func publish(req: Request) async throws -> Response {
        let (model, a) = try await stored(req)
        let tableID = (try? req.content.decode(PublishForm.self))?.tabell.flatMap(UUID.init(uuidString:))
        switch try await AgreementService.publish(year: model.year, tableID: tableID, by: .of(req), now: req.now, on: req.db) {
        case .failure(let refusal):
            let preview = try await AgreementPreview.load(a, tableID: tableID, on: req.db)
            return req.page(status: .unprocessableEntity) {
                AgreementPublishPage(agreement: a, preview: preview, problems: refusal.problems, csrf: CSRFMiddleware.token(for: req)).render()
            }
        case .success(let published):
            req.flash("Överenskommelsen \(model.year) är publicerad. \(published.allocations) fördelningar är beräknade.")
            return req.seeOther(SiteURL.agreement(model.year))
        }
    }

    @Sendable static func versions(req: Request) async throws -> Response {
        let year = try RequestParameters.year(req)
        guard let model = try await AgreementStore.model(year: year, on: req.db) else {
            throw Abort(.notFound, reason: "Det finns ingen publicerad överenskommelse för \(year).")
        }
        let versions = try await AgreementVersionStore.versions(of: model, on: req.db)
        return req.page { AgreementVersionsPage(model: model, versions: versions).render() }
    }

    /// The agreement as it read in an earlier version.
    @Sendable static func version(req: Request) async throws -> Response {
        let year = try RequestParameters.year(req)
        guard let model = try await AgreementStore.model(year: year, on: req.db),
              let number = req.parameters.get("version").flatMap(Int.init),
              let stored = try await AgreementVersionStore.versions(of: model, on: req.db).first(where: { $0.version == number }),
              let a = AgreementVersionStore.agreement(in: stored)
        else { throw Abort(.notFound, reason: "Versionen finns inte: kontrollera år och versionsnummer.") }
        if number == model.version { return req.seeOther(SiteURL.agreement(year)) }
        let pots = a.pots.map { PotStatus(pot: $0, currentVersion: nil, referenceDate: nil) }
        return req.page { AgreementPage(agreement: a, pots: pots, version: number, historicVersion: number).render() }
    }
}
