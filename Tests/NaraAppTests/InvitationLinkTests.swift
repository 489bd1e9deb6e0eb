import Fluent
import Foundation
import NaraPersistence
import Testing
import VaporTesting
@testable import NaraWeb

extension AppTests {
    @Suite("Invitation links: NARA_PUBLIC_URL, or the address the administrator used")
    struct InvitationLinkTests {
        /// Invites a new editor to Region Stockholm as the demo administrator, the request carrying `headers`.
        static func invite(_ app: Application, headers: HTTPHeaders = [:]) async throws -> String {
            var admin = Client(app)
            try await admin.login(Demo.admin)
            let region = try #require(try await OrganisationModel.query(on: app.db).filter(\.$kind == "region").filter(\.$code == "01").first())
            let page = try await admin.request(.POST, "/admin/personer/bjud-in", form: ["email": "ny.person@regionstockholm.se",
                                                                                     "organisation": region.id!.uuidString, "role": "recipient_editor"],
                                               headers: headers)
            #expect(page.status == .ok)
            return try #require(Client.element("inbjudningslank", in: page.text))
        }

        @Test("without NARA_PUBLIC_URL the link uses the request's own Host")
        func fromHost() async throws {
            try await withNara { app in
                let link = try await Self.invite(app, headers: ["Host": "nara.example.se:9443"])
                #expect(link.hasPrefix("http://nara.example.se:9443/inbjudan/"), "\(link)")
                #expect(!link.contains("127.0.0.1"))
            }
        }

        @Test("with NARA_PUBLIC_URL the link uses it, whatever the Host")
        func fromPublicURL() async throws {
            try await withNara({ $0.publicURL = "https://nara.example.se" }) { app in
                let link = try await Self.invite(app, headers: ["Host": "intern.example:8080"])
                #expect(link.hasPrefix("https://nara.example.se/inbjudan/"), "\(link)")
            }
        }

        @Test("the forwarded scheme is believed only from a trusted proxy, and a Host that is not a host is ignored")
        func origin() throws {
            #expect(SiteOrigin.of(publicURL: nil, host: "nara.example.se", forwardedProto: "https", fromTrustedProxy: true, fallback: "x")
                    == "https://nara.example.se")
            #expect(SiteOrigin.of(publicURL: nil, host: "nara.example.se", forwardedProto: "https", fromTrustedProxy: false, fallback: "x")
                    == "http://nara.example.se")
            #expect(SiteOrigin.of(publicURL: nil, host: "evil.example/x?", forwardedProto: nil, fromTrustedProxy: false, fallback: "http://a")
                    == "http://a")
            #expect(SiteOrigin.of(publicURL: nil, host: "user@evil.example", forwardedProto: nil, fromTrustedProxy: false, fallback: "http://a")
                    == "http://a")
            #expect(SiteOrigin.of(publicURL: "https://p.example", host: "h.example", forwardedProto: nil, fromTrustedProxy: false, fallback: "x")
                    == "https://p.example")
            #expect(try AppConfig.read(from: ["NARA_PUBLIC_URL": "https://nara.example.se"]).publicURLIsSet)
            #expect(!(try AppConfig.read(from: [:]).publicURLIsSet))
        }
    }
}
