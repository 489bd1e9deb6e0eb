import Fluent
import Foundation
import NaraCore
import NaraPersistence
import Testing
import SQLKit
import VaporTesting
@testable import NaraWeb

extension AppTests {
    @Suite("Free-text themes: per question and county, as a page section and JSON")
    struct ThemeAPITests {
        static let key = ReferenceForms.municipalFinalReportKey
        static let path = "/api/v1/followup/\(key)/questions/q10a/themes"

        static func array(_ res: TestingHTTPResponse) -> [[String: Any]] {
            (try? JSONSerialization.jsonObject(with: Data(res.body.string.utf8))) as? [[String: Any]] ?? []
        }
        /// The themes section of a page, from its opening tag to its end.
        static func section(_ html: String) -> String? {
            guard let start = html.range(of: "<section id=\"teman\""), let end = html.range(of: "</section>", range: start.upperBound..<html.endIndex) else { return nil }
            return String(html[start.lowerBound..<end.upperBound])
        }
        static func reason(_ res: TestingHTTPResponse) -> String {
            ((try? JSONSerialization.jsonObject(with: Data(res.body.string.utf8))) as? [String: Any])?["reason"] as? String ?? ""
        }

        @Test("10a on the demo data: terms used by two or more recipients, each linked to answers that use it")
        func demoThemes() async throws {
            try await withNara { app in
                try await FollowUpDemo.seed(on: app.db)
                var analyst = Client(app)
                try await analyst.login(Demo.analyst)
                let res = try await analyst.get(Self.path + "?year=2022")
                #expect(res.status == .ok)
                let themes = Self.array(res)
                #expect(!themes.isEmpty)
                for theme in themes {
                    let term = try #require(theme["term"] as? String), recipients = try #require(theme["recipients"] as? Int)
                    let answers = theme["answers"] as? [[String: Any]] ?? []
                    #expect(recipients >= 2, "\(term)")
                    #expect(answers.count == recipients, "\(term)")
                    #expect(!SwedishStopWords.standard.contains(term), "\(term)")
                    #expect(Set(answers.compactMap { $0["report"] as? String }).count == recipients)
                }
                // Each link opens the recipient's answer, which uses the term (as written or as part of a compound).
                let first = try #require(themes.first)
                let stem = SwedishStemmer.stem(try #require(first["term"] as? String))
                for answer in (first["answers"] as? [[String: Any]] ?? []).prefix(4) {
                    let url = try #require(answer["url"] as? String), recipient = try #require(answer["recipient"] as? String)
                    let page = try await analyst.get(url)
                    #expect(page.status == .ok)
                    #expect(page.body.string.contains(recipient))
                    let list = try #require(Self.section(page.body.string).map { page.body.string.replacingOccurrences(of: $0, with: "") })
                    #expect(list.lowercased().contains(stem), "\(url) should show an answer with \(stem)")
                }
            }
        }

        @Test("a county narrows the themes to its recipients' answers")
        func countyNarrows() async throws {
            try await withNara { app in
                try await FollowUpDemo.seed(on: app.db)
                var analyst = Client(app)
                try await analyst.login(Demo.analyst)
                for county in ["01", "13", "25"] {
                    let res = try await analyst.get(Self.path + "?year=2022&county=\(county)")
                    #expect(res.status == .ok)
                    let themes = Self.array(res)
                    #expect(!themes.isEmpty, "\(county)")
                    let counties = Set(themes.flatMap { ($0["answers"] as? [[String: Any]] ?? []).compactMap { $0["county"] as? String } })
                    #expect(counties == [county])
                    // The county's own name is never a theme.
                    let name = Geography.shipped.county(county)!.name.lowercased()
                    #expect(!themes.contains { name.contains(($0["term"] as? String) ?? "-") })
                }
            }
        }

        @Test("bad parameters are refused in Swedish; people without national follow-up access get nothing")
        func refusals() async throws {
            try await withNara { app in
                try await FollowUpDemo.seed(on: app.db)
                var analyst = Client(app)
                try await analyst.login(Demo.analyst)
                let choice = try await analyst.get("/api/v1/followup/\(Self.key)/questions/q1/themes")
                #expect(choice.status == .unprocessableEntity)
                #expect(Self.reason(choice).contains("inte en fritextfråga"))
                let unknownQuestion = try await analyst.get("/api/v1/followup/\(Self.key)/questions/q99/themes")
                #expect(unknownQuestion.status == .notFound)
                #expect(Self.reason(unknownQuestion).contains("Frågan finns inte"))
                let unknownForm = try await analyst.get("/api/v1/followup/finns-inte/questions/q10a/themes")
                #expect(unknownForm.status == .notFound)
                #expect(Self.reason(unknownForm).contains("Formuläret finns inte"))
                for county in ["99", "abc"] {
                    let res = try await analyst.get(Self.path + "?county=\(county)")
                    #expect(res.status == .unprocessableEntity)
                    #expect(Self.reason(res).contains("inte en länskod"))
                }
                #expect(try await analyst.get(Self.path + "?year=tjugo").status == .badRequest)
                #expect(try await analyst.get(Self.path + "?limit=0").status == .unprocessableEntity)

                var anonymous = Client(app)
                #expect(try await anonymous.get(Self.path).status == .unauthorized)
                var editor = Client(app)
                try await editor.login(Demo.rssEditor)
                let refused = try await editor.get(Self.path)
                #expect(refused.status == .forbidden)
                #expect(!refused.body.string.contains("recipients"))
            }
        }

        @Test("the question page shows Teman i svaren with the method, for the whole question and for a chosen county")
        func pageSection() async throws {
            try await withNara { app in
                try await FollowUpDemo.seed(on: app.db)
                var analyst = Client(app)
                try await analyst.login(Demo.analyst)
                let base = "/uppfoljning/formular/\(Self.key)/fragor/q10a?ar=2022"
                let page = try await analyst.get(base)
                #expect(page.status == .ok)
                let section = try #require(Self.section(page.body.string))
                #expect(section.contains("Teman i svaren"))
                #expect(section.contains("Så räknas teman"))
                let api = Self.array(try await analyst.get(Self.path + "?year=2022"))
                for theme in api { #expect(section.contains(">\(theme["term"] as? String ?? "-")<")) }

                let county = try await analyst.get(base + "&lan=13")
                let countySection = try #require(Self.section(county.body.string))
                #expect(countySection.contains("Hallands län"))
                for theme in Self.array(try await analyst.get(Self.path + "?year=2022&county=13")) {
                    #expect(countySection.contains(">\(theme["term"] as? String ?? "-")<"))
                }
                // Choice questions have no themes.
                #expect(!(try await analyst.get("/uppfoljning/formular/\(Self.key)/fragor/q1?ar=2022")).body.string.contains("Teman i svaren"))
            }
        }

        @Test("on PostgreSQL, the stemmer gives the same stems as PostgreSQL's own Snowball Swedish stemmer for every word of the demo answers")
        func stemmerAgreesWithPostgreSQL() async throws {
            try await withNara { app in
                let sql = FollowUpStore.sql(app.db)
                guard sql.dialect.name == "postgresql" else { return }
                try await FollowUpDemo.seed(on: app.db)
                let texts = try await sql.select().column("value").from(FollowUpValueModel.schema).where("form_key", .equal, SQLBind(Self.key)).all()
                    .map { try $0.decode(column: "value", as: String.self) }
                let words = Set(texts.flatMap(SwedishWords.tokens)).union(["samverkansstrukturen", "vårdcentralerna", "utbildningarna", "jaktlöst", "fullt"])
                var compared = 0
                for word in words.sorted() {
                    // swedish_stem answers nothing for its own stop words.
                    guard let theirs = try await sql.raw("SELECT (ts_lexize('swedish_stem', \(bind: word)))[1] AS s").first()?
                            .decode(column: "s", as: String?.self) else { continue }
                    #expect(SwedishStemmer.stem(word) == theirs, "\(word)")
                    compared += 1
                }
                #expect(compared > 100)
            }
        }
    }
}
