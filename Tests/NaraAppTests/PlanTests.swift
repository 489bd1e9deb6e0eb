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
    }
}
