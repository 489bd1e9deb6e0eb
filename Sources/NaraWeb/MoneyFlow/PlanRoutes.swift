import Fluent
import Foundation
import NaraCore
import NaraPersistence
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
        let editable = editable(req, ctx)
        return req.page { PlanPage(ctx: ctx, editable: editable, csrf: csrf, rows: PlanPage.rows(of: ctx.plan, editable: editable), unit: "mnkr", errors: []).render() }
    }

    /// Saves the plan, or shows the form again: with one more row (*Lägg till rad*), or refused
    /// (422) with every row as typed and each message at its field.
    @Sendable static func save(req: Request) async throws -> Response {
        let ctx = try await context(req)
        let form = PlanForm.read(try FormBody.fields(req), agreement: ctx.agreement)
        let csrf = CSRFMiddleware.token(for: req)
        let typedTotal = form.lines.map(\.amount).sum()
        if form.action == .addRow {
            let rows = Array((form.rows + [PlanPage.Row(area: "", title: "", amount: "")]).prefix(PlanForm.maxRows))
            return req.page {
                PlanPage(ctx: ctx, editable: true, csrf: csrf, rows: rows, unit: form.unit.rawValue, errors: [],
                         typedTotal: typedTotal, focusRow: rows.count - 1).render()
            }
        }
        let candidate = PlanContext(organisation: ctx.organisation, agreement: ctx.agreement,
                                    plan: Plan(year: ctx.plan.year, recipientCode: ctx.plan.recipientCode, lines: form.lines),
                                    stored: ctx.stored, allocated: ctx.allocated)
        var errors = form.errors
        if errors.isEmpty { errors += candidate.assessment.errors.map { FieldError(field: PlanForm.sumField, message: $0) } }
        guard errors.isEmpty else {
            return req.page(status: .unprocessableEntity) {
                PlanPage(ctx: ctx, editable: true, csrf: csrf, rows: form.rows, unit: form.unit.rawValue, errors: errors, typedTotal: typedTotal).render()
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
