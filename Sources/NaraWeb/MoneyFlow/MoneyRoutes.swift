import Fluent
import Foundation
import NaraCore
import NaraPersistence
import Plot
import Vapor

/// A recipient's funds (requisitions, payments), Kammarkollegiet's inbox and the money overview.
struct MoneyRoutes: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.on(.GET, "organisationer", ":org", "medel", ":year", rule: .organisation(.readOrganisation, parameter: "org"), use: Self.funds)
        routes.on(.POST, "organisationer", ":org", "medel", ":year", "rekvisition", rule: .organisation(.changeOwnOrganisation, parameter: "org"), use: Self.requisition)
        routes.on(.POST, "organisationer", ":org", "medel", ":year", "rekvisition", ":requisition", "attestera", rule: .financeDirector(parameter: "org"), use: Self.attest)
        routes.on(.POST, "organisationer", ":org", "medel", ":year", "redovisning", rule: .organisation(.changeOwnOrganisation, parameter: "org"), use: Self.saveReport)
        routes.on(.POST, "organisationer", ":org", "medel", ":year", "redovisning", "attestera", rule: .financeDirector(parameter: "org"), use: Self.attestReport)
        routes.on(.POST, "organisationer", ":org", "medel", ":year", "aterbetalning", rule: .organisation(.changeOwnOrganisation, parameter: "org"), use: Self.recordRepayment)
        let pay = AccessRule.capability(.pay)
        routes.on(.GET, "utbetalningar", rule: pay, use: Self.inbox)
        routes.on(.POST, "utbetalningar", "rekvisitioner", ":requisition", "godkann", rule: pay, use: Self.approve)
        routes.on(.POST, "utbetalningar", "rekvisitioner", ":requisition", "avsla", rule: pay, use: Self.reject)
        routes.on(.POST, "utbetalningar", "betalningar", ":payment", "utbetald", rule: pay, use: Self.markPaid)
        routes.on(.POST, "utbetalningar", "aterkrav", "betalt", rule: pay, use: Self.markClaimPaid)
        routes.on(.GET, "utbetalningar", "betalfil.csv", rule: pay, use: Self.paymentFile)
        routes.on(.GET, "overenskommelser", ":year", "medel", rule: .signedIn, use: Self.overview)
        routes.on(.GET, "overenskommelser", ":year", "medel", "tabell.csv", rule: .signedIn, use: Self.overviewCSV)
        routes.on(.GET, "overenskommelser", ":year", "medel", "tabell.xlsx", rule: .signedIn, use: Self.overviewXLSX)
        routes.on(.GET, "api", "v1", "agreements", ":year", "money", rule: .signedIn, use: Self.api)
    }

    /// The organisation in the path, if it is of a kind that can receive money from Kammarkollegiet.
    static func org(_ req: Request) async throws -> OrganisationModel {
        guard let id = req.parameters.get("org").flatMap(UUID.init(uuidString:)), let org = try await OrganisationModel.find(id, on: req.db),
              PlanService.recipientKinds.contains(org.kind)
        else { throw Abort(.notFound, reason: "Organisationen tar inte emot medel från Kammarkollegiet: medlen går till regioner, RSS, SKR och andra nationella mottagare som överenskommelsen namnger.") }
        return org
    }

    static func fundsPage(_ req: Request, errors: [FieldError] = [], typed: String = "", status: HTTPResponseStatus = .ok) async throws -> Response {
        let org = try await org(req)
        let year = try RequestParameters.year(req)
        guard let plan = try await PlanService.load(organisation: org, year: year, on: req.db) else { throw Abort(.notFound, reason: "Det finns ingen överenskommelse för \(year).") }
        let requisitions = try await MoneyService.requisitions(org: org.requireID(), year: year, on: req.db)
        let payments = try await PaymentModel.query(on: req.db).filter(\.$organisationID == org.requireID()).filter(\.$agreementYear == year)
            .filter(\.$requisitionID != nil).all()
        let p = req.principal!
        let canChange = AccessPolicy.may(p.standing, .changeOwnOrganisation, organisation: org.id!.uuidString)
        let (latest, attested) = try await FinancialService.reports(org: org.requireID(), year: year, on: req.db)
        let repayments = try await RepaymentModel.query(on: req.db).filter(\.$organisationID == org.requireID()).filter(\.$agreementYear == year).all()
        let paid = try await FinancialService.paid(org: org.requireID(), year: year, on: req.db)
        let assignments = try await FundAssignmentModel.query(on: req.db).filter(\.$organisationID == org.requireID()).filter(\.$agreementYear == year).all()
        let providerRequests = try await ProviderRequestModel.query(on: req.db).filter(\.$assignmentID ~~ assignments.compactMap(\.id)).all()
        let providerPayments = try await PaymentModel.query(on: req.db).filter(\.$providerRequestID ~~ providerRequests.compactMap(\.id)).all()
        let providers = try await OrganisationModel.query(on: req.db).filter(\.$parentID == org.requireID()).all()
        let claims = try await RepaymentClaims.claims(org: org.requireID(), year: year, on: req.db)
        let csrf = CSRFMiddleware.token(for: req)
        return req.page(status: status) {
            FundsPage(plan: plan, requisitions: requisitions, payments: payments, canChange: canChange,
                      isFinanceDirector: canChange && p.membership.financeDirector, csrf: csrf, today: req.today, errors: errors, typed: typed,
                      paid: paid, latestReport: latest, attestedReport: attested, repayments: repayments,
                      assignments: assignments, providerRequests: providerRequests, providerPayments: providerPayments, providers: providers,
                      claims: claims).render()
        }
    }

    @Sendable static func funds(req: Request) async throws -> Response { try await fundsPage(req) }

    @Sendable static func requisition(req: Request) async throws -> Response {
        let org = try await org(req)
        let year = try RequestParameters.year(req)
        let raw = (try? req.content.get(String.self, at: "amount")) ?? ""
        let amount: Money
        do { amount = try MoneyParser.parse(raw, defaultUnit: .kr) } catch let e as MoneyParseError {
            return try await fundsPage(req, errors: [FieldError(field: "amount", message: e.description)], typed: raw, status: .unprocessableEntity)
        }
        if amount.ore < 0 { return try await fundsPage(req, errors: [FieldError(field: "amount", message: "Beloppet får inte vara negativt.")], typed: raw, status: .unprocessableEntity) }
        switch try await MoneyService.requisition(org: org, year: year, amount: amount, by: req.principal!.user.name, today: req.today, now: req.now, on: req.db) {
        case .failure(let refusal):
            return try await fundsPage(req, errors: [FieldError(field: "amount", message: refusal.description)], typed: raw, status: .unprocessableEntity)
        case .success(let r):
            try await AuditLog.record(.create, entity: "requisition", id: r.id!.uuidString, after: ["belopp_ore": String(r.amountOre), "år": String(year)], on: req)
            req.flash("Rekvisitionen på \(amount.krText) är skapad. Ekonomichefen ska attestera den innan den går till Kammarkollegiet.")
            return req.seeOther(SiteURL.funds(org.id!, year))
        }
    }

    @Sendable static func saveReport(req: Request) async throws -> Response {
        let org = try await org(req)
        let year = try RequestParameters.year(req)
        guard let plan = try await PlanService.load(organisation: org, year: year, on: req.db) else { throw Abort(.notFound) }
        let fields = try FormBody.fields(req)
        var spent: [Money] = [], errors: [FieldError] = []
        for (i, line) in plan.reportLines.enumerated() {
            let raw = fields.first("spent_\(i)") ?? ""
            do {
                let m = try MoneyParser.parse(raw.trimmingCharacters(in: .whitespaces).isEmpty ? "0" : raw, defaultUnit: .kr)
                if m.ore < 0 { errors.append(FieldError(field: "spent_\(i)", message: "\(line.title): utfallet får inte vara negativt.")) }
                spent.append(m)
            } catch let e as MoneyParseError {
                errors.append(FieldError(field: "spent_\(i)", message: "\(line.title): \(e.description)"))
                spent.append(.zero)
            }
        }
        guard errors.isEmpty else { return try await fundsPage(req, errors: errors, status: .unprocessableEntity) }
        let report = try await FinancialService.save(org: org, plan: plan, spent: spent, by: req.principal!.user.name, now: req.now, on: req.db)
        try await AuditLog.record(.update, entity: "financial_report", id: report.id!.uuidString,
                                  after: ["version": String(report.version), "använt_ore": String(spent.sum().ore), "återbetalning_ore": String(report.repaymentOre)], on: req)
        req.flash("Den ekonomiska redovisningen är sparad (version \(report.version)). Ekonomichefen attesterar den.")
        return req.seeOther(SiteURL.funds(org.id!, year) + "#redovisning")
    }

    @Sendable static func attestReport(req: Request) async throws -> Response {
        let org = try await org(req)
        let year = try RequestParameters.year(req)
        let (latest, _) = try await FinancialService.reports(org: org.requireID(), year: year, on: req.db)
        guard let latest, latest.model.state == "draft" else { throw Abort(.conflict, reason: "Det finns ingen ekonomisk redovisning att attestera.") }
        latest.model.state = "attested"; latest.model.attestedAt = req.now; latest.model.attestedBy = req.principal!.user.name
        try await latest.model.update(on: req.db)
        try await AuditLog.record(.approve, entity: "financial_report", id: latest.model.id!.uuidString,
                                  after: ["version": String(latest.model.version), "återbetalning_ore": String(latest.model.repaymentOre)], on: req)
        req.flash("Redovisningen är attesterad och låst." + (latest.model.repaymentOre > 0 ? " \(Money(ore: latest.model.repaymentOre).krText) ska betalas tillbaka senast \(CivilDate(iso: latest.model.dueDate)?.swedish ?? "")." : ""))
        return req.seeOther(SiteURL.funds(org.id!, year) + "#redovisning")
    }

    @Sendable static func recordRepayment(req: Request) async throws -> Response {
        let org = try await org(req)
        let year = try RequestParameters.year(req)
        let raw = (try? req.content.get(String.self, at: "repayment")) ?? ""
        let dateRaw = (try? req.content.get(String.self, at: "paid_on")) ?? ""
        let amount: Money
        do { amount = try MoneyParser.parse(raw, defaultUnit: .kr) } catch let e as MoneyParseError {
            return try await fundsPage(req, errors: [FieldError(field: "repayment", message: e.description)], status: .unprocessableEntity)
        }
        guard amount.ore > 0 else { return try await fundsPage(req, errors: [FieldError(field: "repayment", message: "Beloppet måste vara större än noll.")], status: .unprocessableEntity) }
        guard let date = CivilDate(iso: dateRaw) else {
            return try await fundsPage(req, errors: [FieldError(field: "paid_on", message: "Ange dagen för återbetalningen (ÅÅÅÅ-MM-DD).")], status: .unprocessableEntity)
        }
        let (_, attested) = try await FinancialService.reports(org: org.requireID(), year: year, on: req.db)
        // Repayments of amendments' claims are not repayments against the report.
        let claimsPaid = RepaymentClaims.paidTotal(try await RepaymentClaims.claims(org: org.requireID(), year: year, on: req.db))
        let already = try await RepaymentModel.query(on: req.db).filter(\.$organisationID == org.requireID()).filter(\.$agreementYear == year).all()
            .map { Money(ore: $0.amountOre) }.sum() - claimsPaid
        let claim = Money(ore: attested?.model.repaymentOre ?? 0)
        guard already + amount <= claim else {
            return try await fundsPage(req, errors: [FieldError(field: "repayment", message: "Återbetalningen är större än kravet som återstår (\((claim - already).krText)).")], status: .unprocessableEntity)
        }
        let r = RepaymentModel()
        r.agreementYear = year; r.organisationID = try org.requireID(); r.amountOre = amount.ore; r.paidOn = date.iso
        r.recordedBy = req.principal!.user.name; r.createdAt = req.now
        try await r.create(on: req.db)
        try await AuditLog.record(.create, entity: "repayment", id: r.id!.uuidString, after: ["belopp_ore": String(amount.ore), "datum": date.iso], on: req)
        req.flash("Återbetalningen på \(amount.krText) är registrerad.")
        return req.seeOther(SiteURL.funds(org.id!, year) + "#redovisning")
    }

    @Sendable static func attest(req: Request) async throws -> Response {
        let org = try await org(req)
        let year = try RequestParameters.year(req)
        guard let id = req.parameters.get("requisition").flatMap(UUID.init(uuidString:)), let r = try await RequisitionModel.find(id, on: req.db),
              r.organisationID == org.id else { throw Abort(.notFound, reason: "Rekvisitionen finns inte.") }
        guard r.state == "draft" else { throw Abort(.conflict, reason: "Rekvisitionen är redan attesterad.") }
        r.state = "attested"; r.attestedAt = req.now; r.attestedBy = req.principal!.user.name
        try await r.update(on: req.db)
        try await AuditLog.record(.approve, entity: "requisition", id: id.uuidString, before: ["status": "draft"], after: ["status": "attested"], on: req)
        req.flash("Rekvisitionen är attesterad och skickad till Kammarkollegiet.")
        return req.seeOther(SiteURL.funds(org.id!, year))
    }

    @Sendable static func inbox(req: Request) async throws -> Response {
        let requisitions = try await RequisitionModel.query(on: req.db).filter(\.$state ~~ ["attested", "approved", "rejected"]).sort(\.$createdAt, .descending).all()
        let payments = try await PaymentModel.query(on: req.db).filter(\.$requisitionID != nil).sort(\.$paymentDate, .descending).all()
        let orgs = try await OrganisationModel.query(on: req.db).filter(\.$id ~~ requisitions.map(\.organisationID)).all()
        let names = Dictionary(uniqueKeysWithValues: orgs.map { ($0.id!, $0.name) })
        let reports = try await FinancialReportModel.query(on: req.db).filter(\.$state == "attested").sort(\.$attestedAt, .descending).all()
        let repayments = try await RepaymentModel.query(on: req.db).all()
        let claims = try await RepaymentClaims.all(on: req.db)
        let reportOrgs = try await OrganisationModel.query(on: req.db).filter(\.$id ~~ (reports.map(\.organisationID) + claims.map(\.organisationID))).all()
        var allNames = names
        for o in reportOrgs { allNames[o.id!] = o.name }
        let csrf = CSRFMiddleware.token(for: req)
        return req.page { PayerInboxPage(requisitions: requisitions, payments: payments, names: allNames, csrf: csrf, reports: reports,
                                         repayments: repayments, claims: claims, today: req.today).render() }
    }

    static func requisitionParam(_ req: Request) async throws -> RequisitionModel {
        guard let id = req.parameters.get("requisition").flatMap(UUID.init(uuidString:)), let r = try await RequisitionModel.find(id, on: req.db)
        else { throw Abort(.notFound, reason: "Rekvisitionen finns inte.") }
        return r
    }

    @Sendable static func approve(req: Request) async throws -> Response {
        let r = try await requisitionParam(req)
        guard r.state == "attested" else { throw Abort(.conflict, reason: "Bara attesterade rekvisitioner kan godkännas.") }
        let date = (try? req.content.get(String.self, at: "date")).flatMap(CivilDate.init(iso:)) ?? req.today
        let p = try await MoneyService.approve(r, by: req.principal!.user.name, paymentDate: date, now: req.now, on: req.db)
        try await AuditLog.record(.approve, entity: "requisition", id: r.id!.uuidString, before: ["status": "attested"],
                                  after: ["status": "approved", "betalning": p.reference, "belopp_ore": String(p.amountOre), "datum": p.paymentDate], on: req)
        req.flash("Rekvisitionen är godkänd; betalning \(p.reference) är planerad till \(date.swedish).")
        return req.seeOther(SiteURL.payer)
    }

    @Sendable static func reject(req: Request) async throws -> Response {
        let r = try await requisitionParam(req)
        guard r.state == "attested" else { throw Abort(.conflict, reason: "Bara attesterade rekvisitioner kan avslås.") }
        let reason = ((try? req.content.get(String.self, at: "reason")) ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        guard !reason.isEmpty, reason.count <= 2000 else { throw Abort(.badRequest, reason: "Skriv varför rekvisitionen avslås.") }
        r.state = "rejected"; r.reason = reason; r.decidedAt = req.now; r.decidedBy = req.principal!.user.name
        try await r.update(on: req.db)
        try await AuditLog.record(.update, entity: "requisition", id: r.id!.uuidString, before: ["status": "attested"], after: ["status": "rejected", "skäl": reason], on: req)
        req.flash("Rekvisitionen är avslagen.")
        return req.seeOther(SiteURL.payer)
    }

    @Sendable static func markPaid(req: Request) async throws -> Response {
        guard let id = req.parameters.get("payment").flatMap(UUID.init(uuidString:)), let p = try await PaymentModel.find(id, on: req.db)
        else { throw Abort(.notFound, reason: "Betalningen finns inte.") }
        guard p.status == "planned" else { throw Abort(.conflict, reason: "Betalningen är redan utbetald.") }
        p.status = "paid"; p.paidAt = req.now
        try await p.update(on: req.db)
        try await AuditLog.record(.update, entity: "payment", id: id.uuidString, before: ["status": "planned"], after: ["status": "paid"], on: req)
        req.flash("Betalning \(p.reference) är markerad som utbetald.")
        return req.seeOther(SiteURL.payer)
    }

    @Sendable static func paymentFile(req: Request) async throws -> Response {
        let payments = try await PaymentModel.query(on: req.db).filter(\.$status == "planned").filter(\.$requisitionID != nil).sort(\.$paymentDate).all()
        let orgs = try await OrganisationModel.query(on: req.db).filter(\.$id ~~ payments.map(\.organisationID)).all()
        var rows = [["referens", "betalningsdag", "mottagare", "kod", "belopp_ore", "belopp_kr", "ar"]]
        for p in payments {
            let o = orgs.first { $0.id == p.organisationID }
            rows.append([p.reference, p.paymentDate, o?.name ?? "", o?.code ?? "", String(p.amountOre), Money(ore: p.amountOre).csvKronor, String(p.agreementYear)])
        }
        let body = CSVWriter.document(rows)
        return CSVWriter.response(body, filename: "nara-betalfil.csv")
    }
}
