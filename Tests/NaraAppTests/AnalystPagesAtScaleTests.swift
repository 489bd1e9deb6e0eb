import Fluent
import Foundation
import NaraCore
import NaraPersistence
import Testing
import VaporTesting
@testable import NaraWeb

extension AppTests {
    @Suite("Analyst pages at scale: the database filters, counts and cuts a page, with the same figures as the whole list")
    struct AnalystPagesAtScaleTests {
        typealias FollowUp = AppTests.FollowUpTests

        /// Answers that pass the 2022 municipal questionnaire's required questions, with `text` in q3.
        static func answers(_ text: String) throws -> [String: String] {
            let required = try ReferenceForms.municipalFinalReport2022().questions.filter(\.required)
            return Dictionary(uniqueKeysWithValues: required.map { q in (q.id, q.type == .singleChoice ? q.options![3] : "Ett svar om vården.") })
                .merging(["q3": text], uniquingKeysWith: { $1 })
        }

        @Test("status board: each status and county filter, the counts and a page equal the whole board filtered, before and after the deadline")
        func statusBoardInTheDatabase() async throws {
            try await withNara { app in
                let reports = try await FollowUp.reports(app, year: 2023).sorted { $0.id!.uuidString < $1.id!.uuidString }
                try await FollowUp.submit(reports[0], try Self.answers("Samverkan i länet."), app: app)
                try await FollowUp.submit(reports[1], try Self.answers("Hemsjukvård."), app: app)
                // A draft with something written is started; one with only empty answers is not.
                for (report, value) in [(reports[2], "Påbörjat svar."), (reports[3], "")] {
                    let m = AnswerModel()
                    m.reportID = report.id!; m.questionID = "q3"; m.value = value; m.comment = ""; m.revision = 1; m.updatedAt = Date(); m.updatedBy = "test"
                    try await m.create(on: app.db)
                }
                let round = reports[0].assignmentID
                for today in [CivilDate.make(2000, 1, 1), .make(2100, 1, 1)] {
                    let whole = try #require(try await StatusBoardQuery.query(assignmentID: round, county: "", status: "", today: today, on: app.db))
                    #expect(whole.rows.count == reports.count && whole.total == reports.count)
                    // Sorted by county name, then recipient, as the page always was.
                    #expect(zip(whole.rows, whole.rows.dropFirst()).allSatisfy { !(($1.county, $1.organisation) < ($0.county, $0.organisation)) })
                    #expect(Set(whole.rows.map(\.status)).count >= 2, "\(whole.rows.map(\.status))")
                    for county in ["", "23", "01"] {
                        for status in [""] + ReportStatus.allCases.map(\.rawValue) + ["okand"] {
                            let countyName = county.isEmpty ? nil : Geography.shipped.county(county)?.name
                            let expected = whole.rows.filter { (countyName == nil || $0.county == countyName) && (status.isEmpty || $0.status.rawValue == status) }
                            let filtered = try #require(try await StatusBoardQuery.query(assignmentID: round, county: county, status: status, today: today, on: app.db))
                            #expect(filtered.rows.map(\.reportID) == expected.map(\.reportID), "county \(county), status \(status), \(today)")
                            #expect(filtered.total == expected.count && filtered.counts == Dictionary(grouping: expected, by: \.status).mapValues(\.count))
                            // One page read by the database: the first rows, and a page past the end shows the last.
                            let paged = try #require(try await StatusBoardQuery.query(assignmentID: round, county: county, status: status, today: today, page: 9, on: app.db))
                            #expect(paged.page == 1 && paged.rows.map(\.reportID) == expected.prefix(StatusBoardPage.perPage).map(\.reportID))
                            #expect(paged.counts == filtered.counts)
                        }
                    }
                }
            }
        }

        @Test("search in a year finds exactly the all-years hits of that year, whatever the index holds, and a year is not a search word")
        func searchByYear() async throws {
            try await withNara { app in
                try await FollowUpDemo.seed(on: app.db)
                // The demo leaves one 2023 report open; it is submitted here with words of its own.
                var open: ReportModel?
                for r in try await FollowUp.reports(app, year: 2023) where try await SubmissionModel.query(on: app.db).filter(\.$reportID == r.id!).count() == 0 { open = r }
                let report = try #require(open)
                try await AnswerModel.query(on: app.db).filter(\.$reportID == report.id!).delete()
                try await FollowUp.submit(report, try Self.answers("Vi har byggt en samverkansstruktur 2023."), app: app)
                func hits(_ q: String, _ year: Int?) async throws -> (total: Int, keys: [String]) {
                    let r = try await FollowUpStore.searchHits(q, year: year, limit: 500, offset: 0, on: app.db)
                    return (r.total, r.hits.map { "\($0.reportID)|\($0.questionID)|\($0.year)" })
                }
                for query in ["samverkan", "vård", "samverkansstrukturer"] {
                    let all = try await hits(query, nil)
                    for year in [2022, 2023, 2024] {
                        let inYear = try await hits(query, year)
                        let expected = all.keys.filter { $0.hasSuffix("|\(year)") }
                        #expect(inYear.total == expected.count && Set(inYear.keys) == Set(expected), "\(query) \(year)")
                    }
                }
                #expect(try await hits("samverkan", 2023).total >= 1)
                // "2023" finds the answer that says it, not every answer submitted in 2023.
                let year = try await FollowUpStore.searchHits("2023", year: 2023, limit: 50, offset: 0, on: app.db)
                #expect(year.total == 1 && year.hits.first?.reportID == report.id)
                // Many words begin with a short term: it is then searched as a prefix, with the same hits.
                let spelled = try await FollowUpStore.searchHits("vård", year: nil, limit: 500, offset: 0, rankedLimit: 0, on: app.db)
                let prefixed = try await FullTextQuery.$expandedWords.withValue(0) {
                    try await FollowUpStore.searchHits("vård", year: nil, limit: 500, offset: 0, rankedLimit: 0, on: app.db)
                }
                #expect(spelled.total == prefixed.total && spelled.hits.map(\.reportID) == prefixed.hits.map(\.reportID))
                // The migration fills the index from the answers already there.
                let before = try await hits("samverkan", nil)
                try await AnalystIndexesMigration().revert(on: app.db)
                try await AnalystIndexesMigration().prepare(on: app.db)
                let after = try await hits("samverkan", nil)
                #expect(after.total == before.total && after.keys == before.keys && before.total >= 2)
            }
        }

        @Test("the recipient filter lists every recipient of a year, or, when there are too many, the chosen county's and the chosen one")
        func recipientFilter() async throws {
            try await withNara { app in
                try await FollowUpDemo.seed(on: app.db)
                let key = FollowUp.key
                var scope = FollowUpScope(formKey: key, year: 2022)
                let every = try await QuestionAnswers.recipients(key, 2022, scope: scope, on: app.db)
                #expect(every.options.count == 21 && !every.limited)
                #expect(every.options.map(\.label) == every.options.map(\.label).sorted())
                let few = try await QuestionAnswers.recipients(key, 2022, scope: scope, listed: 5, on: app.db)
                #expect(few.options.isEmpty && few.limited)
                scope.county = "23"
                let county = try await QuestionAnswers.recipients(key, 2022, scope: scope, listed: 5, on: app.db)
                let jamtland = try await OrganisationModel.query(on: app.db).filter(\.$countyCode == "23").all().map { $0.id!.uuidString }
                #expect(!county.options.isEmpty && county.options.allSatisfy { jamtland.contains($0.value) })
                let other = try #require(every.options.first { !jamtland.contains($0.value) })
                scope.recipient = UUID(uuidString: other.value)
                let chosen = try await QuestionAnswers.recipients(key, 2022, scope: scope, listed: 5, on: app.db)
                #expect(chosen.options.first?.value == other.value && chosen.options.count == county.options.count + 1)
                // The page with every recipient listed says nothing about counties.
                var analyst = Client(app)
                try await analyst.login(Demo.analyst)
                let page = try await analyst.get("/uppfoljning/formular/\(key)/fragor/q1?ar=2022").text
                #expect(page.contains(">Alla mottagare</option>") && page.contains(other.label))
            }
        }
    }
}
