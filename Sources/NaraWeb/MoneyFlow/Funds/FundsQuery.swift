import Fluent
import Foundation
import NaraCore
import NaraPersistence
import Vapor

/// What a recipient's funds page shows, read in one place so handlers only render it.
enum FundsQuery {
    /// The organisation in the path, if it is of a kind that can receive money from Kammarkollegiet.
    static func org(_ req: Request) async throws -> OrganisationModel {
        guard let id = req.parameters.get("org").flatMap(UUID.init(uuidString:)), let org = try await OrganisationModel.find(id, on: req.db),
              PlanService.recipientKinds.contains(org.kind)
        else { throw Abort(.notFound, reason: "Organisationen tar inte emot medel från Kammarkollegiet: medlen går till regioner, RSS, SKR och andra nationella mottagare som överenskommelsen namnger.") }
        return org
    }

    /// The funds page for the organisation and year in the path, with any refused form's
    /// messages and typed amount.
    static func page(_ req: Request, errors: [FieldError] = [], typed: String = "", typedOutcome: [String]? = nil,
                     status: HTTPResponseStatus = .ok) async throws -> Response {
        let org = try await org(req)
        let year = try RequestParameters.year(req)
        let page = try await load(org: org, year: year, principal: req.principal!, today: req.today, on: req.db,
                                  csrf: CSRFMiddleware.token(for: req), errors: errors, typed: typed)
        var shown = page
        shown.typedOutcome = typedOutcome
        let final = shown
        return req.page(status: status) { final.render() }
    }

    static func load(org: OrganisationModel, year: Int, principal p: Principal, today: CivilDate, on db: any Database,
                     csrf: String, errors: [FieldError], typed: String) async throws -> FundsPage {
        guard let plan = try await PlanService.load(organisation: org, year: year, on: db) else { throw Abort(.notFound, reason: "Det finns ingen överenskommelse för \(year).") }
        let orgID = try org.requireID()
        let requisitions = try await MoneyService.requisitions(org: orgID, year: year, on: db)
        let payments = try await PaymentModel.query(on: db).filter(\.$organisationID == orgID).filter(\.$agreementYear == year)
            .filter(\.$requisitionID != nil).all()
        let canChange = AccessPolicy.may(p.standing, .changeOwnOrganisation, organisation: orgID.uuidString)
        let (latest, attested) = try await FinancialService.reports(org: orgID, year: year, on: db)
        let repayments = try await RepaymentModel.query(on: db).filter(\.$organisationID == orgID).filter(\.$agreementYear == year).all()
        let paid = try await FinancialService.paid(org: orgID, year: year, on: db)
        let assignments = try await FundAssignmentModel.query(on: db).filter(\.$organisationID == orgID).filter(\.$agreementYear == year).all()
        let providerRequests = try await ProviderRequestModel.query(on: db).filter(\.$assignmentID ~~ assignments.compactMap(\.id)).all()
        let providerPayments = try await PaymentModel.query(on: db).filter(\.$providerRequestID ~~ providerRequests.compactMap(\.id)).all()
        let providers = try await OrganisationModel.query(on: db).filter(\.$parentID == orgID).all()
        let claims = try await RepaymentClaims.claims(org: orgID, year: year, on: db)
        let areaMoney = try await MoneyService.overview(year: year, only: orgID, on: db)?.1.first
        return FundsPage(plan: plan, requisitions: requisitions, payments: payments, canChange: canChange,
                         isFinanceDirector: canChange && p.membership.financeDirector, viewer: p.user.id, csrf: csrf, today: today,
                         errors: errors, typed: typed, paid: paid, latestReport: latest, attestedReport: attested, repayments: repayments,
                         assignments: assignments, providerRequests: providerRequests, providerPayments: providerPayments, providers: providers,
                         claims: claims, areaMoney: areaMoney, decisionLetters: try await DecisionLetters.letters(org: orgID, year: year, on: db))
    }
}
