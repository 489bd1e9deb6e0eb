import Fluent
import Foundation
import NaraCore
import NaraPersistence
import Testing
import VaporTesting
@testable import NaraWeb

extension AppTests {
    /// Sign-in that cannot be turned against its users: the return address stays on the site,
    /// the client address is believed only from trusted proxies, and long answers get a Swedish
    /// refusal only when they are longer than a questionnaire may allow.
    @Suite("Sign-in safety: redirects, proxies, HSTS, body limits")
    struct SignInSafetyTests {
        static let offSite = ["/\t/example.org", "/\u{0B}/example.org", "/\r\n/example.org", "//example.org", "/\\example.org",
                              "\\\\example.org", "/\\/example.org", "https://example.org", "%2F%2Fexample.org", "%2F%09%2Fexample.org",
                              "/%09/../\t/example.org", " /example.org", "/ /example.org", "javascript:alert(1)", "/\u{3000}/example.org",
                              "/logga-in?till=//example.org", "///example.org", ""]

        @Test("till= accepts only a same-site path: encoded, tab, backslash and // variants are ignored")
        func returnAddress() async throws {
            for raw in Self.offSite { #expect(AccountRoutes.safeNext(raw) == SiteURL.account, "\(raw.debugDescription)") }
            for path in ["/rapporter", "/uppfoljning/formular/x?ar=2023&sida=2", "/konto"] { #expect(AccountRoutes.safeNext(path) == path) }
            try await withNara { app in
                var client = Client(app)
                // The issue's own example: %2F%09%2F decodes to "/\t/".
                let form = try await client.get("/logga-in?till=%2F%09%2Fexample.org")
                #expect(form.text.contains("name=\"till\" value/>"), "no return path: the person will land where their work is")
                for raw in Self.offSite.prefix(8) + ["/rapporter"] {
                    var person = Client(app)
                    try await person.get("/logga-in")
                    let res = try await person.post("/logga-in", ["email": Demo.analyst, "password": AppConfig.demoPassword, "till": raw])
                    #expect(res.status == .seeOther)
                    // Off-site paths are ignored: the analyst lands on the follow-up, where their work is.
                    #expect(res.headers.first(name: .location) == (raw == "/rapporter" ? raw : SiteURL.followUp), "\(raw.debugDescription)")
                }
            }
        }

        @Test("X-Forwarded-For is read from the right, and only when the socket is a trusted proxy")
        func clientAddressRule() {
            let trusted: Set<String> = ["10.0.0.5", "10.0.0.6"]
            #expect(Request.clientAddress(peer: "198.51.100.4", forwardedFor: ["203.0.113.7"], trusted: trusted) == "198.51.100.4")
            #expect(Request.clientAddress(peer: "10.0.0.5", forwardedFor: ["203.0.113.7"], trusted: trusted) == "203.0.113.7")
            #expect(Request.clientAddress(peer: "10.0.0.5", forwardedFor: ["1.2.3.4, 203.0.113.7"], trusted: trusted) == "203.0.113.7",
                    "what the client wrote left of the proxy's entry is not believed")
            #expect(Request.clientAddress(peer: "10.0.0.5", forwardedFor: ["203.0.113.7, 10.0.0.6"], trusted: trusted) == "203.0.113.7")
            #expect(Request.clientAddress(peer: "10.0.0.5", forwardedFor: ["inte-en-adress"], trusted: trusted) == "10.0.0.5")
            #expect(Request.clientAddress(peer: "10.0.0.5", forwardedFor: [], trusted: trusted) == "10.0.0.5")
            #expect(Request.clientAddress(peer: nil, forwardedFor: ["203.0.113.7"], trusted: trusted) == "okänd")
        }

        @Test("NARA_TRUSTED_PROXIES takes IP addresses and names every one that is not")
        func trustedProxiesSetting() throws {
            let config = try AppConfig.read(from: ["NARA_TRUSTED_PROXIES": "10.0.0.5, ::1"])
            #expect(config.trustedProxies == ["10.0.0.5", "::1"])
            #expect(try AppConfig.read(from: [:]).trustedProxies.isEmpty)
            do {
                _ = try AppConfig.read(from: ["NARA_TRUSTED_PROXIES": "10.0.0.5,proxy.local,10.0.0"])
                Issue.record("a bad proxy address was accepted")
            } catch let error as ConfigError {
                #expect(error.problems.count == 2 && error.description.contains("proxy.local") && error.description.contains("10.0.0"))
            }
        }

        static func failedLogin(_ client: inout Client, email: String, forwardedFor: String) async throws -> TestingHTTPResponse {
            try await client.request(.POST, "/logga-in", form: ["email": email, "password": "fel"], headers: ["X-Forwarded-For": forwardedFor])
        }

        @Test("from an untrusted peer a forged X-Forwarded-For neither reaches the audit trail nor escapes the address limit")
        func forgedForwardedFor() async throws {
            try await withNara { app in
                var client = Client(app)
                client.overSocket = true
                try await client.get("/logga-in")
                for i in 0..<Accounts.maxFailuresPerAddress {
                    let res = try await Self.failedLogin(&client, email: "okand\(i)@example.se", forwardedFor: "203.0.113.\(i + 1)")
                    #expect(res.status == .unprocessableEntity && !res.text.contains(LoginPage.Text.throttled))
                }
                let limited = try await Self.failedLogin(&client, email: "okand-sist@example.se", forwardedFor: "198.51.100.99")
                #expect(limited.text.contains(LoginPage.Text.throttled), "rotating the header does not reset the limit")
                let addresses = Set(try await AuditEntryModel.query(on: app.db).filter(\.$action == "login_failed").all().map(\.address))
                #expect(addresses == ["127.0.0.1"])
            }
        }

        @Test("behind a trusted proxy the forwarded address is recorded and limited on its own")
        func trustedProxy() async throws {
            try await withNara({ $0.trustedProxies = ["127.0.0.1"] }) { app in
                var client = Client(app)
                client.overSocket = true
                try await client.get("/logga-in")
                for i in 0..<Accounts.maxFailuresPerAddress {
                    _ = try await Self.failedLogin(&client, email: "okand\(i)@example.se", forwardedFor: "6.6.6.6, 203.0.113.7")
                }
                let limited = try await Self.failedLogin(&client, email: "okand-sist@example.se", forwardedFor: "203.0.113.7")
                #expect(limited.text.contains(LoginPage.Text.throttled))
                // A colleague behind the same proxy, at another address, is not locked out by it.
                let colleague = try await client.request(.POST, "/logga-in", form: ["email": Demo.analyst, "password": AppConfig.demoPassword],
                                                         headers: ["X-Forwarded-For": "203.0.113.8"])
                #expect(!colleague.text.contains(LoginPage.Text.throttled))
                let addresses = Set(try await AuditEntryModel.query(on: app.db).filter(\.$action == "login_failed").all().map(\.address))
                #expect(addresses == ["203.0.113.7"])
                // (The socket client follows the redirect without the cookie; the audit trail shows the sign-in.)
                let signedIn = try await AuditEntryModel.query(on: app.db).filter(\.$action == "login").all().map(\.address)
                #expect(signedIn == ["203.0.113.8"])
            }
        }

        @Test("HSTS only when Nära is served over https")
        func hsts() async throws {
            try await withNara { app in
                var client = Client(app)
                let res = try await client.get("/")
                #expect(res.headers.first(name: "Strict-Transport-Security") == nil)
            }
            try await withNara({ $0.publicURL = "https://nara.example.se" }) { app in
                var client = Client(app)
                let res = try await client.get("/")
                #expect(res.headers.first(name: "Strict-Transport-Security")?.contains("max-age=") == true)
            }
        }

        @Test("an answer as long as the questionnaire allows is saved; a larger one gets a Swedish 413, in JSON and in HTML")
        func answerBodyLimit() async throws {
            try await withNara { app in
                let form = FormDefinition(id: "lang", version: 1, title: "Långa svar", sections: [FormSection(id: "s", heading: "S",
                    questions: [Question(id: "t", number: "1", text: "Text", type: .text, maxLength: FormValidator.longestText)])])
                let (model, _) = try await ReportService.storeDefinition(form, by: "test", now: Date(), on: app.db)
                let a = try await ReportService.createAssignment(definition: model, year: 2025, recipientKind: "rss", reportKind: .interim,
                                                                 opensOn: .make(2025, 1, 1), deadline: .make(2030, 1, 1), now: Date(), on: app.db)
                let rss = try await OrganisationModel.query(on: app.db).filter(\.$kind == "rss").filter(\.$code == "23").first()!
                let report = try #require(try await ReportModel.query(on: app.db).filter(\.$assignmentID == a.requireID())
                    .filter(\.$organisationID == rss.requireID()).first())
                var editor = Client(app)
                try await editor.login(Demo.rssEditor)
                func put(_ value: String) async throws -> TestingHTTPResponse {
                    let data = try JSONSerialization.data(withJSONObject: ["value": value, "revision": 0])
                    var headers = HTTPHeaders()
                    headers.contentType = .json
                    headers.replaceOrAdd(name: "X-CSRF-Token", value: editor.csrf ?? "")
                    headers.replaceOrAdd(name: .cookie, value: "nara_session=\(editor.cookie ?? "")")
                    return try await app.testing(method: .running(hostname: "127.0.0.1", port: 0))
                        .sendRequest(.PUT, "/api/v1/reports/\(report.id!.uuidString)/answers/t", headers: headers, body: ByteBuffer(data: data))
                }
                let longest = String(repeating: "å\u{1}\"", count: FormValidator.longestText / 3)
                let saved = try await put(longest)
                #expect(saved.status == .ok, "\(saved.status): \(saved.text.prefix(200))")
                let tooLarge = try await put(String(repeating: "x", count: Int(ReportAPIRoutes.answerBodyLimit.value) + 1))
                #expect(tooLarge.status == .payloadTooLarge)
                #expect(tooLarge.text.contains("\"reason\"") && tooLarge.text.contains("för stort") && !tooLarge.text.contains("Payload"))
                // An HTML form over its limit: a Swedish page.
                var headers = HTTPHeaders()
                headers.replaceOrAdd(name: .contentType, value: "application/x-www-form-urlencoded")
                headers.replaceOrAdd(name: "X-CSRF-Token", value: editor.csrf ?? "")
                headers.replaceOrAdd(name: .cookie, value: "nara_session=\(editor.cookie ?? "")")
                let page = try await app.testing(method: .running(hostname: "127.0.0.1", port: 0))
                    .sendRequest(.POST, "/konto/api-nycklar", headers: headers, body: ByteBuffer(string: "name=" + String(repeating: "x", count: 200_000)))
                #expect(page.status == .payloadTooLarge && page.text.contains("för stort") && !page.text.contains("Payload Too Large"))
            }
        }

        @Test("an attachment is stored only when its save wins: a stale section save keeps no file")
        func attachmentOnlyWhenSaved() async throws {
            try await withNara { app in
                let form = FormDefinition(id: "bilaga", version: 1, title: "Bilaga", sections: [FormSection(id: "s", heading: "S",
                    questions: [Question(id: "f", number: "1", text: "Bilaga", type: .file, accept: ["pdf"], maxBytes: 1_048_576)])])
                let (model, _) = try await ReportService.storeDefinition(form, by: "test", now: Date(), on: app.db)
                let a = try await ReportService.createAssignment(definition: model, year: 2025, recipientKind: "rss", reportKind: .interim,
                                                                 opensOn: .make(2025, 1, 1), deadline: .make(2030, 1, 1), now: Date(), on: app.db)
                let rss = try await OrganisationModel.query(on: app.db).filter(\.$kind == "rss").filter(\.$code == "23").first()!
                let report = try #require(try await ReportModel.query(on: app.db).filter(\.$assignmentID == a.requireID())
                    .filter(\.$organisationID == rss.requireID()).first())
                var editor = Client(app)
                try await editor.login(Demo.rssEditor)
                _ = try await editor.get(SiteURL.section(report.id!, 0))
                // Someone else saves first: the answer is at revision 1.
                #expect(try await HostileInputTests.put(editor, report.id!, "f", "annan.pdf (10 byte)", revision: 0).status == .ok)
                func post(revision: Int) async throws -> TestingHTTPResponse {
                    let boundary = "----nara-bilaga"
                    var body = ByteBuffer()
                    for (name, value) in [("_csrf", editor.csrf ?? ""), ("revision_f", String(revision))] {
                        body.writeString("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n\(value)\r\n")
                    }
                    body.writeString("--\(boundary)\r\nContent-Disposition: form-data; name=\"file_f\"; filename=\"min.pdf\"\r\nContent-Type: application/pdf\r\n\r\n%PDF-1.4 test\r\n--\(boundary)--\r\n")
                    var headers = HTTPHeaders()
                    headers.replaceOrAdd(name: .contentType, value: "multipart/form-data; boundary=\(boundary)")
                    headers.replaceOrAdd(name: .cookie, value: "nara_session=\(editor.cookie ?? "")")
                    return try await app.testing().sendRequest(.POST, SiteURL.section(report.id!, 0), headers: headers, body: body)
                }
                let stale = try await post(revision: 0)
                #expect(stale.status == .conflict)
                #expect(try await AttachmentModel.query(on: app.db).count() == 0, "the losing save kept its file")
                let winning = try await post(revision: 1)
                #expect(winning.status == .seeOther)
                #expect(try await AttachmentModel.query(on: app.db).count() == 1)
            }
        }

        @Test("CSV cells starting with a tab or a carriage return are neutralised like those starting with =")
        func csvLeadingWhitespace() {
            #expect(CSVWriter.field("\t=1+1") == "'\t=1+1")
            #expect(CSVWriter.field("\r=1+1").hasPrefix("\"'\r"))
            #expect(CSVWriter.field("=1+1") == "'=1+1")
            #expect(CSVWriter.field("-5") == "-5")
        }
    }
}
