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
        requests.filter { $0.quarter == quarter && (ProviderRequestState(rawValue: $0.state)?.counts ?? true) }.map { Money(ore: $0.amountOre) }.sum()
    }

    @Sendable static func create(req: Request) async throws -> Response {
        let (org, year) = (try await MoneyRoutes.org(req), try RequestParameters.year(req))
        guard org.kind == OrganisationKind.region.rawValue else { throw Abort(.badRequest, reason: "Bara regioner ger uppdrag vidare.") }
        let (assignment, errors) = try await AssignmentForm.read(try FormBody.fields(req), region: org, year: year, on: req.db)
        guard errors.isEmpty, let assignment else { return try await MoneyRoutes.fundsPage(req, errors: errors, status: .unprocessableEntity) }
        do {
            _ = try await AssignmentUseCases.assign(assignment, region: org, year: year, by: .of(req), now: req.now, on: req.db)
            req.flash("Uppdraget ”\(assignment.title)” på \(assignment.amount.krText) är skapat" + (assignment.provider.map { " för \($0.name); de kan äska kvartalsvis." } ?? "."))
            return req.seeOther(SiteURL.funds(org.id!, year) + "#uppdrag")
        } catch let refusal as MoneyRefusal { return try await MoneyRoutes.refused(req, refusal, anchor: "uppdrag") }
    }

    @Sendable static func request(req: Request) async throws -> Response {
        let orgID = try MoneyForm.id(req, "org", notFound: "Organisationen finns inte.")
        let id = try MoneyForm.id(req, "fundassignment", notFound: "Uppdraget finns inte.")
        let f = try FormBody.fields(req)
        let quarter = Int(f.first("quarter") ?? "") ?? 0
        do {
            let amount = try MoneyForm.amount(f.first("amount") ?? "", field: "amount-\(id)", allowZero: true)
            let r = try await AssignmentUseCases.request(assignment: id, provider: orgID, quarter: quarter, amount: amount, by: .of(req), now: req.now, on: req.db)
            req.flash("Äskandet för kvartal \(r.quarter) på \(amount.krText) är skickat till regionen.")
            return req.seeOther("/organisationer/\(orgID.uuidString)/uppdrag")
        } catch let refusal as MoneyRefusal {
            if refusal.kind == .notFound { throw refusal.abort }
            return try await providerPage(req, errors: [refusal.fieldError ?? FieldError(field: "amount-\(id)", message: refusal.description)])
        }
    }

    @Sendable static func decide(req: Request) async throws -> Response {
        let (org, year) = (try await MoneyRoutes.org(req), try RequestParameters.year(req))
        let id = try MoneyForm.id(req, "request", notFound: "Äskandet finns inte.")
        let f = try FormBody.fields(req)
        do {
            let r = try await AssignmentUseCases.decide(request: id, region: org, approve: f.first("decision") == "approve", reason: f.first("reason") ?? "",
                                                        paymentDate: req.today, by: .of(req), now: req.now, on: req.db)
            req.flash(r.state == ProviderRequestState.approved.rawValue ? "Äskandet är godkänt; en kvartalsbetalning är planerad." : "Äskandet är avslaget.")
            return req.seeOther(SiteURL.funds(org.id!, year) + "#uppdrag")
        } catch let refusal as MoneyRefusal { return try await MoneyRoutes.refused(req, refusal, anchor: "uppdrag") }
    }

    @Sendable static func markPaid(req: Request) async throws -> Response {
        let (org, year) = (try await MoneyRoutes.org(req), try RequestParameters.year(req))
        let id = try MoneyForm.id(req, "payment", notFound: "Betalningen finns inte.")
        do {
            _ = try await PaymentUseCases.markPaid(id: id, as: .region(org.requireID()), by: .of(req), now: req.now, on: req.db)
            req.flash("Kvartalsbetalningen är utbetald.")
            return req.seeOther(SiteURL.funds(org.id!, year) + "#uppdrag")
        } catch let refusal as MoneyRefusal { return try await MoneyRoutes.refused(req, refusal, anchor: "uppdrag") }
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

