import Fluent
import Foundation
import NaraCore
import NaraPersistence
import Testing
import VaporTesting
@testable import NaraWeb

extension AppTests {
    @Suite("Plans of how recipients use their money")
    struct PlanTests {
        @Test("Jämtland's 2019 plan from the seed: every line, 30,6 mnkr, against its allocation")
        func jamtlandPlan() async throws {
            try await withNara { app in
                var editor = Client(app)
                try await editor.login(Demo.regionEditor)
                let res = try await editor.get("/api/v1/agreements/2019/plans/23")
                #expect(res.status == .ok)
                let plan = try #require((try JSONSerialization.jsonObject(with: Data(res.body.string.utf8))) as? [String: Any])
                #expect(plan["planned_ore"] as? Int64 == Money.mnkr("30.6").ore)
                let areas = try #require(plan["areas"] as? [[String: Any]])
                #expect(areas.compactMap { $0["planned_ore"] as? Int64 } == [Money.mnkr("19").ore, Money.mnkr("5.8").ore, Money.mnkr("5.8").ore])
                #expect(areas.map { ($0["lines"] as? [Any])?.count ?? 0 } == [5, 4, 5])
                #expect(plan["allocated_ore"] as? Int64 == 3_094_571_600)
                #expect(plan["left_ore"] as? Int64 == 3_094_571_600 - Money.mnkr("30.6").ore)
                // Another region's editor, or nobody, may not read it.
                var rss = Client(app)
                try await rss.login(Demo.rssEditor)
                #expect(try await rss.get("/api/v1/agreements/2019/plans/23").status == .forbidden)
                var anonymous = Client(app)
                #expect(try await anonymous.get("/api/v1/agreements/2019/plans/23").status == .unauthorized)
            }
        }

        @Test("amounts are typed as people type them; over the allocation is refused, under it warned")
        func editPlan() async throws {
            try await withNara { app in
                var editor = Client(app)
                try await editor.login(Demo.regionEditor)
                let region = try #require(try await OrganisationModel.query(on: app.db).filter(\.$kind == "region").filter(\.$code == "23").first())
                let path = "/organisationer/\(region.id!.uuidString)/planer/2023"
                let page = try await editor.get(path)
                #expect(page.status == .ok)
                #expect(page.text.contains("Spara planen"))
                let over = try await editor.post(path, ["rows": "2", "unit": "mnkr",
                                                        "area_0": "1", "title_0": "Nära vård-strategi", "amount_0": "1 050,5",
                                                        "area_1": "2", "title_1": "Kompetens", "amount_1": "1.050"])
                #expect(over.status == .unprocessableEntity)
                #expect(over.text.contains("Rad 2: ”1.050” är tvetydigt"))
                let tooMuch = try await editor.post(path, ["rows": "1", "unit": "mnkr", "area_0": "1", "title_0": "Allt", "amount_0": "1 050,5"])
                #expect(tooMuch.status == .unprocessableEntity)
                #expect(tooMuch.text.contains("mer än tilldelningen"))
                #expect(try await PlanModel.query(on: app.db).filter(\.$agreementYear == 2023).count() == 0)
                let ok = try await editor.post(path, ["rows": "3", "unit": "mnkr",
                                                      "area_0": "1", "title_0": "Primärvård i landsbygd", "amount_0": "12,5",
                                                      "area_1": "2", "title_1": "Specialistsjuksköterskor", "amount_1": "800 000 kr",
                                                      "area_2": "", "title_2": "", "amount_2": ""])
                #expect(ok.status == .seeOther)
                let after = try await editor.get(path)
                #expect(after.text.contains("12\u{00A0}500\u{00A0}000\u{00A0}kr"))
                #expect(after.text.contains("800\u{00A0}000\u{00A0}kr"))
                #expect(after.text.contains("Att notera"))
                // A viewer reads but cannot change.
                var viewer = Client(app)
                try await viewer.login(Demo.regionViewer)
                #expect(try await viewer.get(path).status == .ok)
                #expect(try await viewer.post(path, ["rows": "0"]).status == .forbidden)
            }
        }

        static func jamtland(_ app: Application) async throws -> String {
            let region = try #require(try await OrganisationModel.query(on: app.db).filter(\.$kind == "region").filter(\.$code == "23").first())
            return "/organisationer/\(region.id!.uuidString)/planer/2023"
        }

        /// The `<input …>` or `<select …>` tag with `id`.
        static func tag(_ html: String, id: String) -> String {
            html.firstMatch(of: try! Regex("<(input|select)[^>]* id=\"\(id)\"[^>]*>")).map { String(html[$0.range]) } ?? ""
        }

        @Test("a refused line comes back as typed, 422, with its message at its field and in the summary")
        func refusedLineAtItsField() async throws {
            try await withNara { app in
                var editor = Client(app)
                try await editor.login(Demo.regionEditor)
                let path = try await Self.jamtland(app)
                let res = try await editor.post(path, ["rows": "4", "unit": "mnkr",
                                                       "area_0": "1", "title_0": "Strategi för nära vård", "amount_0": "1,5",
                                                       "area_1": "2", "title_1": "Kompetens \"i glesbygd\"", "amount_1": "12,3,4",
                                                       "area_2": "3", "title_2": "", "amount_2": "2",
                                                       "area_3": "1", "title_3": "Minus", "amount_3": "-3"])
                #expect(res.status == .unprocessableEntity)
                let html = res.text
                // Every row as typed, the bad ones included.
                #expect(Self.tag(html, id: "title_0").contains("value=\"Strategi för nära vård\""))
                #expect(Self.tag(html, id: "amount_0").contains("value=\"1,5\""))
                #expect(Self.tag(html, id: "title_1").contains("value=\"Kompetens &quot;i glesbygd&quot;\""))
                #expect(Self.tag(html, id: "area_2").contains("id=\"area_2\""))
                #expect(html.contains("<option value=\"3\" selected=\"selected\">3."))
                // The malformed amount: the field keeps it, says it is invalid and points at its message.
                let amount = Self.tag(html, id: "amount_1")
                #expect(amount.contains("value=\"12,3,4\""))
                #expect(amount.contains("aria-invalid=\"true\""))
                #expect(amount.contains("aria-describedby=\"amount_1-error\""))
                #expect(amount.contains("inputmode=\"decimal\""))
                #expect(html.contains("<p class=\"error-message\" id=\"amount_1-error\"><span class=\"visually-hidden\">Fel: </span>Rad 2: "))
                #expect(!Self.tag(html, id: "amount_0").contains("aria-invalid"))
                // The missing title and the negative amount at theirs.
                #expect(Self.tag(html, id: "title_2").contains("aria-describedby=\"title_2-error\""))
                #expect(html.contains("id=\"title_2-error\"><span class=\"visually-hidden\">Fel: </span>Rad 3: skriv vad insatsen är"))
                #expect(Self.tag(html, id: "amount_3").contains("aria-invalid=\"true\""))
                #expect(html.contains("id=\"amount_3-error\"><span class=\"visually-hidden\">Fel: </span>Rad 4: "))
                // The summary at the top links to each field.
                #expect(html.contains("class=\"error-summary\""))
                for field in ["amount_1", "title_2", "amount_3"] { #expect(html.contains("href=\"#\(field)\""), "\(field)") }
                // Every field is labelled with its column and row.
                #expect(html.contains("<label for=\"amount_1\" class=\"plan-grid-label\">Belopp<span class=\"visually-hidden\">, rad 2</span></label>"))
                #expect(html.contains("<label for=\"area_0\" class=\"plan-grid-label\">Utvecklingsområde<span class=\"visually-hidden\">, rad 1</span></label>"))
                #expect(try await PlanModel.query(on: app.db).filter(\.$agreementYear == 2023).count() == 0)

                // A plan over the allocation: the message at the sum of the rows, every row kept.
                let over = try await editor.post(path, ["rows": "2", "unit": "mnkr", "area_0": "1", "title_0": "Allt", "amount_0": "1 050,5",
                                                        "area_1": "2", "title_1": "Lite till", "amount_1": "1"])
                #expect(over.status == .unprocessableEntity)
                #expect(over.text.contains("href=\"#plan-summa\""))
                #expect(over.text.contains("id=\"plan-summa\""))
                #expect(over.text.contains("mer än tilldelningen"))
                #expect(Self.tag(over.text, id: "amount_0").contains("value=\"1 050,5\""))
                #expect(Self.tag(over.text, id: "title_1").contains("value=\"Lite till\""))
            }
        }

        @Test("rows are added and removed without JavaScript")
        func addAndRemoveRows() async throws {
            try await withNara { app in
                var editor = Client(app)
                try await editor.login(Demo.regionEditor)
                let path = try await Self.jamtland(app)
                let first = try await editor.get(path)
                #expect(first.text.contains("name=\"rows\" value=\"3\""))
                #expect(first.text.contains(">Lägg till rad</button>"))
                // Lägg till rad: the same rows as typed, one more empty row with the focus, nothing saved.
                let added = try await editor.post(path, ["rows": "2", "unit": "kr", "action": "lagg-till-rad",
                                                         "area_0": "1", "title_0": "Primärvård", "amount_0": "500 000",
                                                         "area_1": "", "title_1": "Halvskriven", "amount_1": ""])
                #expect(added.status == .ok)
                #expect(added.text.contains("name=\"rows\" value=\"3\""))
                #expect(Self.tag(added.text, id: "title_0").contains("value=\"Primärvård\""))
                #expect(Self.tag(added.text, id: "title_1").contains("value=\"Halvskriven\""))
                #expect(Self.tag(added.text, id: "title_2").contains(" value "))  // empty
                #expect(Self.tag(added.text, id: "area_2").contains("autofocus"))
                #expect(added.text.contains("<option value=\"kr\" selected=\"selected\">"))
                #expect(!added.text.contains("error-summary"))
                #expect(try await PlanModel.query(on: app.db).filter(\.$agreementYear == 2023).count() == 0)
                // Ta bort: the row marked is left out when the plan is saved.
                let saved = try await editor.post(path, ["rows": "3", "unit": "kr",
                                                         "area_0": "1", "title_0": "Primärvård", "amount_0": "500 000",
                                                         "area_1": "2", "title_1": "Felskriven", "amount_1": "12,3,4", "remove_1": "1",
                                                         "area_2": "3", "title_2": "Kontinuitet", "amount_2": "250 000"])
                #expect(saved.status == .seeOther)
                let plan = try #require(try await PlanModel.query(on: app.db).filter(\.$agreementYear == 2023).first())
                let lines = try await PlanLineModel.query(on: app.db).filter(\.$planID == plan.requireID()).sort(\.$position).all()
                #expect(lines.map(\.title) == ["Primärvård", "Kontinuitet"])
                #expect(lines.map(\.amountOre) == [50_000_000, 25_000_000])
                // Removing while adding: the rows are numbered again as they come back.
                let renumbered = try await editor.post(path, ["rows": "2", "unit": "kr", "action": "lagg-till-rad", "remove_0": "1",
                                                              "area_0": "1", "title_0": "Primärvård", "amount_0": "500 000",
                                                              "area_1": "3", "title_1": "Kontinuitet", "amount_1": "250 000"])
                #expect(Self.tag(renumbered.text, id: "title_0").contains("value=\"Kontinuitet\""))
                #expect(renumbered.text.contains("name=\"rows\" value=\"2\""))
            }
        }
    }
}
