import Fluent
import Foundation
import NaraCore
import NaraPersistence
import Plot
import Vapor

/// Assignments onward (uppdrag) and providers' quarterly requests (äskanden).
struct AssignmentRoutes: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.on(.POST, "organisationer", ":org", "medel", ":year", "uppdrag", rule: .organisation(.changeOwnOrganisation, parameter: "org"), use: Self.create)
        routes.on(.POST, "organisationer", ":org", "medel", ":year", "askanden", ":request", "beslut", rule: .organisation(.changeOwnOrganisation, parameter: "org"), use: Self.decide)
        routes.on(.POST, "organisationer", ":org", "medel", ":year", "betalningar", ":payment", "utbetald", rule: .organisation(.changeOwnOrganisation, parameter: "org"), use: Self.markPaid)
        routes.on(.GET, "organisationer", ":org", "uppdrag", rule: .organisation(.readOrganisation, parameter: "org"), use: Self.providerPage)
        routes.on(.POST, "organisationer", ":org", "uppdrag", ":fundassignment", "askande", rule: .organisation(.changeOwnOrganisation, parameter: "org"), use: Self.request)
    }

    static func instalments(_ a: FundAssignmentModel) -> [Money] {
        (try? QuarterlySplit.split(Money(ore: a.amountOre))) ?? []
    }

    /// Requested (not rejected) per quarter.
    static func requested(_ requests: [ProviderRequestModel], quarter: Int) -> Money {
        requests.filter { $0.quarter == quarter && $0.state != "rejected" }.map { Money(ore: $0.amountOre) }.sum()
    }

    @Sendable static func create(req: Request) async throws -> Response {
        let org = try await MoneyRoutes.org(req)
        let year = try RequestParameters.year(req)
        guard org.kind == OrganisationKind.region.rawValue else { throw Abort(.badRequest, reason: "Bara regioner ger uppdrag vidare.") }
        let f = try FormBody.fields(req)
        var errors: [FieldError] = []
        let title = (f.first("a_title") ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        if title.isEmpty || title.count > 300 { errors.append(FieldError(field: "a_title", message: "Skriv vad uppdraget gäller.")) }
        let costObject = (f.first("a_cost") ?? "").trimmingCharacters(in: .whitespaces)
        if costObject.count > 40 { errors.append(FieldError(field: "a_cost", message: "Kostnadsobjektet får ha högst 40 tecken.")) }
        let areas = try await AgreementStore.load(year: year, on: req.db)?.areas.map(\.number) ?? []
        let area = Int(f.first("a_area") ?? "")
        if area == nil || !areas.contains(area!) { errors.append(FieldError(field: "a_area", message: "Välj utvecklingsområde.")) }
        let providers = try await OrganisationModel.query(on: req.db).filter(\.$parentID == org.requireID()).all()
        let providerRaw = f.first("a_provider") ?? ""
        let provider = providers.first { $0.id?.uuidString == providerRaw }
        if !providerRaw.isEmpty && provider == nil { errors.append(FieldError(field: "a_provider", message: "Välj en vårdgivare under regionen.")) }
        if provider == nil && costObject.isEmpty { errors.append(FieldError(field: "a_cost", message: "Ange kostnadsobjekt för ett uppdrag till en egen enhet, till exempel 9916.")) }
        var amount = Money.zero
        do { amount = try MoneyParser.parse(f.first("a_amount") ?? "", defaultUnit: .kr) } catch let e as MoneyParseError {
            errors.append(FieldError(field: "a_amount", message: e.description))
        }
        if errors.isEmpty && amount.ore <= 0 { errors.append(FieldError(field: "a_amount", message: "Beloppet måste vara större än noll.")) }
        if errors.isEmpty {
            // No step may assign more than the step before it holds: onward assignments fit within what was paid.
            let paid = try await FinancialService.paid(org: org.requireID(), year: year, on: req.db)
            let assigned = try await FundAssignmentModel.query(on: req.db).filter(\.$organisationID == org.requireID()).filter(\.$agreementYear == year).all()
                .map { Money(ore: $0.amountOre) }.sum()
            if assigned + amount > paid {
                errors.append(FieldError(field: "a_amount", message: "Uppdragen får inte överstiga det som betalats ut (\(paid.krText)); \((paid - assigned).krText) återstår."))
            }
        }
        guard errors.isEmpty, let area else { return try await MoneyRoutes.fundsPage(req, errors: errors, status: .unprocessableEntity) }
        let a = FundAssignmentModel()
        a.agreementYear = year; a.organisationID = try org.requireID(); a.area = area; a.title = title; a.costObject = costObject
        a.providerID = provider?.id; a.amountOre = amount.ore; a.createdAt = req.now; a.createdBy = req.principal!.user.name
        try await a.create(on: req.db)
        try await AuditLog.record(.create, entity: "fund_assignment", id: a.id!.uuidString,
                                  after: ["uppdrag": title, "belopp_ore": String(amount.ore), "vårdgivare": provider?.name ?? "", "kostnadsobjekt": costObject], on: req)
        req.flash("Uppdraget ”\(title)” på \(amount.krText) är skapat" + (provider.map { " för \($0.name); de kan äska kvartalsvis." } ?? "."))
        return req.seeOther(SiteURL.funds(org.id!, year) + "#uppdrag")
    }

    @Sendable static func request(req: Request) async throws -> Response {
        guard let orgID = req.parameters.get("org").flatMap(UUID.init(uuidString:)),
              let id = req.parameters.get("fundassignment").flatMap(UUID.init(uuidString:)),
              let a = try await FundAssignmentModel.find(id, on: req.db), a.providerID == orgID
        else { throw Abort(.notFound, reason: "Uppdraget finns inte.") }
        let f = try FormBody.fields(req)
        let quarter = Int(f.first("quarter") ?? "") ?? 0
        guard (1...4).contains(quarter) else { return try await providerPage(req, errors: [FieldError(field: "quarter-\(id)", message: "Välj kvartal.")]) }
        let amount: Money
        do { amount = try MoneyParser.parse(f.first("amount") ?? "", defaultUnit: .kr) } catch let e as MoneyParseError {
            return try await providerPage(req, errors: [FieldError(field: "amount-\(id)", message: e.description)])
        }
        let requests = try await ProviderRequestModel.query(on: req.db).filter(\.$assignmentID == id).all()
        let limit = instalments(a)[quarter - 1] - requested(requests, quarter: quarter)
        guard amount.ore > 0, amount <= limit else {
            return try await providerPage(req, errors: [FieldError(field: "amount-\(id)", message: "Kvartal \(quarter): högst \(limit.krText) kan äskas.")])
        }
        let r = ProviderRequestModel()
        r.assignmentID = id; r.quarter = quarter; r.amountOre = amount.ore; r.state = "submitted"; r.createdAt = req.now; r.createdBy = req.principal!.user.name
        try await r.create(on: req.db)
        try await AuditLog.record(.submit, entity: "provider_request", id: r.id!.uuidString, after: ["kvartal": String(quarter), "belopp_ore": String(amount.ore)], on: req)
        req.flash("Äskandet för kvartal \(quarter) på \(amount.krText) är skickat till regionen.")
        return req.seeOther("/organisationer/\(orgID.uuidString)/uppdrag")
    }

    @Sendable static func decide(req: Request) async throws -> Response {
        let org = try await MoneyRoutes.org(req)
        let year = try RequestParameters.year(req)
        guard let id = req.parameters.get("request").flatMap(UUID.init(uuidString:)), let r = try await ProviderRequestModel.find(id, on: req.db),
              let a = try await FundAssignmentModel.find(r.assignmentID, on: req.db), a.organisationID == org.id
        else { throw Abort(.notFound, reason: "Äskandet finns inte.") }
        guard r.state == "submitted" else { throw Abort(.conflict, reason: "Äskandet är redan beslutat.") }
        let f = try FormBody.fields(req)
        let approve = f.first("decision") == "approve"
        let reason = (f.first("reason") ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        if !approve && reason.isEmpty { return try await MoneyRoutes.fundsPage(req, errors: [FieldError(field: "reason-\(id)", message: "Skriv varför äskandet avslås.")], status: .unprocessableEntity) }
        try await req.db.transaction { tx in
            r.state = approve ? "approved" : "rejected"; r.reason = reason.isEmpty ? nil : reason
            r.decidedAt = req.now; r.decidedBy = req.principal!.user.name
            try await r.update(on: tx)
            if approve, let provider = a.providerID {
                let p = PaymentModel()
                p.agreementYear = year; p.organisationID = provider; p.providerRequestID = r.id; p.amountOre = r.amountOre
                p.areas = MoneyService.areasJSON([a.area: Money(ore: r.amountOre)])
                p.paymentDate = req.today.iso
                p.reference = "\(org.code)-UPPDRAG-\(year)-K\(r.quarter)-\(String(r.id!.uuidString.prefix(4)))"
                p.status = "planned"; p.createdBy = req.principal!.user.name
                try await p.create(on: tx)
            }
            try await AuditLog.record(approve ? .approve : .update, entity: "provider_request", id: id.uuidString,
                                      before: ["status": "submitted"], after: ["status": r.state, "skäl": reason], on: req, db: tx)
        }
        req.flash(approve ? "Äskandet är godkänt; en kvartalsbetalning är planerad." : "Äskandet är avslaget.")
        return req.seeOther(SiteURL.funds(org.id!, year) + "#uppdrag")
    }

    @Sendable static func markPaid(req: Request) async throws -> Response {
        let org = try await MoneyRoutes.org(req)
        let year = try RequestParameters.year(req)
        guard let id = req.parameters.get("payment").flatMap(UUID.init(uuidString:)), let p = try await PaymentModel.find(id, on: req.db),
              let rid = p.providerRequestID, let r = try await ProviderRequestModel.find(rid, on: req.db),
              let a = try await FundAssignmentModel.find(r.assignmentID, on: req.db), a.organisationID == org.id
        else { throw Abort(.notFound, reason: "Betalningen finns inte.") }
        guard p.status == "planned" else { throw Abort(.conflict, reason: "Betalningen är redan utbetald.") }
        p.status = "paid"; p.paidAt = req.now
        try await p.update(on: req.db)
        try await AuditLog.record(.update, entity: "payment", id: id.uuidString, before: ["status": "planned"], after: ["status": "paid"], on: req)
        req.flash("Kvartalsbetalningen är utbetald.")
        return req.seeOther(SiteURL.funds(org.id!, year) + "#uppdrag")
    }

    @Sendable static func providerPage(req: Request) async throws -> Response { try await providerPage(req, errors: []) }

    static func providerPage(_ req: Request, errors: [FieldError]) async throws -> Response {
        guard let id = req.parameters.get("org").flatMap(UUID.init(uuidString:)), let org = try await OrganisationModel.find(id, on: req.db)
        else { throw Abort(.notFound, reason: "Organisationen finns inte.") }
        let assignments = try await FundAssignmentModel.query(on: req.db).filter(\.$providerID == id).sort(\.$createdAt).all()
        let requests = try await ProviderRequestModel.query(on: req.db).filter(\.$assignmentID ~~ assignments.compactMap(\.id)).all()
        let canChange = req.principal.map { AccessPolicy.may($0.standing, .changeOwnOrganisation, organisation: id.uuidString) } ?? false
        let csrf = CSRFMiddleware.token(for: req)
        return req.page(status: errors.isEmpty ? .ok : .unprocessableEntity) {
            ProviderPage(organisation: org, assignments: assignments, requests: requests, canChange: canChange, csrf: csrf, errors: errors).render()
        }
    }
}

/// A provider's assignments with their quarters, and the request form.
struct ProviderPage {
    let organisation: OrganisationModel
    let assignments: [FundAssignmentModel]
    let requests: [ProviderRequestModel]
    let canChange: Bool
    let csrf: String
    let errors: [FieldError]

    func render() -> String {
        let state = ["submitted": "Väntar på regionen", "approved": "Godkänt", "rejected": "Avslaget"]
        return Layout.render(title: "Uppdrag – \(organisation.name)", breadcrumbs: [(organisation.name, SiteURL.organisation(organisation.id!)), ("Uppdrag", nil)],
            Forms.errorSummary(errors),
            .h1(.text("Uppdrag och äskanden")),
            .p(.class("lead"), .text("Uppdrag från regionen med kvartalsvisa delbelopp. Äska per kvartal; regionen godkänner eller avslår med skäl.")),
            assignments.isEmpty ? .p(.text("Inga uppdrag ännu.")) : .forEach(assignments) { a in
                let quarters = AssignmentRoutes.instalments(a)
                let mine = requests.filter { $0.assignmentID == a.id }
                return .section(
                    .h2(.text("\(a.title) (\(a.agreementYear))")),
                    .p(.text("Belopp \(Money(ore: a.amountOre).krText), område \(a.area).")),
                    .div(.class("table-wrap"), .attribute(named: "tabindex", value: "0"), .table(
                        .caption(.text("Kvartal för \(a.title)")),
                        .thead(.tr(Blocks.col("Kvartal"), Blocks.col("Delbelopp", numeric: true), Blocks.col("Äskat", numeric: true))),
                        .tbody(.forEach(1...4) { q in
                            .tr(Blocks.rowHeader(.text("Kvartal \(q)")), Blocks.num(quarters[q - 1].krText), Blocks.num(AssignmentRoutes.requested(mine, quarter: q).krText))
                        }))),
                    .if(!mine.isEmpty, .ul(.forEach(mine) { r in .li(.text("Kvartal \(r.quarter): \(Money(ore: r.amountOre).krText) – \(state[r.state] ?? r.state)" + (r.reason.map { " (\($0))" } ?? ""))) })),
                    .if(canChange, .form(.method(.post), .action("/organisationer/\(organisation.id!.uuidString)/uppdrag/\(a.id!.uuidString)/askande"), .class("role-form"),
                        Forms.csrf(csrf),
                        .div(.class("field"), .label(.for("quarter-\(a.id!)"), .text("Kvartal")),
                             .element(named: "select", nodes: [Node<HTML.BodyContext>.attribute(named: "name", value: "quarter"),
                                                               .attr("id", "quarter-\(a.id!)"),
                                                               .forEach(1...4) { q in .element(named: "option", nodes: [Node<HTML.BodyContext>.attribute(named: "value", value: String(q)), .text("Kvartal \(q)")]) }])),
                        .div(.class("field"), .label(.for("amount-\(a.id!)"), .text("Belopp (kr)")),
                             .element(named: "input", nodes: [Node<HTML.BodyContext>.attribute(named: "type", value: "text"), .attribute(named: "name", value: "amount"),
                                                              .attr("id", "amount-\(a.id!)"), .attribute(named: "inputmode", value: "decimal")])),
                        Forms.submit("Äska"))))
            })
    }
}
