import Fluent
import Foundation
import NaraCore
import NaraPersistence
import Testing
import VaporTesting
@testable import NaraWeb

extension AppTests {
    @Suite("Attachments: whoever may read a report can open its files, with safe headers")
    struct AttachmentDownloadTests {
        /// A round with one file question, asked of every RSS; RSS Jämtlands län's report.
        static func fileReport(_ app: Application) async throws -> ReportModel {
            let form = FormDefinition(id: "bilaga", version: 1, title: "Bilaga", sections: [FormSection(id: "s", heading: "Underlag",
                questions: [Question(id: "f", number: "1", text: "Bifoga underlaget", type: .file, accept: ["pdf"], maxBytes: 1_048_576)])])
            let (model, _) = try await ReportService.storeDefinition(form, by: "test", now: Date(), on: app.db)
            let a = try await ReportService.createAssignment(definition: model, year: 2025, recipientKind: "rss", reportKind: .interim,
                                                             opensOn: .make(2025, 1, 1), deadline: .make(2030, 1, 1), now: Date(), on: app.db)
            let rss = try #require(try await OrganisationModel.query(on: app.db).filter(\.$kind == "rss").filter(\.$code == "23").first())
            return try #require(try await ReportModel.query(on: app.db).filter(\.$assignmentID == a.requireID())
                .filter(\.$organisationID == rss.requireID()).first())
        }

        /// Posts the section form as a browser does (multipart) with one file.
        static func upload(_ app: Application, _ editor: Client, _ report: ReportModel, name: String, bytes: String) async throws -> TestingHTTPResponse {
            let boundary = "----nara-bilaga-test"
            var body = ByteBuffer()
            for (field, value) in [("_csrf", editor.csrf ?? ""), ("revision_f", "0"), ("action", "stay")] {
                body.writeString("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(field)\"\r\n\r\n\(value)\r\n")
            }
            body.writeString("--\(boundary)\r\nContent-Disposition: form-data; name=\"file_f\"; filename=\"\(name)\"\r\nContent-Type: application/pdf\r\n\r\n\(bytes)\r\n--\(boundary)--\r\n")
            var headers = HTTPHeaders()
            headers.replaceOrAdd(name: .contentType, value: "multipart/form-data; boundary=\(boundary)")
            headers.replaceOrAdd(name: .cookie, value: "nara_session=\(editor.cookie ?? "")")
            return try await app.testing().sendRequest(.POST, SiteURL.section(report.id!, 0), headers: headers, body: body)
        }

        /// An editor at Region Stockholm, another organisation than the report's.
        static func otherRegionEditor(_ app: Application) async throws -> Client {
            let region = try #require(try await OrganisationModel.query(on: app.db).filter(\.$kind == "region").filter(\.$code == "01").first())
            let user = UserModel()
            user.email = "redigerare@regionstockholm.example"; user.name = "Sara Sthlm"; user.isActive = true; user.createdAt = Date()
            user.passwordHash = try Bcrypt.hash(AppConfig.demoPassword, cost: 4)
            try await user.create(on: app.db)
            let m = MembershipModel()
            m.userID = user.id!; m.organisationID = region.id!; m.role = Role.recipientEditor.rawValue; m.createdAt = Date(); m.financeDirector = false
            try await m.create(on: app.db)
            return try await Client.signedIn(app, user.email)
        }

        @Test("uploaded, the file opens for its owner and a national reviewer, is linked by name and size, and is refused elsewhere")
        func uploadThenDownload() async throws {
            try await withNara { app in
                let report = try await Self.fileReport(app)
                let reportID = try report.requireID()
                var editor = try await Client.signedIn(app, Demo.rssEditor)
                _ = try await editor.get(SiteURL.section(reportID, 0))
                let pdf = "%PDF-1.4 underlag"
                #expect(try await Self.upload(app, editor, report, name: "Underlag 2025.pdf", bytes: pdf).status == .seeOther)
                let stored = try #require(try await AttachmentModel.query(on: app.db).filter(\.$reportID == reportID).first())
                let url = SiteURL.attachment(reportID, stored.id!)
                let apiURL = "/api/v1/reports/\(reportID.uuidString)/attachments/\(stored.id!.uuidString)"

                // The owner: the stored bytes, with the type, the name and nosniff.
                let own = try await editor.get(url)
                #expect(own.status == .ok)
                #expect(own.body.string == pdf)
                #expect(own.headers.first(name: .contentType) == "application/pdf")
                #expect(own.headers.first(name: "X-Content-Type-Options") == "nosniff")
                #expect(own.headers.first(name: .contentDisposition) == "attachment; filename=\"Underlag 2025.pdf\"; filename*=UTF-8''Underlag%202025.pdf")
                // Linked by name with its size on the section page and in the print view.
                let section = try await editor.get(SiteURL.section(reportID, 0))
                #expect(section.text.contains("<a href=\"\(url)\">Underlag 2025.pdf</a> (17 byte)"))
                #expect(try await editor.get(SiteURL.printView(reportID)).text.contains("<a href=\"\(url)\">Underlag 2025.pdf</a>"))
                #expect(try await editor.get(SiteURL.check(reportID)).text.contains("<a href=\"\(url)\">Underlag 2025.pdf</a>"))
                // The API lists it with its address, and opens it.
                let detail = try await editor.get("/api/v1/reports/\(reportID.uuidString)")
                #expect(detail.text.contains("\"url\":\"\(apiURL.replacingOccurrences(of: "/", with: "\\/"))\"") || detail.text.contains("\"url\":\"\(apiURL)\""))
                #expect(try await editor.get(apiURL).body.string == pdf)

                // A national reviewer (Socialstyrelsen's analyst) reads every report.
                var analyst = try await Client.signedIn(app, Demo.analyst)
                let reviewed = try await analyst.get(url)
                #expect(reviewed.status == .ok && reviewed.body.string == pdf)
                #expect(try await analyst.get(apiURL).status == .ok)
                #expect(try await analyst.get(SiteURL.printView(reportID)).text.contains("Underlag 2025.pdf</a>"))

                // Another organisation's editor: the standard refusal, as page and as API error.
                var stranger = try await Self.otherRegionEditor(app)
                let refused = try await stranger.get(url)
                #expect(refused.status == .forbidden)
                #expect(refused.text.contains("Du har inte behörighet") && !refused.text.contains("underlag"))
                #expect(try await stranger.get(apiURL).status == .forbidden)

                // An unknown file, or this file under another report: 404.
                #expect(try await editor.get(SiteURL.attachment(reportID, UUID())).status == .notFound)
                let other = try #require(try await ReportModel.query(on: app.db).filter(\.$organisationID == report.organisationID)
                    .filter(\.$id != reportID).first())
                #expect(try await editor.get(SiteURL.attachment(other.id!, stored.id!)).status == .notFound)
                // Submitted, the file is linked from the follow-up's list of answers to the question.
                #expect(try await editor.post(SiteURL.submit(reportID)).status == .seeOther)
                let answers = try await analyst.get(AnalysisRoutes.questionURL("bilaga", "f") + "?ar=2025")
                #expect(answers.status == .ok)
                #expect(answers.text.contains("<a href=\"\(url)\">Underlag 2025.pdf</a> (17 byte)"))
                // Signed out: asked to sign in.
                var anonymous = Client(app)
                #expect(try await anonymous.get(url).status != .ok)
            }
        }

        @Test("a hostile file name gives a safe header; an unknown type is sent as bytes")
        func hostileName() async throws {
            try await withNara { app in
                let report = try await Self.fileReport(app)
                let a = AttachmentModel()
                a.reportID = report.id!; a.questionID = "f"; a.fileName = "a\"b\r\nX: y/../ö.pdf"; a.size = 9
                a.content = Data("%PDF-1.4\n".utf8).base64EncodedString(); a.createdAt = Date()
                try await a.create(on: app.db)
                var editor = try await Client.signedIn(app, Demo.rssEditor)
                let res = try await editor.get(SiteURL.attachment(report.id!, a.id!))
                #expect(res.status == .ok)
                let disposition = try #require(res.headers.first(name: .contentDisposition))
                #expect(disposition == "attachment; filename=\"abX: y_..__.pdf\"; filename*=UTF-8''abX%3A%20y_.._%C3%B6.pdf")
                #expect(!disposition.contains("\r") && !disposition.contains("\n") && !disposition.contains("/"))
                #expect(res.headers.first(name: "X") == nil)
                #expect(res.headers.first(name: "X-Content-Type-Options") == "nosniff")
                #expect(res.headers.first(name: .contentType) == "application/pdf")

                #expect(AttachmentDownload.contentType(forFileName: "sida.html").serialize() == "application/octet-stream")
                #expect(AttachmentDownload.contentType(forFileName: "bild.svg").serialize() == "application/octet-stream")
                #expect(AttachmentDownload.disposition(fileName: "\"\r\n") == "attachment; filename=\"bilaga\"; filename*=UTF-8''bilaga")
            }
        }

        @Test("sizes are written as people read them")
        func sizes() {
            #expect(AttachmentDownload.sizeText(850) == "850 byte")
            #expect(AttachmentDownload.sizeText(120_000) == "120 kB")
            #expect(AttachmentDownload.sizeText(2_400_000) == "2,4 MB")
        }
    }
}
