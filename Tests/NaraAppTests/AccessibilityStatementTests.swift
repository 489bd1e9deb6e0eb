import Foundation
import Testing
import VaporTesting
@testable import NaraWeb

extension AppTests {
    @Suite("Accessibility statement: public, in DIGG's structure, linked from every page")
    struct AccessibilityStatementTests {
        @Test("/tillganglighet answers everyone with the statement and its parts")
        func statement() async throws {
            try await withNara { app in
                var anonymous = Client(app)
                let page = try await anonymous.get("/tillganglighet")
                #expect(page.status == .ok)
                #expect(page.text.contains("<h1>Tillgänglighets\u{00AD}redogörelse för Nära</h1>"))
                #expect(page.text.contains("<title>Tillgänglighetsredogörelse för Nära – Nära</title>"))
                for part in ["delvis förenlig", "https://www.digg.se/tdosanmalan", "Myndigheten för digital förvaltning", "WCAG 2.1",
                             "EN 301 549", "axe-core", "1280 och 375 pixlar", "enbart tangentbord", "30 november 2026",
                             "mailto:tillganglighet@nara.example"] {
                    #expect(page.text.contains(part), "\(part)")
                }
            }
        }

        @Test("the contact address follows NARA_PUBLIC_URL's domain")
        func contactFromPublicURL() async throws {
            try await withNara({ $0.publicURL = "https://nara.example.se" }) { app in
                var anonymous = Client(app)
                let page = try await anonymous.get("/tillganglighet")
                #expect(page.text.contains("mailto:tillganglighet@nara.example.se"))
            }
        }

        @Test("an ordinary page's footer links to the statement, signed in or not")
        func footerLinks() async throws {
            try await withNara { app in
                let link = "<a href=\"/tillganglighet\">Tillgänglighetsredogörelse</a>"
                var anonymous = Client(app)
                let home = try await anonymous.get("/")
                #expect(home.text.contains("<footer") && home.text.components(separatedBy: "<footer").last!.contains(link))
                var editor = try await Client.signedIn(app, Demo.rssEditor)
                let reports = try await editor.get("/rapporter")
                #expect(reports.text.components(separatedBy: "<footer").last!.contains(link))
            }
        }
    }
}
