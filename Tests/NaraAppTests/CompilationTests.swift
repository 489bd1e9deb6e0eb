import Fluent
import Foundation
import NaraCore
import NaraPersistence
import Testing
import VaporTesting
@testable import NaraWeb

extension AppTests {
    /// The national compilation of a report round: every question of the questionnaire with the
    /// analysis pages' figures, themes and quotes for free text, who submitted when, and the same
    /// content as a workbook and a Word-friendly HTML file.
    @Suite("National compilation: every question, the pages' figures, the appendix, the downloads")
    struct CompilationTests {
        static let key = ReferenceForms.municipalFinalReportKey
        static let base = "/uppfoljning/formular/\(key)"

        static func definition(_ app: Application) async throws -> FormDefinition {
            try #require(try await FollowUpStore.definition(formKey: key, year: 2022, on: app.db))
        }

        /// The HTML of the `<article>` about question `id`.
        static func article(_ id: String, in html: String) -> String? {
            guard let start = html.range(of: "<article id=\"fraga-\(id)\""),
                  let end = html.range(of: "</article>", range: start.upperBound..<html.endIndex) else { return nil }
            return String(html[start.lowerBound..<end.upperBound])
        }

        @Test("the analyst follows the link from the round's page; the compilation has every question of the 2022 round, each figure equal to its question page's")
        func everyQuestionWithThePagesFigures() async throws {
            try await withNara { app in
                try await FollowUpDemo.seed(on: app.db)
                let def = try await Self.definition(app)
                var analyst = try await Client.signedIn(app, Demo.analyst)
                let round = try await analyst.get("\(Self.base)?ar=2022")
                let link = try #require(ExportReader.links(in: round.text).first { $0.contains("/sammanstallning?") })
                #expect(round.text.contains(">Nationell sammanställning</a>"))
                let page = try await analyst.get(link)
                #expect(page.status == .ok)
                let text = ExportReader.text(page.text)
                #expect(def.questions.count == 25)
                var compared = 0
                for q in def.questions {
                    let article = try #require(Self.article(q.id, in: page.text), "question \(q.id) is missing")
                    #expect(text.contains("Fråga \(q.number): \(q.text)"), "question \(q.number)'s title")
                    #expect(page.text.contains("href=\"#fraga-\(q.id)\""), "question \(q.number) in the contents")
                    switch q.type {
                    case .singleChoice, .multipleChoice:
                        let own = try await analyst.get("\(Self.base)/fragor/\(q.id)?ar=2022")
                        for (theirs, ours) in [("fordelning", "\(q.id)-fordelning"), ("per-lan", "\(q.id)-per-lan")] {
                            let expected = try #require(ExportReader.htmlTable(theirs, in: own.text))
                            let got = try #require(ExportReader.htmlTable(ours, in: article), "\(q.id): no table \(ours)")
                            #expect(got == expected, "\(q.id) \(theirs): the compilation differs from the question page")
                            #expect(expected.count > 2)
                            compared += 1
                        }
                    case .integer, .amount, .percent:
                        let own = try await analyst.get("\(Self.base)/fragor/\(q.id)?ar=2022")
                        let expected = try #require(ExportReader.htmlTable("sammanfattning", in: own.text))
                        let got = try #require(ExportReader.htmlTable("\(q.id)-sammanfattning", in: article))
                        #expect(Array(got.dropFirst()) == expected, "\(q.id): the summary differs from the question page")
                        compared += 1
                    case .text:
                        // Themes, and quotes that each link to the report they come from.
                        #expect(article.contains("Teman i svaren på fråga \(q.number)"))
                        let quoted = ExportReader.links(in: article).filter { $0.hasPrefix("/rapporter/") }
                        #expect(!quoted.isEmpty && article.contains("<blockquote>"), "\(q.id): no quotes")
                    default: break
                    }
                }
                #expect(compared >= 8, "every choice question's two tables were compared")
                // The themes are the question page's themes.
                let themed = try #require(def.questions.first { $0.type == .text })
                let terms = try await ThemeQuery.themes(formKey: Self.key, year: 2022, question: themed.id, county: nil, on: app.db).map(\.term)
                let table = try #require(ExportReader.htmlTable("\(themed.id)-teman", in: page.text))
                #expect(table.dropFirst().map { $0[0] } == Array(terms.prefix(CompilationQuery.themesPerQuestion)))
            }
        }

        @Test("the appendix lists every recipient of the round with when its report came in, and marks a late one")
        func appendixMarksLateReports() async throws {
            try await withNara { app in
                try await FollowUpDemo.seed(on: app.db)
                let def = try await Self.definition(app)
                let forms = try await FormDefinitionModel.query(on: app.db).filter(\.$formKey == def.id).all().compactMap(\.id)
                let rounds = try await AssignmentModel.query(on: app.db).filter(\.$formDefinitionID ~~ forms).filter(\.$agreementYear == 2022).all()
                let reports = try await ReportModel.query(on: app.db).filter(\.$assignmentID ~~ rounds.compactMap(\.id)).all()
                let submitted = reports.filter { $0.submittedAt != nil }
                // One report came in after the deadline.
                let lateOne = try #require(submitted.first)
                let submission = try #require(try await SubmissionModel.query(on: app.db).filter(\.$reportID == lateOne.id!).sort(\.$version, .descending).first())
                submission.late = true
                try await submission.save(on: app.db)

                var analyst = try await Client.signedIn(app, Demo.analyst)
                let page = try await analyst.get("\(Self.base)/sammanstallning?ar=2022")
                let rows = try #require(ExportReader.htmlTable("bilaga-inskickade", in: page.text)).dropFirst()
                #expect(rows.count == reports.count && !reports.isEmpty)
                let links = ExportReader.links(in: page.text)
                for r in reports {
                    #expect(links.contains(SiteURL.report(r.id!)), "the appendix links to every report")
                }
                let organisations = try await OrganisationModel.query(on: app.db).filter(\.$id ~~ reports.map(\.organisationID)).all()
                for r in submitted {
                    let name = try #require(organisations.first { $0.id == r.organisationID }?.name)
                    let row = try #require(rows.first { $0[0] == name }, "\(name) is not in the appendix")
                    #expect(row[3] == SwedishDateTime.format(r.submittedAt!), "\(name)'s submission time")
                    #expect(row[4] == (r.id == lateOne.id ? "Ja, försenad" : "Nej"), "\(name): \(row[4])")
                }
                #expect(rows.filter { $0[4] == "Ja, försenad" }.count == 1)
            }
        }

        @Test("the workbook has a sheet per section with its questions and one for the appendix; the Word file is self-contained and has every question")
        func downloadsHoldTheSameContent() async throws {
            try await withNara { app in
                try await FollowUpDemo.seed(on: app.db)
                let def = try await Self.definition(app)
                var analyst = try await Client.signedIn(app, Demo.analyst)
                let page = try await analyst.get("\(Self.base)/sammanstallning?ar=2022")
                let links = ExportReader.links(in: page.text)
                let xlsxLink = try #require(links.first { $0.contains("/sammanstallning.xlsx?") })
                let wordLink = try #require(links.first { $0.contains("/sammanstallning.html?") })
                #expect(links.contains { $0.contains("/sammanstallning.pdf?") })

                let book = try await analyst.get(xlsxLink)
                #expect(book.status == .ok && book.headers.first(name: .contentType) == XLSX.contentType)
                let sheets = try XLSXReader.sheets(Data(book.body.readableBytesView))
                #expect(sheets.count == def.sections.count + 1)
                for name in sheets.keys {
                    let forbidden = name.contains { "[]:*?/\\".contains($0) }
                    #expect(name.count <= 31, "sheet name ”\(name)”")
                    #expect(!forbidden, "sheet name ”\(name)”")
                }
                for (i, section) in def.sections.enumerated() {
                    let sheet = try #require(sheets.first { $0.value.first?.first == "\(i + 1). \(section.heading)" }?.value, "no sheet for \(section.heading)")
                    let cells = Set(sheet.flatMap { $0 })
                    for q in section.questions { #expect(cells.contains("Fråga \(q.number): \(q.text)"), "question \(q.number) in its section's sheet") }
                }
                // A choice question's counts in the workbook are the page's.
                let choice = try #require(def.questions.first { $0.type == .singleChoice })
                let counts = try #require(ExportReader.htmlTable("\(choice.id)-fordelning", in: page.text))
                let all = sheets.values.flatMap { $0 }
                for row in counts.dropFirst() {
                    #expect(all.contains { $0.count >= 2 && $0[0] == row[0] && $0[1] == row[1] }, "the workbook has ”\(row[0])”: \(row[1])")
                }
                let appendix = try #require(sheets.first { $0.value.first?.first == "Bilaga: mottagarnas rapporter" }?.value)
                let appendixRows = try #require(ExportReader.htmlTable("bilaga-inskickade", in: page.text))
                #expect(appendix.count == appendixRows.count + 1, "the appendix sheet: its title, the header and every row")

                let word = try await analyst.get(wordLink)
                #expect(word.status == .ok)
                #expect(word.headers.first(name: .contentDisposition)?.hasPrefix("attachment;") == true)
                let doc = word.text
                #expect(doc.hasPrefix("<!DOCTYPE html>"))
                #expect(doc.contains("<meta charset=\"utf-8\">"))
                #expect(doc.contains("<style>"))
                for outside in ["<script", "<link", " src=", "<svg"] { #expect(!doc.contains(outside), "the Word file has \(outside)") }
                #expect(!doc.contains("href=\"/"), "links are full addresses")
                let docText = ExportReader.text(doc)
                for q in def.questions {
                    #expect(docText.contains("Fråga \(q.number): \(q.text)"), "question \(q.number) in the Word file")
                }
                #expect(ExportReader.htmlTable("\(choice.id)-fordelning", in: doc) == counts)
            }
        }

        @Test("a region editor gets no compilation in any form; without Chromium the PDF says so in Swedish")
        func onlyAnalysts() async throws {
            try await withNara({ $0.pdfBrowser = nil }) { app in
                try await FollowUpDemo.seed(on: app.db)
                var editor = try await Client.signedIn(app, Demo.regionEditor)
                for suffix in ["sammanstallning", "sammanstallning.pdf", "sammanstallning.xlsx", "sammanstallning.html"] {
                    let res = try await editor.get("\(Self.base)/\(suffix)?ar=2022")
                    #expect(res.status == .forbidden || res.status == .notFound, "\(suffix): \(res.status)")
                    #expect(!res.text.contains("Nationell sammanställning"))
                }
                #expect(!(try await editor.get("\(Self.base)?ar=2022")).text.contains("/sammanstallning"))
                var analyst = try await Client.signedIn(app, Demo.analyst)
                let pdf = try await analyst.get("\(Self.base)/sammanstallning.pdf?ar=2022")
                #expect(pdf.status == .serviceUnavailable && pdf.text.contains("Chromium"))
            }
        }

        @Test("a quote is cut at a word with an ellipsis; a short one is kept whole, on one line")
        func quotesAreShortenedAtAWord() {
            #expect(Compilation.shortened("Kort svar\nmed två rader.") == "Kort svar med två rader.")
            let long = String(repeating: "samverkan mellan region och kommun, ", count: 20)
            let cut = Compilation.shortened(long, limit: 100)
            #expect(cut.hasSuffix("…") && cut.count <= 100)
            #expect(long.hasPrefix(String(cut.dropLast())) && long.dropFirst(cut.count - 1).first?.isLetter == false)
        }
    }
}
