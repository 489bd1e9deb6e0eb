import Fluent
import Foundation
import NaraPersistence
import Testing
import VaporTesting
@testable import NaraWeb

extension AppTests {
    @Suite("The organisation list: search and pages")
    struct OrganisationListTests {
        @Test("all organisations come 50 to a page; the search and the type are kept from page to page")
        func pages() async throws {
            try await withNara { app in
                var admin = Client(app)
                try await admin.login(Demo.admin)
                let total = try await OrganisationModel.query(on: app.db).count()
                let pages = (total + 49) / 50
                #expect(pages > 1)
                let first = try await admin.get("/admin/organisationer")
                #expect(first.text.contains("\(total) organisationer; visar 1–50, sida 1 av \(pages)"))
                #expect(first.text.components(separatedBy: "<th scope=\"row\">").count - 1 == 50)
                #expect(first.text.contains("href=\"/admin/organisationer?sida=2\""))
                #expect(!first.text.contains("Föregående sida"))
                let last = try await admin.get("/admin/organisationer?sida=\(pages)")
                #expect(last.text.components(separatedBy: "<th scope=\"row\">").count - 1 == total - 50 * (pages - 1))
                #expect(last.text.contains("Föregående sida") && !last.text.contains("Nästa sida"))
                // A page past the end shows the last one; a search that finds a few needs no pages.
                let beyond = try await admin.get("/admin/organisationer?sida=999")
                #expect(beyond.text.contains("sida \(pages) av \(pages)"))
                let municipalities = try await OrganisationModel.query(on: app.db).filter(\.$kind == "municipality").count()
                let kind = try await admin.get("/admin/organisationer?kind=municipality&sida=2")
                #expect(kind.text.contains("\(municipalities) organisationer; visar 51–100"))
                #expect(kind.text.contains("href=\"/admin/organisationer?kind=municipality&sida=3\""))
                let search = try await admin.get("/admin/organisationer?q=J%C3%A4mtland")
                #expect(search.text.contains("Region Jämtland Härjedalen"))
                #expect(!search.text.contains("Nästa sida"))
                let none = try await admin.get("/admin/organisationer?q=finns-inte-alls")
                #expect(none.text.contains("Inga organisationer matchar sökningen."))
            }
        }
    }
}
