import Fluent
import Foundation
import NaraCore
import NaraPersistence
import Testing
import VaporTesting
import ZIPFoundation
@testable import NaraWeb

extension AppTests {
    @Suite("Follow-up: answers across recipients and years, search, indicators, goal pictures, exports")
    struct FollowUpTests {
        static let key = ReferenceForms.municipalFinalReportKey

        static func json(_ res: TestingHTTPResponse) -> [String: Any] {
            (try? JSONSerialization.jsonObject(with: Data(res.body.string.utf8))) as? [String: Any] ?? [:]
        }

        /// Submits `answers` (question id → stored value) for a report through the service, as a person would.
        static func submit(_ report: ReportModel, _ answers: [String: String], comment: [String: String] = [:], app: Application) async throws {
            for (q, v) in answers {
                let m = AnswerModel()
                m.reportID = report.id!; m.questionID = q; m.value = v; m.comment = comment[q] ?? ""; m.revision = 1
                m.updatedAt = Date(); m.updatedBy = "test"
                try await m.create(on: app.db)
            }
            let ctx = try #require(try await ReportService.load(report.id!, on: app.db))
            let result = try await ReportService.submit(ctx, by: "test", today: .make(2024, 3, 1), now: Date(), on: app.db)
            if case .failure(let f) = result { Issue.record("not submitted: \(f)") }
        }

        static func reports(_ app: Application, year: Int) async throws -> [ReportModel] {
            let a = try #require(try await AssignmentModel.query(on: app.db).filter(\.$agreementYear == year).first())
            return try await ReportModel.query(on: app.db).filter(\.$assignmentID == a.requireID()).all()
        }

        @Test("the demo gives every RSS a 2022 report; the per-question counts equal the submitted answers, in total and per county")
        func aggregationMatchesSubmissions() async throws {
            try await withNara { app in
                try await FollowUpDemo.seed(on: app.db)
                let reports = try await Self.reports(app, year: 2022)
                #expect(reports.count == 21)
                // What the submissions themselves say, counted here.
                var expected: [String: Int] = [:], perCounty: [String: [String: Int]] = [:]
                for r in reports {
                    let s = try #require(try await SubmissionModel.query(on: app.db).filter(\.$reportID == r.id!).first())
                    #expect(s.submittedBy == DemoAnswers.marker)
                    let frozen = try JSONDecoder().decode([String: [String: String]].self, from: Data(s.answers.utf8))
                    let org = try #require(try await OrganisationModel.find(r.organisationID, on: app.db))
                    if let v = frozen["q1"]?["value"] {
                        expected[v, default: 0] += 1
                        perCounty[org.countyCode!, default: [:]][v, default: 0] += 1
                    }
                }
                var analyst = Client(app)
                try await analyst.login(Demo.analyst)
                let res = try await analyst.get("/api/v1/followup/\(Self.key)/questions/q1?year=2022")
                #expect(res.status == .ok)
                let body = Self.json(res)
                let options = body["options"] as? [[String: Any]] ?? []
                #expect(options.count == 4)
                for o in options { #expect(o["count"] as? Int == expected[o["label"] as! String] ?? 0, "\(o)") }
                #expect(body["respondents"] as? Int == 21)
                #expect(body["generated_demo_data"] as? Bool == true)
                for c in body["by_county"] as? [[String: Any]] ?? [] {
                    for o in c["options"] as? [[String: Any]] ?? [] {
                        #expect(o["count"] as? Int == perCounty[c["county_code"] as! String]?[o["label"] as! String] ?? 0)
                    }
                }
                // Filtering by a county leaves only its recipient.
                let halland = Self.json(try await analyst.get("/api/v1/followup/\(Self.key)/questions/q1?year=2022&county=13"))
                #expect(halland["respondents"] as? Int == 1)
                // The page: a chart with a title and a description, the table, and who answered what one click away.
                let page = try await analyst.get("/uppfoljning/formular/\(Self.key)/fragor/q1?ar=2022")
                #expect(page.status == .ok)
                #expect(page.text.contains("<svg") && page.text.contains("<figcaption id=\"diagram-t\">") && page.text.contains("id=\"diagram-d\""))
                #expect(page.text.contains("id=\"fordelning\"") && page.text.contains("id=\"per-lan\""))
                let firstOption = options.first { ($0["count"] as? Int ?? 0) > 0 }!["label"] as! String
                let who = try await analyst.get("/uppfoljning/formular/\(Self.key)/fragor/q1?ar=2022&alternativ=\(firstOption.urlPart)")
                #expect(who.count("/rapporter/") >= expected[firstOption]!)
                // Bad input gets a clear answer.
                #expect(try await analyst.get("/api/v1/followup/\(Self.key)/questions/q1?year=tjugo").status == .badRequest)
                #expect(try await analyst.get("/api/v1/followup/\(Self.key)/questions/q99").status == .notFound)
                // Recipients do not see the national picture.
                var editor = Client(app)
                try await editor.login(Demo.rssEditor)
                #expect(try await editor.get("/api/v1/followup/\(Self.key)/questions/q1").status == .forbidden)
                #expect(try await editor.get("/uppfoljning/sok?q=samverkan").status == .forbidden)
            }
        }

        @Test("search is Swedish-aware on this engine: samverkan finds Samverkan and samverkansstruktur, highlighted, and nothing else")
        func swedishSearch() async throws {
            try await withNara { app in
                let reports = try await Self.reports(app, year: 2023).sorted { $0.id!.uuidString < $1.id!.uuidString }
                let required = try ReferenceForms.municipalFinalReport2022().questions.filter(\.required)
                func base(_ text: String) -> [String: String] {
                    Dictionary(uniqueKeysWithValues: required.map { q in (q.id, q.type == .singleChoice ? q.options![3] : "Ett svar om vården.") })
                        .merging(["q3": text], uniquingKeysWith: { $1 })
                }
                try await Self.submit(reports[0], base("Vi har byggt en samverkansstruktur med kommunerna."), app: app)
                try await Self.submit(reports[1], base("Samverkan sker i länets styrgrupp."), app: app)
                try await Self.submit(reports[2], base("Hemsjukvården har utvecklats."), comment: ["q1": "Målbilden beslutades i samverkansrådet."], app: app)
                try await Self.submit(reports[3], base("Inget om det sökta här."), app: app)
                var analyst = Client(app)
                try await analyst.login(Demo.analyst)
                let res = Self.json(try await analyst.get("/api/v1/followup/search?q=samverkan"))
                let hits = res["hits"] as? [[String: Any]] ?? []
                #expect(res["total"] as? Int == 3)
                let ids = Set(hits.map { $0["report_id"] as! String })
                #expect(ids == Set(reports[0...2].map { $0.id!.uuidString }))
                let matches = hits.flatMap { $0["matches"] as? [String] ?? [] }.map { $0.lowercased() }
                #expect(matches.allSatisfy { $0.hasPrefix("samverkan") }, "\(matches)")
                #expect(matches.contains("samverkansstruktur") && matches.contains("samverkan") && matches.contains("samverkansrådet"))
                // An inflected form finds the base word; a word that is not there finds nothing.
                let inflected = Self.json(try await analyst.get("/api/v1/followup/search?q=samverkansstrukturer"))
                #expect(inflected["total"] as? Int == 1)
                #expect(Self.json(try await analyst.get("/api/v1/followup/search?q=tandvård"))["total"] as? Int == 0)
                // The page marks the hit in its context; hostile input is shown inert.
                let page = try await analyst.get("/uppfoljning/sok?q=samverkan")
                #expect(page.text.contains("<mark>samverkansstruktur</mark>"))
                let hostile = try await analyst.get("/uppfoljning/sok?q=%3Cscript%3Ealert(1)%3C%2Fscript%3E")
                #expect(hostile.status == .ok && !hostile.text.contains("<script>alert"))
                #expect(try await analyst.get("/api/v1/followup/search?q=%22*").status == .badRequest)
                // Best first up to the ranking limit; above it, newest first (the last submitted report leads).
                #expect(try await FollowUpStore.searchHits("samverkan", year: nil, limit: 10, offset: 0, on: app.db).byRelevance)
                let unranked = try await FollowUpStore.searchHits("samverkan", year: nil, limit: 10, offset: 0, rankedLimit: 2, on: app.db)
                #expect(!unranked.byRelevance && unranked.total == 3 && unranked.hits.count == 3)
                #expect(unranked.hits.first?.reportID == reports[2].id)
                // A second submission replaces the first in the follow-up: nothing is counted twice.
                let ctx = try #require(try await ReportService.load(reports[0].id!, on: app.db))
                _ = try await ReportService.requestCompletion(ctx, message: "Komplettera", by: .commandLine, now: app.clock.now(), on: app.db)
                let answer = try #require(try await AnswerModel.query(on: app.db).filter(\.$reportID == reports[0].id!).filter(\.$questionID == "q3").first())
                answer.value = "Ingen träff längre."; try await answer.update(on: app.db)
                let again = try #require(try await ReportService.load(reports[0].id!, on: app.db))
                _ = try await ReportService.submit(again, by: "test", today: .make(2024, 3, 2), now: Date(), on: app.db)
                #expect(Self.json(try await analyst.get("/api/v1/followup/search?q=samverkan"))["total"] as? Int == 2)
            }
        }

        @Test("number questions: sum, median, min, max and the distribution, computed by the database")
        func numbers() async throws {
            try await withNara { app in
                let form = FormDefinition(id: "tal-test", version: 1, title: "Tal", sections: [
                    FormSection(id: "s1", heading: "Tal", questions: [Question(id: "antal", number: "1", text: "Antal team", type: .integer),
                                                                      Question(id: "kostnad", number: "2", text: "Kostnad", type: .amount)])])
                let (model, _) = try await ReportService.storeDefinition(form, by: "test", now: Date(), on: app.db)
                let a = try await ReportService.createAssignment(definition: model, year: 2024, recipientKind: "region", reportKind: .interim,
                                                                 opensOn: .make(2024, 1, 1), deadline: .make(2024, 12, 31), now: Date(), on: app.db)
                let reports = try await ReportModel.query(on: app.db).filter(\.$assignmentID == a.requireID()).all()
                let values: [Int64] = [4, 9, 1, 12, 7, 7]
                for (r, v) in zip(reports, values) { try await Self.submit(r, ["antal": String(v), "kostnad": String(v * 150_000)], app: app) }
                let sorted = values.sorted()
                let stats = try #require(try await FollowUpStore.numbers(FollowUpScope(formKey: "tal-test", year: 2024), question: "antal", on: app.db))
                #expect(stats.count == values.count)
                #expect(stats.sum == values.reduce(0, +))
                #expect(stats.min == sorted.first && stats.max == sorted.last)
                #expect(stats.twiceMedian == sorted[2] + sorted[3])
                #expect(stats.buckets.map(\.count).reduce(0, +) == values.count)
                #expect(stats.buckets.first?.from == sorted.first && stats.buckets.last?.to == sorted.last)
                var analyst = Client(app)
                try await analyst.login(Demo.analyst)
                let api = Self.json(try await analyst.get("/api/v1/followup/tal-test/questions/kostnad?year=2024"))
                let numbers = api["numbers"] as? [String: Any] ?? [:]
                #expect(numbers["sum"] as? Int64 == values.reduce(0, +) * 150_000 || numbers["sum"] as? Int == Int(values.reduce(0, +) * 150_000))
                let page = try await analyst.get("/uppfoljning/formular/tal-test/fragor/kostnad?ar=2024")
                #expect(page.status == .ok && page.text.contains("Median"))
            }
        }

        @Test("year on year: the same id follows by itself; a question missing in a year says so; an administrator's link brings another form in")
        func trend() async throws {
            try await withNara { app in
                func form(_ key: String, _ version: Int, _ ids: [String]) -> FormDefinition {
                    FormDefinition(id: key, version: version, title: "Trend \(key)", sections: [FormSection(id: "s", heading: "S", questions: ids.map {
                        Question(id: $0, number: $0, text: "Fråga \($0)", type: .singleChoice, options: ["Ja", "Nej"])
                    })])
                }
                func round(_ def: FormDefinition, _ year: Int, _ answers: [String]) async throws {
                    let (m, _) = try await ReportService.storeDefinition(def, by: "test", now: Date(), on: app.db)
                    let a = try await ReportService.createAssignment(definition: m, year: year, recipientKind: "region", reportKind: .final,
                                                                     opensOn: .make(year, 1, 1), deadline: .make(year, 12, 31), now: Date(), on: app.db)
                    let reports = try await ReportModel.query(on: app.db).filter(\.$assignmentID == a.requireID()).all()
                    for (r, v) in zip(reports, answers) { try await Self.submit(r, Dictionary(uniqueKeysWithValues: def.questions.map { ($0.id, v) }), app: app) }
                }
                try await round(form("trend-a", 1, ["a1", "a2"]), 2021, ["Ja", "Nej", "Ja"])
                try await round(form("trend-a", 2, ["a2"]), 2022, ["Ja", "Ja"])
                try await round(form("trend-b", 1, ["b1"]), 2023, ["Nej", "Nej", "Nej", "Ja"])
                let a1 = try #require(try await FollowUpStore.definition(formKey: "trend-a", year: 2021, on: app.db)?.question("a1"))
                var years = try await Trend.years(key: "trend-a", question: a1, on: app.db)
                #expect(years.filter { $0.question != nil }.map(\.year) == [2021])
                #expect(years.filter { $0.question == nil }.map(\.year) == [2022])
                #expect(years.first { $0.year == 2021 }?.tally?.lines.first { $0.label == "Ja" }?.count == 2)
                var admin = Client(app)
                try await admin.login(Demo.admin)
                let refused = try await admin.post("/uppfoljning/kopplingar", ["from_form": "trend-a", "from_question": "finns-inte", "to_form": "trend-b", "to_question": "b1"])
                #expect(refused.status == .unprocessableEntity && refused.text.contains("ingen fråga med det id"))
                #expect(try await QuestionLinkModel.query(on: app.db).count() == 0)
                #expect(try await admin.post("/uppfoljning/kopplingar", ["from_form": "trend-a", "from_question": "a1", "to_form": "trend-b", "to_question": "b1"]).status == .seeOther)
                years = try await Trend.years(key: "trend-a", question: a1, on: app.db)
                #expect(years.filter { $0.question != nil }.map(\.year) == [2021, 2023])
                #expect(years.first { $0.year == 2023 }?.tally?.lines.first { $0.label == "Nej" }?.count == 3)
                var analyst = Client(app)
                try await analyst.login(Demo.analyst)
                let page = try await analyst.get("/uppfoljning/formular/trend-a/fragor/a1/trend?ar=2021")
                #expect(page.status == .ok && page.text.contains("saknar motsvarighet") && page.text.contains("id=\"trenddiagram-t\""))
                let csv = try await analyst.get("/uppfoljning/formular/trend-a/fragor/a1/trend?ar=2021&format=csv")
                #expect(csv.text.hasPrefix("\u{FEFF}Alternativ;2021;2023"))
            }
        }

        @Test("indicators: a broken file is refused line by line and changes nothing; a good one is stored and shown against the target")
        func indicators() async throws {
            try await withNara { app in
                var analyst = Client(app)
                try await analyst.login(Demo.analyst)
                func upload(_ text: String) async throws -> TestingHTTPResponse {
                    let boundary = "----nara-test"
                    var body = ByteBuffer()
                    for (name, value) in [("_csrf", analyst.csrf ?? ""), ("source", "Testkälla")] {
                        body.writeString("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n\(value)\r\n")
                    }
                    body.writeString("--\(boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"ind.csv\"\r\nContent-Type: text/csv\r\n\r\n")
                    body.writeBytes(Array(text.utf8))
                    body.writeString("\r\n--\(boundary)--\r\n")
                    var headers = HTTPHeaders()
                    headers.replaceOrAdd(name: .contentType, value: "multipart/form-data; boundary=\(boundary)")
                    headers.replaceOrAdd(name: .cookie, value: "nara_session=\(analyst.cookie!)")
                    var out: TestingHTTPResponse?
                    try await app.testing().test(.POST, "/uppfoljning/indikatorer", headers: headers, body: body) { out = $0 }
                    return out!
                }
                let broken = "\u{FEFF}indikator;kod;år;värde;kön\r\nfast-lakarkontakt;13;2023;56,2;\r\nfast-lakarkontakt;99;2023;50;\r\nokand;13;2023;1;\r\nfast-lakarkontakt;13;2023;1.234,5;K\r\nfast-lakarkontakt;13;2023;57;\r\n"
                let refused = try await upload(broken)
                #expect(refused.status == .unprocessableEntity)
                for line in ["Rad 3", "Rad 4", "Rad 5", "Rad 6"] { #expect(refused.text.contains(line), "\(line)") }
                #expect(!refused.text.contains("Rad 2:"))
                #expect(try await IndicatorValueModel.query(on: app.db).count() == 0)
                let good = "indikator,kod,år,värde,kön\nfast-lakarkontakt,13,2022,53.5,\nfast-lakarkontakt,13,2023,56%,\nfast-lakarkontakt,13,2023,58,K\n"
                let ok = try await upload(good)
                #expect(ok.status == .ok && ok.text.contains("3 nya värden"))
                let stored = try await IndicatorValueModel.query(on: app.db).filter(\.$areaCode == "13").filter(\.$sex == "").sort(\.$year).all()
                #expect(stored.map(\.value) == [5_350, 5_600])
                #expect(try await upload(good).text.contains("0 nya värden och 3 ersatta"))
                let page = try await analyst.get("/uppfoljning/indikatorer/fast-lakarkontakt?region=13")
                #expect(page.text.contains("53,5") && page.text.contains("56,0") && page.text.contains("målet minst 55,0"))
                let xlsx = try await analyst.get("/uppfoljning/indikatorer/fast-lakarkontakt?format=xlsx")
                #expect(xlsx.headers.contentType?.description.contains("spreadsheetml") == true)
                #expect(Array(xlsx.body.readableBytesView.prefix(2)) == [0x50, 0x4B])
            }
        }

        @Test("goal pictures: a region records its own, hostile text stays inert, an RSS cannot; analysts see the table by county")
        func goalPictures() async throws {
            try await withNara { app in
                var editor = Client(app)
                try await editor.login(Demo.regionEditor)
                let empty = try await editor.post("/malbild", ["title": "", "factors": "A"])
                #expect(empty.status == .unprocessableEntity && empty.text.contains("Skriv målbildens namn."))
                #expect(try await GoalPictureModel.query(on: app.db).count() == 0)
                let saved = try await editor.post("/malbild", ["title": "Nära Jämtland <script>x</script>", "summary": "Sammanhållen vård.",
                                                               "factors": "Trygg\r\nEnkel\r\n", "followup": "Följs upp årligen.", "decided_on": "2023-05-01", "decided_by": "Samverkansrådet"])
                #expect(saved.status == .seeOther)
                let stored = try #require(try await GoalPictureModel.query(on: app.db).first())
                #expect(GoalPictures.picture(stored).factors == ["Trygg", "Enkel"])
                var analyst = Client(app)
                try await analyst.login(Demo.analyst)
                let table = try await analyst.get("/uppfoljning/malbilder")
                #expect(table.text.contains("Nära Jämtland &lt;script&gt;") && !table.text.contains("<script>x"))
                let detail = try await analyst.get("/uppfoljning/malbilder/\(stored.organisationID.uuidString)")
                #expect(detail.text.contains("Beslutad 1 maj 2023"))
                var rss = Client(app)
                try await rss.login(Demo.rssEditor)
                #expect(try await rss.post("/malbild", ["title": "X"]).status == .badRequest)
                #expect(try await GoalPictureModel.query(on: app.db).count() == 1)
            }
        }

        @Test("the full export: wide has one row per recipient and a column per question, long one row per answer; Excel opens as a workbook")
        func fullExport() async throws {
            try await withNara { app in
                try await FollowUpDemo.seed(on: app.db)
                var analyst = Client(app)
                try await analyst.login(Demo.analyst)
                let form = try ReferenceForms.municipalFinalReport2022()
                let wide = try await analyst.get("/uppfoljning/formular/\(Self.key)/export?ar=2022&layout=bred&format=csv")
                let lines = wide.text.split(separator: "\r\n")
                #expect(lines.count == 1 + 21)
                let columns = 6 + form.questions.count + form.questions.filter { $0.comment != nil }.count
                #expect(lines[0].split(separator: ";", omittingEmptySubsequences: false).count == columns)
                let long = try await analyst.get("/uppfoljning/formular/\(Self.key)/export?ar=2022&layout=lang&format=csv")
                let rows = try await FollowUpValueModel.query(on: app.db).filter(\.$formKey == Self.key).filter(\.$year == 2022).count()
                #expect(long.text.split(separator: "\r\n").count == 1 + rows)
                let xlsx = try await analyst.get("/uppfoljning/formular/\(Self.key)/export?ar=2022&layout=bred&format=xlsx")
                let archive = try Archive(data: Data(xlsx.body.readableBytesView), accessMode: .read)
                let sheet = try #require(archive["xl/worksheets/sheet1.xml"])
                var xml = Data()
                _ = try archive.extract(sheet) { xml.append($0) }
                #expect(String(decoding: xml, as: UTF8.self).components(separatedBy: "<row ").count - 1 == 1 + 21)
            }
        }
    }
}
