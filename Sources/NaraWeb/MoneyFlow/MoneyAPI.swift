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
        api.on(.POST, "requisitions", ":requisition", "attest", rule: .ownFinanceDirector, stepUp: .attestRequisition, use: Self.attest)
        api.on(.POST, "requisitions", ":requisition", "approve", rule: .capability(.pay), stepUp: .approvePayment, use: Self.approve)
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

        init(_ p: PaymentModel) {
            id = p.id?.uuidString ?? ""; reference = p.reference; amountOre = p.amountOre; paymentDate = p.paymentDate; status = p.status
        }
    }

    struct CreateBody: Content { var amountOre: Int64 }

    static func decode<T: Decodable>(_ type: T.Type, _ req: Request) -> T? {
        let decoder = JSONDecoder(); decoder.keyDecodingStrategy = .convertFromSnakeCase
        return try? req.content.decode(type, using: decoder)
    }

    @Sendable static func create(req: Request) async throws -> Response {
        let year = try RequestParameters.year(req)
        let p = req.principal!
        guard let body = decode(CreateBody.self, req) else { throw Abort(.badRequest, reason: "Skicka {\"amount_ore\": heltal}.") }
        do {
            let r = try await RequisitionUseCases.create(org: p.organisation, year: year, amount: Money(ore: body.amountOre), by: .of(req),
                                                         today: req.today, now: req.now, on: req.db)
            return APIResponse.json(RequisitionDTO(r, organisation: p.organisation.name), status: .created)
        } catch let refusal as MoneyRefusal { throw refusal.abort }
    }

    @Sendable static func attest(req: Request) async throws -> Response {
        let id = try MoneyForm.id(req, "requisition", notFound: "Rekvisitionen finns inte.")
        let p = req.principal!
        do {
            let r = try await RequisitionUseCases.attest(id: id, organisation: p.organisation.requireID(), by: .of(req), now: req.now, on: req.db)
            return APIResponse.json(RequisitionDTO(r, organisation: p.organisation.name))
        } catch let refusal as MoneyRefusal { throw refusal.abort }
    }

    struct ApproveBody: Content { var paymentDate: String? }

    /// 201 with the planned payment; 202 with the requisition when it awaits a second payer.
    @Sendable static func approve(req: Request) async throws -> Response {
        let id = try MoneyForm.id(req, "requisition", notFound: "Rekvisitionen finns inte.")
        var date = req.today
        if let raw = decode(ApproveBody.self, req)?.paymentDate {
            guard let d = CivilDate(iso: raw) else { throw Abort(.badRequest, reason: "payment_date ska vara ÅÅÅÅ-MM-DD.") }
            date = d
        }
        do {
            switch try await RequisitionUseCases.approve(id: id, paymentDate: date, limit: Money(ore: req.config.secondApprovalLimit),
                                                         by: .of(req), now: req.now, on: req.db) {
            case .approved(_, let payment):
                return APIResponse.json(PaymentDTO(payment), status: .created)
            case .awaitingSecond(let r):
                let org = try await OrganisationModel.find(r.organisationID, on: req.db)
                return APIResponse.json(RequisitionDTO(r, organisation: org?.name ?? ""), status: .accepted)
            }
        } catch let refusal as MoneyRefusal { throw refusal.abort }
    }

    @Sendable static func paid(req: Request) async throws -> Response {
        let id = try MoneyForm.id(req, "payment", notFound: "Betalningen finns inte.")
        do {
            let p = try await PaymentUseCases.markPaid(id: id, as: .kammarkollegiet, by: .of(req), now: req.now, on: req.db)
            return APIResponse.json(PaymentDTO(p))
        } catch let refusal as MoneyRefusal { throw refusal.abort }
    }
}
