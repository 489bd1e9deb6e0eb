import Fluent
import Foundation
import NaraCore
import NaraPersistence
import Testing
import VaporTesting
@testable import NaraWeb

extension AppTests {
    @Suite("Questionnaires drafted in Excel: download, edit, upload")
    struct FormWorkbookAppTests {
        static let page = "/admin/formular/arbetsbok"

        /// Posts a workbook as the upload form does (multipart, field `workbook`).
        static func upload(_ app: Application, _ client: Client, _ bytes: Data?, filename: String = "formular.xlsx") async throws -> TestingHTTPResponse {
            let boundary = "----nara-arbetsbok"
            var body = ByteBuffer()
            body.writeString("--\(boundary)\r\nContent-Disposition: form-data; name=\"_csrf\"\r\n\r\n\(client.csrf ?? "")\r\n")
            body.writeString("--\(boundary)\r\nContent-Disposition: form-data; name=\"workbook\"; filename=\"\(bytes == nil ? "" : filename)\"\r\n"
                             + "Content-Type: application/octet-stream\r\n\r\n")
            body.writeBytes(Array(bytes ?? Data()))
            body.writeString("\r\n--\(boundary)--\r\n")
            var headers = HTTPHeaders()
            headers.replaceOrAdd(name: .contentType, value: "multipart/form-data; boundary=\(boundary)")
            if let cookie = client.cookie { headers.replaceOrAdd(name: .cookie, value: "nara_session=\(cookie)") }
            var response: TestingHTTPResponse?
            try await app.testing().test(.POST, page, headers: headers, body: body) { response = $0 }
            return try #require(response)
        }

        /// The reference questionnaire's newest stored version.
        static func latest(_ app: Application) async throws -> FormDefinitionModel {
            try #require(try await FormDefinitionModel.query(on: app.db).filter(\.$formKey == ReferenceForms.municipalFinalReportKey)
                .sort(\.$version, .descending).first())
        }

        static func versions(_ app: Application) async throws -> Int {
            try await FormDefinitionModel.query(on: app.db).filter(\.$formKey == ReferenceForms.municipalFinalReportKey).count()
        }

        /// Sheets as the writer takes them, in the workbook's order.
        static func book(_ sheets: [String: [[String]]]) throws -> Data {
            try XLSX.workbook(sheets: FormWorkbook.Sheet.order.map { name in (name, (sheets[name] ?? []).map { $0.map { XLSX.Cell.text($0) } }) })
        }

        @Test("the workbook downloads, reads back, and uploads unchanged as 'oförändrat' or with one changed text as a new version")
        func roundTrip() async throws {
            try await withNara { app in
                var admin = try await Client.signedIn(app, Demo.admin)
                let latest = try await Self.latest(app)
                let stored = try ReportService.definition(latest)
                let before = try await Self.versions(app)

                let listing = try await admin.get(Self.page)
                #expect(listing.status == .ok)
                #expect(listing.text.contains(SiteURL.adminFormWorkbook(latest.id!)))
                #expect(listing.text.contains("name=\"workbook\""))

                let download = try await admin.get(SiteURL.adminFormWorkbook(latest.id!))
                #expect(download.status == .ok)
                #expect(download.headers.first(name: .contentType) == XLSX.contentType)
                #expect(download.headers.first(name: .contentDisposition)
                        == "attachment; filename=\"\(ReferenceForms.municipalFinalReportKey)-version-\(latest.version).xlsx\"")
                let bytes = Data(download.body.readableBytesView)
                let sheets = try XLSXReader.sheets(bytes)
                #expect(Set(sheets.keys) == Set(FormWorkbook.Sheet.order))
                #expect(sheets["survey"]?.first == FormWorkbook.surveyHeader)
                #expect(sheets["survey"]?.count == stored.questions.count + 1)
                #expect(sheets["choices"]?.count == stored.questions.reduce(1) { $0 + ($1.options?.count ?? 0) })
                #expect(sheets["tables"] == [FormWorkbook.tablesHeader])
                #expect(sheets["settings"]?[1][0] == stored.id)
                #expect(try FormWorkbook.definition(from: sheets) == stored)

                // Unchanged: nothing new is stored.
                let same = try await Self.upload(app, admin, bytes)
                #expect(same.status == .seeOther)
                #expect(same.headers.first(name: .location) == SiteURL.adminForm(latest.id!))
                #expect(try await admin.get(SiteURL.adminForm(latest.id!)).text.contains("Formuläret är oförändrat; version \(latest.version) gäller."))
                #expect(try await Self.versions(app) == before)

                // One question's text changed in the sheets: a new version differing only there.
                var edited = sheets
                let row = try #require(edited["survey"]?.firstIndex { $0.count > 1 && $0[1] == "q6" })
                let label = try #require(FormWorkbook.surveyHeader.firstIndex(of: "label"))
                edited["survey"]![row][label] = "Hur har arbetet med nära vård utvecklats? (ändrad i Excel)"
                let changed = try await Self.upload(app, admin, try Self.book(edited))
                #expect(changed.status == .seeOther)
                #expect(try await Self.versions(app) == before + 1)
                let newest = try await Self.latest(app)
                #expect(newest.version == latest.version + 1)
                #expect(changed.headers.first(name: .location) == SiteURL.adminForm(newest.id!))
                var expected = stored
                expected.version = newest.version
                let (s, q) = (try #require(stored.sectionIndex(of: "q6")), try #require(stored.sections[stored.sectionIndex(of: "q6")!].questions.firstIndex { $0.id == "q6" }))
                expected.sections[s].questions[q].text = "Hur har arbetet med nära vård utvecklats? (ändrad i Excel)"
                #expect(try ReportService.definition(newest) == expected)
                #expect(try await admin.get(SiteURL.adminForm(newest.id!)).text.contains("Formuläret är sparat som version \(newest.version)."))
            }
        }

        @Test("a workbook with three mistakes is refused with 422 and each cell named; a file that is no workbook, or none, too")
        func refused() async throws {
            try await withNara { app in
                var admin = try await Client.signedIn(app, Demo.admin)
                _ = try await admin.get(Self.page)
                let stored = try ReportService.definition(try await Self.latest(app))
                var sheets = Dictionary(uniqueKeysWithValues: FormWorkbook.sheets(for: stored).map { ($0.name, $0.rows) })
                let h = { (name: String) in FormWorkbook.surveyHeader.firstIndex(of: name)! }
                func row(_ id: String) -> Int { sheets["survey"]!.firstIndex { $0[h("name")] == id }! }
                // 1: q5b takes q5a's id; 2: q6 becomes a number with min above max; 3: q7 is shown by the later q9a.
                sheets["survey"]![row("q5b")][h("name")] = "q5a"
                let q6 = row("q6"), q7 = row("q7"), q5b = row("q5a") + 1
                sheets["survey"]![q6][h("type")] = "integer"
                sheets["survey"]![q6][h("max_length")] = ""
                sheets["survey"]![q6][h("min")] = "10"
                sheets["survey"]![q6][h("max")] = "1"
                sheets["survey"]![q7][h("relevant")] = "${q9a} = 'I alla länets kommuner'"
                let before = try await Self.versions(app)
                let all = try await FormDefinitionModel.query(on: app.db).count()

                let res = try await Self.upload(app, admin, try Self.book(sheets))
                #expect(res.status == .unprocessableEntity)
                #expect(res.text.contains("Arbetsboken sparades inte (3 fel)"))
                #expect(res.text.contains("Blad survey, rad \(q5b + 1), kolumn B (name): frågan ”q5a” finns redan på rad \(q5b)"))
                #expect(res.text.contains("Blad survey, rad \(q6 + 1), kolumn L (min): min (10) är större än max (1)"))
                #expect(res.text.contains("Blad survey, rad \(q7 + 1), kolumn H (relevant): villkoret pekar på ”q9a”"))
                #expect(res.count("<li><a href=\"#workbook\">Blad ") == 3)
                #expect(res.text.contains("id=\"workbook-error\""))
                #expect(try await Self.versions(app) == before)
                #expect(try await FormDefinitionModel.query(on: app.db).count() == all)

                let notZip = try await Self.upload(app, admin, Data("kod;namn\n1;Ett\n".utf8), filename: "formular.csv")
                #expect(notZip.status == .unprocessableEntity)
                #expect(notZip.text.contains("Filen är ingen Excel-arbetsbok (.xlsx)."))
                let none = try await Self.upload(app, admin, nil)
                #expect(none.status == .unprocessableEntity)
                #expect(none.text.contains("Välj en arbetsbok (.xlsx) att ladda upp."))
                #expect(try await FormDefinitionModel.query(on: app.db).count() == all)
            }
        }

        @Test("someone without manageForms — a recipient's editor — is refused on all three routes")
        func forbidden() async throws {
            try await withNara { app in
                let id = try await Self.latest(app).id!
                var editor = try await Client.signedIn(app, Demo.regionEditor)
                #expect(try await editor.get(Self.page).status == .forbidden)
                #expect(try await editor.get(SiteURL.adminFormWorkbook(id)).status == .forbidden)
                let before = try await Self.versions(app)
                var changed = try ReportService.definition(try await Self.latest(app))
                changed.title += " (ändrad)"
                #expect(try await Self.upload(app, editor, try FormWorkbookRoutes.workbook(changed)).status == .forbidden)
                #expect(try await Self.versions(app) == before)
                // The administrator's missing version is a 404 with a Swedish reason.
                var admin = try await Client.signedIn(app, Demo.admin)
                let missing = try await admin.get(SiteURL.adminFormWorkbook(UUID()))
                #expect(missing.status == .notFound)
                #expect(missing.text.contains("Formuläret finns inte."))
            }
        }
    }
}
