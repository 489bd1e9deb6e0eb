import Fluent
import Foundation
import NaraCore
import NaraPersistence
import Vapor

/// Writing money through the API: requisitions by recipients, decisions and payments by
/// Kammarkollegiet. Amounts in öre; the same rules as the pages.
struct MoneyAPIRoutes: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let api = routes.grouped("api", "v1")
        api.on(.POST, "agreements", ":year", "requisitions", rule: .ownOrganisation(.changeOwnOrganisation), use: Self.create)
        api.on(.POST, "requisitions", ":requisition", "attest", rule: .ownFinanceDirector, use: Self.attest)
        api.on(.POST, "requisitions", ":requisition", "approve", rule: .capability(.pay), use: Self.approve)
        api.on(.POST, "payments", ":payment", "paid", rule: .capability(.pay), use: Self.paid)
    }

    struct RequisitionDTO: Codable, Sendable {
        let id: String
        let agreementYear: Int
        let organisation: String
        let amountOre: Int64
        let state: String
        let areas: [String: Int64]
        init(_ r: RequisitionModel, organisation: String) {
            id = r.id?.uuidString ?? ""; agreementYear = r.agreementYear; self.organisation = organisation; amountOre = r.amountOre; state = r.state
            areas = Dictionary(uniqueKeysWithValues: MoneyService.areas(r.areas).map { (String($0.key), $0.value.ore) })
        }
    }

    struct PaymentDTO: Codable, Sendable {
        let id: String
        let reference: String
        let amountOre: Int64
        let paymentDate: String
        let status: String
    }

    struct CreateBody: Content { var amountOre: Int64 }

    @Sendable static func create(req: Request) async throws -> Response {
        let year = try RequestParameters.year(req)
        let p = req.principal!
        let decoder = JSONDecoder(); decoder.keyDecodingStrategy = .convertFromSnakeCase
        guard let body = try? req.content.decode(CreateBody.self, using: decoder) else {
            throw Abort(.badRequest, reason: "Skicka {\"amount_ore\": heltal}.")
        }
        switch try await MoneyService.requisition(org: p.organisation, year: year, amount: Money(ore: body.amountOre), by: p.user.name,
                                                  today: req.today, now: req.now, on: req.db) {
        case .failure(let refusal): throw Abort(.unprocessableEntity, reason: refusal.description)
        case .success(let r):
            try await AuditLog.record(.create, entity: "requisition", id: r.id!.uuidString, after: ["belopp_ore": String(r.amountOre), "år": String(year)], on: req)
            return APIResponse.json(RequisitionDTO(r, organisation: p.organisation.name), status: .created)
        }
    }

    static func requisition(_ req: Request) async throws -> RequisitionModel {
        guard let id = req.parameters.get("requisition").flatMap(UUID.init(uuidString:)), let r = try await RequisitionModel.find(id, on: req.db)
        else { throw Abort(.notFound, reason: "Rekvisitionen finns inte.") }
        return r
    }

    @Sendable static func attest(req: Request) async throws -> Response {
        let r = try await requisition(req)
        let p = req.principal!
        guard r.organisationID == p.organisation.id else { throw Abort(.notFound, reason: "Rekvisitionen finns inte.") }
        guard r.state == "draft" else { throw Abort(.conflict, reason: "Rekvisitionen är redan attesterad.") }
        r.state = "attested"; r.attestedAt = req.now; r.attestedBy = p.user.name
        try await r.update(on: req.db)
        try await AuditLog.record(.approve, entity: "requisition", id: r.id!.uuidString, before: ["status": "draft"], after: ["status": "attested"], on: req)
        return APIResponse.json(RequisitionDTO(r, organisation: p.organisation.name))
    }

    struct ApproveBody: Content { var paymentDate: String? }

    @Sendable static func approve(req: Request) async throws -> Response {
        let r = try await requisition(req)
        guard r.state == "attested" else { throw Abort(.conflict, reason: "Bara attesterade rekvisitioner kan godkännas.") }
        let decoder = JSONDecoder(); decoder.keyDecodingStrategy = .convertFromSnakeCase
        let body = try? req.content.decode(ApproveBody.self, using: decoder)
        var date = req.today
        if let raw = body?.paymentDate {
            guard let d = CivilDate(iso: raw) else { throw Abort(.badRequest, reason: "payment_date ska vara ÅÅÅÅ-MM-DD.") }
            date = d
        }
        let payment = try await MoneyService.approve(r, by: req.principal!.user.name, paymentDate: date, now: req.now, on: req.db)
        try await AuditLog.record(.approve, entity: "requisition", id: r.id!.uuidString, before: ["status": "attested"],
                                  after: ["status": "approved", "betalning": payment.reference], on: req)
        return APIResponse.json(PaymentDTO(id: payment.id!.uuidString, reference: payment.reference, amountOre: payment.amountOre,
                                           paymentDate: payment.paymentDate, status: payment.status), status: .created)
    }

    @Sendable static func paid(req: Request) async throws -> Response {
        guard let id = req.parameters.get("payment").flatMap(UUID.init(uuidString:)), let p = try await PaymentModel.find(id, on: req.db),
              p.requisitionID != nil else { throw Abort(.notFound, reason: "Betalningen finns inte.") }
        guard p.status == "planned" else { throw Abort(.conflict, reason: "Betalningen är redan utbetald.") }
        p.status = "paid"; p.paidAt = req.now
        try await p.update(on: req.db)
        try await AuditLog.record(.update, entity: "payment", id: id.uuidString, before: ["status": "planned"], after: ["status": "paid"], on: req)
        return APIResponse.json(PaymentDTO(id: id.uuidString, reference: p.reference, amountOre: p.amountOre, paymentDate: p.paymentDate, status: p.status))
    }
}
