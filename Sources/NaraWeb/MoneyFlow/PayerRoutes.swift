import Fluent
import Foundation
import NaraCore
import NaraPersistence
import Vapor

/// Kammarkollegiet's inbox: decide requisitions (above the limit, two payers), mark payments
/// paid, the payment file, and amendments' repayment claims.
enum PayerRoutes {
    static func register(_ routes: any RoutesBuilder) throws {
        let pay = AccessRule.capability(.pay)
        routes.on(.GET, "utbetalningar", rule: pay, use: inbox)
        routes.on(.POST, "utbetalningar", "rekvisitioner", ":requisition", "godkann", rule: pay, stepUp: .approvePayment, use: approve)
        routes.on(.POST, "utbetalningar", "rekvisitioner", ":requisition", "avsla", rule: pay, use: reject)
        routes.on(.POST, "utbetalningar", "betalningar", ":payment", "utbetald", rule: pay, use: markPaid)
        routes.on(.POST, "utbetalningar", "aterkrav", "betalt", rule: pay, use: MoneyRoutes.markClaimPaid)
        routes.on(.GET, "utbetalningar", "betalfil.csv", rule: pay, use: paymentFile)
    }

    /// The inbox, with a refusal in its summary linked to the row acted on.
    static func inboxPage(_ req: Request, errors: [FieldError] = [], status: HTTPResponseStatus = .ok) async throws -> Response {
        let page = try await PayerInboxQuery.load(viewer: req.principal?.user.id, limit: Money(ore: req.config.secondApprovalLimit),
                                                  csrf: CSRFMiddleware.token(for: req), today: req.today, errors: errors, on: req.db)
        return req.page(status: status) { page.render() }
    }

    static func refused(_ req: Request, _ refusal: MoneyRefusal, anchor: String) async throws -> Response {
        try await refusal.shown(anchor: anchor) { try await inboxPage(req, errors: $0, status: $1) }
    }

    @Sendable static func inbox(req: Request) async throws -> Response { try await inboxPage(req) }

    @Sendable static func approve(req: Request) async throws -> Response {
        let id = try MoneyForm.id(req, "requisition", notFound: "Rekvisitionen finns inte.")
        let date = (try? req.content.get(String.self, at: "date")).flatMap(CivilDate.init(iso:)) ?? req.today
        do {
            switch try await RequisitionUseCases.approve(id: id, paymentDate: date, limit: Money(ore: req.config.secondApprovalLimit),
                                                         by: .of(req), now: req.now, on: req.db) {
            case .approved(_, let p):
                req.flash("Rekvisitionen är godkänd; betalning \(p.reference) är planerad till \(date.swedish).")
            case .awaitingSecond(let r):
                req.flash("Ditt godkännande är registrerat. Rekvisitionen på \(Money(ore: r.amountOre).krText) är över gränsen \(Money(ore: req.config.secondApprovalLimit).krText) och väntar nu på en andra utbetalares godkännande.")
            }
            return req.seeOther(SiteURL.payer)
        } catch let refusal as MoneyRefusal { return try await refused(req, refusal, anchor: "rekvisition-\(id)") }
    }

    @Sendable static func reject(req: Request) async throws -> Response {
        let id = try MoneyForm.id(req, "requisition", notFound: "Rekvisitionen finns inte.")
        let reason = (try? req.content.get(String.self, at: "reason-\(id)")) ?? (try? req.content.get(String.self, at: "reason")) ?? ""
        do {
            _ = try await RequisitionUseCases.reject(id: id, reason: reason, by: .of(req), now: req.now, on: req.db)
            req.flash("Rekvisitionen är avslagen.")
            return req.seeOther(SiteURL.payer)
        } catch let refusal as MoneyRefusal {
            // The reason field is named per row on the page.
            let atRow = MoneyRefusal(refusal.kind, refusal.description, field: refusal.field.map { _ in "reason-\(id)" })
            return try await refused(req, atRow, anchor: "rekvisition-\(id)")
        }
    }

    @Sendable static func markPaid(req: Request) async throws -> Response {
        let id = try MoneyForm.id(req, "payment", notFound: "Betalningen finns inte.")
        do {
            let p = try await PaymentUseCases.markPaid(id: id, as: .kammarkollegiet, by: .of(req), now: req.now, on: req.db)
            req.flash("Betalning \(p.reference) är markerad som utbetald.")
            return req.seeOther(SiteURL.payer)
        } catch let refusal as MoneyRefusal { return try await refused(req, refusal, anchor: "betalning-\(id)") }
    }

    /// Planned payments of requisitions, as the payment file Kammarkollegiet's payment system reads.
    @Sendable static func paymentFile(req: Request) async throws -> Response {
        let payments = try await PaymentModel.query(on: req.db).filter(\.$status == PaymentState.planned.rawValue).filter(\.$requisitionID != nil)
            .sort(\.$paymentDate).all()
        let orgs = try await OrganisationModel.query(on: req.db).filter(\.$id ~~ payments.map(\.organisationID)).all()
        var rows = [["referens", "betalningsdag", "mottagare", "kod", "belopp_ore", "belopp_kr", "ar"]]
        for p in payments {
            let o = orgs.first { $0.id == p.organisationID }
            rows.append([p.reference, p.paymentDate, o?.name ?? "", o?.code ?? "", String(p.amountOre), Money(ore: p.amountOre).csvKronor, String(p.agreementYear)])
        }
        return CSVWriter.response(rows: rows, filename: "nara-betalfil.csv")
    }
}

/// What Kammarkollegiet's inbox shows, read in one place.
enum PayerInboxQuery {
    static func load(viewer: UUID?, limit: Money, csrf: String, today: CivilDate, errors: [FieldError], on db: any Database) async throws -> PayerInboxPage {
        let shown = [RequisitionState.attested, .awaitingSecondApproval, .approved, .rejected].map(\.rawValue)
        let requisitions = try await RequisitionModel.query(on: db).filter(\.$state ~~ shown).sort(\.$createdAt, .descending).all()
        let payments = try await PaymentModel.query(on: db).filter(\.$requisitionID != nil).sort(\.$paymentDate, .descending).all()
        let reports = try await FinancialReportModel.query(on: db).filter(\.$state == FinancialReportState.attested.rawValue)
            .sort(\.$attestedAt, .descending).all()
        let repayments = try await RepaymentModel.query(on: db).all()
        let claims = try await RepaymentClaims.all(on: db)
        let ids = Set(requisitions.map(\.organisationID) + reports.map(\.organisationID) + claims.map(\.organisationID) + payments.map(\.organisationID))
        let orgs = try await OrganisationModel.query(on: db).filter(\.$id ~~ Array(ids)).all()
        let names = Dictionary(uniqueKeysWithValues: orgs.compactMap { o in o.id.map { ($0, o.name) } })
        return PayerInboxPage(requisitions: requisitions, payments: payments, names: names, csrf: csrf, reports: reports,
                              repayments: repayments, claims: claims, today: today, viewer: viewer, limit: limit, errors: errors,
                              letters: try await DecisionLetters.letters(requisitions: payments.compactMap(\.requisitionID), on: db))
    }
}
