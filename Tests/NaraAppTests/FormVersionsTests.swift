import Fluent
import Foundation
import NaraCore
import NaraPersistence
import Testing
import VaporTesting
@testable import NaraWeb

extension AppTests {
    @Suite("A questionnaire's versions and the difference between any two")
    struct FormVersionsTests {
        static let key = ReferenceForms.municipalFinalReportKey
        static var page: String { SiteURL.adminFormVersions(key) }

        /// The texts of the cells with `class` in the difference table, tags removed.
        static func cells(_ cls: String, in html: String) -> [String] {
            let parts = html.components(separatedBy: "<td class=\"\(cls)\">").dropFirst()
            return parts.map { part in
                let cell = part.components(separatedBy: "</td>")[0]
                return cell.replacingOccurrences(of: "<[^>]+>", with: " ", options: .regularExpression)
            }
        }

        @Test("by default the two latest versions: the reference's 2022 text before, its 2023 text after, nothing added or removed")
        func defaultComparison() async throws {
            try await withNara { app in
                var admin = try await Client.signedIn(app, Demo.admin)
                let res = try await admin.get(Self.page)
                #expect(res.status == .ok)
                let html = res.text
                #expect(html.contains("<h1>Versioner av Slutredovisning av kommunernas arbete inom ramen för god och nära vård 2023</h1>"))
                #expect(html.contains("2 versioner"))
                #expect(html.contains("Visa version 1") && html.contains("Visa version 2"))
                #expect(html.contains("Skillnader från version 1 till version 2"))
                #expect(html.contains("Från version") && html.contains("Till version") && html.contains(">Jämför</button>"))
                #expect(html.contains("<option value=\"1\" selected=\"selected\">Version 1</option>"))
                #expect(html.contains("<option value=\"2\" selected=\"selected\">Version 2</option>"))
                let models = try await FormDefinitionModel.query(on: app.db).filter(\.$formKey == Self.key).sort(\.$version).all()
                let diff = FormDiff.compare(try ReportService.definition(models[0]), try ReportService.definition(models[1]))
                #expect(diff.addedCount == 0 && diff.removedCount == 0 && diff.changedCount > 0)
                #expect(html.contains("\(diff.changedCount) frågor ändrade, 0 tillagda, 0 borttagna."))
                #expect(!html.contains("Ny fråga") && !html.contains("Borttagen fråga"))
                let before = Self.cells("diff-old", in: html), after = Self.cells("diff-new", in: html)
                #expect(before.count == diff.form.count + diff.questions.flatMap(\.fields).count + diff.sections.count)
                #expect(before.count == after.count && !before.isEmpty)
                #expect(before.allSatisfy { $0.contains("2022") && !$0.contains("2023") }, "\(before)")
                #expect(after.allSatisfy { $0.contains("2023") && !$0.contains("2022") }, "\(after)")
                #expect(html.contains("<td>Frågetext</td>"))
            }
        }

        @Test("a third version with one option added: 2 → 3 shows exactly that change; it is the new default")
        func oneOptionAdded() async throws {
            try await withNara { app in
                let latest = try #require(try await FormDefinitionModel.query(on: app.db).filter(\.$formKey == Self.key)
                    .sort(\.$version, .descending).first())
                var definition = try ReportService.definition(latest)
                let s = try #require(definition.sections.firstIndex { $0.questions.contains { $0.id == "q1" } })
                let q = try #require(definition.sections[s].questions.firstIndex { $0.id == "q1" })
                definition.sections[s].questions[q].options?.append("Delvis")
                let (stored, created) = try await ReportService.storeDefinition(definition, by: "test@socialstyrelsen.example", now: Date(), on: app.db)
                #expect(created && stored.version == 3)
                var admin = try await Client.signedIn(app, Demo.admin)
                for path in [SiteURL.adminFormVersions(Self.key, from: 2, to: 3), Self.page] {
                    let res = try await admin.get(path)
                    #expect(res.status == .ok)
                    let html = res.text
                    #expect(html.contains("Skillnader från version 2 till version 3"))
                    #expect(html.contains("1 fråga ändrad, 0 tillagda, 0 borttagna."))
                    #expect(html.contains("Svarsalternativ") && html.contains("Tillagt: Delvis"))
                    #expect(Self.cells("diff-old", in: html).count == 1)
                    #expect(Self.cells("diff-new", in: html).first?.hasSuffix(", Delvis") == true)
                    #expect(html.contains("test@socialstyrelsen.example"))
                }
                // Any two versions: 1 → 3 has the year's texts and the option.
                let wide = try await admin.get(SiteURL.adminFormVersions(Self.key, from: 1, to: 3)).text
                #expect(wide.contains("Tillagt: Delvis") && wide.contains("Skillnader från version 1 till version 3"))
                // The same version on both sides: nothing differs.
                let same = try await admin.get(SiteURL.adminFormVersions(Self.key, from: 3, to: 3)).text
                #expect(same.contains("Inga skillnader."))
            }
        }

        @Test("the view: a summary in Swedish, one row per changed field under its question, new and removed questions, the changed words marked")
        func view() {
            let diff = FormDiff(form: [], sections: [], questions: [
                FormDiff.QuestionChange(id: "q1", number: "1", text: "Finns en plan <nu>?", kind: .changed(fields: [
                    FormDiff.FieldChange(name: "Frågetext", before: "Finns en plan under 2022?", after: "Finns en plan <nu>?"),
                    FormDiff.FieldChange(name: "Hjälptext", before: "", after: "Beslutad av alla."),
                    FormDiff.FieldChange(name: "Svarsalternativ", before: "Ja, Nej", after: "Ja, Nej, Delvis", note: "Tillagt: Delvis"),
                ])),
                FormDiff.QuestionChange(id: "q2", number: "2", text: "Ny?", kind: .added),
                FormDiff.QuestionChange(id: "q3", number: "3", text: "Gammal?", kind: .removed),
            ])
            let html = FormDiffView(diff: diff, caption: "Ändringar").nodes().render()
            #expect(html.contains("1 fråga ändrad, 1 tillagd, 1 borttagen."))
            #expect(html.contains("<caption>Ändringar</caption>"))
            #expect(html.contains("<th scope=\"col\">Fråga</th><th scope=\"col\">Vad</th><th scope=\"col\">Före</th><th scope=\"col\">Efter</th>"))
            #expect(html.contains("<th scope=\"rowgroup\" rowspan=\"3\"><strong>1. </strong>Finns en plan &lt;nu&gt;?</th>"))
            #expect(html.components(separatedBy: "<tbody>").count - 1 == 3)
            #expect(html.contains("<del><strong>under 2022?</strong></del>"))
            #expect(html.contains("<ins><strong>&lt;nu&gt;?</strong></ins>"))
            #expect(html.contains("<td class=\"diff-old\"><span class=\"muted\">Saknas</span></td>"))
            #expect(html.contains("<p class=\"form-diff-note\">Tillagt: Delvis</p>"))
            #expect(html.contains("Ja, Nej <ins><strong>Delvis</strong></ins>") == false, "a list is shown whole; its note names what changed")
            #expect(html.contains("<td>Ny fråga</td>") && html.contains("<td>Borttagen fråga</td>"))
            #expect(html.contains("tabindex=\"0\""))
            #expect(FormDiffView(diff: FormDiff(), caption: "x").nodes().render().contains("Inga skillnader."))
            #expect(FormDiffView.summary(FormDiff(form: [FormDiff.FieldChange(name: "Rubrik", before: "a", after: "b")]))
                    == "0 frågor ändrade, 0 tillagda, 0 borttagna. Dessutom ändrat: formulärets rubrik.")
            let more = FormDiff(form: [FormDiff.FieldChange(name: "Rubrik", before: "a", after: "b"), FormDiff.FieldChange(name: "Inledning", before: "a", after: "b")],
                                sections: [FormDiff.SectionChange(id: "s", heading: "S", kind: .added), FormDiff.SectionChange(id: "t", heading: "T", kind: .removed)])
            #expect(FormDiffView.summary(more).hasSuffix("Dessutom ändrat: formulärets rubrik, inledning och 2 avsnitt."))
        }

        @Test("an unknown questionnaire is 404; a version that does not exist is named at its select (422)")
        func unknown() async throws {
            try await withNara { app in
                var admin = try await Client.signedIn(app, Demo.admin)
                let missing = try await admin.get(SiteURL.adminFormVersions("finns-inte"))
                #expect(missing.status == .notFound)
                #expect(missing.text.contains("Det finns inget formulär med nyckeln ”finns-inte”"))
                let res = try await admin.get(SiteURL.adminFormVersions(Self.key, from: 9, to: 2))
                #expect(res.status == .unprocessableEntity)
                #expect(res.text.contains("Det finns fel att rätta"))
                #expect(res.text.contains("<a href=\"#fran\">Version 9 finns inte. Välj en av versionerna 1 och 2.</a>"))
                #expect(res.text.contains("id=\"fran-error\""))
                #expect(res.text.contains("aria-invalid=\"true\""))
                #expect(!res.text.contains("id=\"till-error\""))
                #expect(!res.text.contains("Skillnader från"))
                let typed = try await admin.get(Self.page + "?fran=1&till=abc")
                #expect(typed.status == .unprocessableEntity)
                #expect(typed.text.contains("Version abc finns inte."))
            }
        }

        @Test("only those who manage questionnaires see the versions: a recipient's editor gets 403")
        func access() async throws {
            try await withNara { app in
                var editor = try await Client.signedIn(app, Demo.regionEditor)
                #expect(try await editor.get(Self.page).status == .forbidden)
                var analyst = try await Client.signedIn(app, Demo.analyst)
                #expect(try await analyst.get(Self.page).status == .forbidden)
                var anonymous = Client(app)
                let res = try await anonymous.get(Self.page)
                #expect(res.status == .seeOther || res.status == .unauthorized)
            }
        }
    }
}
