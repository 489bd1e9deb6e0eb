import Fluent
import Foundation
import NaraCore
import NaraPersistence
import Testing
import VaporTesting
@testable import NaraWeb

extension AppTests {
    /// Walks every registered route as every role (and as nobody), for the person's own and for
    /// a foreign organisation, and checks each answer against the route's rule and
    /// `AccessPolicy`. A route registered without a rule fails the test; denied requests must
    /// leave the database as it was and must not show the foreign organisation's people.
    @Suite("Access matrix: every route × every role")
    struct AccessMatrixTests {
        struct Actor {
            let email: String?
            var label: String { email ?? "anonym" }
        }

        static let actors: [Actor] = [Actor(email: nil)] + DemoPeople.people.map { Actor(email: $0.email) }

        /// What the database holds that a request could change, as one comparable string.
        static func snapshot(_ db: any Database) async throws -> String {
            var parts: [String] = []
            parts += try await OrganisationModel.query(on: db).sort(\.$code).sort(\.$kind).all()
                .map { "o:\($0.kind):\($0.code):\($0.name):\($0.parentID?.uuidString ?? "")" }
            parts += try await UserModel.query(on: db).sort(\.$email).all()
                .map { "u:\($0.email):\($0.name):\($0.isActive):\($0.passwordHash ?? "")" }
            parts += try await MembershipModel.query(on: db).all().map { "m:\($0.id!):\($0.role)" }.sorted()
            parts += try await APITokenModel.query(on: db).all().map { "t:\($0.id!):\($0.revokedAt == nil)" }.sorted()
            parts.append("i:\(try await InvitationModel.query(on: db).count())")
            parts.append("p:\(try await PopulationTableModel.query(on: db).count())")
            parts.append("pi:\(try await PendingImportModel.query(on: db).filter(\.$appliedAt == nil).count())")
            parts.append("a:\(try await AllocationModel.query(on: db).count())")
            parts += try await AnswerModel.query(on: db).all().map { "ans:\($0.reportID):\($0.questionID):\($0.value):\($0.revision)" }.sorted()
            parts += try await ReportModel.query(on: db).all().map { "r:\($0.id!):\($0.state):\($0.version)" }.sorted()
            parts += try await AssignmentModel.query(on: db).all().map { "as:\($0.id!):\($0.locked)" }.sorted()
            parts.append("s:\(try await SubmissionModel.query(on: db).count())")
            parts.append("f:\(try await FormDefinitionModel.query(on: db).count())")
            parts.append("rem:\(try await ReminderModel.query(on: db).count())")
            parts += try await PlanModel.query(on: db).all().map { "pl:\($0.id!):\($0.updatedAt.timeIntervalSince1970)" }.sorted()
            parts.append("pll:\(try await PlanLineModel.query(on: db).count())")
            parts += try await RequisitionModel.query(on: db).all().map { "rq:\($0.id!):\($0.state)" }.sorted()
            parts += try await PaymentModel.query(on: db).all().map { "pay:\($0.id!):\($0.status)" }.sorted()
            parts += try await FinancialReportModel.query(on: db).all().map { "fr:\($0.id!):\($0.state):\($0.repaymentOre)" }.sorted()
            parts.append("frl:\(try await FinancialReportLineModel.query(on: db).all().map(\.spentOre).reduce(0, +))")
            parts.append("rep:\(try await RepaymentModel.query(on: db).count())")
            parts.append("fa:\(try await FundAssignmentModel.query(on: db).count())")
            parts += try await GoalPictureModel.query(on: db).all().map { "gp:\($0.organisationID):\($0.title)" }.sorted()
            parts.append("ql:\(try await QuestionLinkModel.query(on: db).count())")
            parts.append("iv:\(try await IndicatorValueModel.query(on: db).count())")
            parts.append("fu:\(try await FollowUpValueModel.query(on: db).count())")
            parts.append("fr:\(try await FollowUpReportModel.query(on: db).count())")
            parts += try await ProviderRequestModel.query(on: db).all().map { "preq:\($0.id!):\($0.state)" }.sorted()
            parts += try await FormDraftModel.query(on: db).all().map { "fd:\($0.id!):\($0.revision)" }.sorted()
            return parts.joined(separator: "\n")
        }

        @Test("every route has an access rule")
        func everyRouteHasARule() async throws {
            try await withNara { app in
                let missing = app.routes.all.filter { $0.accessRule == nil }.map { "\($0.method) \($0.path.string)" }
                #expect(missing.isEmpty, "routes without an access rule: \(missing)")
            }
        }

        /// Only published material, the sign-in pages and the operations checks (/metrics is off
        /// unless NARA_METRICS=true) may be open to everyone.
        static let publicPrefixes = ["/health", "/ready", "/metrics", "/static/", "/befolkning", "/oppna-data", "/overenskommelser/", "/api/v1/agreements",
                                     "/api/v1/population-tables", "/api/v1/openapi.json", "/logga-in", "/logga-ut", "/inbjudan/",
                                     "/tillganglighet", "/utloggad", "/oidc/"]

        @Test("only published material is open to everyone")
        func publicRoutesArePublished() async throws {
            try await withNara { app in
                for route in app.routes.all {
                    guard case .everyone = route.accessRule else { continue }
                    let path = "/" + route.path.map(\.description).joined(separator: "/")
                    let published = path == "/" || path == "/api/v1/organisations" || Self.publicPrefixes.contains { path.hasPrefix($0) }
                    #expect(published, "\(route.method) \(path) is open to everyone but is not published material")
                }
            }
        }

        @Test("every route answers each role as its rule says", arguments: actors.map(\.label))
        func matrix(actorLabel: String) async throws {
            let actor = Self.actors.first { $0.label == actorLabel }!
            try await withNara { app in
                let db = app.db
                let sos = try await OrganisationModel.query(on: db).filter(\.$code == "SOS").first()!
                let regionJH = try await OrganisationModel.query(on: db).filter(\.$kind == "region").filter(\.$code == "23").first()!
                var client = Client(app)
                var principal: Principal?
                if let email = actor.email {
                    #expect(try await client.login(email).status == .seeOther)
                    let user = try await UserModel.query(on: db).filter(\.$email == email).first()!
                    principal = try await Principal.load(userID: user.requireID(), membershipID: nil, via: .session, on: db)
                }
                let own = principal?.organisation ?? regionJH
                let foreign = own.id == sos.id ? regionJH : sos
                let foreignEmails = try await OrganisationRoutes.members(of: foreign, on: db).map(\.email)

                // One API token for the actor and one for somebody else.
                let otherEmail = actor.email == Demo.provider ? Demo.payer : Demo.provider
                let other = try await UserModel.query(on: db).filter(\.$email == otherEmail).first()!
                let otherMembership = try await MembershipModel.query(on: db).filter(\.$userID == other.requireID()).first()!
                func token(for user: UUID, membership: UUID) async throws -> UUID {
                    let t = APITokenModel()
                    t.userID = user; t.membershipID = membership; t.name = "test"; t.tokenHash = SecretToken.hash(SecretToken.generate())
                    t.prefix = "nara_test"; t.createdAt = Date()
                    try await t.create(on: db)
                    return try t.requireID()
                }
                let foreignToken = try await token(for: other.requireID(), membership: otherMembership.requireID())
                var ownTokenID = foreignToken
                if let p = principal { ownTokenID = try await token(for: p.user.id!, membership: p.membership.id!) }
                let someMembership = try await MembershipModel.query(on: db).filter(\.$userID == other.requireID()).first()!.requireID()
                let reports = try await ReportModel.query(on: db).all()
                let ownReport = reports.first { $0.organisationID == own.id }
                let foreignReport = reports.first { $0.organisationID != own.id }!
                let form = try await FormDefinitionModel.query(on: db).first()!
                let assignment = try await AssignmentModel.query(on: db).first()!
                let requisition = RequisitionModel()
                requisition.agreementYear = 2019; requisition.organisationID = regionJH.id!; requisition.state = "attested"
                requisition.amountOre = 100; requisition.areas = "{}"; requisition.createdAt = Date(); requisition.createdBy = "test"
                try await requisition.create(on: db)
                let payment = PaymentModel()
                payment.agreementYear = 2019; payment.organisationID = regionJH.id!; payment.amountOre = 100; payment.areas = "{}"
                payment.paymentDate = "2019-06-01"; payment.reference = "TEST"; payment.status = "planned"; payment.createdBy = "test"
                try await payment.create(on: db)
                let provider = try await OrganisationModel.query(on: db).filter(\.$kind == "provider").first()!
                let fundAssignment = FundAssignmentModel()
                fundAssignment.agreementYear = 2019; fundAssignment.organisationID = regionJH.id!; fundAssignment.area = 1; fundAssignment.title = "T"
                fundAssignment.costObject = ""; fundAssignment.providerID = provider.id; fundAssignment.amountOre = 400_000; fundAssignment.createdAt = Date()
                fundAssignment.createdBy = "test"
                try await fundAssignment.create(on: db)
                let providerRequest = ProviderRequestModel()
                providerRequest.assignmentID = fundAssignment.id!; providerRequest.quarter = 1; providerRequest.amountOre = 100; providerRequest.state = "submitted"
                providerRequest.createdAt = Date(); providerRequest.createdBy = "test"
                try await providerRequest.create(on: db)
                // A questionnaire draft with one section and one question, for the builder's routes.
                let draft = FormDraftModel()
                draft.formKey = "matris-utkast"; draft.revision = 1
                draft.definition = try FormDrafts.encode(FormDefinition(id: "matris-utkast", version: 1, title: "Matris", sections: [
                    FormSection(id: "a", heading: "A", questions: [Question(id: "q1", number: "1", text: "Fråga", type: .text)])]))
                draft.createdAt = Date(); draft.createdBy = "test"; draft.updatedAt = Date(); draft.updatedBy = "test"
                try await draft.create(on: db)

                for route in app.routes.all {
                    guard let rule = route.accessRule else { Issue.record("no rule: \(route.path.string)"); continue }
                    for variant in ["own", "foreign"] {
                        let isForeign = variant == "foreign"
                        let path = "/" + route.path.map { component -> String in
                            guard case .parameter(let name) = component else { return component.description }
                            switch name {
                            case "year": return "2023"
                            case "pot": return "regioner"
                            case "code": return "23"
                            case "org": return (isForeign ? foreign : own).id!.uuidString
                            case "token": return (isForeign ? foreignToken : ownTokenID).uuidString
                            case "person": return other.id!.uuidString
                            case "membership": return someMembership.uuidString
                            case "pending", "invitation", "attachment": return UUID().uuidString
                            case "letter": return UUID().uuidString
                            case "report": return (isForeign ? foreignReport : (ownReport ?? foreignReport)).id!.uuidString
                            case "section", "version": return "1"
                            case "question": return "q1"
                            case "formkey": return ReferenceForms.municipalFinalReportKey
                            case "indicator": return IndicatorDefinition.catalogue[0].key
                            case "link": return UUID().uuidString
                            case "form": return form.id!.uuidString
                            case "assignment": return assignment.id!.uuidString
                            case "requisition": return requisition.id!.uuidString
                            case "payment": return payment.id!.uuidString
                            case "fundassignment": return fundAssignment.id!.uuidString
                            case "request": return providerRequest.id!.uuidString
                            case "draft": return draft.id!.uuidString
                            case "index": return "0"
                            case "provider": return "freja"
                            default: Issue.record("no sample value for :\(name) in \(route.path.string)"); return "x"
                            }
                        }.joined(separator: "/") + (route.path.string.contains("berakning") ? "?version=1" : "")
                        let hasVariants = route.path.contains { if case .parameter(let n) = $0 { return n == "org" || n == "token" || n == "report" }; return false }
                        if isForeign && !hasVariants { continue }
                        let usesReport = route.path.contains { if case .parameter(let n) = $0 { return n == "report" }; return false }
                        if usesReport && !isForeign && ownReport == nil { continue }
                        let targetReport = isForeign ? foreignReport : (ownReport ?? foreignReport)

                        // Anyone may be signed out by the walk itself; sign in again when needed.
                        let changes = route.method == .POST || route.method == .PUT || route.method == .PATCH
                        if let email = actor.email, changes { try await client.login(email) }
                        let before = changes ? try await Self.snapshot(db) : ""
                        let form: [String: String] = [
                            "name": "Ändrad av testet", "code": "TEST-1", "parent": regionJH.id!.uuidString, "role": "administrator",
                            "email": "ny@example.se", "organisation": foreign.id!.uuidString, "membership": someMembership.uuidString,
                            "date": "2022-11-01", "source": "test", "definition": "{}", "message": "Komplettera", "question": "q1",
                            "value": "Ja", "value_q1": "Ja", "revision": "0", "revision_q1": "0", "section": "0", "form": form.id!.uuidString,
                            "amount": "1 000", "reason": "Test", "spent_0": "100", "repayment": "1", "paid_on": "2020-03-01", "quarter": "1", "decision": "approve",
                            "a_title": "Uppdrag", "a_area": "1", "a_cost": "9916", "a_amount": "100",
                            "year": "2023", "recipients": "rss", "kind": "final", "opens": "2026-01-01", "deadline": "2026-03-31",
                        ]
                        let res = try await client.request(route.method, path, form: changes ? form : nil)
                        let status = res.status.code

                        let expectedAllowed: Bool
                        switch rule {
                        case .everyone: expectedAllowed = true
                        case .signedIn: expectedAllowed = principal != nil
                        case .capability(let c): expectedAllowed = principal.map { AccessPolicy.may($0.standing, c) } ?? false
                        case .organisation(let c, _):
                            let target = (isForeign ? foreign : own).id!.uuidString
                            expectedAllowed = principal.map { AccessPolicy.may($0.standing, c, organisation: target) } ?? false
                        case .ownToken: expectedAllowed = principal != nil && !isForeign
                        case .ownOrganisation(let c):
                            expectedAllowed = principal.map { AccessPolicy.may($0.standing, c, organisation: $0.standing.organisationID) } ?? false
                        case .ownFinanceDirector:
                            expectedAllowed = principal.map { $0.membership.financeDirector && AccessPolicy.may($0.standing, .changeOwnOrganisation, organisation: $0.standing.organisationID) } ?? false
                        case .financeDirector:
                            let target = (isForeign ? foreign : own).id!.uuidString
                            expectedAllowed = principal.map { $0.membership.financeDirector && AccessPolicy.may($0.standing, .changeOwnOrganisation, organisation: target) } ?? false
                        case .recipient(let c, _):
                            expectedAllowed = principal.map { AccessPolicy.may($0.standing, c, organisation: regionJH.id!.uuidString) } ?? false
                        case .report(let c, _):
                            expectedAllowed = principal.map { AccessPolicy.may($0.standing, c, organisation: targetReport.organisationID.uuidString) } ?? false
                        }
                        let where_ = "\(actor.label) \(route.method) \(path) [\(rule)]"
                        #expect(status < 500, "\(where_) → \(status)")
                        if expectedAllowed {
                            #expect(status != 401 && status != 403, "\(where_) should be allowed, got \(status)")
                        } else {
                            let refused = status == 401 || status == 403 || status == 404
                                || (status == 303 && (res.headers.first(name: .location) ?? "").hasPrefix("/logga-in"))
                            #expect(refused, "\(where_) should be refused, got \(status)")
                            for email in foreignEmails { #expect(!res.text.contains(email), "\(where_) leaked \(email)") }
                            if changes {
                                #expect(try await Self.snapshot(db) == before, "\(where_) changed the database")
                            }
                        }
                    }
                }
            }
        }
    }
}

extension AppTests.AccessMatrixTests {
    @Test("docs/ACCESS.md lists every route with its rule")
    func accessDocumentIsCurrent() async throws {
        try await withNara { app in
            let docURL = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
                .deletingLastPathComponent().appendingPathComponent("docs/ACCESS.md")
            let doc = try String(contentsOf: docURL, encoding: .utf8)
            for line in AccessRulesCommand.table(app.routes.all).split(separator: "\n").dropFirst(2) {
                #expect(doc.contains(line), "docs/ACCESS.md lacks: \(line) (run nara access-rules)")
            }
        }
    }
}
