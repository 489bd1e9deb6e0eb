import Fluent
import Foundation
import NaraCore
import NaraPersistence
import Testing
import VaporTesting
@testable import NaraWeb

extension AppTests {
    /// What the questionnaire builder refuses, and whom: a change refused for its input comes back 422 with
    /// what was typed and the Swedish reason, a change sent for an older revision 409, and nobody but those
    /// who manage questionnaires reaches a builder route. Nothing refused changes the draft.
    @Suite("Questionnaire builder: refusals, conflicts and access")
    struct FormBuilderRefusalTests {
        typealias Builder = AppTests.FormBuilderTests

        static func audits(_ db: any Database) async throws -> Int { try await AuditEntryModel.query(on: db).count() }

        @Test("a question refused for its fields: 422, the input kept, the Swedish message at the field, the draft unchanged")
        func refusedQuestions() async throws {
            try await withNara { app in
                let db = app.db
                var admin = try await Client.signedIn(app, Demo.admin)
                let id = try await Builder.conditionalDraft(&admin, db: db)
                let before = try await Builder.state(id, db)
                let audits = try await Self.audits(db)
                struct Case { let path: String; let fields: [String: String]; let field: String; let message: String; let kept: [String] }
                let cases = [
                    Case(path: "fragor/ny", fields: ["section": "0", "id": "q1", "number": "3", "text": "Dubblett & <b>fet</b>", "type": "text"],
                         field: "id", message: "Id:t ”q1” används redan av en annan fråga; välj ett annat.", kept: ["id", "text", "number"]),
                    // The editor's select offers only earlier questions; a later one is posted directly.
                    Case(path: "fragor/q1", fields: Builder.choice("1", "Har regionen en plan?", options: ["Ja", "Nej"], showIf: ("q2", "Skriftlig")),
                         field: "conditionQuestion", message: "Villkoret gäller fråga 2, som står efter den här; en fråga kan bara visas utifrån en tidigare fråga.",
                         kept: ["text", "options", "conditionValues"]),
                    Case(path: "fragor/ny", fields: ["section": "0", "number": "3", "text": "Vilket år?", "type": "text",
                                                     "conditionQuestion": "finns-inte", "conditionValues": "Ja"],
                         field: "conditionQuestion", message: "Villkoret gäller en fråga som inte finns (”finns-inte”).", kept: ["text", "conditionValues"]),
                    Case(path: "fragor/ny", fields: Builder.choice("3", "Utan alternativ", options: [], comment: "Kommentar:"),
                         field: "options", message: "En valfråga behöver minst ett svarsalternativ; skriv ett per rad.", kept: ["text", "comment"]),
                    Case(path: "fragor/ny", fields: ["section": "0", "number": "3", "text": "Antal", "type": "integer", "min": "10", "max": "5"],
                         field: "min", message: "Lägsta värdet är större än det högsta.", kept: ["text", "min", "max"]),
                    Case(path: "fragor/ny", fields: ["section": "0", "number": "3", "text": "Antal", "type": "integer", "min": "tio", "max": "5"],
                         field: "min", message: "Skriv ett heltal, till exempel 10.", kept: ["text", "min", "max"]),
                ]
                for c in cases {
                    let res = try await Builder.change(&admin, id, c.path, c.fields, db: db)
                    AppTests.RefusedFormTests.expectRefused(res, field: c.field)
                    #expect(res.text.contains("id=\"\(c.field)-error\"><span class=\"visually-hidden\">Fel: </span>\(c.message)</p>"), "\(c.field): \(c.message)")
                    for name in c.kept { AppTests.RefusedFormTests.expectKept(res, name, c.fields[name]!) }
                    #expect(FormScraper.fields(in: res.text)["type"] == c.fields["type"], "\(c.field): the type is not kept")
                    let after = try await Builder.state(id, db)
                    #expect(after.revision == before.revision && after.definition == before.definition, "\(c.field): the draft changed")
                }
                #expect(try await Self.audits(db) == audits)
            }
        }

        @Test("a change that would break another question is refused and names both: removing, moving; publishing with an empty section")
        func refusedChanges() async throws {
            try await withNara { app in
                let db = app.db
                var admin = try await Client.signedIn(app, Demo.admin)
                let id = try await Builder.conditionalDraft(&admin, db: db)
                #expect(try await Builder.change(&admin, id, "avsnitt", ["heading": "Tomt avsnitt"], db: db).status == .seeOther)
                let before = try await Builder.state(id, db)
                let audits = try await Self.audits(db)
                let refusals: [(path: String, fields: [String: String], message: String)] = [
                    ("fragor/q1/ta-bort", [:], "Fråga 1 kan inte tas bort: fråga 2 visas utifrån svaret på den. Ändra villkoret i fråga 2 först."),
                    ("fragor/q2/flytta", ["direction": "upp"], "Fråga 2 kan inte flyttas dit: den visas utifrån svaret på fråga 1 och måste stå efter den."),
                    ("fragor/q1/flytta", ["direction": "ner"], "Fråga 1 kan inte flyttas dit: fråga 2 visas utifrån svaret på fråga 1 och måste stå efter den."),
                ]
                for r in refusals {
                    let res = try await Builder.change(&admin, id, r.path, r.fields, db: db)
                    #expect(res.status == .unprocessableEntity, "\(r.path): \(res.status)")
                    let alert = res.text.components(separatedBy: "Ändringen sparades inte").dropFirst().first?.prefix(300) ?? ""
                    #expect(alert.contains(r.message), "\(r.path): \(alert)")
                    let after = try await Builder.state(id, db)
                    #expect(after.revision == before.revision && after.definition == before.definition, "\(r.path): the draft changed")
                }

                // Publishing with a section without questions: 422, the section named, no version stored, the draft kept.
                let res = try await Builder.change(&admin, id, "publicera", db: db)
                #expect(res.status == .unprocessableEntity)
                #expect(res.text.contains("Formuläret publicerades inte: 1 sak behöver rättas först."))
                #expect(res.text.contains("<a href=\"#avsnitt-2\">Avsnittet ”Tomt avsnitt” har inga frågor; lägg till en fråga eller ta bort avsnittet.</a>"))
                #expect(try await FormDefinitionModel.query(on: db).filter(\.$formKey == Builder.key).count() == 0)
                let after = try await Builder.state(id, db)
                #expect(after.revision == before.revision && after.definition == before.definition)
                #expect(try await Self.audits(db) == audits)

                // Once the empty section is gone it can be published.
                #expect(try await Builder.change(&admin, id, "avsnitt/1/ta-bort", db: db).status == .seeOther)
                #expect(try await Builder.change(&admin, id, "publicera", db: db).status == .seeOther)
                #expect(try await FormDefinitionModel.query(on: db).filter(\.$formKey == Builder.key).count() == 1)
            }
        }

        @Test("a change elsewhere that would break a condition is refused: the target's type or options, its section removed or moved after")
        func conditionsElsewhere() async throws {
            try await withNara { app in
                let db = app.db
                var admin = try await Client.signedIn(app, Demo.admin)
                let id = try await Builder.conditionalDraft(&admin, db: db)
                #expect(try await Builder.change(&admin, id, "avsnitt", ["heading": "Andra avsnittet"], db: db).status == .seeOther)
                #expect(try await Builder.change(&admin, id, "fragor/ny", Builder.choice("3", "Varför inte?", options: ["Tid", "Pengar"], section: 1,
                                                                                        showIf: ("q1", "Nej")), db: db).status == .seeOther)
                let before = try await Builder.state(id, db)
                var text = Builder.choice("1", "Har regionen en plan?", options: ["Ja", "Nej"])
                text["type"] = "text"
                let refusals: [(path: String, fields: [String: String], message: String)] = [
                    // (The product names the first of fråga 2's problems: today "”Ja” är inget svarsalternativ i fråga 1".)
                    ("fragor/q1", text, "Ändringen skulle göra fråga 2 felaktig: "),
                    ("fragor/q1", Builder.choice("1", "Har regionen en plan?", options: ["Ja", "Kanske"]),
                     "Ändringen skulle göra fråga 3 felaktig: ”Nej” är inget svarsalternativ i fråga 1."),
                    ("avsnitt/0/ta-bort", [:], "Avsnittet kan inte tas bort: fråga 3 har ett villkor på fråga 1 i avsnittet. Ändra villkoret först."),
                    ("avsnitt/1/flytta", ["direction": "upp"], "Avsnittet kan inte flyttas dit: fråga 3 visas utifrån svaret på fråga 1 och måste stå efter den."),
                    ("avsnitt/0/flytta", ["direction": "ner"], "Avsnittet kan inte flyttas dit: fråga 3 visas utifrån svaret på fråga 1 och måste stå efter den."),
                ]
                for r in refusals {
                    let res = try await Builder.change(&admin, id, r.path, r.fields, db: db)
                    #expect(res.status == .unprocessableEntity, "\(r.path): \(res.status)")
                    let alert = res.text.components(separatedBy: "class=\"error-summary\"").dropFirst().first?.prefix(400) ?? ""
                    #expect(alert.contains(r.message), "\(r.path): \(alert)")
                    let after = try await Builder.state(id, db)
                    #expect(after.revision == before.revision && after.definition == before.definition, "\(r.path): the draft changed")
                }
                // The type refused, what was typed is still in the form.
                let typed = try await Builder.change(&admin, id, "fragor/q1", text, db: db)
                #expect(FormScraper.fields(in: typed.text)["type"] == "text")
            }
        }

        @Test("discarding: the draft goes, the versions stay, audited; a discard sent from a page older than the draft is a conflict")
        func discard() async throws {
            try await withNara { app in
                let db = app.db
                var admin = try await Client.signedIn(app, Demo.admin)
                let id = try await Builder.conditionalDraft(&admin, db: db)
                let definitions = try await FormDefinitionModel.query(on: db).count()
                let seen = String(try await Builder.stored(id, db).revision)
                #expect(try await Builder.change(&admin, id, "avsnitt", ["heading": "Tillagt av en kollega"], db: db).status == .seeOther)
                let stale = try await admin.post(SiteURL.adminDraft(id, "kasta"), ["revision": seen])
                let kept = try await FormDraftModel.find(id, on: db) != nil
                #expect(stale.status == .conflict)
                #expect(kept, "the colleague's section was thrown away")

                if kept {
                    let res = try await Builder.change(&admin, id, "kasta", db: db)
                    #expect(res.status == .seeOther)
                    #expect(res.headers.first(name: .location) == SiteURL.adminForms)
                }
                #expect(try await FormDraftModel.find(id, on: db) == nil)
                #expect(try await FormDefinitionModel.query(on: db).count() == definitions)
                let entry = try #require(try await AuditEntryModel.query(on: db).filter(\.$entityType == "form_draft")
                    .filter(\.$entityID == id.uuidString).filter(\.$action == "delete").first())
                let before = try Builder.json(entry.before)
                #expect(before["formulär"] == Builder.key && before["titel"] == Builder.title && before["frågor"] == "2")
                let again = try await admin.post(SiteURL.adminDraft(id, "kasta"), ["revision": seen])
                #expect(again.status == .notFound)
                #expect(again.text.contains("Utkastet finns inte längre; det kan ha publicerats eller kastats."))
            }
        }

        @Test("starting a draft: an id that is not one, no title, an id already taken are refused at their fields; the same id again leads to its draft")
        func refusedStart() async throws {
            try await withNara { app in
                let db = app.db
                var admin = try await Client.signedIn(app, Demo.admin)
                try await admin.get(SiteURL.adminForms)
                let bad = try await admin.post(SiteURL.adminDrafts, ["key": "Fel id <b>", "title": " "])
                AppTests.RefusedFormTests.expectRefused(bad, field: "key")
                AppTests.RefusedFormTests.expectRefused(bad, field: "title")
                AppTests.RefusedFormTests.expectKept(bad, "key", "Fel id <b>")
                #expect(bad.text.contains("Skriv ett id med bokstäverna a–z"))
                let taken = try await admin.post(SiteURL.adminDrafts, ["key": ReferenceForms.municipalFinalReportKey, "title": "Ny"])
                AppTests.RefusedFormTests.expectRefused(taken, field: "key")
                #expect(taken.text.contains("Det finns redan ett formulär med id:t ”\(ReferenceForms.municipalFinalReportKey)”."))
                #expect(try await FormDraftModel.query(on: db).count() == 0)
                let id = try await Builder.start(&admin)
                let again = try await admin.post(SiteURL.adminDrafts, ["key": Builder.key, "title": "Annan titel"])
                #expect(again.status == .seeOther)
                #expect(try Builder.draftID(again) == id)
                #expect(try await FormDraftModel.query(on: db).count() == 1)
                #expect(try await Builder.state(id, db).definition.title == Builder.title)
            }
        }

        @Test("two changes sent at the same revision: the second is 409 with a Swedish message, and only the first is in the draft")
        func conflict() async throws {
            try await withNara { app in
                let db = app.db
                var admin = try await Client.signedIn(app, Demo.admin)
                let id = try await Builder.conditionalDraft(&admin, db: db)
                let seen = String(try await Builder.stored(id, db).revision)
                #expect(try await admin.post(SiteURL.adminDraft(id, "avsnitt"), ["revision": seen, "heading": "Första"]).status == .seeOther)
                let audits = try await Self.audits(db)
                let second = try await admin.post(SiteURL.adminDraft(id, "avsnitt"), ["revision": seen, "heading": "Andra"])
                #expect(second.status == .conflict)
                #expect(second.text.contains("Någon annan har ändrat utkastet sedan du öppnade sidan, så din ändring sparades inte."))
                #expect(try await Builder.state(id, db).definition.sections.map(\.heading) == [Builder.heading, "Första"])

                // The question editor: the second person's text stays in the form to be sent again.
                let editor = try await admin.get(SiteURL.adminDraftQuestion(id, "q2"))
                var first = FormScraper.fields(in: editor.text), other = first
                first["text"] = "Vilken sorts plan har regionen?"
                other["text"] = "Vilken plan?"
                #expect(try await admin.post(SiteURL.adminDraftQuestion(id, "q2"), first).status == .seeOther)
                let late = try await admin.post(SiteURL.adminDraftQuestion(id, "q2"), other)
                #expect(late.status == .conflict)
                #expect(late.text.contains("Någon annan har ändrat utkastet sedan du öppnade sidan. Det du skrev står kvar"))
                AppTests.RefusedFormTests.expectKept(late, "text", "Vilken plan?")
                #expect(try await Builder.state(id, db).definition.question("q2")?.text == "Vilken sorts plan har regionen?")

                // Publishing what one saw before the last change is a conflict too.
                let stale = try await admin.post(SiteURL.adminDraft(id, "publicera"), ["revision": seen])
                #expect(stale.status == .conflict)
                #expect(try await FormDefinitionModel.query(on: db).filter(\.$formKey == Builder.key).count() == 0)
                #expect(try await Self.audits(db) == audits + 1)
            }
        }

        @Test("a question sent for a section that is not there, at an old revision, is 404 (the page cannot show a section it does not have)")
        func questionForMissingSection() async throws {
            try await withNara { app in
                let db = app.db
                var admin = try await Client.signedIn(app, Demo.admin)
                let id = try await Builder.conditionalDraft(&admin, db: db)
                let before = try await Builder.state(id, db)
                for fields in [["section": "9", "revision": "0", "number": "9", "text": "Ny", "type": "text"], ["section": "-1"], [:]] {
                    let res = try await admin.post(SiteURL.adminDraft(id, "fragor/ny"), fields)
                    #expect(res.status == .notFound, "\(fields): \(res.status)")
                    #expect(res.text.contains("Avsnittet finns inte i utkastet."))
                }
                // A colleague removes the only section while the question's editor is open; saving it is refused, not a crash.
                let editor = try await admin.get(SiteURL.adminDraftQuestion(id, "q1"))
                var fields = FormScraper.fields(in: editor.text)
                fields["text"] = "Ändrad medan avsnittet togs bort"
                #expect(try await Builder.change(&admin, id, "avsnitt/0/ta-bort", db: db).status == .seeOther)
                let late = try await admin.post(SiteURL.adminDraftQuestion(id, "q1"), fields)
                #expect(late.status == .notFound || late.status == .conflict, "\(late.status)")
                let after = try await Builder.state(id, db)
                #expect(after.revision == before.revision + 1 && after.definition.sections.isEmpty)
                #expect(try await admin.get(SiteURL.adminDraft(id)).status == .ok)
            }
        }

        @Test("unknown drafts, questionnaires and questions are 404 with a Swedish reason; a copy's year that is not one is sent back; a move with nowhere to go")
        func unknownAndNowhere() async throws {
            try await withNara { app in
                let db = app.db
                var admin = try await Client.signedIn(app, Demo.admin)
                let id = try await Builder.conditionalDraft(&admin, db: db)
                let unknown = UUID()
                for (path, reason) in [(SiteURL.adminDraft(unknown), "Utkastet finns inte längre"), (SiteURL.adminDrafts + "/inte-ett-id", "Utkastet finns inte."),
                                       (SiteURL.adminDraftQuestion(id, "q9"), "Frågan finns inte i utkastet."),
                                       (SiteURL.adminDraftSection(id, 3), "Avsnittet finns inte i utkastet."),
                                       (SiteURL.adminFormSection(unknown, 0), "Formuläret finns inte.")] {
                    let res = try await admin.get(path)
                    #expect(res.status == .notFound, "\(path): \(res.status)")
                    #expect(res.text.contains(reason), "\(path)")
                }
                let v1 = try #require(try await FormDefinitionModel.query(on: db).sort(\.$version).first())
                try await admin.get(SiteURL.adminForm(v1.id!))
                let badYear = try await admin.post(SiteURL.adminFormCopy(v1.id!), ["year": "20x4"])
                #expect(badYear.status == .seeOther && badYear.headers.first(name: .location) == SiteURL.adminForm(v1.id!))
                #expect(try await admin.get(SiteURL.adminForm(v1.id!)).text.contains("Skriv året som fyra siffror, till exempel 2024."))
                #expect(try await FormDraftModel.query(on: db).filter(\.$formKey == v1.formKey).count() == 0)
                #expect(try await admin.post(SiteURL.adminFormCopy(unknown), ["year": "2024"]).status == .notFound)

                // The first question up, the last down, the first section up: nothing to move.
                let before = try await Builder.state(id, db)
                let audits = try await Self.audits(db)
                for (path, direction) in [("fragor/q1/flytta", "upp"), ("fragor/q2/flytta", "ner"), ("avsnitt/0/flytta", "upp")] {
                    let res = try await Builder.change(&admin, id, path, ["direction": direction], db: db)
                    #expect(res.status.code < 500, "\(path)")
                }
                let after = try await Builder.state(id, db)
                #expect(after.definition == before.definition)
                let (revision, entries) = (after.revision, try await Self.audits(db) - audits)
                #expect(revision == before.revision)
                #expect(entries == 0)

            }
        }

        @Test("a question removed by a colleague while it was being edited: the conflict page says so, and does not offer to add it to another section")
        func removedMeanwhile() async throws {
            try await withNara { app in
                let db = app.db
                var admin = try await Client.signedIn(app, Demo.admin)
                let id = try await Builder.conditionalDraft(&admin, db: db)
                #expect(try await Builder.change(&admin, id, "avsnitt", ["heading": "Andra avsnittet"], db: db).status == .seeOther)
                #expect(try await Builder.change(&admin, id, "fragor/ny", ["section": "1", "number": "3", "text": "Tredje", "type": "text"], db: db).status == .seeOther)
                var fields = FormScraper.fields(in: try await admin.get(SiteURL.adminDraftQuestion(id, "q3")).text)
                fields["text"] = "Tredje, ändrad"
                #expect(try await Builder.change(&admin, id, "fragor/q3/ta-bort", db: db).status == .seeOther)
                let late = try await admin.post(SiteURL.adminDraftQuestion(id, "q3"), fields)
                #expect(late.status == .conflict)
                AppTests.RefusedFormTests.expectKept(late, "text", "Tredje, ändrad")
                let again = FormScraper.fields(in: late.text)
                #expect(!late.text.contains("Ny fråga i ”\(Builder.heading)”"))
                #expect(again["section"] != "0")

            }
        }

        @Test("a long section introduction (over 32 kB sent) is saved over a real connection")
        func longIntroduction() async throws {
            try await withNara { app in
                let db = app.db
                var admin = try await Client.signedIn(app, Demo.admin)
                let id = try await Builder.start(&admin)
                admin.overSocket = true
                #expect(try await admin.get(SiteURL.adminDraft(id)).status == .ok, "signed in over the socket too")
                let paragraph = "Från överenskommelsen: Regionerna och kommunerna ska tillsammans ställa om hälso- och sjukvården mot god och nära vård, "
                    + "med primärvården som nav och i samverkan med den kommunala vården och omsorgen."
                let introduction = Array(repeating: paragraph, count: 120).joined(separator: "\n\n")
                #expect(introduction.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!.utf8.count > 32_000)
                let res = try await Builder.change(&admin, id, "avsnitt", ["heading": "Långt avsnitt", "sectionIntroduction": introduction], db: db)
                // Over the socket the redirect is followed to the builder page.
                #expect(res.status == .seeOther || res.status == .ok, "\(res.status)")
                #expect(try await Builder.state(id, db).definition.sections.first?.introduction.count == 120)
            }
        }

        @Test("a recipient's editor gets 403 and a visitor is sent to sign in on every builder route; a post without the CSRF token is refused")
        func access() async throws {
            try await withNara { app in
                let db = app.db
                var admin = try await Client.signedIn(app, Demo.admin)
                let id = try await Builder.conditionalDraft(&admin, db: db)
                let version = try #require(try await FormDefinitionModel.query(on: db).first())
                let before = try await Builder.state(id, db)
                let definitions = try await FormDefinitionModel.query(on: db).count()
                let routes = app.routes.all.filter { route in
                    let p = route.path.string
                    return p.contains("formular/utkast") || p.hasSuffix("kopiera") || p.contains(":form/avsnitt")
                }
                #expect(routes.count >= 19)
                func path(_ route: Route) -> String {
                    "/" + route.path.map { component -> String in
                        if case .catchall = component { return "publicera" }
                        guard case .parameter(let name) = component else { return component.description }
                        switch name {
                        case "draft": return id.uuidString
                        case "form": return version.id!.uuidString
                        case "index": return "0"
                        case "question": return "q1"
                        default: Issue.record("no sample for :\(name)"); return "x"
                        }
                    }.joined(separator: "/")
                }
                let form = ["revision": String(before.revision), "key": "ny-nyckel", "title": "Ny", "heading": "Nytt", "year": "2024",
                            "section": "0", "number": "9", "text": "Ny fråga", "type": "text", "direction": "upp"]
                var editor = try await Client.signedIn(app, Demo.regionEditor)
                var visitor = Client(app)
                try await visitor.get("/logga-in")
                for route in routes {
                    let p = path(route)
                    let changes = route.method == .POST
                    let denied = try await editor.request(route.method, p, form: changes ? form : nil)
                    #expect(denied.status == .forbidden, "editor \(route.method) \(p): \(denied.status)")
                    #expect(!denied.text.contains("Har regionen en plan?"), "editor \(route.method) \(p) sees the draft")
                    let anonymous = try await visitor.request(route.method, p, form: changes ? form : nil)
                    let toSignIn = anonymous.status == .seeOther && (anonymous.headers.first(name: .location) ?? "").hasPrefix("/logga-in")
                    #expect(toSignIn || anonymous.status == .unauthorized || anonymous.status == .forbidden, "visitor \(route.method) \(p): \(anonymous.status)")
                    #expect(!anonymous.text.contains("Har regionen en plan?"), "visitor \(route.method) \(p) sees the draft")
                    // The administrator reaches it (a page, a redirect, or a refusal of the sample input; never 401/403/5xx).
                    if !changes {
                        let allowed = try await admin.get(p)
                        let catchall = route.path.last == .catchall
                        #expect(allowed.status == (catchall ? .seeOther : .ok), "admin GET \(p): \(allowed.status)")
                    }
                }
                let after = try await Builder.state(id, db)
                #expect(after.revision == before.revision && after.definition == before.definition)
                #expect(try await FormDraftModel.query(on: db).count() == 1)
                #expect(try await FormDefinitionModel.query(on: db).count() == definitions)

                // The administrator without the form's CSRF token, or with a forged one: refused, nothing changes.
                let bare = try await admin.post(SiteURL.adminDraft(id, "avsnitt"), ["revision": String(before.revision), "heading": "Utan token"], withCSRF: false)
                #expect(bare.status == .forbidden)
                let forged = try await admin.request(.POST, SiteURL.adminDraft(id, "publicera"), form: ["revision": String(before.revision), "_csrf": "x"], withCSRF: false)
                #expect(forged.status == .forbidden)
                let started = try await admin.post(SiteURL.adminDrafts, ["key": "utan-token", "title": "Utan token"], withCSRF: false)
                #expect(started.status == .forbidden)
                #expect(try await FormDraftModel.query(on: db).count() == 1)
                let unchanged = try await Builder.state(id, db)
                #expect(unchanged.revision == before.revision && unchanged.definition == before.definition)
                #expect(try await FormDefinitionModel.query(on: db).count() == definitions)
            }
        }
    }
}
