import Fluent
import Foundation
import NaraCore
import NaraPersistence
import Testing
import VaporTesting
@testable import NaraWeb

extension AppTests {
    /// The questionnaire builder over HTTP, as the demo administrator: a questionnaire built from nothing and
    /// published, a version copied into a new year, previews, hostile text, and a round that asks the result.
    /// The refusals, conflicts and access rules are in `FormBuilderRefusalTests`.
    @Suite("Questionnaire builder: built from nothing, copied into a year, previewed and published")
    struct FormBuilderTests {
        static let key = "regioner-lagesrapport-test"
        static let title = "Lägesrapport för regionerna 2024"
        static let heading = "Arbetet under året"

        // MARK: Helpers

        /// The draft's id from a redirect to the builder page.
        static func draftID(_ res: TestingHTTPResponse, sourceLocation: SourceLocation = #_sourceLocation) throws -> UUID {
            let location = try #require(res.headers.first(name: .location), sourceLocation: sourceLocation)
            let path = String(location.split(whereSeparator: { $0 == "#" || $0 == "?" })[0])
            let prefix = SiteURL.adminDrafts + "/"
            #expect(path.hasPrefix(prefix), "\(location)", sourceLocation: sourceLocation)
            return try #require(UUID(uuidString: String(path.dropFirst(prefix.count))), sourceLocation: sourceLocation)
        }

        /// Starts a draft from nothing on the questionnaires page.
        static func start(_ admin: inout Client, key: String = key, title: String = title) async throws -> UUID {
            try await admin.get(SiteURL.adminForms)
            let res = try await admin.post(SiteURL.adminDrafts, ["key": key, "title": title])
            #expect(res.status == .seeOther)
            return try draftID(res)
        }

        static func stored(_ id: UUID, _ db: any Database) async throws -> FormDraftModel {
            try #require(try await FormDraftModel.find(id, on: db))
        }

        /// The draft's revision and definition as stored.
        static func state(_ id: UUID, _ db: any Database) async throws -> (revision: Int, definition: FormDefinition) {
            let m = try await stored(id, db)
            return (m.revision, try FormDrafts.decode(m.definition))
        }

        /// Posts a change to the draft at the revision it has now (what the page the person sees carries),
        /// unless `fields` names one.
        @discardableResult
        static func change(_ admin: inout Client, _ id: UUID, _ rest: String, _ fields: [String: String] = [:],
                           db: any Database) async throws -> TestingHTTPResponse {
            var f = fields
            if f["revision"] == nil { f["revision"] = String(try await stored(id, db).revision) }
            return try await admin.post(SiteURL.adminDraft(id, rest), f)
        }

        /// The question form's fields for a single-choice question.
        static func choice(_ number: String, _ text: String, options: [String], comment: String = "", section: Int = 0,
                           showIf: (question: String, values: String)? = nil) -> [String: String] {
            ["section": String(section), "number": number, "text": text, "type": QuestionType.singleChoice.rawValue, "required": "ja",
             "options": options.joined(separator: "\n"), "comment": comment,
             "conditionQuestion": showIf?.question ?? "", "conditionValues": showIf?.values ?? ""]
        }

        /// A section with a choice question (1, q1: Ja/Nej) and a question shown when it is Ja (2, q2).
        static func conditionalDraft(_ admin: inout Client, db: any Database, key: String = key,
                                     option: String = "Ja", text: String = "Har regionen en plan?") async throws -> UUID {
            let id = try await start(&admin, key: key)
            #expect(try await change(&admin, id, "avsnitt", ["heading": heading], db: db).status == .seeOther)
            #expect(try await change(&admin, id, "fragor/ny", choice("1", text, options: [option, "Nej"]), db: db).status == .seeOther)
            #expect(try await change(&admin, id, "fragor/ny", choice("2", "Vilken sorts plan?", options: ["Skriftlig", "Muntlig"],
                                                                    showIf: ("q1", option)), db: db).status == .seeOther)
            return id
        }

        static func json(_ s: String) throws -> [String: String] {
            s.isEmpty ? [:] : try JSONDecoder().decode([String: String].self, from: Data(s.utf8))
        }

        // MARK: Built from nothing

        @Test("built from nothing: a section, a choice and a free-text question, moved, changed, one removed; published as version 1, audited")
        func buildFromNothing() async throws {
            try await withNara { app in
                let db = app.db
                var admin = try await Client.signedIn(app, Demo.admin)
                let id = try await Self.start(&admin)
                var (revision, d) = try await Self.state(id, db)
                #expect(revision == 1 && d.id == Self.key && d.title == Self.title && d.version == 1 && d.sections.isEmpty)
                #expect(try await admin.get(SiteURL.adminDraft(id)).text.contains("Formuläret har inga avsnitt ännu"))

                let added = try await Self.change(&admin, id, "avsnitt", ["heading": Self.heading, "sectionIntroduction": "Från överenskommelsen: ett stycke."], db: db)
                #expect(added.status == .seeOther)
                #expect(try Self.draftID(added) == id)
                let options = ["Ja", "Nej", "Delvis", "Vet inte"]
                let q1 = try await Self.change(&admin, id, "fragor/ny",
                                               Self.choice("1", "Har regionen en plan?", options: options, comment: "Lämna gärna en kommentar här:"), db: db)
                #expect(q1.status == .seeOther)
                #expect(try Self.draftID(q1) == id)
                #expect(q1.headers.first(name: .location)?.hasSuffix("#fraga-q1") == true, "the builder opens at the new question")
                let q2 = try await Self.change(&admin, id, "fragor/ny", ["section": "0", "number": "2", "text": "Beskriv arbetet.", "type": "text",
                                                                         "maxLength": "2000"], db: db)
                #expect(q2.status == .seeOther)
                let q3 = try await Self.change(&admin, id, "fragor/ny", ["section": "0", "number": "3", "text": "Hur många vårdcentraler?", "type": "integer",
                                                                         "required": "ja", "min": "0", "max": "500"], db: db)
                #expect(q3.status == .seeOther)
                (revision, d) = try await Self.state(id, db)
                #expect(revision == 5)
                #expect(d.questions.map(\.id) == ["q1", "q2", "q3"])

                // The second up, the first's text changed (the form as the editor shows it, one field changed), the third removed.
                #expect(try await Self.change(&admin, id, "fragor/q2/flytta", ["direction": "upp"], db: db).status == .seeOther)
                let editor = try await admin.get(SiteURL.adminDraftQuestion(id, "q1"))
                #expect(editor.status == .ok)
                var fields = FormScraper.fields(in: editor.text)
                #expect(fields["options"] == options.joined(separator: "\n") && fields["comment"] == "Lämna gärna en kommentar här:")
                fields["text"] = "Har regionen en skriftlig plan?"
                let saved = try await admin.post(SiteURL.adminDraftQuestion(id, "q1"), fields)
                #expect(saved.status == .seeOther)
                #expect(try await Self.change(&admin, id, "fragor/q3/ta-bort", db: db).status == .seeOther)

                let expected = FormDefinition(id: Self.key, version: 1, title: Self.title, sections: [
                    FormSection(id: "arbetet-under-aret", heading: Self.heading, introduction: ["Från överenskommelsen: ett stycke."], questions: [
                        Question(id: "q2", number: "2", text: "Beskriv arbetet.", type: .text, maxLength: 2000),
                        Question(id: "q1", number: "1", text: "Har regionen en skriftlig plan?", type: .singleChoice, required: true,
                                 options: options, comment: .init(label: "Lämna gärna en kommentar här:")),
                    ]),
                ])
                (revision, d) = try await Self.state(id, db)
                #expect(revision == 8)
                #expect(d == expected)

                // The builder page shows it: q2 before q1, q3 gone, the options and the comment field.
                let page = try await admin.get(SiteURL.adminDraft(id))
                #expect(page.status == .ok)
                let html = page.text
                let second = try #require(html.range(of: "id=\"fraga-q2\"")), first = try #require(html.range(of: "id=\"fraga-q1\""))
                #expect(second.lowerBound < first.lowerBound)
                #expect(!html.contains("fraga-q3") && !html.contains("Hur många vårdcentraler?"))
                #expect(html.contains("Har regionen en skriftlig plan?") && html.contains("kommentarsfält"))
                #expect(options.allSatisfy { html.contains("<li>\($0)</li>") })
                #expect(html.contains("Utkastet är komplett och kan publiceras."))

                // Published: version 1 with exactly that definition; the draft is gone.
                let published = try await Self.change(&admin, id, "publicera", db: db)
                #expect(published.status == .seeOther)
                let versions = try await FormDefinitionModel.query(on: db).filter(\.$formKey == Self.key).all()
                #expect(versions.count == 1)
                let v1 = try #require(versions.first)
                #expect(v1.version == 1 && v1.title == Self.title)
                #expect(try ReportService.definition(v1) == expected)
                #expect(published.headers.first(name: .location) == SiteURL.adminForm(v1.id!))
                #expect(try await FormDraftModel.find(id, on: db) == nil)
                #expect(try await admin.get(SiteURL.adminDraft(id)).status == .notFound)

                // The audit trail: the draft started, each change with before and after, the publication.
                let entries = try await AuditEntryModel.query(on: db).filter(\.$entityType == "form_draft").filter(\.$entityID == id.uuidString).all()
                #expect(entries.filter { $0.action == "create" }.count == 1)
                let updates = try entries.filter { $0.action == "update" }.map { (before: try Self.json($0.before), after: try Self.json($0.after)) }
                #expect(updates.count == 7)
                #expect(entries.allSatisfy { $0.actor == Demo.admin })
                #expect(updates.contains { $0.before.isEmpty && $0.after["avsnitt"] == Self.heading })
                #expect(updates.contains { $0.before.isEmpty && $0.after["fråga"] == "q1" && $0.after["alternativ"] == "Ja; Nej; Delvis; Vet inte" })
                #expect(updates.contains { $0.before["ordning"] == "\(Self.heading): 1, 2, 3" && $0.after["ordning"] == "\(Self.heading): 2, 1, 3" })
                #expect(updates.contains { $0.before["text"] == "Har regionen en plan?" && $0.after["text"] == "Har regionen en skriftlig plan?" })
                #expect(updates.contains { $0.before["fråga"] == "q3" && $0.before["min"] == "0" && $0.before["max"] == "500" && $0.after.isEmpty })
                let publication = try #require(try await AuditEntryModel.query(on: db).filter(\.$entityType == "form_definition")
                    .filter(\.$entityID == v1.id!.uuidString).filter(\.$action == "publish").first())
                let after = try Self.json(publication.after)
                #expect(after["version"] == "1" && after["formulär"] == Self.key && after["frågor"] == "2")
            }
        }

        // MARK: Copied into a year

        @Test("copied into 2024: the same question ids, the years marked and rewritten; one draft at a time; published as max+1; an unchanged copy is refused")
        func copyIntoAYear() async throws {
            try await withNara { app in
                let db = app.db
                let key = ReferenceForms.municipalFinalReportKey
                let versions = try await FormDefinitionModel.query(on: db).filter(\.$formKey == key).sort(\.$version).all()
                let v1 = try #require(versions.first), latest = try #require(versions.last)
                let v1Definition = try ReportService.definition(v1)
                #expect(v1.title.contains("2022"))
                var admin = try await Client.signedIn(app, Demo.admin)
                try await admin.get(SiteURL.adminForm(v1.id!))

                let copied = try await admin.post(SiteURL.adminFormCopy(v1.id!), ["year": "2024"])
                #expect(copied.status == .seeOther)
                let id = try Self.draftID(copied)
                let (_, d) = try await Self.state(id, db)
                #expect(d.title.contains("2024") && !d.title.contains("2022"))
                #expect(d.questions.map(\.id) == v1Definition.questions.map(\.id))
                #expect(d == FormYear.rewrite(v1Definition, to: 2024).withVersion(latest.version + 1))
                #expect(try await Self.stored(id, db).baseDefinitionID == v1.id)

                let page = try await admin.get(SiteURL.adminDraft(id))
                #expect(page.status == .ok)
                #expect(page.text.contains("<mark>2024</mark>"))
                #expect(page.text.contains("Årtal är markerade"))
                #expect(page.text.contains("kopierat från version 1"))
                #expect(page.text.contains("Skillnader mot version 1"))

                // A second copy while the draft exists leads to that draft.
                try await admin.get(SiteURL.adminForm(latest.id!))
                let again = try await admin.post(SiteURL.adminFormCopy(latest.id!), ["year": "2025"])
                #expect(again.status == .seeOther)
                #expect(try Self.draftID(again) == id)
                #expect(try await FormDraftModel.query(on: db).filter(\.$formKey == key).count() == 1)
                #expect(try await Self.state(id, db).definition == d)

                // Published: version max+1, the texts speak of 2024, every id kept.
                let published = try await Self.change(&admin, id, "publicera", db: db)
                #expect(published.status == .seeOther)
                let v3 = try #require(try await FormDefinitionModel.query(on: db).filter(\.$formKey == key).sort(\.$version, .descending).first())
                #expect(v3.version == latest.version + 1)
                #expect(published.headers.first(name: .location) == SiteURL.adminForm(v3.id!))
                let stored = try ReportService.definition(v3)
                #expect(stored.questions.map(\.id) == v1Definition.questions.map(\.id))
                #expect(stored == FormYear.rewrite(v1Definition, to: 2024).withVersion(v3.version))
                #expect(FormYear.year(of: stored) == 2024)
                #expect(try await FormDraftModel.query(on: db).filter(\.$formKey == key).count() == 0)

                // The latest version copied as it is: publishing it is refused as unchanged, and the draft stays.
                try await admin.get(SiteURL.adminForm(v3.id!))
                let plain = try await admin.post(SiteURL.adminFormCopy(v3.id!), ["year": ""])
                #expect(plain.status == .seeOther)
                let same = try Self.draftID(plain)
                let before = try await Self.state(same, db)
                let refused = try await Self.change(&admin, same, "publicera", db: db)
                #expect(refused.status == .conflict)
                #expect(refused.text.contains("Utkastet är likadant som version \(v3.version); det finns inget nytt att publicera."))
                #expect(try await FormDefinitionModel.query(on: db).filter(\.$formKey == key).count() == versions.count + 1)
                let after = try await Self.state(same, db)
                #expect(after.revision == before.revision && after.definition == before.definition)
            }
        }

        // MARK: A round asks it

        @Test("a round can ask the published version: its year's round uses it as is; another year's gets a version for that year")
        func roundUsesPublishedVersion() async throws {
            try await withNara { app in
                let db = app.db
                var admin = try await Client.signedIn(app, Demo.admin)
                let id = try await Self.conditionalDraft(&admin, db: db)
                #expect(try await Self.change(&admin, id, "publicera", db: db).status == .seeOther)
                let version = try #require(try await FormDefinitionModel.query(on: db).filter(\.$formKey == Self.key).first())
                #expect(FormYear.year(of: try ReportService.definition(version)) == 2024)

                try await admin.get(SiteURL.adminForms)
                let fields = ["form": version.id!.uuidString, "year": "2024", "recipients": "region", "kind": "final",
                              "opens": "2025-01-01", "deadline": "2025-03-31", "reviewer": "Socialstyrelsen"]
                #expect(try await admin.post("/admin/omgangar", fields).status == .seeOther)
                let rounds = try await AssignmentModel.query(on: db).filter(\.$formDefinitionID == version.id!).all()
                #expect(rounds.count == 1)
                #expect(rounds.first?.agreementYear == 2024)
                #expect(try await ReportModel.query(on: db).filter(\.$assignmentID == rounds[0].id!).count() > 0)

                // A round for 2025 asks the questionnaire's 2025 version (FormVersions.forYear): made once, same ids.
                var later = fields
                later["year"] = "2025"
                #expect(try await admin.post("/admin/omgangar", later).status == .seeOther)
                let round2025 = try #require(try await AssignmentModel.query(on: db).filter(\.$agreementYear == 2025).all()
                    .first { $0.formDefinitionID != version.id })
                let used = try #require(try await FormDefinitionModel.find(round2025.formDefinitionID, on: db))
                #expect(used.formKey == Self.key && used.version == 2 && used.title == "Lägesrapport för regionerna 2025")
                #expect(try ReportService.definition(used).questions.map(\.id) == ["q1", "q2"])
            }
        }

        // MARK: Preview

        @Test("the preview shows a section's questions as a recipient sees them, conditions in data-show-if; a section out of range is 404")
        func preview() async throws {
            try await withNara { app in
                let db = app.db
                var admin = try await Client.signedIn(app, Demo.admin)
                let id = try await Self.conditionalDraft(&admin, db: db)
                let res = try await admin.get(SiteURL.adminDraftPreview(id, 0))
                #expect(res.status == .ok)
                let html = res.text
                #expect(html.contains("Förhandsgranskning av utkastet."))
                #expect(html.contains("data-question=\"q1\"") && html.contains("data-question=\"q2\""))
                #expect(html.contains("data-show-if=\"q1\" data-show-values=\"[&quot;Ja&quot;]\""))
                #expect(res.count("data-show-if=") == 1)
                #expect(html.contains("Har regionen en plan?") && html.contains("Vilken sorts plan?"))
                let outside = try await admin.get(SiteURL.adminDraftPreview(id, 1))
                #expect(outside.status == .notFound)
                #expect(outside.text.contains("Avsnittet finns inte i utkastet."))
                #expect(try await admin.get(SiteURL.adminDraft(id, "forhandsgranska/-1")).status == .notFound)

                // A stored version, every section: each question there, each condition in data-show-if.
                let version = try #require(try await FormDefinitionModel.query(on: db).filter(\.$formKey == ReferenceForms.municipalFinalReportKey)
                    .sort(\.$version, .descending).first())
                let d = try ReportService.definition(version)
                #expect(d.questions.contains { $0.showIf != nil })
                for (i, section) in d.sections.enumerated() {
                    let page = try await admin.get(SiteURL.adminFormSection(version.id!, i))
                    #expect(page.status == .ok)
                    #expect(page.text.contains("Förhandsgranskning av version \(version.version)."))
                    for q in section.questions {
                        #expect(page.text.contains("data-question=\"\(q.id)\""), "section \(i): \(q.id)")
                        if let c = q.showIf {
                            let value = "data-show-if=\"\(c.question)\" data-show-values=\"\(Markup.escape(FormFields.showValues(c)))\""
                            #expect(page.text.contains(value), "section \(i): \(q.id)")
                        }
                    }
                    #expect(page.count("data-show-if=") == section.questions.filter { $0.showIf != nil }.count)
                }
                let beyond = try await admin.get(SiteURL.adminFormSection(version.id!, d.sections.count))
                #expect(beyond.status == .notFound)
                #expect(beyond.text.contains("Avsnittet finns inte i formuläret."))
            }
        }

        // MARK: Hostile text

        @Test("markup, quotes and & in a question's text, help and options are shown escaped on the builder, editor and preview pages")
        func hostileText() async throws {
            try await withNara { app in
                let db = app.db
                var admin = try await Client.signedIn(app, Demo.admin)
                let script = "<script>alert(1)</script>"
                let text = "\(script) \"citat\" & 'enkelt'"
                let option = AppTests.HostileInputTests.hostile
                let id = try await Self.conditionalDraft(&admin, db: db, option: option, text: text)
                var help = Self.choice("1", text, options: [option, "Nej"])
                help["help"] = AppTests.HostileInputTests.hostile
                #expect(try await admin.post(SiteURL.adminDraftQuestion(id, "q1"),
                                             help.merging(["revision": String(try await Self.stored(id, db).revision)]) { $1 }).status == .seeOther)
                let d = try await Self.state(id, db).definition
                #expect(d.question("q1")?.text == text && d.question("q1")?.options?.first == option)
                #expect(d.question("q2")?.showIf?.values == [option])
                // The title, introduction and instruction, a section's heading and introduction, a question's number.
                let h = AppTests.HostileInputTests.hostile
                #expect(try await Self.change(&admin, id, "formular", ["title": h + " 2024", "introduction": h, "instruction": h], db: db).status == .seeOther)
                #expect(try await Self.change(&admin, id, "avsnitt", ["heading": h, "sectionIntroduction": h], db: db).status == .seeOther)
                #expect(try await Self.change(&admin, id, "fragor/ny", ["section": "1", "number": "5\"a <b>", "text": h, "type": "text"], db: db).status == .seeOther)
                #expect(try await Self.state(id, db).definition.question("q5ab")?.number == "5\"a <b>")

                let pages = [("builder", SiteURL.adminDraft(id)), ("editor", SiteURL.adminDraftQuestion(id, "q1")),
                             ("conditional editor", SiteURL.adminDraftQuestion(id, "q2")), ("preview", SiteURL.adminDraftPreview(id, 0)),
                             ("new question", SiteURL.adminDraftNewQuestion(id, section: 1)), ("section editor", SiteURL.adminDraftSection(id, 1)),
                             ("second preview", SiteURL.adminDraftPreview(id, 1)), ("questionnaires", SiteURL.adminForms)]
                for (name, path) in pages {
                    let res = try await admin.get(path)
                    #expect(res.status == .ok, "\(name)")
                    let html = res.text
                    #expect(!html.contains(script), "\(name): raw script")
                    #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;") || html.contains("&lt;nara-evil&gt;"), "\(name): the text is not shown")
                    for leak in AppTests.HostileInputTests.leaks(in: html) { Issue.record("\(name): \(leak)") }
                }
                let builder = try await admin.get(SiteURL.adminDraft(id)).text
                #expect(builder.contains("&amp; 'enkelt'") || builder.contains("&amp; &#39;enkelt&#39;"))
                #expect(builder.contains("&lt;nara-evil&gt;"))
                // The editor gives the text back as typed.
                let fields = FormScraper.fields(in: try await admin.get(SiteURL.adminDraftQuestion(id, "q1")).text)
                #expect(fields["text"] == text && fields["help"] == option && fields["options"] == option + "\nNej")
                // Publishing and previewing the version shows it the same way.
                #expect(try await Self.change(&admin, id, "publicera", db: db).status == .seeOther)
                let version = try #require(try await FormDefinitionModel.query(on: db).filter(\.$formKey == Self.key).first())
                for path in [SiteURL.adminFormSection(version.id!, 0), SiteURL.adminFormSection(version.id!, 1), SiteURL.adminForm(version.id!)] {
                    let res = try await admin.get(path)
                    #expect(res.status == .ok, "\(path)")
                    #expect(!res.text.contains(script) && res.text.contains("&lt;nara-evil&gt;"), "\(path)")
                    for leak in AppTests.HostileInputTests.leaks(in: res.text) { Issue.record("\(path): \(leak)") }
                }
            }
        }
    }
}

extension FormDefinition {
    /// The same definition numbered `version`.
    func withVersion(_ version: Int) -> FormDefinition {
        var d = self
        d.version = version
        return d
    }
}
