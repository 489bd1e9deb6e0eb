import Fluent
import Foundation
import NaraCore
import NaraPersistence
import Vapor

/// A recipient's funds (requisitions, the financial report, repayments), Kammarkollegiet's
/// inbox (`PayerRoutes`) and the money overview (`MoneyOverviewRoutes`). Handlers decode the
/// form, call one use case and render; the rules and the state changes live in the use cases.
struct MoneyRoutes: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let funds = routes.grouped("organisationer", ":org", "medel", ":year")
        funds.on(.GET, rule: .organisation(.readOrganisation, parameter: "org"), use: Self.funds)
        funds.on(.GET, "bokforing.se", rule: .organisation(.readOrganisation, parameter: "org"), use: BookkeepingExport.download)
        DecisionLetterRoutes.register(funds)
        funds.on(.POST, "rekvisition", rule: .organisation(.changeOwnOrganisation, parameter: "org"), use: Self.requisition)
        funds.on(.POST, "rekvisition", ":requisition", "attestera", rule: .financeDirector(parameter: "org"), stepUp: .attestRequisition, use: Self.attest)
        funds.on(.POST, "redovisning", rule: .organisation(.changeOwnOrganisation, parameter: "org"), use: Self.saveReport)
        funds.on(.POST, "redovisning", "attestera", rule: .financeDirector(parameter: "org"), stepUp: .attestReport, use: Self.attestReport)
        funds.on(.POST, "aterbetalning", rule: .organisation(.changeOwnOrganisation, parameter: "org"), use: Self.recordRepayment)
        try PayerRoutes.register(routes)
        routes.on(.GET, "overenskommelser", ":year", "medel", rule: .signedIn, use: Self.overview)
        routes.on(.GET, "overenskommelser", ":year", "medel", "tabell.csv", rule: .signedIn, use: Self.overviewCSV)
        routes.on(.GET, "overenskommelser", ":year", "medel", "tabell.xlsx", rule: .signedIn, use: Self.overviewXLSX)
        routes.on(.GET, "api", "v1", "agreements", ":year", "money", rule: .signedIn, use: Self.api)
    }

    static func org(_ req: Request) async throws -> OrganisationModel { try await FundsQuery.org(req) }

    static func fundsPage(_ req: Request, errors: [FieldError] = [], typed: String = "", status: HTTPResponseStatus = .ok) async throws -> Response {
        try await FundsQuery.page(req, errors: errors, typed: typed, status: status)
    }

    /// The funds page again with a refusal: at its field, or in the summary linked to `anchor`
    /// (the row of the item acted on).
    static func refused(_ req: Request, _ refusal: MoneyRefusal, anchor: String, typed: String = "") async throws -> Response {
        try await refusal.shown(anchor: anchor) { try await fundsPage(req, errors: $0, typed: typed, status: $1) }
    }

    static func back(_ req: Request, _ org: OrganisationModel, _ year: Int, _ fragment: String = "") -> Response {
        req.seeOther(SiteURL.funds(org.id!, year) + fragment)
    }

    @Sendable static func funds(req: Request) async throws -> Response { try await fundsPage(req) }

    @Sendable static func requisition(req: Request) async throws -> Response {
        let (org, year) = (try await org(req), try RequestParameters.year(req))
        let raw = (try? req.content.get(String.self, at: "amount")) ?? ""
        do {
            let amount = try MoneyForm.amount(raw, field: "amount", allowZero: true)
            let r = try await RequisitionUseCases.create(org: org, year: year, amount: amount, by: .of(req), today: req.today, now: req.now, on: req.db)
            req.flash("Rekvisitionen på \(Money(ore: r.amountOre).krText) är skapad. En ekonomichef i organisationen, en annan än du, ska attestera den innan den går till Kammarkollegiet.")
            return back(req, org, year)
        } catch let refusal as MoneyRefusal { return try await refused(req, refusal, anchor: "amount", typed: raw) }
    }

    @Sendable static func attest(req: Request) async throws -> Response {
        let (org, year) = (try await org(req), try RequestParameters.year(req))
        let id = try MoneyForm.id(req, "requisition", notFound: "Rekvisitionen finns inte.")
        do {
            _ = try await RequisitionUseCases.attest(id: id, organisation: org.requireID(), by: .of(req), now: req.now, on: req.db)
            req.flash("Rekvisitionen är attesterad och skickad till Kammarkollegiet.")
            return back(req, org, year)
        } catch let refusal as MoneyRefusal { return try await refused(req, refusal, anchor: "rekvisition-\(id)") }
    }

    @Sendable static func saveReport(req: Request) async throws -> Response {
        let (org, year) = (try await org(req), try RequestParameters.year(req))
        guard let plan = try await PlanService.load(organisation: org, year: year, on: req.db) else { throw Abort(.notFound, reason: "Det finns ingen överenskommelse för \(year).") }
        let fields = try FormBody.fields(req)
        let (spent, errors) = MoneyForm.outcome(fields, lines: plan.reportLines)
        guard errors.isEmpty else {
            let typed = plan.reportLines.indices.map { fields.first("spent_\($0)") ?? "" }
            return try await FundsQuery.page(req, errors: errors, typedOutcome: typed, status: .unprocessableEntity)
        }
        do {
            let report = try await FinancialReportUseCases.save(org: org, plan: plan, spent: spent, by: .of(req), now: req.now, on: req.db)
            req.flash("Den ekonomiska redovisningen är sparad (version \(report.version)). En ekonomichef i organisationen, en annan än du, attesterar den.")
            return back(req, org, year, "#redovisning")
        } catch let refusal as MoneyRefusal { return try await refused(req, refusal, anchor: "redovisning") }
    }

    @Sendable static func attestReport(req: Request) async throws -> Response {
        let (org, year) = (try await org(req), try RequestParameters.year(req))
        do {
            let report = try await FinancialReportUseCases.attest(org: org.requireID(), year: year, by: .of(req), now: req.now, on: req.db)
            let due = CivilDate(iso: report.dueDate)?.swedish ?? report.dueDate
            req.flash("Redovisningen är attesterad och låst." + (report.repaymentOre > 0 ? " \(Money(ore: report.repaymentOre).krText) ska betalas tillbaka senast \(due)." : ""))
            return back(req, org, year, "#redovisning")
        } catch let refusal as MoneyRefusal { return try await refused(req, refusal, anchor: "redovisning") }
    }

    @Sendable static func recordRepayment(req: Request) async throws -> Response {
        let (org, year) = (try await org(req), try RequestParameters.year(req))
        do {
            let amount = try MoneyForm.amount((try? req.content.get(String.self, at: "repayment")) ?? "", field: "repayment")
            guard let date = CivilDate(iso: (try? req.content.get(String.self, at: "paid_on")) ?? "") else {
                throw MoneyRefusal(.invalid, "Ange dagen för återbetalningen (ÅÅÅÅ-MM-DD).", field: "paid_on")
            }
            _ = try await FinancialReportUseCases.recordRepayment(org: org, year: year, amount: amount, paidOn: date, by: .of(req), now: req.now, on: req.db)
            req.flash("Återbetalningen på \(amount.krText) är registrerad.")
            return back(req, org, year, "#redovisning")
        } catch let refusal as MoneyRefusal { return try await refused(req, refusal, anchor: "redovisning") }
    }
}

/// Reading amounts from money forms: a Swedish message at the field for anything not an amount.
enum MoneyForm {
    /// An amount typed in kronor; zero or less is refused unless `allowZero` (the use case then says why).
    static func amount(_ raw: String, field: String, allowZero: Bool = false) throws -> Money {
        let amount: Money
        do { amount = try MoneyParser.parse(raw, defaultUnit: .kr) } catch {
            throw MoneyRefusal(.invalid, (error as? MoneyParseError)?.description ?? "Skriv beloppet i kronor, till exempel 1 250 000.", field: field)
        }
        if amount.ore < 0 { throw MoneyRefusal(.invalid, "Beloppet får inte vara negativt.", field: field) }
        if amount.ore == 0 && !allowZero { throw MoneyRefusal(.invalid, "Beloppet måste vara större än noll.", field: field) }
        return amount
    }

    /// An item's id from the path; anything not an id is an item that does not exist.
    static func id(_ req: Request, _ name: String, notFound: String) throws -> UUID {
        guard let id = req.parameters.get(name).flatMap(UUID.init(uuidString:)) else { throw Abort(.notFound, reason: notFound) }
        return id
    }

    /// The financial report's outcome per plan line (`spent_0`, `spent_1`, …); an empty field is zero.
    static func outcome(_ fields: FormBody.Fields, lines: [PlanLine]) -> ([Money], [FieldError]) {
        var spent: [Money] = [], errors: [FieldError] = []
        for (i, line) in lines.enumerated() {
            let raw = fields.first("spent_\(i)") ?? ""
            do {
                let m = try MoneyParser.parse(raw.isBlank ? "0" : raw, defaultUnit: .kr)
                if m.ore < 0 { errors.append(FieldError(field: "spent_\(i)", message: "\(line.title): utfallet får inte vara negativt.")) }
                spent.append(m)
            } catch {
                errors.append(FieldError(field: "spent_\(i)", message: "\(line.title): \((error as? MoneyParseError)?.description ?? "skriv beloppet i kronor.")"))
                spent.append(.zero)
            }
        }
        return (spent, errors)
    }
}
