import Fluent
import Foundation
import NaraCore
import NaraPersistence
import Plot
import Vapor

/// The population import as a page: upload, preview (a dry run), then apply: save a new table,
/// or, when the date and level have one, replace it or keep it. The page is in
/// `PopulationAdminPage.swift`.
enum PopulationAdmin {
    static func years(_ db: any Database) async throws -> [Int] { try await AgreementStore.list(on: db).map(\.year) }

    @Sendable static func form(req: Request) async throws -> Response {
        let csrf = CSRFMiddleware.token(for: req)
        let years = try await years(req.db)
        return req.page { Page(csrf: csrf, date: "", source: "SCB, folkmängd", errors: [], problems: [], preview: nil, years: years).render() }
    }

    struct UploadForm: Content {
        var file: File?
        var date: String?
        var source: String?
    }

    @Sendable static func upload(req: Request) async throws -> Response {
        let form = try req.content.decode(UploadForm.self)
        let csrf = CSRFMiddleware.token(for: req)
        let years = try await years(req.db)
        var errors: [FieldError] = []
        let date = CivilDate(iso: form.date ?? "")
        if date == nil { errors.append(FieldError(field: "date", message: "Ange referensdatum som ÅÅÅÅ-MM-DD.")) }
        let source = (form.source ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        if source.isEmpty || source.count > 200 { errors.append(FieldError(field: "source", message: "Ange källan (högst 200 tecken).")) }
        guard let file = form.file, file.data.readableBytes > 0 else {
            errors.append(FieldError(field: "file", message: "Välj en CSV-fil."))
            return req.page(status: .unprocessableEntity) { Page(csrf: csrf, date: form.date ?? "", source: source, errors: errors, problems: [], preview: nil, years: years).render() }
        }
        guard errors.isEmpty, let date else {
            return req.page(status: .unprocessableEntity) { Page(csrf: csrf, date: form.date ?? "", source: source, errors: errors, problems: [], preview: nil, years: years).render() }
        }
        let bytes = Array(file.data.readableBytesView)
        do {
            let outcome = try await PopulationImporter.run(bytes: bytes, referenceDate: date, source: source, by: "", now: req.now, dryRun: true, on: req.db)
            let pending = PendingImportModel()
            pending.uploadedBy = try req.principal!.user.requireID()
            pending.fileName = String(file.filename.prefix(200))
            pending.referenceDate = date.iso
            pending.source = source
            pending.content = Data(bytes).base64EncodedString()
            pending.createdAt = req.now
            try await pending.create(on: req.db)
            return try await previewPage(req, pending: pending, outcome: outcome, years: years)
        } catch let error as PopulationImportError {
            return req.page(status: .unprocessableEntity) {
                Page(csrf: csrf, date: date.iso, source: source, errors: [], problems: error.problems, preview: nil, years: years).render()
            }
        }
    }

    /// The preview of a checked file, with the stored table of the same date beside it when there is one.
    static func previewPage(_ req: Request, pending: PendingImportModel, outcome: PopulationImporter.Outcome, years: [Int],
                            status: HTTPResponseStatus = .ok) async throws -> Response {
        var existingCounties: [String: Int64]?
        if let existing = outcome.existing {
            existingCounties = try await PopulationStore.load(existing, on: req.db).countyTotals(in: .shipped)
        }
        let preview = Preview(pending: pending, outcome: outcome, existingCounties: existingCounties)
        let csrf = CSRFMiddleware.token(for: req)
        return req.page(status: status) {
            Page(csrf: csrf, date: pending.referenceDate, source: pending.source, errors: [], problems: [], preview: preview, years: years).render()
        }
    }

    /// Saves a previewed file. `val=ersatt` replaces the table stored for the same date and level,
    /// `val=behall` keeps it and stores nothing; without either, a stored table of that date
    /// brings the choice back (also when someone stored one after the preview was made).
    @Sendable static func apply(req: Request) async throws -> Response {
        guard let id = req.parameters.get("pending").flatMap(UUID.init(uuidString:)),
              let pending = try await PendingImportModel.find(id, on: req.db), pending.appliedAt == nil,
              let date = CivilDate(iso: pending.referenceDate), let data = Data(base64Encoded: pending.content)
        else { throw Abort(.notFound, reason: "Förhandsgranskningen finns inte eller är redan sparad. Ladda upp filen igen.") }
        let choice = try? req.content.get(String.self, at: "val")
        if choice == "behall" {
            try await pending.delete(on: req.db)
            req.flash("Den befintliga tabellen per \(date.swedish) behålls. Inget sparades.")
            return req.seeOther(SiteURL.adminPopulation)
        }
        let principal = req.principal!, address = req.clientAddress, bytes = Array(data)
        do {
            let outcome = try await PopulationImporter.run(bytes: bytes, referenceDate: date, source: pending.source,
                                                           by: principal.user.email, now: req.now, replace: choice == "ersatt",
                                                           file: pending.fileName, principal: principal, address: address,
                                                           alongside: { tx in
                                                               pending.appliedAt = req.now
                                                               try await pending.update(on: tx)
                                                           }, on: req.db)
            var message = "Befolkningen per \(date.swedish) är inläst. Räkna om fördelningarna om de ska använda den."
            if outcome.existing != nil {
                message = "Tabellen per \(date.swedish) är ersatt"
                    + (outcome.keptOld ? "; den tidigare finns kvar för de \(outcome.existingUses) fördelningsversioner som räknades på den." : ".")
                    + " Räkna om fördelningarna om de ska använda den nya."
            }
            req.flash(message)
            return req.seeOther(SiteURL.adminPopulation)
        } catch is PopulationTableExists {
            let outcome = try await PopulationImporter.run(bytes: bytes, referenceDate: date, source: pending.source, by: "",
                                                           now: req.now, dryRun: true, on: req.db)
            return try await previewPage(req, pending: pending, outcome: outcome, years: try await years(req.db), status: .conflict)
        }
    }

    @Sendable static func allocate(req: Request) async throws -> Response {
        let year = try RequestParameters.year(req)
        guard try await AgreementStore.model(year: year, on: req.db) != nil else {
            throw Abort(.notFound, reason: "Det finns ingen överenskommelse för \(year).")
        }
        let principal = req.principal!
        let created = try await req.db.transaction { tx in
            let created = try await AllocationStore.allocate(year: year, by: principal.user.email, now: req.now, on: tx)
            for v in created {
                try await AuditLog.record(.allocate, entity: "allocation", id: v.id?.uuidString ?? "",
                                          after: ["år": String(year), "version": String(v.version), "referensdatum": v.referenceDate ?? ""],
                                          on: req, db: tx)
            }
            return created
        }
        req.flash(created.isEmpty ? "Fördelningarna för \(year) använder redan närmaste tabell; inget ändrades."
                                  : "\(created.count) fördelningar för \(year) har räknats om som nya versioner.")
        return req.seeOther(SiteURL.adminPopulation)
    }
}
