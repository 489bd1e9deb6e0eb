import Fluent
import Foundation
import NaraCore
import NaraPersistence
import Testing
import VaporTesting
@testable import NaraWeb

extension AppTests {
    /// One corpus of hostile input, sent to the forms, the autosave API, the imports and the
    /// exports: each value gets a clear answer or is stored and shown inert; nothing is
    /// half-written.
    @Suite("Hostile input: numbers, markup, control characters, formulas, broken files")
    struct HostileInputTests {
        static let corpus: [String] = [
            "", " ", "1 050,5", "1.050", "1,050.5", "1 050 000,505", "١٢٣", "-0", "−5", "9999999999999999999999", "1e9", "0x1F", "NaN",
            String(repeating: "x", count: 20_000), "\u{0}\u{1}\u{7F}", "rad ett\r\nrad två", "<script>alert(1)</script>",
            "\"><img src=x onerror=alert(1)>", "' onmouseover='alert(1)", "=HYPERLINK(\"http://example.com\",\"klicka\")", "+SUM(A1:A9)",
            "-1+1", "@SUM(A1)", "'; DROP TABLE answers; --", "\u{202E}gnp.exe", "😀 åäö ÅÄÖ", "\u{FEFF}BOM",
        ]

        static func put(_ client: Client, _ report: UUID, _ q: String, _ value: String, revision: Int) async throws -> TestingHTTPResponse {
            var headers = HTTPHeaders()
            headers.contentType = .json
            headers.replaceOrAdd(name: "X-CSRF-Token", value: client.csrf ?? "")
            if let cookie = client.cookie { headers.replaceOrAdd(name: .cookie, value: "nara_session=\(cookie)") }
            let data = try JSONSerialization.data(withJSONObject: ["value": value, "revision": revision])
            var captured: TestingHTTPResponse?
            try await client.app.testing().test(.PUT, "/api/v1/reports/\(report.uuidString)/answers/\(q)", headers: headers,
                                                body: ByteBuffer(data: data)) { captured = $0 }
            return captured!
        }

        @Test("every answer type takes the whole corpus: a clear 422 or a stored value shown escaped, never a 500")
        func answers() async throws {
            try await withNara { app in
                let types: [QuestionType] = [.text, .integer, .amount, .percent, .date]
                let form = FormDefinition(id: "fientlig", version: 1, title: "Fientlig inmatning", sections: [FormSection(id: "s", heading: "S",
                    questions: types.map { Question(id: $0.rawValue, number: "1", text: "Fråga \($0.rawValue)", type: $0, maxLength: $0 == .text ? 10_000 : nil) })])
                let (model, _) = try await ReportService.storeDefinition(form, by: "test", now: Date(), on: app.db)
                let a = try await ReportService.createAssignment(definition: model, year: 2025, recipientKind: "rss", reportKind: .interim,
                                                                 opensOn: .make(2025, 1, 1), deadline: .make(2030, 1, 1), now: Date(), on: app.db)
                let rss = try await OrganisationModel.query(on: app.db).filter(\.$kind == "rss").filter(\.$code == "23").first()!
                let report = try #require(try await ReportModel.query(on: app.db).filter(\.$assignmentID == a.requireID())
                    .filter(\.$organisationID == rss.requireID()).first())
                var editor = Client(app)
                try await editor.login(Demo.rssEditor)
                _ = try await editor.get("/rapporter/\(report.id!.uuidString)")
                var revisions: [String: Int] = [:]
                for type in types {
                    for value in Self.corpus {
                        let before = try await AnswerModel.query(on: app.db).filter(\.$reportID == report.id!).filter(\.$questionID == type.rawValue).first()
                        let res = try await Self.put(editor, report.id!, type.rawValue, value, revision: revisions[type.rawValue] ?? 0)
                        #expect(res.status == .ok || res.status == .unprocessableEntity || res.status == .badRequest, "\(type) \(value.prefix(30)): \(res.status)")
                        let after = try await AnswerModel.query(on: app.db).filter(\.$reportID == report.id!).filter(\.$questionID == type.rawValue).first()
                        if res.status == .ok {
                            revisions[type.rawValue] = after?.revision ?? 0
                        } else {
                            #expect(after?.value == before?.value && after?.revision == before?.revision, "a refused value changed the answer")
                            #expect(res.body.string.contains("\"reason\""), "a refusal says why")
                        }
                    }
                }
                // What was stored is shown inert on the section and check pages.
                for path in ["/rapporter/\(report.id!.uuidString)/avsnitt/1", "/rapporter/\(report.id!.uuidString)/kontrollera"] {
                    let page = try await editor.get(path)
                    #expect(page.status == .ok)
                    #expect(!page.text.contains("<script>alert") && !page.text.contains("<img src=x") && !page.text.contains("' onmouseover='"))
                }
            }
        }

        @Test("text that a spreadsheet would run as a formula is neutralised in CSV; .xlsx holds it as text")
        func formulasInExports() async throws {
            try await withNara { app in
                let form = FormDefinition(id: "formler", version: 1, title: "Formler", sections: [FormSection(id: "s", heading: "S",
                    questions: [Question(id: "t", number: "1", text: "Text", type: .text)])])
                let (model, _) = try await ReportService.storeDefinition(form, by: "test", now: Date(), on: app.db)
                let a = try await ReportService.createAssignment(definition: model, year: 2024, recipientKind: "region", reportKind: .interim,
                                                                 opensOn: .make(2024, 1, 1), deadline: .make(2030, 1, 1), now: Date(), on: app.db)
                let reports = try await ReportModel.query(on: app.db).filter(\.$assignmentID == a.requireID()).all()
                let formulas = ["=HYPERLINK(\"http://example.com\")", "+SUM(A1:A9)", "-1+1", "@SUM(A1)"]
                for (r, f) in zip(reports, formulas) { try await FollowUpTests.submit(r, ["t": f], app: app) }
                var analyst = Client(app)
                try await analyst.login(Demo.analyst)
                for layout in ["bred", "lang"] {
                    let csv = try await analyst.get("/uppfoljning/formular/formler/export?ar=2024&layout=\(layout)&format=csv").text
                    for f in formulas {
                        #expect(!csv.contains(";" + f) && !csv.contains(";\"" + f), "\(f) reached the CSV as a formula")
                    }
                    #expect(csv.contains("'=HYPERLINK") || csv.contains("\"'=HYPERLINK"))
                }
                let view = try await analyst.get("/uppfoljning/formular/formler/fragor/t?ar=2024&format=csv").text
                #expect(view.contains("'+SUM(A1:A9)") && !view.contains(";+SUM"))
                let xlsx = try await analyst.get("/uppfoljning/formular/formler/export?ar=2024&layout=bred&format=xlsx")
                #expect(xlsx.status == .ok && !String(decoding: Data(xlsx.body.readableBytesView), as: UTF8.self).contains("<f>"))
            }
        }

        @Test("uploads: broken UTF-8, a byte order mark, a file too large; a refused import changes nothing")
        func uploads() async throws {
            try await withNara { app in
                var analyst = Client(app)
                try await analyst.login(Demo.analyst)
                func upload(_ bytes: [UInt8]) async throws -> TestingHTTPResponse {
                    let boundary = "----nara-test"
                    var body = ByteBuffer()
                    for (name, value) in [("_csrf", analyst.csrf ?? ""), ("source", "Test")] {
                        body.writeString("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n\(value)\r\n")
                    }
                    body.writeString("--\(boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.csv\"\r\nContent-Type: text/csv\r\n\r\n")
                    body.writeBytes(bytes)
                    body.writeString("\r\n--\(boundary)--\r\n")
                    var headers = HTTPHeaders()
                    headers.replaceOrAdd(name: .contentType, value: "multipart/form-data; boundary=\(boundary)")
                    headers.replaceOrAdd(name: .cookie, value: "nara_session=\(analyst.cookie!)")
                    var out: TestingHTTPResponse?
                    try await app.testing().test(.POST, "/uppfoljning/indikatorer", headers: headers, body: body) { out = $0 }
                    return out!
                }
                let header = Array("indikator;kod;år;värde\n".utf8)
                let broken = try await upload(header + [0x66, 0xC3, 0x28, 0x0A])
                #expect(broken.status == .unprocessableEntity && broken.text.contains("inte UTF-8"))
                let hostileRows = try await upload(Array("indikator;kod;år;värde\n=1+1;13;2023;55\n<script>;13;2023;55\nfast-lakarkontakt;13;2023;=55\n".utf8))
                #expect(hostileRows.status == .unprocessableEntity && !hostileRows.text.contains("<script>;"))
                #expect(try await IndicatorValueModel.query(on: app.db).count() == 0)
                let bom = try await upload([0xEF, 0xBB, 0xBF] + Array("indikator;kod;år;värde\nfast-lakarkontakt;13;2023;55\n".utf8))
                #expect(bom.status == .ok)
                let huge = try await upload(header + [UInt8](repeating: 0x41, count: 21 * 1_048_576))
                #expect(huge.status == .payloadTooLarge || huge.status == .unprocessableEntity, "\(huge.status)")
                #expect(try await IndicatorValueModel.query(on: app.db).count() == 1)
            }
        }

        @Test("the goal picture and question link forms store hostile text inert or refuse it")
        func forms() async throws {
            try await withNara { app in
                var editor = Client(app)
                try await editor.login(Demo.regionEditor)
                for value in Self.corpus where !value.trimmingCharacters(in: .whitespaces).isEmpty && value.count < 200 {
                    let res = try await editor.post("/malbild", ["title": value, "summary": value, "factors": value, "followup": value, "decided_on": value])
                    #expect(res.status == .seeOther || res.status == .unprocessableEntity || res.status == .badRequest, "\(value.prefix(20)): \(res.status)")
                    let page = try await editor.get("/malbild")
                    #expect(!page.text.contains("<script>alert") && !page.text.contains("<img src=x") && !page.text.contains("' onmouseover='"))
                }
                var admin = Client(app)
                try await admin.login(Demo.admin)
                for value in Self.corpus {
                    let res = try await admin.post("/uppfoljning/kopplingar", ["from_form": value, "from_question": value, "to_form": value, "to_question": value])
                    #expect(res.status == .unprocessableEntity || (res.status == .badRequest && value.contains("\u{0}")), "\(res.status)")
                    #expect(!res.text.contains("<script>alert") && !res.text.contains("<img src=x"))
                }
                #expect(try await QuestionLinkModel.query(on: app.db).count() == 0)
            }
        }
    }
}
