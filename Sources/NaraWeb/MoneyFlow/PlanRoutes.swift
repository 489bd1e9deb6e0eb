import Fluent
import Foundation
import NaraCore
import NaraPersistence
import Plot
import Vapor

/// Recipients' plans (*användningsplaner*): read, edit, and the API.
struct PlanRoutes: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.on(.GET, "organisationer", ":org", "planer", ":year", rule: .organisation(.readOrganisation, parameter: "org"), use: Self.page)
        routes.on(.POST, "organisationer", ":org", "planer", ":year", rule: .organisation(.changeOwnOrganisation, parameter: "org"), use: Self.save)
        routes.on(.GET, "api", "v1", "agreements", ":year", "plans", ":code", rule: .recipient(.readOrganisation, parameter: "code"), use: Self.api)
    }

    static func context(_ req: Request) async throws -> PlanContext {
        let year = try RequestParameters.year(req)
        guard let id = req.parameters.get("org").flatMap(UUID.init(uuidString:)), let org = try await OrganisationModel.find(id, on: req.db),
              let ctx = try await PlanService.load(organisation: org, year: year, on: req.db)
        else { throw Abort(.notFound, reason: "Planen finns inte: kontrollera organisation och år.") }
        guard PlanService.recipientKinds.contains(org.kind) else {
            throw Abort(.notFound, reason: "Bara mottagare av medlen (regioner, RSS, SKR och andra nationella mottagare) har användningsplaner.")
        }
        return ctx
    }

    static func editable(_ req: Request, _ ctx: PlanContext) -> Bool {
        req.principal.map { AccessPolicy.may($0.standing, .changeOwnOrganisation, organisation: ctx.organisation.id!.uuidString) } ?? false
    }

    @Sendable static func page(req: Request) async throws -> Response {
        let ctx = try await context(req)
        let csrf = CSRFMiddleware.token(for: req)
        let rows = ctx.plan.lines.map { PlanPage.Row(area: String($0.area), title: $0.title, amount: $0.amount.mnkrText().replacingOccurrences(of: "\u{00A0}mnkr", with: "").replacingOccurrences(of: "\u{00A0}", with: " ")) }
        return req.page { PlanPage(ctx: ctx, editable: editable(req, ctx), csrf: csrf, rows: rows, unit: "mnkr", errors: []).render() }
    }

    @Sendable static func save(req: Request) async throws -> Response {
        let ctx = try await context(req)
        let form = PlanForm.read(try FormBody.fields(req), agreement: ctx.agreement)
        let candidate = PlanContext(organisation: ctx.organisation, agreement: ctx.agreement,
                                    plan: Plan(year: ctx.plan.year, recipientCode: ctx.plan.recipientCode, lines: form.lines),
                                    stored: ctx.stored, allocated: ctx.allocated)
        var errors = form.errors
        if errors.isEmpty { errors += candidate.assessment.errors.map { FieldError(field: "plan-rader", message: $0) } }
        guard errors.isEmpty else {
            let csrf = CSRFMiddleware.token(for: req)
            return req.page(status: .unprocessableEntity) {
                PlanPage(ctx: ctx, editable: true, csrf: csrf, rows: form.rows, unit: form.unit.rawValue, errors: errors).render()
            }
        }
        try await PlanService.save(organisation: ctx.organisation, year: ctx.plan.year, lines: form.lines, before: ctx.stored == nil ? nil : ctx.plan, by: .of(req), now: req.now, on: req.db)
        req.flash("Planen är sparad." + (candidate.assessment.warnings.first.map { " " + $0 } ?? ""))
        return req.seeOther(SiteURL.plan(ctx.organisation.id!, ctx.plan.year))
    }

    struct PlanDTO: Codable, Sendable {
        struct Area: Codable, Sendable {
            struct Line: Codable, Sendable { let title: String; let amountOre: Int64 }
            let number: Int
            let title: String
            let plannedOre: Int64
            let lines: [Line]
        }
        let year: Int
        let code: String
        let organisation: String
        let allocatedOre: Int64
        let plannedOre: Int64
        let leftOre: Int64
        let warnings: [String]
        let areas: [Area]
    }

    @Sendable static func api(req: Request) async throws -> Response {
        let year = try RequestParameters.year(req)
        guard let org = try await AccessRule.recipient(req, parameter: "code"),
              let ctx = try await PlanService.load(organisation: org, year: year, on: req.db)
        else { throw Abort(.notFound, reason: "Planen finns inte.") }
        let a = ctx.assessment
        return APIResponse.json(PlanDTO(
            year: year, code: org.code, organisation: org.name, allocatedOre: ctx.allocated.ore, plannedOre: a.planned.ore, leftOre: a.left.ore,
            warnings: a.warnings + a.errors,
            areas: ctx.agreement.areas.map { area in
                .init(number: area.number, title: area.title, plannedOre: ctx.plan.planned(area: area.number).ore,
                      lines: ctx.plan.lines.filter { $0.area == area.number }.map { .init(title: $0.title, amountOre: $0.amount.ore) })
            }))
    }
}

/// A plan: per development area its lines, what was allocated, planned and left; the form to edit it.
struct PlanPage {
    struct Row { let area: String; let title: String; let amount: String }

    let ctx: PlanContext
    let editable: Bool
    let csrf: String
    let rows: [Row]
    let unit: String
    let errors: [FieldError]

    func render() -> String {
        let a = ctx.assessment
        let title = "Användningsplan \(ctx.agreement.year) – \(ctx.organisation.name)"
        let blankRows = editable ? 5 : 0
        let allRows = rows + Array(repeating: Row(area: "", title: "", amount: ""), count: blankRows)
        return Layout.render(title: title, breadcrumbs: [(ctx.organisation.name, SiteURL.organisation(ctx.organisation.id!)), ("Plan \(ctx.agreement.year)", nil)],
            Forms.errorSummary(errors),
            .h1(.text(title)),
            .dl(.class("figures"),
                .div(.dt(.text("Tilldelat")), .dd(.text(ctx.allocated.krText))),
                .div(.dt(.text("Planerat")), .dd(.text(a.planned.krText))),
                .div(.dt(.text("Kvar att planera")), .dd(.text(a.left.krText)))),
            .forEach(a.warnings) { w in Blocks.notice("warning", heading: "Att notera", .p(.text(w))) },
            .forEach(ctx.agreement.areas) { area in
                let lines = ctx.plan.lines.filter { $0.area == area.number }
                return .section(
                    .h2(.text("\(area.number). \(area.title)")),
                    lines.isEmpty ? .p(.class("muted"), .text("Inga insatser planerade.")) :
                    .div(.class("table-wrap"), .attribute(named: "tabindex", value: "0"), .table(
                        .caption(.text("Insatser inom område \(area.number)")),
                        .thead(.tr(Blocks.col("Insats"), Blocks.col("Belopp", numeric: true))),
                        .tbody(.forEach(lines) { l in .tr(Blocks.rowHeader(.text(l.title)), Blocks.num(l.amount.krText)) }),
                        .tfoot(.tr(Blocks.rowHeader(.text("Summa för området")), Blocks.num(ctx.plan.planned(area: area.number).krText))))))
            },
            .if(editable, .group(
                .h2(.id("plan-rader"), .text("Ändra planen")),
                .p(.text("Skriv beloppen som du brukar: 1,8 eller 0,8 mnkr eller 1 050 000 kr. Belopp utan enhet läses i den enhet du väljer. Planen får inte överstiga tilldelningen.")),
                .form(.method(.post), .action(SiteURL.plan(ctx.organisation.id!, ctx.agreement.year)),
                      Forms.csrf(csrf),
                      .input(.type(.hidden), .name("rows"), .value(String(allRows.count))),
                      Forms.select("Enhet för belopp utan enhet", name: "unit", options: [("mnkr", "Miljoner kronor (mnkr)"), ("kr", "Kronor")], selected: unit),
                      .div(.class("table-wrap"), .attribute(named: "tabindex", value: "0"), .table(.class("plan-edit"),
                          .caption(.text("Insatser")),
                          .thead(.tr(Blocks.col("Område"), Blocks.col("Insats"), Blocks.col("Belopp"))),
                          .tbody(.forEach(Array(allRows.enumerated())) { i, row in
                              .tr(.td(.element(named: "select", nodes: [
                                      Node<HTML.BodyContext>.attr("name", "area_\(i)"), .attr("id", "area_\(i)"),
                                      .attr("aria-label", "Rad \(i + 1): utvecklingsområde"),
                                      .element(named: "option", nodes: [Node<HTML.BodyContext>.attribute(named: "value", value: "", ignoreIfValueIsEmpty: false), .text("–")]),
                                      .forEach(ctx.agreement.areas) { area in
                                          .element(named: "option", nodes: [Node<HTML.BodyContext>.attribute(named: "value", value: String(area.number)),
                                                                            .if(row.area == String(area.number), .attribute(named: "selected", value: "selected")),
                                                                            .text("\(area.number). \(area.title.prefix(40))")])
                                      }])),
                                  .td(.element(named: "input", nodes: [Node<HTML.BodyContext>.attribute(named: "type", value: "text"),
                                      .attr("name", "title_\(i)"), .attr("id", "title_\(i)"),
                                      .attr("value", row.title, keepEmpty: true),
                                      .attr("aria-label", "Rad \(i + 1): insats")])),
                                  .td(.element(named: "input", nodes: [Node<HTML.BodyContext>.attribute(named: "type", value: "text"),
                                      .attr("name", "amount_\(i)"), .attr("id", "amount_\(i)"),
                                      .attr("value", row.amount, keepEmpty: true), .attribute(named: "inputmode", value: "decimal"),
                                      .attr("aria-label", "Rad \(i + 1): belopp")])))
                          }))),
                      Forms.submit("Spara planen"))))
        )
    }
}

/// The plan form's rows as typed, the lines they make, and a Swedish message at each wrong field.
struct PlanForm {
    var rows: [PlanPage.Row] = []
    var lines: [PlanLine] = []
    var errors: [FieldError] = []
    var unit: MoneyUnit = .mnkr

    static func read(_ fields: FormBody.Fields, agreement: Agreement) -> PlanForm {
        var form = PlanForm()
        form.unit = fields.first("unit") == "kr" ? .kr : .mnkr
        let count = min(Int(fields.first("rows") ?? "0") ?? 0, 200)
        let areas = agreement.areas.map(\.number)
        for i in 0..<count {
            let title = (fields.first("title_\(i)") ?? "").trimmed
            let amountText = fields.first("amount_\(i)") ?? ""
            let areaText = fields.first("area_\(i)") ?? ""
            form.rows.append(.init(area: areaText, title: title, amount: amountText))
            if title.isEmpty && amountText.isBlank { continue }
            if title.isEmpty || title.count > 300 { form.errors.append(FieldError(field: "title_\(i)", message: "Rad \(i + 1): skriv vad insatsen är (högst 300 tecken).")) }
            guard let area = Int(areaText), areas.contains(area) else {
                form.errors.append(FieldError(field: "area_\(i)", message: "Rad \(i + 1): välj utvecklingsområde.")); continue
            }
            do {
                let amount = try MoneyParser.parse(amountText, defaultUnit: form.unit)
                if amount.ore <= 0 { form.errors.append(FieldError(field: "amount_\(i)", message: "Rad \(i + 1): beloppet måste vara större än noll.")); continue }
                form.lines.append(PlanLine(area: area, title: title, amount: amount))
            } catch {
                form.errors.append(FieldError(field: "amount_\(i)", message: "Rad \(i + 1): \((error as? MoneyParseError)?.description ?? "skriv beloppet.")"))
            }
        }
        return form
    }
}
