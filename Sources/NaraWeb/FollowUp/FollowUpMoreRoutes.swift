import Fluent
import Foundation
import NaraCore
import NaraPersistence
import Plot
import SQLKit
import Vapor

/// Indicators, regions' goal pictures, question links across years and the agreement dashboard.
struct FollowUpMoreRoutes: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let review = AccessRule.capability(.reviewReports)
        routes.on(.GET, "uppfoljning", "indikatorer", rule: review, use: Self.indicators)
        routes.on(.POST, "uppfoljning", "indikatorer", rule: review, body: .collect(maxSize: "20mb"), use: Self.importIndicators)
        routes.on(.GET, "uppfoljning", "indikatorer", ":indicator", rule: review, use: Self.indicator)
        routes.on(.GET, "uppfoljning", "malbilder", rule: review, use: Self.goalPictures)
        routes.on(.GET, "uppfoljning", "malbilder", ":org", rule: .organisation(.readOrganisation, parameter: "org"), use: Self.goalPicture)
        routes.on(.GET, "malbild", rule: .ownOrganisation(.readOrganisation), use: Self.ownGoalPicture)
        routes.on(.POST, "malbild", rule: .ownOrganisation(.changeOwnOrganisation), use: Self.saveGoalPicture)
        routes.on(.GET, "uppfoljning", "kopplingar", rule: .capability(.manageForms), use: Self.links)
        routes.on(.POST, "uppfoljning", "kopplingar", rule: .capability(.manageForms), use: Self.addLink)
        routes.on(.POST, "uppfoljning", "kopplingar", ":link", "ta-bort", rule: .capability(.manageForms), use: Self.removeLink)
        routes.on(.GET, "uppfoljning", "overenskommelser", ":year", rule: review, use: Self.dashboard)
    }

    // MARK: Indicators

    static func indicatorsPage(_ req: Request, problems: [ImportProblem] = [], message: String? = nil, status: HTTPResponseStatus = .ok) async throws -> Response {
        var summaries: [(IndicatorDefinition, Indicators.Series)] = []
        for d in IndicatorDefinition.catalogue { summaries.append((d, try await Indicators.series(d, on: req.db))) }
        let csrf = CSRFMiddleware.token(for: req)
        return req.page(status: status) {
            Layout.render(title: "Indikatorer", breadcrumbs: [("Uppföljning", SiteURL.followUp), ("Indikatorer", nil)], current: SiteURL.followUp,
                .h1(.text("Indikatorer")),
                .p(.class("lead"), .text("Indikatorer per region och år, mot överenskommelsernas mål.")),
                .ul(.class("task-list"), .forEach(summaries) { d, s in
                    .li(.class("task"), .a(.href("/uppfoljning/indikatorer/\(d.key)"), .text(d.name)),
                        .span(.class("task-meta"), .text((d.target.map { "Mål: minst \(Indicators.text($0, unit: d.unit)). " } ?? "Inget mål. ")
                            + (s.years.isEmpty ? "Inga värden ännu." : "Värden för \(s.years.first!)–\(s.years.last!)") + (s.generated ? " (demovärden)" : ""))))
                }),
                .h2(.id("importera"), .text("Importera värden")),
                .unwrap(message) { Blocks.notice("ok", heading: "Importen är klar", .p(.text($0))) },
                .if(!problems.isEmpty, .div(.class("error-summary"), .attribute(named: "role", value: "alert"), .id("felsammanfattning"),
                    .h2(.class("error-summary-title"), .text("Filen importerades inte (\(problems.count) fel). Inget har ändrats.")),
                    .ul(.forEach(problems.prefix(200)) { .li(.text($0.description)) }))),
                .p(.text("En CSV-fil med rubrikraden indikator;kod;år;värde;kön. Kod är länskod (två siffror) eller kommunkod (fyra), kön är K, M eller tomt, värdet skrivs som 55,3. Kända indikatorer: " + IndicatorDefinition.catalogue.map(\.key).joined(separator: ", ") + ". Ett värde som redan finns för samma indikator, kod, år och kön ersätts. Finns ett enda fel importeras ingenting.")),
                .form(.method(.post), .action("/uppfoljning/indikatorer"), .attribute(named: "enctype", value: "multipart/form-data"), .class("narrow-form"),
                      Forms.csrf(csrf),
                      .div(.class("field"), .label(.for("file"), .text("Fil (CSV)")),
                           .input(.type(.file), .id("file"), .name("file"), .attribute(named: "accept", value: ".csv,text/csv"))),
                      Forms.field("Källa", name: "source", value: "", hint: "Till exempel: Vården i siffror, hämtad 2026-11-01"),
                      Forms.submit("Importera")))
        }
    }

    @Sendable static func indicators(req: Request) async throws -> Response { try await indicatorsPage(req) }

    struct ImportForm: Content {
        var file: File?
        var source: String?
    }

    @Sendable static func importIndicators(req: Request) async throws -> Response {
        let form = try req.content.decode(ImportForm.self)
        let source = (form.source ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        guard let file = form.file, file.data.readableBytes > 0 else {
            return try await indicatorsPage(req, problems: [ImportProblem(line: nil, "Välj en CSV-fil.")], status: .unprocessableEntity)
        }
        if source.isEmpty || source.count > 200 {
            return try await indicatorsPage(req, problems: [ImportProblem(line: nil, "Ange källan (högst 200 tecken).")], status: .unprocessableEntity)
        }
        do {
            let values = try IndicatorImport.parse(Array(file.data.readableBytesView))
            let actor = req.principal?.user.email ?? ""
            let (added, replaced) = try await Indicators.store(values, source: source, by: actor, now: Date(), on: req.db)
            try await AuditLog.record(.import, entity: "indicator_values", id: String(file.filename.prefix(200)),
                                      after: ["nya": String(added), "ersatta": String(replaced), "källa": source], on: req)
            return try await indicatorsPage(req, message: "\(added) nya värden och \(replaced) ersatta från \(file.filename).")
        } catch let e as IndicatorImportError {
            return try await indicatorsPage(req, problems: e.problems, status: .unprocessableEntity)
        }
    }

    @Sendable static func indicator(req: Request) async throws -> Response {
        guard let key = req.parameters.get("indicator"), let d = IndicatorDefinition.catalogue.first(where: { $0.key == key }) else {
            throw Abort(.notFound, reason: "Indikatorn finns inte.")
        }
        let sex = ["K", "M"].contains(req.query[String.self, at: "kon"] ?? "") ? req.query[String.self, at: "kon"]! : ""
        let series = try await Indicators.series(d, sex: sex, on: req.db)
        let counties = Geography.shipped.counties
        let region = req.query[String.self, at: "region"].flatMap { c in counties.contains { $0.code == c } ? c : nil } ?? "13"
        // The regions' money from each agreement, next to the indicator.
        var money: [Int: [String: Money]] = [:]
        for year in try await AgreementModel.query(on: req.db).all().map(\.year) {
            if let (_, rows) = try await MoneyService.overview(year: year, on: req.db) {
                for r in rows where r.organisation.kind == OrganisationKind.region.rawValue {
                    money[year, default: [:]][r.organisation.countyCode ?? r.organisation.code] = r.total.allocated
                }
            }
        }
        let moneyYears = money.keys.sorted()
        let table = DataTable(id: "indikator", caption: "\(d.name)\(sex.isEmpty ? "" : sex == "K" ? ", kvinnor" : ", män") per region och år",
                              columns: ["Region"] + series.years.map(String.init) + ["Når målet \(series.years.last.map(String.init) ?? "")"] + moneyYears.map { "Medel \($0) (kr)" },
                              numeric: Set(1...(series.years.count + 1 + moneyYears.count)),
                              rows: counties.map { c in
                                  let values = series.values[c.code] ?? [:]
                                  let latest = series.years.last.flatMap { values[$0] }
                                  return [.link(c.name, href: "/uppfoljning/indikatorer/\(d.key)?region=\(c.code)&kon=\(sex)#region")]
                                      + series.years.map { y in values[y].map { .number(Decimal($0) / 100, Indicators.text($0, unit: d.unit)) } ?? .text("–") }
                                      + [.text(latest.flatMap { d.meetsTarget($0) }.map { $0 ? "Ja" : "Nej" } ?? "–")]
                                      + moneyYears.map { y in money[y]?[c.code].map { .number(Decimal($0.ore) / 100, $0.krText) } ?? .text("–") }
                              })
        if let download = try table.download(req, filename: "nara-indikator-\(d.key)") { return download }
        let name = counties.first { $0.code == region }?.name ?? region
        let regional = series.values[region] ?? [:]
        return req.page {
            Layout.render(title: d.name, breadcrumbs: [("Uppföljning", SiteURL.followUp), ("Indikatorer", "/uppfoljning/indikatorer"), (d.name, nil)], current: SiteURL.followUp,
                .h1(.text(d.name)),
                .p(.class("lead"), .text(d.target.map { "Mål: minst \(Indicators.text($0, unit: d.unit))." } ?? "Indikatorn har inget mål."), .text(" " + d.source)),
                .if(series.generated, .div(.class("generated-note"), .p(.strong(.text("Demodata. ")), .text("Värdena är genererade för att visa sidan; de är inte verkliga uppgifter. Importera verkliga värden som CSV.")))),
                .if(!series.sources.isEmpty, .p(.class("muted"), .text("Källa: " + series.sources.joined(separator: "; ")))),
                .form(.method(.get), .action("/uppfoljning/indikatorer/\(d.key)"), .class("filter-form"),
                      Forms.select("Region i diagrammet", name: "region", options: counties.map { ($0.code, $0.name) }, selected: region),
                      Forms.select("Kön", name: "kon", options: [("", "Alla"), ("K", "Kvinnor"), ("M", "Män")], selected: sex),
                      Forms.submit("Visa")),
                DataTable.downloads("/uppfoljning/indikatorer/\(d.key)", query: "kon=\(sex)"),
                .h2(.id("region"), .text(name)),
                Charts.bars(id: "diagram", title: "\(d.name): \(name) per år", description: series.years.map { y in "\(y): \(regional[y].map { Indicators.text($0, unit: d.unit) } ?? "inget värde")" }.joined(separator: "; ")
                            + (d.target.map { ". Mål \(Indicators.text($0, unit: d.unit))" } ?? ""),
                            bars: series.years.map { y in .init(label: String(y), value: regional[y] ?? 0, valueText: regional[y].map { Indicators.text($0, unit: d.unit) } ?? "–") },
                            maxValue: 10_000, target: d.target.map { ($0, Indicators.text($0, unit: d.unit)) }),
                table.node())
        }
    }

    // MARK: Goal pictures

    /// Per county: the region's recorded goal picture and the latest answers to questions 1–4
    /// of the reference questionnaire.
    @Sendable static func goalPictures(req: Request) async throws -> Response {
        let key = ReferenceForms.municipalFinalReportKey
        let years = try await FollowUpStore.rounds(on: req.analysisDB).filter { $0.formKey == key }.map(\.year).sorted()
        let year = req.query[Int.self, at: "ar"].flatMap { years.contains($0) ? $0 : nil } ?? years.last ?? 0
        var answers: [String: [String: (String, UUID)]] = [:]
        let rows = try await FollowUpStore.sql(req.analysisDB).select().columns("county_code", "question_id", "value", "report_id").from(FollowUpValueModel.schema)
            .where("form_key", .equal, SQLBind(key)).where("year", .equal, SQLBind(year)).where("question_id", .in, SQLBind.group(["q1", "q2", "q3", "q4"])).all()
        for r in rows {
            answers[try r.decode(column: "county_code", as: String.self), default: [:]][try r.decode(column: "question_id", as: String.self)] =
                (try r.decode(column: "value", as: String.self), try r.decode(column: "report_id", as: UUID.self))
        }
        let regions = try await OrganisationModel.query(on: req.analysisDB).filter(\.$kind == OrganisationKind.region.rawValue).all()
        let pictures = try await GoalPictureModel.query(on: req.analysisDB).all()
        let table = DataTable(id: "malbilder", caption: "Målbild och handlingsplan per län, \(year)",
                              columns: ["Län", "Regionens registrerade målbild", "Fråga 1: beslutad gemensam målbild", "Fråga 2: gemensam handlingsplan",
                                        "Fråga 3: uppföljning beskriven", "Fråga 4: kommunala handlingsplaner"],
                              rows: Geography.shipped.counties.map { c in
                                  let region = regions.first { $0.countyCode == c.code || $0.code == c.code }
                                  let picture = pictures.first { $0.organisationID == region?.id }
                                  let a = answers[c.code] ?? [:]
                                  let pictureCell: DataTable.Cell = picture.map { p in
                                      .link(p.title + (GoalPictures.picture(p).isDecided ? " (beslutad)" : ""), href: "/uppfoljning/malbilder/\(p.organisationID.uuidString)")
                                  } ?? .text("Ej registrerad")
                                  return [.text(c.name), pictureCell, .text(a["q1"]?.0 ?? "Inget svar"), .text(a["q2"]?.0 ?? "Inget svar"),
                                          a["q3"].map { .link("Ja, läs svaret", href: SiteURL.report($0.1)) } ?? .text("Inget svar"), .text(a["q4"]?.0 ?? "Inget svar")]
                              })
        if let download = try table.download(req, filename: "nara-malbilder-\(year)") { return download }
        let decided = Geography.shipped.counties.filter { answers[$0.code]?["q1"]?.0.hasPrefix("Ja") ?? false }.count
        return req.page {
            Layout.render(title: "Målbilder per län", breadcrumbs: [("Uppföljning", SiteURL.followUp), ("Målbilder per län", nil)], current: SiteURL.followUp,
                .h1(.text("Målbilder och handlingsplaner per län")),
                .p(.class("lead"), .text("\(decided) av 21 län har svarat att de har en beslutad länsgemensam målbild (\(year)). Regionerna registrerar sin målbild och hur den följs upp under Målbild.")),
                .if(years.count > 1, .nav(.attribute(named: "aria-label", value: "År"), .ul(.class("downloads"), .forEach(years) { y in
                    .li(y == year ? .strong(.attribute(named: "aria-current", value: "page"), .text(String(y))) : .a(.href("/uppfoljning/malbilder?ar=\(y)"), .text(String(y))))
                }))),
                DataTable.downloads("/uppfoljning/malbilder", query: "ar=\(year)"),
                table.node())
        }
    }

    static func goalPictureNodes(_ p: GoalPicture) -> Node<HTML.BodyContext> {
        .group(
            .h2(.text(p.title)),
            .p(.text(p.summary)),
            .h3(.text("Framgångsfaktorer")),
            p.factors.isEmpty ? .p(.text("Inga angivna.")) : .ul(.forEach(p.factors) { .li(.text($0)) }),
            .h3(.text("Så följs målbilden upp")),
            .p(.text(p.followUp.isEmpty ? "Inte beskrivet." : p.followUp)),
            .h3(.text("Beslut")),
            .p(.text([p.decidedOn.map { "Beslutad \($0.swedish)." }, p.decidedBy.isEmpty ? nil : p.decidedBy].compactMap { $0 }.joined(separator: " ")
                     .ifEmpty("Inte beslutad.")))
        )
    }

    @Sendable static func goalPicture(req: Request) async throws -> Response {
        guard let id = req.parameters.get("org").flatMap(UUID.init(uuidString:)), let org = try await OrganisationModel.find(id, on: req.db) else {
            throw Abort(.notFound, reason: "Organisationen finns inte.")
        }
        let model = try await GoalPictures.load(id, on: req.db)
        return req.page {
            Layout.render(title: "Målbild – \(org.name)", breadcrumbs: [("Uppföljning", SiteURL.followUp), ("Målbilder per län", "/uppfoljning/malbilder"), (org.name, nil)],
                          current: SiteURL.followUp,
                .h1(.text("Målbild – \(org.name)")),
                model.map { goalPictureNodes(GoalPictures.picture($0)) } ?? .p(.text("Regionen har inte registrerat någon målbild.")),
                .unwrap(model) { .p(.class("muted"), .text("Senast ändrad \(SwedishDateTime.format($0.updatedAt)) av \($0.updatedBy).")) })
        }
    }

    static func ownPage(_ req: Request, picture: GoalPicture?, errors: [FieldError] = [], status: HTTPResponseStatus = .ok) async throws -> Response {
        guard let p = req.principal else { throw Abort(.unauthorized) }
        let org = p.organisation
        let isRegion = org.kind == OrganisationKind.region.rawValue
        let canEdit = AccessPolicy.may(p.standing, .changeOwnOrganisation, organisation: p.standing.organisationID) && isRegion
        let stored = try await GoalPictures.load(org.requireID(), on: req.db)
        let shown = picture ?? stored.map(GoalPictures.picture)
        let csrf = CSRFMiddleware.token(for: req)
        return req.page(status: status) {
            Layout.render(title: "Målbild – \(org.name)", breadcrumbs: [("Målbild", nil)],
                .h1(.text("Målbild för omställningen till nära vård")),
                .p(.class("lead"), .text(isRegion ? "\(org.name) beskriver här sin länsgemensamma målbild och hur den följs upp. Socialstyrelsen och SKR ser målbilderna per län."
                                           : "Målbilder registreras av regionerna. \(org.name) är ingen region.")),
                .if(!canEdit, shown.map { goalPictureNodes($0) } ?? .p(.text(isRegion ? "Ingen målbild är registrerad." : ""))),
                .if(canEdit, Forms.errorSummary(errors)),
                .if(canEdit, .form(.method(.post), .action("/malbild"), .class("narrow-form"),
                    Forms.csrf(csrf),
                    Forms.field("Målbildens namn", name: "title", value: shown?.title ?? "", errors: errors, required: true),
                    textarea("Beskrivning", name: "summary", value: shown?.summary ?? "", errors: errors),
                    textarea("Framgångsfaktorer, en per rad", name: "factors", value: shown?.factors.joined(separator: "\n") ?? "", errors: errors),
                    textarea("Så följs målbilden upp", name: "followup", value: shown?.followUp ?? "", errors: errors),
                    Forms.field("Beslutsdatum (ÅÅÅÅ-MM-DD), om det finns", name: "decided_on", value: shown?.decidedOn?.iso ?? "", errors: errors),
                    Forms.field("Beslutad av", name: "decided_by", value: shown?.decidedBy ?? "", errors: errors),
                    Forms.submit("Spara målbilden"))))
        }
    }

    static func textarea<C: HTML.BodyContext>(_ label: String, name: String, value: String, errors: [FieldError]) -> Node<C> {
        let error = errors.first { $0.field == name }
        return .div(.class(error == nil ? "field" : "field field-error"), .label(.for(name), .text(label)),
                    .unwrap(error) { .p(.class("error-message"), .id(name + "-error"), .text($0.message)) },
                    .textarea(.id(name), .name(name), .attribute(named: "rows", value: "5"),
                              .if(error != nil, .attr("aria-describedby", name + "-error")), .text(value)))
    }

    @Sendable static func ownGoalPicture(req: Request) async throws -> Response { try await ownPage(req, picture: nil) }

    struct GoalForm: Content {
        var title: String?
        var summary: String?
        var factors: String?
        var followup: String?
        var decided_on: String?
        var decided_by: String?
    }

    @Sendable static func saveGoalPicture(req: Request) async throws -> Response {
        guard let p = req.principal else { throw Abort(.unauthorized) }
        guard p.organisation.kind == OrganisationKind.region.rawValue else {
            throw Abort(.badRequest, reason: "Målbilder registreras av regionerna; \(p.organisation.name) är ingen region.")
        }
        let f = try req.content.decode(GoalForm.self)
        let decidedText = (f.decided_on ?? "").trimmingCharacters(in: .whitespaces)
        let picture = GoalPicture(title: (f.title ?? "").trimmingCharacters(in: .whitespacesAndNewlines),
                                  summary: (f.summary ?? "").replacingOccurrences(of: "\r\n", with: "\n").trimmingCharacters(in: .whitespacesAndNewlines),
                                  factors: (f.factors ?? "").split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty },
                                  followUp: (f.followup ?? "").replacingOccurrences(of: "\r\n", with: "\n").trimmingCharacters(in: .whitespacesAndNewlines),
                                  decidedOn: CivilDate(iso: decidedText), decidedBy: (f.decided_by ?? "").trimmingCharacters(in: .whitespacesAndNewlines))
        var errors = picture.problems().map { FieldError(field: $0.key, message: $0.value) }.sorted { $0.field < $1.field }
        if !decidedText.isEmpty && picture.decidedOn == nil { errors.append(FieldError(field: "decided_on", message: "Skriv datumet som ÅÅÅÅ-MM-DD, till exempel 2022-11-30.")) }
        if !errors.isEmpty { return try await ownPage(req, picture: picture, errors: errors, status: .unprocessableEntity) }
        let before = try await GoalPictures.load(p.organisation.requireID(), on: req.db)
        try await GoalPictures.save(picture, for: p.organisation, by: p.user.email, now: Date(), on: req.db)
        try await AuditLog.record(before == nil ? .create : .update, entity: "goal_picture", id: p.organisation.id!.uuidString,
                                  before: before.map { ["namn": $0.title] } ?? [:], after: ["namn": picture.title, "faktorer": picture.factors.joined(separator: ", ")], on: req)
        req.flash("Målbilden är sparad.")
        return req.seeOther("/malbild")
    }

    // MARK: Question links

    static func linksPage(_ req: Request, errors: [FieldError] = [], form: LinkForm = .init(), status: HTTPResponseStatus = .ok) async throws -> Response {
        let links = try await QuestionLinkModel.query(on: req.db).sort(\.$createdAt).all()
        let keys = Array(Set(try await FormDefinitionModel.query(on: req.db).all().map(\.formKey))).sorted()
        let csrf = CSRFMiddleware.token(for: req)
        let options = keys.map { (value: $0, label: $0) }
        return req.page(status: status) {
            Layout.render(title: "Frågor över åren", breadcrumbs: [("Uppföljning", SiteURL.followUp), ("Frågor över åren", nil)], current: SiteURL.followUp,
                .h1(.text("Koppla frågor mellan formulär")),
                .p(.class("lead"), .text("Samma fråga-id i samma formulär kopplas ihop över åren av sig själv. När en fråga har fått ett nytt id eller flyttat till ett annat formulär kopplar du den här, så att trenden kan följa den.")),
                links.isEmpty ? .p(.text("Inga kopplingar ännu.")) : .div(.class("table-wrap"), .attribute(named: "tabindex", value: "0"), .table(.id("kopplingar"), .caption(.text("Kopplingar")),
                    .thead(.tr(Blocks.col("Från"), Blocks.col("Till"), Blocks.col("Gjord av"), Blocks.col("Åtgärd"))),
                    .tbody(.forEach(links) { l in
                        .tr(Blocks.rowHeader(.text("\(l.fromForm) · \(l.fromQuestion)")), Blocks.cell("\(l.toForm) · \(l.toQuestion)"), Blocks.cell(l.createdBy),
                            .td(Forms.button("Ta bort", action: "/uppfoljning/kopplingar/\(l.id!.uuidString)/ta-bort", csrf: csrf,
                                             label: "Ta bort kopplingen \(l.fromForm) \(l.fromQuestion) till \(l.toForm) \(l.toQuestion)")))
                    }))),
                .h2(.text("Ny koppling")),
                Forms.errorSummary(errors),
                .form(.method(.post), .action("/uppfoljning/kopplingar"), .class("narrow-form"),
                      Forms.csrf(csrf),
                      Forms.select("Från formulär", name: "from_form", options: options, selected: form.from_form, errors: errors),
                      Forms.field("Från fråga (id, till exempel q1)", name: "from_question", value: form.from_question ?? "", errors: errors),
                      Forms.select("Till formulär", name: "to_form", options: options, selected: form.to_form, errors: errors),
                      Forms.field("Till fråga (id)", name: "to_question", value: form.to_question ?? "", errors: errors),
                      Forms.submit("Koppla")))
        }
    }

    struct LinkForm: Content {
        var from_form: String?
        var from_question: String?
        var to_form: String?
        var to_question: String?
    }

    @Sendable static func links(req: Request) async throws -> Response { try await linksPage(req) }

    /// Every stored version of a questionnaire.
    static func definitions(_ key: String, on db: any Database) async throws -> [FormDefinition] {
        try await FormDefinitionModel.query(on: db).filter(\.$formKey == key).all().map(ReportService.definition)
    }

    @Sendable static func addLink(req: Request) async throws -> Response {
        let f = try req.content.decode(LinkForm.self)
        var errors: [FieldError] = []
        let fromDefs = try await definitions(f.from_form ?? "", on: req.db)
        let toDefs = try await definitions(f.to_form ?? "", on: req.db)
        if fromDefs.isEmpty { errors.append(FieldError(field: "from_form", message: "Välj ett formulär att koppla från.")) }
        else if !fromDefs.contains(where: { $0.question(f.from_question ?? "") != nil }) {
            errors.append(FieldError(field: "from_question", message: "Formuläret har ingen fråga med det id:t i någon version."))
        }
        if toDefs.isEmpty { errors.append(FieldError(field: "to_form", message: "Välj ett formulär att koppla till.")) }
        else if !toDefs.contains(where: { $0.question(f.to_question ?? "") != nil }) {
            errors.append(FieldError(field: "to_question", message: "Formuläret har ingen fråga med det id:t i någon version."))
        }
        if errors.isEmpty && f.from_form == f.to_form && f.from_question == f.to_question {
            errors.append(FieldError(field: "to_question", message: "En fråga kan inte kopplas till sig själv."))
        }
        if errors.isEmpty, try await QuestionLinkModel.query(on: req.db).filter(\.$fromForm == f.from_form!).filter(\.$fromQuestion == f.from_question!)
            .filter(\.$toForm == f.to_form!).count() > 0 {
            errors.append(FieldError(field: "from_question", message: "Frågan är redan kopplad till det formuläret."))
        }
        if !errors.isEmpty { return try await linksPage(req, errors: errors, form: f, status: .unprocessableEntity) }
        let l = QuestionLinkModel()
        l.fromForm = f.from_form!; l.fromQuestion = f.from_question!; l.toForm = f.to_form!; l.toQuestion = f.to_question!
        l.createdAt = Date(); l.createdBy = req.principal?.user.email ?? ""
        try await l.create(on: req.db)
        try await AuditLog.record(.create, entity: "question_link", id: l.id!.uuidString,
                                  after: ["från": "\(l.fromForm) \(l.fromQuestion)", "till": "\(l.toForm) \(l.toQuestion)"], on: req)
        req.flash("Frågorna är kopplade.")
        return req.seeOther("/uppfoljning/kopplingar")
    }

    @Sendable static func removeLink(req: Request) async throws -> Response {
        guard let id = req.parameters.get("link").flatMap(UUID.init(uuidString:)), let l = try await QuestionLinkModel.find(id, on: req.db) else {
            throw Abort(.notFound, reason: "Kopplingen finns inte.")
        }
        try await l.delete(on: req.db)
        try await AuditLog.record(.delete, entity: "question_link", id: id.uuidString,
                                  before: ["från": "\(l.fromForm) \(l.fromQuestion)", "till": "\(l.toForm) \(l.toQuestion)"], on: req)
        req.flash("Kopplingen är borttagen.")
        return req.seeOther("/uppfoljning/kopplingar")
    }

    // MARK: Dashboard

    @Sendable static func dashboard(req: Request) async throws -> Response {
        guard let year = req.parameters.get("year").flatMap(Int.init), (2000...2100).contains(year) else { throw Abort(.notFound, reason: "Året finns inte.") }
        let agreement = try await AgreementStore.load(year: year, on: req.analysisDB)
        let rounds = try await FollowUpRoutes.rounds(req.analysisDB).filter { $0.assignment.agreementYear == year }
        guard agreement != nil || !rounds.isEmpty else { throw Abort(.notFound, reason: "Det finns ingen överenskommelse eller rapportomgång för \(year).") }
        let today = ReportRoutes.today()
        var statusRows: [[DataTable.Cell]] = []
        var charts: [Node<HTML.BodyContext>] = []
        for r in rounds {
            let reports = try await ReportModel.query(on: req.analysisDB).filter(\.$assignmentID == r.assignment.id!).all()
            let deadline = CivilDate(iso: r.assignment.deadline) ?? .make(2100, 1, 1)
            let withAnswers = try await ReportService.reportsWithAnswers(assignmentID: r.assignment.id!, on: req.analysisDB)
            let statuses = reports.map { ReportRules.status(state: ReportState(rawValue: $0.state) ?? .draft, hasAnswers: withAnswers.contains($0.id!), deadline: deadline, today: today) }
            let counts = Dictionary(grouping: statuses, by: { $0 }).mapValues(\.count)
            statusRows.append([.link(r.title, href: SiteURL.statusBoard(r.assignment.id!)), .number(Decimal(reports.count), String(reports.count))]
                              + ReportStatus.allCases.map { .number(Decimal(counts[$0] ?? 0), String(counts[$0] ?? 0)) })
            // The round's choice questions, as charts.
            guard let defModel = try await FormDefinitionModel.find(r.assignment.formDefinitionID, on: req.analysisDB) else { continue }
            let def = try ReportService.definition(defModel)
            for q in def.questions where q.type == .singleChoice {
                let (tally, _) = try await FollowUpStore.choices(FollowUpScope(formKey: def.id, year: year), question: q, on: req.analysisDB)
                guard tally.respondents > 0 else { continue }
                charts.append(.h3(.a(.href(AnalysisRoutes.questionURL(def.id, q.id) + "?ar=\(year)"), .text("Fråga \(q.number): \(Charts.clip(q.text, 120))"))))
                charts.append(Charts.bars(id: "diagram-\(q.id)", title: "Fråga \(q.number), \(year): svar per alternativ",
                                          description: tally.lines.map { "\($0.label): \($0.count)" }.joined(separator: "; "),
                                          bars: tally.lines.map { .init(label: $0.label, value: Int64($0.count), valueText: "\($0.count) (\(Share.text($0.count, of: tally.respondents)))") }))
            }
        }
        let statusTable = DataTable(id: "status", caption: "Rapportomgångar \(year)", columns: ["Omgång", "Mottagare"] + ReportStatus.allCases.map(\.swedishName),
                                    numeric: Set(1...(1 + ReportStatus.allCases.count)), rows: statusRows)
        var moneyTotals = MoneySteps()
        if let (_, rows) = try await MoneyService.overview(year: year, on: req.analysisDB) {
            for r in rows {
                moneyTotals.allocated = moneyTotals.allocated + r.total.allocated; moneyTotals.requisitioned = moneyTotals.requisitioned + r.total.requisitioned
                moneyTotals.paid = moneyTotals.paid + r.total.paid; moneyTotals.spent = moneyTotals.spent + r.total.spent; moneyTotals.repaid = moneyTotals.repaid + r.total.repaid
            }
        }
        let moneyTable = DataTable(id: "medel", caption: "Medel till regioner och RSS, \(year)", columns: ["Steg", "Belopp"], numeric: [1], rows: [
            [.text("Fördelat"), .number(Decimal(moneyTotals.allocated.ore) / 100, moneyTotals.allocated.krText)],
            [.text("Rekvirerat"), .number(Decimal(moneyTotals.requisitioned.ore) / 100, moneyTotals.requisitioned.krText)],
            [.text("Utbetalt"), .number(Decimal(moneyTotals.paid.ore) / 100, moneyTotals.paid.krText)],
            [.text("Redovisat som förbrukat"), .number(Decimal(moneyTotals.spent.ore) / 100, moneyTotals.spent.krText)],
            [.text("Återbetalat"), .number(Decimal(moneyTotals.repaid.ore) / 100, moneyTotals.repaid.krText)],
        ])
        var indicatorRows: [[DataTable.Cell]] = []
        for d in IndicatorDefinition.catalogue {
            let s = try await Indicators.series(d, on: req.analysisDB)
            let y = s.years.contains(year) ? year : s.years.filter { $0 <= year }.last
            guard let y else { continue }
            let values = s.values.values.compactMap { $0[y] }
            let meeting = values.filter { d.meetsTarget($0) ?? false }.count
            let mean = values.isEmpty ? 0 : values.reduce(0, +) / Int64(values.count)
            indicatorRows.append([.link(d.name, href: "/uppfoljning/indikatorer/\(d.key)"), .text(String(y)), .number(Decimal(mean) / 100, Indicators.text(mean, unit: d.unit)),
                                  .text(d.target == nil ? "Inget mål" : "\(meeting) av \(values.count)")])
        }
        let indicatorTable = DataTable(id: "indikatorer", caption: "Indikatorer", columns: ["Indikator", "År", "Medelvärde för regionerna", "Regioner som når målet"],
                                       numeric: [2], rows: indicatorRows)
        let title = agreement.map { "Lägesbild: \($0.title)" } ?? "Lägesbild \(year)"
        return req.page {
            Layout.render(title: title, breadcrumbs: [("Uppföljning", SiteURL.followUp), (title, nil)], current: SiteURL.followUp,
                .h1(.text(title)),
                .p(.class("lead"), .text("Inskickade rapporter, medlen och nyckelfrågornas svar för \(year) på ett ställe.")),
                .div(.class("page-tools"), .button(.type(.button), .class("button button-secondary"), .attribute(named: "data-print", value: "1"),
                                                   .attribute(named: "hidden", value: "hidden"), .text("Skriv ut"))),
                .h2(.text("Rapporter")),
                statusRows.isEmpty ? .p(.text("Inga rapportomgångar för \(year).")) : statusTable.node(),
                .h2(.text("Medel")),
                agreement == nil ? .p(.text("Det finns ingen överenskommelse för \(year) i Nära, så inga medel att visa.")) :
                    .group(moneyTable.node(), .p(.a(.href(SiteURL.moneyOverview(year)), .text("Hela medelsöversikten per mottagare")))),
                .h2(.text("Nyckelfrågor")),
                charts.isEmpty ? .p(.text("Inga inskickade svar på flervalsfrågor ännu.")) : .group(charts),
                .h2(.text("Indikatorer")),
                indicatorRows.isEmpty ? .p(.text("Inga indikatorvärden.")) : indicatorTable.node())
        }
    }
}

extension String {
    func ifEmpty(_ fallback: String) -> String { isEmpty ? fallback : self }
}
