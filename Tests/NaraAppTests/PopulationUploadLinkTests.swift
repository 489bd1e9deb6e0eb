import Foundation
import Testing
import VaporTesting
@testable import NaraWeb

extension AppTests {
    @Suite("Population page: administrators find the upload")
    struct PopulationUploadLinkTests {
        @Test("/befolkning links to /admin/befolkning for those who may import tables, and only for them")
        func uploadLink() async throws {
            try await withNara { app in
                let link = "href=\"/admin/befolkning\""
                var admin = try await Client.signedIn(app, Demo.admin)
                let page = try await admin.get("/befolkning")
                #expect(page.status == .ok && page.text.contains(link) && page.text.contains("Läs in en ny befolkningstabell"))
                var analyst = try await Client.signedIn(app, Demo.analyst)
                let read = try await analyst.get("/befolkning")
                #expect(read.status == .ok && !read.text.contains(link))
                var anonymous = Client(app)
                let open = try await anonymous.get("/befolkning")
                #expect(open.status == .ok && !open.text.contains(link))
            }
        }
    }
}
