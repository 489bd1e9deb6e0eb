import Fluent
import Foundation
import NaraCore
import NaraPersistence
import Plot
import Vapor

/// The population import as a page: upload, preview (a dry run), then apply.
enum PopulationAdmin {
    struct Preview {
        let pending: PendingImportModel
        let table: PopulationTable
        let format: PopulationFileFormat
    }

    struct Page {
        let csrf: String
        let date: String
        let source: String
        let errors: [FieldError]
        let problems: [ImportProblem]
        let preview: Preview?
        let years: [Int]

        func render() -> String {
            Layout.render(title: "Läs in befolkning", breadcrumbs: [("Administration", SiteURL.admin), ("Befolkning", nil)], current: SiteURL.admin,
                .h1(.text("Läs in befolkning")),
                Forms.errorSummary(errors),
                .if(!problems.isEmpty, .div(.class("error-summary"), .attribute(named: "role", value: "alert"),
                    .h2(.class("error-summary-title"), .text("Filen kan inte läsas in (\(problems.count) fel). Inget har sparats.")),
                    .ul(.forEach(problems.prefix(400)) { .li(.text($0.description)) }))),
                .unwrap(preview) { p in previewBlock(p) },
                .p(.class("lead"), .text("Ladda upp SCB:s export från Statistikdatabasen (tabell BE0101N1, som den laddas ned) eller en enkel CSV med kod och folkmängd per län eller kommun. Du får först se vad filen innehåller; inget sparas förrän du bekräftar.")),
                .form(.method(.post), .action(SiteURL.adminPopulation), .attribute(named: "enctype", value: "multipart/form-data"), .class("narrow-form"),
                      Forms.csrf(csrf),
                      .div(.class("field" + (errors.contains { $0.field == "file" } ? " field-error" : "")),
                           .label(.for("file"), .text("Fil (CSV)")),
                           .input(.type(.file), .id("file"), .name("file"), .attribute(named: "accept", value: ".csv,text/csv"))),
                      Forms.field("Referensdatum", name: "date", value: date, type: .date, hint: "Den dag befolkningen avser, till exempel 2022-11-01.", errors: errors),
                      Forms.field("Källa", name: "source", value: source, hint: "Visas på beräkningarna.", errors: errors),
                      Forms.submit("Förhandsgranska")),
                .h2(.text("Räkna om fördelningar")),
                .p(.text("När en ny tabell är inläst kan en överenskommelses fördelningar räknas om på den tabell som ligger närmast överenskommelsens referensdatum. Tidigare versioner sparas.")),
                .ul(.class("downloads"), .forEach(years) { year in
                    .li(Forms.button("Räkna om \(year)", action: SiteURL.adminAllocate(year), csrf: csrf))
                })
            )
        }

        func previewBlock(_ p: Preview) -> Node<HTML.BodyContext> {
            let totals = p.table.countyTotals(in: .shipped)
            return Blocks.notice("ok", heading: "Förhandsgranskning: filen är korrekt",
                .p(.text("\(p.table.values.count) \(p.table.level == .county ? "län" : "kommuner"), folkmängd \(SwedishNumber.grouped(p.table.total)) per \(p.table.referenceDate.swedish), \(p.format == .scb ? "SCB:s exportformat" : "enkel CSV"). Källa: \(p.table.source).")),
                .div(.class("table-wrap"), .attribute(named: "tabindex", value: "0"), .table(
                    .caption(.text("Folkmängd per län i filen")),
                    .thead(.tr(Blocks.col("Län"), Blocks.col("Folkmängd", numeric: true))),
                    .tbody(.forEach(Geography.shipped.counties) { c in
                        .tr(Blocks.rowHeader(.text(c.name)), Blocks.num(SwedishNumber.grouped(totals[c.code] ?? 0)))
                    }))),
                Forms.button("Spara tabellen", action: SiteURL.adminApplyImport(p.pending.id!), csrf: csrf, secondary: false))
        }
    }

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
            let outcome = try await PopulationImporter.run(bytes: bytes, referenceDate: date, source: source, by: "", now: Date(), dryRun: true, on: req.db)
            let pending = PendingImportModel()
            pending.uploadedBy = try req.principal!.user.requireID()
            pending.fileName = String(file.filename.prefix(200))
            pending.referenceDate = date.iso
            pending.source = source
            pending.content = Data(bytes).base64EncodedString()
            pending.createdAt = Date()
            try await pending.create(on: req.db)
            return req.page {
                Page(csrf: csrf, date: date.iso, source: source, errors: [], problems: [],
                     preview: Preview(pending: pending, table: outcome.table, format: outcome.format), years: years).render()
            }
        } catch let error as PopulationImportError {
            return req.page(status: .unprocessableEntity) {
                Page(csrf: csrf, date: date.iso, source: source, errors: [], problems: error.problems, preview: nil, years: years).render()
            }
        }
    }

    @Sendable static func apply(req: Request) async throws -> Response {
        guard let id = req.parameters.get("pending").flatMap(UUID.init(uuidString:)),
              let pending = try await PendingImportModel.find(id, on: req.db), pending.appliedAt == nil,
              let date = CivilDate(iso: pending.referenceDate), let data = Data(base64Encoded: pending.content)
        else { throw Abort(.notFound, reason: "Förhandsgranskningen finns inte eller är redan sparad. Ladda upp filen igen.") }
        let principal = req.principal!
        try await req.db.transaction { tx in
            let outcome = try await PopulationImporter.run(bytes: Array(data), referenceDate: date, source: pending.source,
                                                           by: principal.user.email, now: Date(), on: tx)
            pending.appliedAt = Date()
            try await pending.update(on: tx)
            try await AuditLog.record(.import, entity: "population_table", id: outcome.stored?.id?.uuidString ?? "",
                                      after: ["referensdatum": date.iso, "rader": String(outcome.table.values.count),
                                              "folkmängd": String(outcome.table.total), "fil": pending.fileName, "källa": pending.source],
                                      on: req, db: tx)
        }
        req.flash("Befolkningen per \(date.swedish) är inläst. Räkna om fördelningarna om de ska använda den.")
        return req.seeOther(SiteURL.adminPopulation)
    }

    @Sendable static func allocate(req: Request) async throws -> Response {
        let year = try RequestParameters.year(req)
        guard try await AgreementStore.model(year: year, on: req.db) != nil else {
            throw Abort(.notFound, reason: "Det finns ingen överenskommelse för \(year).")
        }
        let principal = req.principal!
        let created = try await req.db.transaction { tx in
            let created = try await AllocationStore.allocate(year: year, by: principal.user.email, now: Date(), on: tx)
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
