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
        routes.on(.GET, "utbetalningar", "betalfil.csv", rule: pay, use: Self.paymentFile)
        routes.on(.GET, "overenskommelser", ":year", "medel", rule: .signedIn, use: Self.overview)
        routes.on(.GET, "overenskommelser", ":year", "medel", "tabell.csv", rule: .signedIn, use: Self.overviewCSV)
        routes.on(.GET, "overenskommelser", ":year", "medel", "tabell.xlsx", rule: .signedIn, use: Self.overviewXLSX)
        routes.on(.GET, "api", "v1", "agreements", ":year", "money", rule: .signedIn, use: Self.api)
    }

    static func today() -> CivilDate { ReportRules.swedishDate(Date()) }

    static func org(_ req: Request) async throws -> OrganisationModel {
        guard let id = req.parameters.get("org").flatMap(UUID.init(uuidString:)), let org = try await OrganisationModel.find(id, on: req.db),
              org.kind == OrganisationKind.region.rawValue || org.kind == OrganisationKind.rss.rawValue
        else { throw Abort(.notFound, reason: "Bara regioner och RSS rekvirerar medel.") }
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
        let csrf = CSRFMiddleware.token(for: req)
        return req.page(status: status) {
            FundsPage(plan: plan, requisitions: requisitions, payments: payments, canChange: canChange,
                      isFinanceDirector: canChange && p.membership.financeDirector, csrf: csrf, today: today(), errors: errors, typed: typed,
                      paid: paid, latestReport: latest, attestedReport: attested, repayments: repayments,
                      assignments: assignments, providerRequests: providerRequests, providerPayments: providerPayments, providers: providers).render()
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
        switch try await MoneyService.requisition(org: org, year: year, amount: amount, by: req.principal!.user.name, today: today(), now: Date(), on: req.db) {
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
        for (i, line) in plan.plan.lines.enumerated() {
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
        let report = try await FinancialService.save(org: org, plan: plan, spent: spent, by: req.principal!.user.name, now: Date(), on: req.db)
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
        latest.model.state = "attested"; latest.model.attestedAt = Date(); latest.model.attestedBy = req.principal!.user.name
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
        let already = try await RepaymentModel.query(on: req.db).filter(\.$organisationID == org.requireID()).filter(\.$agreementYear == year).all().map { Money(ore: $0.amountOre) }.sum()
        let claim = Money(ore: attested?.model.repaymentOre ?? 0)
        guard already + amount <= claim else {
            return try await fundsPage(req, errors: [FieldError(field: "repayment", message: "Återbetalningen är större än kravet som återstår (\((claim - already).krText)).")], status: .unprocessableEntity)
        }
        let r = RepaymentModel()
        r.agreementYear = year; r.organisationID = try org.requireID(); r.amountOre = amount.ore; r.paidOn = date.iso
        r.recordedBy = req.principal!.user.name; r.createdAt = Date()
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
        r.state = "attested"; r.attestedAt = Date(); r.attestedBy = req.principal!.user.name
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
        let reportOrgs = try await OrganisationModel.query(on: req.db).filter(\.$id ~~ reports.map(\.organisationID)).all()
        var allNames = names
        for o in reportOrgs { allNames[o.id!] = o.name }
        let csrf = CSRFMiddleware.token(for: req)
        return req.page { PayerInboxPage(requisitions: requisitions, payments: payments, names: allNames, csrf: csrf, reports: reports, repayments: repayments, today: today()).render() }
    }

    static func requisitionParam(_ req: Request) async throws -> RequisitionModel {
        guard let id = req.parameters.get("requisition").flatMap(UUID.init(uuidString:)), let r = try await RequisitionModel.find(id, on: req.db)
        else { throw Abort(.notFound, reason: "Rekvisitionen finns inte.") }
        return r
    }

    @Sendable static func approve(req: Request) async throws -> Response {
        let r = try await requisitionParam(req)
        guard r.state == "attested" else { throw Abort(.conflict, reason: "Bara attesterade rekvisitioner kan godkännas.") }
        let date = (try? req.content.get(String.self, at: "date")).flatMap(CivilDate.init(iso:)) ?? today()
        let p = try await MoneyService.approve(r, by: req.principal!.user.name, paymentDate: date, now: Date(), on: req.db)
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
        r.state = "rejected"; r.reason = reason; r.decidedAt = Date(); r.decidedBy = req.principal!.user.name
        try await r.update(on: req.db)
        try await AuditLog.record(.update, entity: "requisition", id: r.id!.uuidString, before: ["status": "attested"], after: ["status": "rejected", "skäl": reason], on: req)
        req.flash("Rekvisitionen är avslagen.")
        return req.seeOther(SiteURL.payer)
    }

    @Sendable static func markPaid(req: Request) async throws -> Response {
        guard let id = req.parameters.get("payment").flatMap(UUID.init(uuidString:)), let p = try await PaymentModel.find(id, on: req.db)
        else { throw Abort(.notFound, reason: "Betalningen finns inte.") }
        guard p.status == "planned" else { throw Abort(.conflict, reason: "Betalningen är redan utbetald.") }
        p.status = "paid"; p.paidAt = Date()
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
        let body = "\u{FEFF}" + rows.map { $0.map(AllocationCSV.field).joined(separator: ";") }.joined(separator: "\r\n") + "\r\n"
        return AllocationCSV.response(body, filename: "nara-betalfil.csv")
    }

    /// The overview a person may see: every recipient for nationwide readers, one's own otherwise.
    static func visibleOverview(_ req: Request) async throws -> (Agreement, [MoneyService.Row]) {
        let year = try RequestParameters.year(req)
        let p = req.principal!
        let only: UUID? = AccessPolicy.nationwideReaders.contains(p.role) ? nil : p.organisation.id
        guard let result = try await MoneyService.overview(year: year, only: only, on: req.db)
        else { throw Abort(.notFound, reason: "Det finns ingen överenskommelse för \(year).") }
        return result
    }

    @Sendable static func overview(req: Request) async throws -> Response {
        let (agreement, rows) = try await visibleOverview(req)
        return req.page { MoneyOverviewPage(agreement: agreement, rows: rows).render() }
    }

    static let steps: [(String, KeyPath<MoneySteps, Money>)] = [
        ("tilldelat", \.allocated), ("rekvirerat", \.requisitioned), ("utbetalt", \.paid), ("vidarefordelat", \.assigned),
        ("anvant", \.spent), ("aterbetalt", \.repaid), ("saldo", \.balance),
    ]

    @Sendable static func overviewCSV(req: Request) async throws -> Response {
        let (agreement, rows) = try await visibleOverview(req)
        var lines = [["ar", "mottagare", "kod", "omrade"] + steps.map { $0.0 + "_ore" }]
        for row in rows {
            for area in row.areas.keys.sorted() {
                lines.append([String(agreement.year), row.organisation.name, row.organisation.code, String(area)] + steps.map { String(row.areas[area]![keyPath: $0.1].ore) })
            }
            lines.append([String(agreement.year), row.organisation.name, row.organisation.code, "summa"] + steps.map { String(row.total[keyPath: $0.1].ore) })
        }
        let total = rows.map(\.total).reduce(MoneySteps(), +)
        lines.append([String(agreement.year), "Summa", "", "summa"] + steps.map { String(total[keyPath: $0.1].ore) })
        let body = "\u{FEFF}" + lines.map { $0.map(AllocationCSV.field).joined(separator: ";") }.joined(separator: "\r\n") + "\r\n"
        return AllocationCSV.response(body, filename: "nara-medel-\(agreement.year).csv")
    }

    @Sendable static func overviewXLSX(req: Request) async throws -> Response {
        let (agreement, rows) = try await visibleOverview(req)
        func kr(_ m: Money) -> XLSX.Cell { .number(Decimal(m.ore) / 100) }
        var sheet: [[XLSX.Cell]] = [(["År", "Mottagare", "Kod", "Område", "Tilldelat (kr)", "Rekvirerat (kr)", "Utbetalt (kr)", "Vidarefördelat (kr)",
                                       "Använt (kr)", "Återbetalt (kr)", "Saldo (kr)"]).map { .text($0) }]
        for row in rows {
            for area in row.areas.keys.sorted() {
                sheet.append([.number(Decimal(agreement.year)), .text(row.organisation.name), .text(row.organisation.code), .text(String(area))]
                             + steps.map { kr(row.areas[area]![keyPath: $0.1]) })
            }
            sheet.append([.number(Decimal(agreement.year)), .text(row.organisation.name), .text(row.organisation.code), .text("Summa")] + steps.map { kr(row.total[keyPath: $0.1]) })
        }
        let total = rows.map(\.total).reduce(MoneySteps(), +)
        sheet.append([.number(Decimal(agreement.year)), .text("Summa"), .text(""), .text("Summa")] + steps.map { kr(total[keyPath: $0.1]) })
        let data = try XLSX.workbook(sheetName: "Medel \(agreement.year)", rows: sheet)
        var headers = HTTPHeaders()
        headers.replaceOrAdd(name: .contentType, value: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        headers.replaceOrAdd(name: .contentDisposition, value: "attachment; filename=\"nara-medel-\(agreement.year).xlsx\"")
        return Response(status: .ok, headers: headers, body: .init(data: data))
    }

    struct MoneyDTO: Codable, Sendable {
        struct Steps: Codable, Sendable {
            let allocatedOre: Int64, requisitionedOre: Int64, paidOre: Int64, assignedOre: Int64, spentOre: Int64, repaidOre: Int64, balanceOre: Int64
            let warnings: [String]
            init(_ s: MoneySteps) {
                allocatedOre = s.allocated.ore; requisitionedOre = s.requisitioned.ore; paidOre = s.paid.ore; assignedOre = s.assigned.ore
                spentOre = s.spent.ore; repaidOre = s.repaid.ore; balanceOre = s.balance.ore; warnings = s.warnings
            }
        }
        struct Recipient: Codable, Sendable {
            let code: String
            let kind: String
            let name: String
            let total: Steps
            let areas: [String: Steps]
        }
        let year: Int
        let recipients: [Recipient]
        let total: Steps
    }

    @Sendable static func api(req: Request) async throws -> Response {
        let (agreement, rows) = try await visibleOverview(req)
        return APIResponse.json(MoneyDTO(
            year: agreement.year,
            recipients: rows.map { r in .init(code: r.organisation.code, kind: r.organisation.kind, name: r.organisation.name, total: .init(r.total),
                                              areas: Dictionary(uniqueKeysWithValues: r.areas.map { (String($0.key), MoneyDTO.Steps($0.value)) })) },
            total: .init(rows.map(\.total).reduce(MoneySteps(), +))))
    }
}
