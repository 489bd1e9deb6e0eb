import Fluent
import Foundation
import NaraCore
import NaraPersistence
import Testing
import VaporTesting
@testable import NaraWeb

extension AppTests {
    @Suite("Several app servers on one database: access changes, reminders, presence")
    struct SharedStateTests {
        /// Two apps on one database (a temporary SQLite file, or the test PostgreSQL), the first
        /// migrated and seeded.
        static func withTwoServers(_ test: (Application, Application) async throws -> Void) async throws {
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("nara-two-\(UUID().uuidString)")
            defer { try? FileManager.default.removeItem(at: folder) }
            let database: AppConfig.DatabaseSetting = TestDatabase.postgresURL.map { .postgres($0) }
                ?? .sqliteFile(folder.appendingPathComponent("nara.sqlite").path)
            let config = AppConfig(database: database, demoMode: true, bcryptCost: 4)
            let first = try await Application.make(.testing)
            let second = try await Application.make(.testing)
            do {
                try await configure(first, config: config, prepareDatabase: false)
                if TestDatabase.postgresURL != nil { try await first.autoRevert() }
                try await first.autoMigrate()
                try await Seeder.seedIfEmpty(on: first.db)
                try await DemoPeople.ensure(on: first.db, bcryptCost: 4)
                try await configure(second, config: config, prepareDatabase: false)
                try await test(first, second)
            } catch {
                try? await second.asyncShutdown(); try? await first.asyncShutdown()
                throw error
            }
            try await second.asyncShutdown()
            try await first.asyncShutdown()
        }

        static func editor(_ app: Application) async throws -> (UserModel, Principal, String) {
            let user = try await UserModel.query(on: app.db).filter(\.$email == "redigerare@rss-jamtland.example").first()!
            let membership = try await MembershipModel.query(on: app.db).filter(\.$userID == user.requireID()).first()!
            let principal = try await Principal.load(userID: user.requireID(), membershipID: membership.requireID(), via: .session, on: app.db)!
            return (user, principal, PrincipalCache.sessionKey(user: try user.requireID(), membership: try membership.requireID()))
        }

        @Test("a deactivation on one server empties the other's cache within a second")
        func deactivationReachesTheOtherServer() async throws {
            try await Self.withTwoServers { first, second in
                // setup: the second server serves, with the editor in its cache
                AccessVersionWatcher.install(on: second)
                try await second.asyncBoot()
                let (user, principal, key) = try await Self.editor(second)
                second.principalCache.set(key, principal)
                try await Task.sleep(for: .milliseconds(600))
                #expect(second.principalCache.get(key) != nil)
                // MUT: the first server deactivates the editor
                let started = ContinuousClock.now
                user.isActive = false
                try await first.db.transaction { tx in try await user.update(on: tx) }
                // validate: gone from the second server's cache within a second, and not loadable
                while second.principalCache.get(key) != nil, ContinuousClock.now - started < .seconds(2) {
                    try await Task.sleep(for: .milliseconds(20))
                }
                #expect(second.principalCache.get(key) == nil)
                #expect(ContinuousClock.now - started < .seconds(1))
                #expect(try await Principal.load(userID: user.requireID(), membershipID: nil, via: .session, on: second.db) == nil)
            }
        }

        @Test("every kind of access change counts in access_version, in its own transaction")
        func accessChangesCounted() async throws {
            try await withNara { app in
                let start = try await AccessVersion.read(on: app.db)!
                let (user, _, _) = try await Self.editor(app)
                let membership = try await MembershipModel.query(on: app.db).filter(\.$userID == user.requireID()).first()!
                membership.role = Role.recipientViewer.rawValue
                try await membership.update(on: app.db)
                #expect(try await AccessVersion.read(on: app.db)! == start + 1)
                try await membership.delete(on: app.db)
                #expect(try await AccessVersion.read(on: app.db)! == start + 2)
                // A change rolled back is not counted.
                await #expect(throws: (any Error).self) {
                    try await app.db.transaction { tx in
                        user.isActive = false
                        try await user.update(on: tx)
                        throw Abort(.conflict)
                    }
                }
                #expect(try await AccessVersion.read(on: app.db)! == start + 2)
            }
        }

        @Test("a principal loaded before a change was seen is not kept after it")
        func staleLoadIsNotCached() async throws {
            let cache = PrincipalCache()
            try await withNara { app in
                let (_, principal, key) = try await Self.editor(app)
                let generation = cache.currentGeneration
                cache.clear()
                cache.set(key, principal, loadedIn: generation)
                #expect(cache.get(key) == nil)
                cache.set(key, principal, loadedIn: cache.currentGeneration)
                #expect(cache.get(key) != nil)
            }
        }

        @Test("two reminder runs at the same moment send each reminder once; a failed send is retried")
        func remindersClaimedOnce() async throws {
            try await withNara { app in
                var config = app.storage[AppConfigKey.self]!
                // setup: nobody listens on this port, so the first run's sends fail
                let closed = try SMTPSink()
                let deadPort = closed.port
                _ = closed.finish()
                config.smtp = .init(host: "127.0.0.1", port: deadPort, from: "nara@socialstyrelsen.example")
                let failed = try await Reminders.run(today: .make(2024, 3, 24), config: config, on: app.db)
                #expect(failed.sent == 0 && failed.created == 1 && !failed.failures.isEmpty)
                // MUT: two runs at once against a working server retry it
                let sink = try SMTPSink()
                config.smtp = .init(host: "127.0.0.1", port: sink.port, from: "nara@socialstyrelsen.example")
                let cfg = config, db = app.db
                async let a = Reminders.run(today: .make(2024, 3, 24), config: cfg, on: db)
                async let b = Reminders.run(today: .make(2024, 3, 24), config: cfg, on: db)
                let (ra, rb) = try await (a, b)
                // validate
                #expect(ra.sent + rb.sent == 1)
                #expect(ra.created + rb.created == 0)
                let messages = sink.finish()
                #expect(messages.filter { $0.contains("RCPT TO:<redigerare@rss-jamtland.example>") }.count == 1)
                #expect(try await Reminders.run(today: .make(2024, 3, 24), config: cfg, on: db).sent == 0)
                #expect(try await ReminderModel.query(on: db).filter(\.$sent == true).count() == 1)
            }
        }

        @Test("presence: a person seen by one server is shown by another")
        func presenceFromTheDatabase() async throws {
            try await withNara { app in
                let report = try await ReportModel.query(on: app.db).first()!.requireID()
                let people = try await UserModel.query(on: app.db).sort(\.$email).limit(2).all()
                let (anna, bo) = (people[0], people[1])
                let one = PresenceBoard(), two = PresenceBoard()
                let t0 = Date()
                #expect(try await one.note(report: report, user: anna.requireID(), name: anna.name, now: t0, on: app.db) == [])
                #expect(try await two.note(report: report, user: bo.requireID(), name: bo.name, now: t0.addingTimeInterval(1), on: app.db) == [anna.name])
                // The first server reads the list again after `readEvery`.
                let later = t0.addingTimeInterval(PresenceBoard.readEvery + 2)
                #expect(try await one.note(report: report, user: anna.requireID(), name: anna.name, now: later, on: app.db) == [bo.name])
                // Gone after the window.
                let gone = t0.addingTimeInterval(PresenceBoard.window + 30)
                #expect(try await one.note(report: report, user: anna.requireID(), name: anna.name, now: gone, on: app.db) == [])
            }
        }
    }
}
