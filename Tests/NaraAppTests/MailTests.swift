import Fluent
import Foundation
import NaraCore
import NaraPersistence
import Testing
import VaporTesting
@testable import NaraWeb

extension AppTests {
    @Suite("Mail: invitations go through the one configured sender")
    struct MailTests {
        /// Invites a new editor to Region Stockholm as the demo administrator.
        static func invite(_ app: Application) async throws -> TestingHTTPResponse {
            var admin = Client(app)
            try await admin.login(Demo.admin)
            let region = try #require(try await OrganisationModel.query(on: app.db).filter(\.$kind == "region").filter(\.$code == "01").first())
            return try await admin.post("/admin/personer/bjud-in", ["email": "ny.person@regionstockholm.se",
                                                                   "organisation": region.id!.uuidString, "role": "recipient_editor"])
        }

        @Test("an invitation is mailed to the person, dated by the app's clock, with the link the page shows")
        func invitationMailed() async throws {
            try await withNara { app in
                // setup
                let outbox = RecordingMailSender()
                app.mail = outbox
                app.clock = .on(.make(2024, 3, 4))
                // MUT
                let page = try await Self.invite(app)
                // validate
                #expect(page.status == .ok)
                #expect(page.text.contains("Inbjudan har skickats med e-post"))
                let link = try #require(Client.element("inbjudningslank", in: page.text))
                let sent = await outbox.messages(to: "ny.person@regionstockholm.se")
                #expect(sent.count == 1)
                let mail = try #require(sent.first)
                #expect(mail.subject == "Inbjudan till Nära")
                #expect(mail.body.contains(link))
                #expect(mail.date == app.clock.now())
                #expect(mail.rfc5322(from: "nara@example.org").contains("Date: Mon, 04 Mar 2024"))
            }
        }

        @Test("without a mail setting nothing is sent and the page tells the administrator to pass the link on")
        func invitationWithoutMail() async throws {
            try await withNara { app in
                #expect(app.mail == nil)
                let page = try await Self.invite(app)
                #expect(page.status == .ok)
                #expect(page.text.contains("E-post är inte konfigurerad"))
            }
        }

        @Test("with NARA_MAIL_DIR the invitation is written there as an .eml file")
        func invitationAsFile() async throws {
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("nara-mail-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: directory) }
            try await withNara({ $0.mailDirectory = directory.path }) { app in
                let page = try await Self.invite(app)
                #expect(page.text.contains("Inbjudan har skickats med e-post"))
                let files = try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.hasSuffix(".eml") }
                #expect(files.count == 1)
                let text = try String(contentsOf: directory.appendingPathComponent(try #require(files.first)), encoding: .utf8)
                #expect(text.contains("To: <ny.person@regionstockholm.se>\r\n"))
                let link = try #require(Client.element("inbjudningslank", in: page.text))
                #expect(text.contains(link))
            }
        }
    }
}
