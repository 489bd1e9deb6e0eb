import Fluent
import Foundation
import NaraCore
import NaraPersistence
import Testing
import VaporTesting
@testable import NaraWeb

extension AppTests {
    /// No dead ends: every form refused for its input comes back as its own page (422, or 409 when the state of
    /// things refuses it), with what was typed kept, the error summary linking to the field and the message at
    /// the field; and nothing changed.
    @Suite("Refused forms: the same page again, the input kept, the reason in the summary and at the field")
    struct RefusedFormTests {
        static let hostile = "<script>x</script>\"'"
        static let malformed = "12,3,4"

        /// The page came back refused: the status, the summary linking to `field`, and (for a control) the message
        /// at the field, tied to it with aria-describedby and aria-invalid.
        static func expectRefused(_ res: TestingHTTPResponse, _ status: HTTPResponseStatus = .unprocessableEntity, field: String,
                                  control: Bool = true, sourceLocation: SourceLocation = #_sourceLocation) {
            let text = res.text
            let summary = text.contains("class=\"error-summary\""), linked = text.contains("href=\"#\(field)\"")
            let bare = text.contains("Till startsidan</a></p></main>")
            #expect(res.status == status, "\(field): \(res.status)", sourceLocation: sourceLocation)
            #expect(summary, "\(field): no summary", sourceLocation: sourceLocation)
            #expect(linked, "\(field): the summary does not link to the field", sourceLocation: sourceLocation)
            #expect(!bare, "\(field): a bare error page", sourceLocation: sourceLocation)
            guard control else { return }
            let message = text.contains("id=\"\(field)-error\"")
            let tag = FormScraper.matches("<(input|textarea|select)\\b[^>]*\\bid=\"\(NSRegularExpression.escapedPattern(for: field))\"[^>]*>", in: text).first ?? ""
            let invalid = tag.contains("aria-invalid=\"true\""), described = FormScraper.attribute("aria-describedby", in: tag)?.contains("\(field)-error") == true
            #expect(message, "\(field): no message at the field", sourceLocation: sourceLocation)
            #expect(invalid, "\(field): not marked invalid", sourceLocation: sourceLocation)
            #expect(described, "\(field): the message is not tied to the field", sourceLocation: sourceLocation)
        }

        /// What was typed is in the page's form as the browser would send it again.
        static func expectKept(_ res: TestingHTTPResponse, _ name: String, _ value: String, sourceLocation: SourceLocation = #_sourceLocation) {
            let kept = FormScraper.fields(in: res.text)[name] == value, raw = res.text.contains("<script>x</script>")
            #expect(kept, "\(name) not kept", sourceLocation: sourceLocation)
            #expect(!raw, "unescaped input", sourceLocation: sourceLocation)
        }

        static func audits(_ db: any Database) async throws -> Int { try await AuditEntryModel.query(on: db).count() }

        @Test("signing in, API keys, the organisation one acts for and accepting an invitation")
        func accountForms() async throws {
            try await withNara { app in
                let db = app.db
                // Sign-in page (LoginPage): an address that is not one, no password.
                var visitor = Client(app)
                try await visitor.get("/logga-in")
                let login = try await visitor.post("/logga-in", ["email": Self.hostile, "password": "fel-losenord"])
                Self.expectRefused(login, field: "email")
                Self.expectKept(login, "email", Self.hostile)
                #expect(try await visitor.get("/konto").status != .ok)

                // Account page (AccountPage): a key without a name, a name far too long, an organisation not one's own.
                var editor = try await Client.signedIn(app, Demo.regionEditor)
                try await editor.get("/konto")
                let before = try await Self.audits(db)
                Self.expectRefused(try await editor.post("/konto/api-nycklar", ["name": "   "]), field: "name")
                let long = String(repeating: Self.hostile, count: 6)
                let tooLong = try await editor.post("/konto/api-nycklar", ["name": long])
                Self.expectRefused(tooLong, field: "name")
                Self.expectKept(tooLong, "name", long)
                Self.expectRefused(try await editor.post("/konto/organisation", ["membership": Self.malformed]), field: "membership")
                #expect(try await APITokenModel.query(on: db).count() == 0)
                #expect(try await Self.audits(db) == before)

                // Invitation page (InvitationPage): no name, passwords that differ; the name typed is kept.
                var admin = try await Client.signedIn(app, Demo.admin)
                let orgs = try await OrganisationModel.query(on: db).filter(\.$kind == "rss").filter(\.$code == "23").first()!
                try await admin.get("/admin/personer/bjud-in")
                let sent = try await admin.post("/admin/personer/bjud-in", ["email": "ny@rss-jamtland.example", "organisation": orgs.id!.uuidString, "role": "recipient_viewer"])
                let link = try #require(FormScraper.matches("/inbjudan/[A-Za-z0-9_-]+", in: sent.text).first)
                var invited = Client(app)
                try await invited.get(link)
                let refused = try await invited.post(link, ["name": Self.hostile, "password": "Ett-langt-losenord-1", "repeated": "Ett-annat-losenord-2"])
                Self.expectRefused(refused, field: "repeated")
                Self.expectKept(refused, "name", Self.hostile)
                Self.expectRefused(try await invited.post(link, ["name": "", "password": "", "repeated": ""]), field: "name")
                #expect(try await UserModel.query(on: db).filter(\.$email == "ny@rss-jamtland.example").filter(\.$passwordHash != nil).count() == 0)
            }
        }

        @Test("administration: organisations, people, roles, population, questionnaires, rounds, agreements")
        func administrationForms() async throws {
            try await withNara { app in
                let db = app.db
                var admin = try await Client.signedIn(app, Demo.admin)
                try await admin.get("/admin/organisationer/ny")
                let organisations = try await OrganisationModel.query(on: db).count()
                let before = try await Self.audits(db)

                // New care provider (AdminOrganisationFormPage): no name, a code with markup.
                let provider = try await admin.post("/admin/organisationer", ["name": "", "code": Self.hostile, "parent": Self.malformed])
                Self.expectRefused(provider, field: "code")
                Self.expectKept(provider, "code", Self.hostile)
                // Editing an organisation: a name over 200 characters.
                let jamtland = try await OrganisationModel.query(on: db).filter(\.$kind == "region").filter(\.$code == "23").first()!
                let longName = String(repeating: "Å", count: 201)
                let edit = try await admin.post("/admin/organisationer/\(jamtland.id!.uuidString)", ["name": longName])
                Self.expectRefused(edit, field: "name")
                Self.expectKept(edit, "name", longName)
                #expect(try await OrganisationModel.query(on: db).count() == organisations)
                #expect(try await OrganisationModel.find(jamtland.id, on: db)?.name == jamtland.name)

                // Invitation (AdminInvitePage): an address that is not one.
                try await admin.get("/admin/personer/bjud-in")
                let invite = try await admin.post("/admin/personer/bjud-in", ["email": Self.malformed, "organisation": "", "role": ""])
                Self.expectRefused(invite, field: "email")
                Self.expectKept(invite, "email", Self.malformed)

                // People (AdminPeoplePage): deactivating oneself, no role, a role the organisation cannot have.
                let me = try await UserModel.query(on: db).filter(\.$email == Demo.admin).first()!
                Self.expectRefused(try await admin.post("/admin/personer/\(me.id!.uuidString)/aktiv"), .conflict, field: "person-\(me.id!.uuidString)", control: false)
                let rssPerson = try await UserModel.query(on: db).filter(\.$email == Demo.rssEditor).first()!
                let membership = try await MembershipModel.query(on: db).filter(\.$userID == rssPerson.id!).first()!
                let mid = membership.id!.uuidString
                Self.expectRefused(try await admin.post("/admin/medlemskap/\(mid)/roll", ["role": Self.malformed]), field: "role-\(mid)")
                Self.expectRefused(try await admin.post("/admin/medlemskap/\(mid)/roll", ["role": "payer"]), field: "role-\(mid)")
                let providerPerson = try await UserModel.query(on: db).filter(\.$email == Demo.provider).first()!
                let theirs = try await MembershipModel.query(on: db).filter(\.$userID == providerPerson.id!).first()!
                Self.expectRefused(try await admin.post("/admin/medlemskap/\(theirs.id!.uuidString)/ekonomichef", ["finance_director": "ja"]), .conflict,
                                   field: "role-\(theirs.id!.uuidString)")
                #expect(try await MembershipModel.find(membership.id, on: db)?.role == membership.role)
                #expect(try await UserModel.find(me.id, on: db)?.isActive == true)

                // Population upload (PopulationAdminPage): a date that is not one, no file.
                try await admin.get("/admin/befolkning")
                let population = try await admin.post("/admin/befolkning", ["date": Self.malformed, "source": Self.hostile])
                Self.expectRefused(population, field: "date")
                Self.expectKept(population, "date", Self.malformed)
                Self.expectKept(population, "source", Self.hostile)

                // Questionnaires and rounds (FormAdminPage): a definition that is not JSON; a round with bad dates.
                try await admin.get("/admin/formular")
                let definitions = try await FormDefinitionModel.query(on: db).count()
                let upload = try await admin.post("/admin/formular", ["definition": Self.hostile])
                Self.expectRefused(upload, field: "definition")
                Self.expectKept(upload, "definition", Self.hostile)
                let rounds = try await AssignmentModel.query(on: db).count()
                let round = try await admin.post("/admin/omgangar", ["form": Self.malformed, "year": "2023", "recipients": "rss", "kind": "final",
                                                                     "opens": Self.malformed, "deadline": "", "reviewer": String(repeating: "x", count: 201)])
                Self.expectRefused(round, field: "opens")
                Self.expectRefused(round, field: "form")
                Self.expectKept(round, "opens", Self.malformed)
                Self.expectKept(round, "reviewer", String(repeating: "x", count: 201))
                Self.expectKept(round, "kind", "final")
                #expect(try await FormDefinitionModel.query(on: db).count() == definitions)
                #expect(try await AssignmentModel.query(on: db).count() == rounds)

                // A new agreement (AgreementListPage): a year that is not one.
                try await admin.get("/admin/overenskommelser")
                let agreement = try await admin.post("/admin/overenskommelser", ["year": Self.malformed, "copy_from": ""])
                Self.expectRefused(agreement, field: "year")
                Self.expectKept(agreement, "year", Self.malformed)
                #expect(try await AgreementModel.query(on: db).count() == 3)
                #expect(try await Self.audits(db) == before)
            }
        }

        static let uuid = "[0-9A-Fa-f-]{36}"

        /// Every form that posts in Nära, by its action, with its page and the test above that refuses it.
        static let covered: [(action: String, page: String)] = [
            ("^/logga-in$", "LoginPage: accountForms"),
            ("^/konto/api-nycklar$", "AccountPage, new API key: accountForms"),
            ("^/konto/organisation$", "AccountPage, act for: accountForms"),
            ("^/inbjudan/[^/]+$", "InvitationPage: accountForms"),
            ("^/admin/organisationer$", "AdminOrganisationFormPage, new provider: administrationForms"),
            ("^/admin/organisationer/\(uuid)$", "AdminOrganisationFormPage, edit: administrationForms"),
            ("^/admin/personer/bjud-in$", "AdminInvitePage: administrationForms"),
            ("^/admin/personer/\(uuid)/aktiv$", "AdminPeoplePage, deactivate: administrationForms"),
            ("^/admin/medlemskap/\(uuid)/roll$", "AdminPeoplePage, role: administrationForms"),
            ("^/admin/medlemskap/\(uuid)/ekonomichef$", "AdminPeoplePage, finance director: administrationForms"),
            ("^/admin/befolkning$", "PopulationAdminPage, upload: administrationForms"),
            ("^/admin/formular$", "FormAdminPage, questionnaire: administrationForms"),
            ("^/admin/omgangar$", "FormAdminPage and RoundOfferAdmin, new round: administrationForms"),
            ("^/admin/overenskommelser$", "AgreementListPage, new draft: administrationForms"),
            ("^/rapporter/\(uuid)/avsnitt/[0-9]+$", "SectionPage: reportForms"),
            ("^/rapporter/\(uuid)/skicka-in$", "CheckPage: reportForms"),
            ("^/rapporter/\(uuid)/godkann$", "ReportOverviewPage, approve: reportForms"),
            ("^/rapporter/\(uuid)/komplettering$", "ReportOverviewPage, ask for completion: reportForms"),
            ("^/malbild$", "OwnGoalPicturePage: goalPictureAndQuantities"),
            ("^/organisationer/\(uuid)/antal/[0-9]+/[^/]+$", "QuantityReportPage: goalPictureAndQuantities"),
            ("^/overenskommelser/[0-9]+/antal/[^/]+/\(uuid)$", "QuantityDecisionPage: goalPictureAndQuantities"),
            ("^/overenskommelser/[0-9]+/antal/[^/]+/fordela$", "QuantityReviewPage: goalPictureAndQuantities"),
        ]

        /// Forms whose refusals other suites test, named.
        static let coveredElsewhere: [(action: String, test: String)] = [
            ("^/admin/overenskommelser/[0-9]+$", "AgreementAdminTests: bad input is refused at its field with the typed text kept"),
            ("^/admin/overenskommelser/[0-9]+/publicera$", "AgreementAdminTests: a copy of 2024 becomes a 2027 draft … (publishing unreconciled, 422)"),
            ("^/admin/formular/utkast$", "FormBuilderRefusalTests: starting a draft: an id that is not one, no title, an id already taken are refused at their fields"),
            ("^/uppfoljning/kopplingar$", "FollowUpTests: year on year … an administrator's link brings another form in"),
            ("^/uppfoljning/indikatorer$", "FollowUpTests: indicators: a broken file is refused line by line"),
            ("^/organisationer/\(uuid)/medel/", "MoneyTests: bad amounts are refused at the field and change nothing (money forms)"),
            ("^/organisationer/\(uuid)/planer/", "PlanTests: a refused line comes back as typed, 422 (money forms)"),
            ("^/organisationer/\(uuid)/uppdrag", "MoneyTests: assignments onward (money forms)"),
            ("^/utbetalningar/", "MoneyTests and PayerInbox tests (money forms)"),
        ]

        /// Buttons that carry nothing typed: nothing to keep or mark at a field.
        static let nothingTyped: [String] = [
            "^/logga-ut$", "^/konto/api-nycklar/\(uuid)/aterkalla$", "^/admin/omgangar/\(uuid)/las$", "^/admin/paminnelser$",
            "^/admin/befolkning/\(uuid)/spara$", "^/admin/fordelningar/[0-9]+$", "^/uppfoljning/kopplingar/\(uuid)/ta-bort$",
            // The conflict page sends back, in hidden fields, an answer already checked by the section's rules.
            "^/rapporter/\(uuid)/konflikt$",
        ]

        static func actions(in html: String) -> [String] {
            FormScraper.matches("<form\\b[^>]*>", in: html).filter { ($0.lowercased().contains("method=\"post\"")) }
                .compactMap { FormScraper.attribute("action", in: $0) }
        }

        @Test("every form that posts, on every page as every role, is one the tests above refuse, or named where it is tested")
        func everyFormIsCovered() async throws {
            try await withNara { app in
                let db = app.db
                app.clock = .on(.make(2024, 3, 1))
                let report = try await AppTests.ReportFlowTests.rssReport(app)
                let rid = report.id!.uuidString
                let region = try await OrganisationModel.query(on: db).filter(\.$kind == "region").filter(\.$code == "23").first()!.id!.uuidString
                var seen: [String: String] = [:]
                func visit(_ client: inout Client, _ paths: [String]) async throws {
                    for path in paths {
                        let res = try await client.get(path)
                        for action in Self.actions(in: res.text) { seen[action] = seen[action] ?? path }
                    }
                }
                var admin = try await Client.signedIn(app, Demo.admin)
                try await admin.get("/admin/overenskommelser")
                _ = try await admin.post("/admin/overenskommelser", ["year": "2027", "copy_from": "2024"])
                try await visit(&admin, ["/admin", "/admin/organisationer", "/admin/organisationer/ny", "/admin/organisationer/\(region)",
                                         "/admin/personer", "/admin/personer/bjud-in", "/admin/befolkning", "/admin/formular", "/admin/paminnelser",
                                         "/admin/overenskommelser", "/admin/overenskommelser/2027", "/admin/overenskommelser/2027/publicera", "/konto",
                                         "/uppfoljning/kopplingar", "/uppfoljning/indikatorer", "/overenskommelser/2023/antal/vfu"])
                var editor = try await Client.signedIn(app, Demo.rssEditor)
                try await visit(&editor, ["/rapporter", "/rapporter/\(rid)", "/rapporter/\(rid)/avsnitt/1", "/rapporter/\(rid)/kontrollera", "/konto", "/malbild"])
                try await AppTests.ReportFlowTests.fillRequired(&editor, report)
                _ = try await editor.post("/rapporter/\(rid)/skicka-in")
                var regionEditor = try await Client.signedIn(app, Demo.regionEditor)
                try await visit(&regionEditor, ["/konto", "/malbild", "/organisationer/\(region)", "/organisationer/\(region)/antal/2023/vfu",
                                                "/organisationer/\(region)/medel/2023", "/organisationer/\(region)/medel/2019",
                                                "/organisationer/\(region)/planer/2019", "/organisationer/\(region)/uppdrag"])
                var analyst = try await Client.signedIn(app, Demo.analyst)
                try await visit(&analyst, ["/rapporter/\(rid)", "/konto"])
                var payer = try await Client.signedIn(app, Demo.payer)
                try await visit(&payer, ["/utbetalningar", "/konto"])
                var visitor = Client(app)
                try await visit(&visitor, ["/logga-in", "/"])

                let patterns = Self.covered.map(\.action) + Self.coveredElsewhere.map(\.action) + Self.nothingTyped
                for (action, page) in seen.sorted(by: { $0.key < $1.key }) {
                    let known = patterns.contains { action.range(of: $0, options: .regularExpression) != nil }
                    #expect(known, "the form posting to \(action) on \(page) is not refused by any test")
                }
                // The scrape reached the forms this suite refuses.
                for needed in ["/logga-in", "/konto/api-nycklar", "/admin/formular", "/admin/omgangar", "/malbild", "/rapporter/\(rid)/komplettering"] {
                    #expect(seen[needed] != nil, "\(needed) was not found on any page")
                }
            }
        }
    }
}
