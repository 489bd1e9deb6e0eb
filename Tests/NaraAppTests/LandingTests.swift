import Foundation
import NaraCore
import Testing
import VaporTesting
@testable import NaraWeb

extension AppTests {
    @Suite("Signing in: each role lands where its work is")
    struct LandingTests {
        static func location(_ res: TestingHTTPResponse) -> String? { res.headers.first(name: .location) }

        @Test("after POST /logga-in each role is sent to its own work", arguments: [
            (Demo.admin, "/admin"), (Demo.payer, "/utbetalningar"), (Demo.analyst, "/uppfoljning"),
            (Demo.rssEditor, "/rapporter"), (Demo.financeDirector, "/rapporter"), (Demo.regionViewer, "/rapporter"),
            (Demo.provider, "/rapporter"),
        ])
        func landing(email: String, expected: String) async throws {
            try await withNara { app in
                var client = Client(app)
                let res = try await client.login(email)
                #expect(res.status == .seeOther)
                #expect(Self.location(res) == expected, "\(email)")
                // Signed in, the sign-in page sends the person on to the same place.
                #expect(Self.location(try await client.get("/logga-in")) == expected)
            }
        }

        @Test("a same-site return path wins over the landing page; any other is ignored")
        func returnPathWins() async throws {
            try await withNara { app in
                var client = Client(app)
                try await client.get("/logga-in?till=/befolkning")
                let back = try await client.post("/logga-in", ["email": Demo.payer, "password": AppConfig.demoPassword, "till": "/befolkning"])
                #expect(Self.location(back) == "/befolkning")
                #expect(Self.location(try await client.get("/logga-in?till=/oppna-data")) == "/oppna-data")

                var other = Client(app)
                try await other.get("/logga-in")
                let offSite = try await other.post("/logga-in", ["email": Demo.analyst, "password": AppConfig.demoPassword, "till": "//evil.example/x"])
                #expect(Self.location(offSite) == "/uppfoljning")
            }
        }
    }
}
