import Fluent
import Foundation
import NaraCore
import NaraPersistence
import Testing
import VaporTesting
@testable import NaraWeb

extension AppTests {
    @Suite("Public pages from memory: ETag and 304, forgotten on every server when content changes")
    struct PublicCacheTests {
        static let page = "/overenskommelser/2024/fordelning/regioner"

        static func get(_ app: Application, _ path: String = page, ifNoneMatch: String? = nil) async throws -> TestingHTTPResponse {
            var client = Client(app)
            var headers = HTTPHeaders()
            if let ifNoneMatch { headers.replaceOrAdd(name: .ifNoneMatch, value: ifNoneMatch) }
            return try await client.request(.GET, path, headers: headers)
        }

        /// Lowers the 2024 regions' pot by 10 mnkr through the API, as the administrator.
        /// - Returns: the pot's new amount.
        static func amend(_ app: Application) async throws -> Money {
            let admin = try await AgreementAPITests.token(app, Demo.admin)
            var get = admin
            var doc = try AgreementAPITests.document(try await get.get("/api/v1/agreements/2024"))
            doc.frameOre -= 1_000_000_000; doc.pots[0].amountOre -= 1_000_000_000
            doc.amendment = Amendment(date: .make(2024, 9, 1), reason: "Sänkt ram", reference: "S2024/09999")
            let amended = try await AgreementAPITests.send(app, admin, .PUT, "/api/v1/agreements/2024", doc.encoded())
            #expect(amended.status == .ok)
            return Money(ore: doc.pots[0].amountOre)
        }

        @Test("an anonymous allocation page has an ETag; asked again with it, the answer is 304 without a body")
        func etagAndNotModified() async throws {
            try await withNara { app in
                let watcher = PublicCacheWatcher.install(on: app)
                try await watcher.check()
                let first = try await Self.get(app)
                #expect(first.status == .ok)
                let etag = try #require(first.headers.first(name: .eTag))
                #expect(first.headers.first(name: .cacheControl)?.contains("no-cache") == true)
                #expect(app.publicCache?.count == 1)
                // The same page again comes from memory, byte for byte.
                let again = try await Self.get(app)
                #expect(again.headers.first(name: .eTag) == etag)
                #expect(again.text == first.text)
                let revalidated = try await Self.get(app, ifNoneMatch: etag)
                #expect(revalidated.status == .notModified)
                #expect(revalidated.body.readableBytes == 0)
                #expect(revalidated.headers.first(name: .eTag) == etag)
                // Another version of the page is another entry.
                let other = try await Self.get(app, ifNoneMatch: "\"something-else\"")
                #expect(other.status == .ok && other.text == first.text)
                #expect(try await Self.get(app, "/api/v1/openapi.json").headers.first(name: .eTag) != nil)
                #expect(try await Self.get(app, "/oppna-data").headers.first(name: .eTag) != nil)
            }
        }

        @Test("after an amendment the page shows the new pot with a new ETag, and the old ETag gets the page")
        func amendmentRefreshes() async throws {
            try await withNara { app in
                let watcher = PublicCacheWatcher.install(on: app)
                try await watcher.check()
                let before = try await Self.get(app)
                let oldETag = try #require(before.headers.first(name: .eTag))
                let amount = try await Self.amend(app)
                // The change emptied this server's cache at once.
                #expect(app.publicCache?.count == 0)
                try await watcher.check()
                let after = try await Self.get(app, ifNoneMatch: oldETag)
                #expect(after.status == .ok)
                #expect(after.text.contains(amount.mnkrText()))
                let newETag = try #require(after.headers.first(name: .eTag))
                #expect(newETag != oldETag)
                #expect(try await Self.get(app, ifNoneMatch: newETag).status == .notModified)
            }
        }

        @Test("a signed-in person gets their own page, never the anonymous one, and it is not kept")
        func signedInBypasses() async throws {
            try await withNara { app in
                let watcher = PublicCacheWatcher.install(on: app)
                try await watcher.check()
                _ = try await Self.get(app)
                #expect(app.publicCache?.count == 1)
                let name = try #require(DemoPeople.people.first { $0.email == Demo.admin }?.name)
                var admin = try await Client.signedIn(app, Demo.admin)
                let own = try await admin.get(Self.page)
                #expect(own.status == .ok)
                #expect(own.text.contains(name))
                #expect(own.headers.first(name: .eTag) == nil)
                #expect(own.headers.first(name: .cacheControl)?.contains("no-store") == true)
                let anonymous = try await Self.get(app)
                #expect(!anonymous.text.contains(name))
                #expect(!anonymous.text.contains("_csrf"))
            }
        }

        @Test("a second server on the same database forgets its pages when the first amends the agreement")
        func secondServerForgets() async throws {
            try await SharedStateTests.withTwoServers { first, second in
                // setup: the second server caches the page; it is another process, so it learns
                // of the change only through the database (no listener in this process).
                let cache = PublicCache()
                second.storage[PublicCacheKey.self] = cache
                let watcher = PublicCacheWatcher(app: second, cache: cache)
                try await watcher.check()
                let before = try await Self.get(second)
                let oldETag = try #require(before.headers.first(name: .eTag))
                #expect(cache.count == 1)
                // MUT: the first server amends
                let amount = try await Self.amend(first)
                #expect(cache.count == 1)
                try await watcher.check()
                // validate: the second server has forgotten the page and shows the new pot
                #expect(cache.count == 0)
                let after = try await Self.get(second)
                #expect(after.text.contains(amount.mnkrText()))
                #expect(after.headers.first(name: .eTag) != oldETag)
            }
        }

        @Test("the open payment file from memory shows a payment paid the moment it is marked paid")
        func paymentMarkedPaid() async throws {
            try await withNara { app in
                let watcher = PublicCacheWatcher.install(on: app)
                let actor = OpenPaymentDataTests.payer
                let region = try #require(try await OrganisationModel.query(on: app.db).filter(\.$kind == "region").filter(\.$code == "23").first())
                let r = try await RequisitionUseCases.create(org: region, year: 2019, amount: .mnkr("10"), by: actor, today: .make(2019, 6, 1), now: Date(), on: app.db)
                _ = try await RequisitionUseCases.attest(id: r.requireID(), organisation: region.requireID(), by: OpenPaymentDataTests.director, now: Date(), on: app.db)
                guard case .approved(_, let payment) = try await RequisitionUseCases.approve(id: r.requireID(), paymentDate: .make(2019, 6, 28), limit: .mnkr("50"),
                                                                                          by: actor, now: Date(), on: app.db)
                else { Issue.record("not approved"); return }
                try await watcher.check()
                let path = "/oppna-data/utbetalningar.json"
                let planned = try await Self.get(app, path)
                let etag = try #require(planned.headers.first(name: .eTag))
                #expect(planned.text.contains(payment.reference) && planned.text.contains("\"planned\""))
                #expect(try await Self.get(app, path, ifNoneMatch: etag).status == .notModified)
                _ = try await PaymentUseCases.markPaid(id: payment.requireID(), as: .kammarkollegiet, by: actor, now: Date(), on: app.db)
                try await watcher.check()
                let paid = try await Self.get(app, path, ifNoneMatch: etag)
                #expect(paid.status == .ok)
                #expect(paid.text.contains("\"paid\"") && !paid.text.contains("\"planned\""))
                #expect(paid.headers.first(name: .eTag) != etag)
            }
        }

        @Test("a page rendered across a change is not kept; every public change counts in content_version")
        func raceAndCounting() async throws {
            let cache = PublicCache()
            _ = cache.observed(content: 7, moved: false)
            let ticket = try #require(cache.ticket())
            let stored = PublicCacheMiddleware.stored(HTTPHeaders(), body: ByteBuffer(string: "gammal"), version: ticket.version)
            cache.contentChangedHere()
            #expect(!cache.store("/x", stored, rendered: ticket))
            #expect(cache.ticket() == nil)
            _ = cache.observed(content: 8, moved: true)
            let fresh = try #require(cache.ticket())
            #expect(cache.store("/x", PublicCacheMiddleware.stored(HTTPHeaders(), body: ByteBuffer(string: "ny"), version: fresh.version), rendered: fresh))
            #expect(cache.get("/x")?.version == 8)
            // Bounded: the least recently used page goes first.
            let small = PublicCache(maxEntries: 2)
            _ = small.observed(content: 1, moved: false)
            for path in ["/a", "/b"] { small.store(path, stored, rendered: try #require(small.ticket())) }
            _ = small.get("/a")
            small.store("/c", stored, rendered: try #require(small.ticket()))
            #expect(small.count == 2 && small.get("/a") != nil && small.get("/b") == nil)
            try await withNara { app in
                let start = try #require(try await ContentVersion.read(on: app.db))
                _ = try await Self.amend(app)
                #expect(try #require(try await ContentVersion.read(on: app.db)) > start)
            }
        }
    }
}
