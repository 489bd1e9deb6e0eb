import Foundation
import NaraPersistence
import Testing
import VaporTesting
@testable import NaraWeb

/// The database the app tests run on: in-memory SQLite, or the PostgreSQL server named by
/// `NARA_TEST_DATABASE_URL` (CI runs the suite on both).
enum TestDatabase {
    static var postgresURL: URL? {
        ProcessInfo.processInfo.environment["NARA_TEST_DATABASE_URL"].flatMap(URL.init(string:))
    }

    static var config: AppConfig {
        AppConfig(database: postgresURL.map { .postgres($0) } ?? .sqliteMemory, demoMode: true, bcryptCost: 4)
    }
}

/// Runs `test` against a freshly migrated and seeded Nära.
/// - Parameter adjust: changes to the test configuration (trusted proxies, a public https address).
func withNara(_ adjust: (inout AppConfig) -> Void = { _ in }, _ test: (Application) async throws -> Void) async throws {
    var adjusted = TestDatabase.config
    adjust(&adjusted)
    let config = adjusted
    try await withApp(configure: { app in
        try await configure(app, config: config, prepareDatabase: false)
        if TestDatabase.postgresURL != nil { try await app.autoRevert() }
        try await app.autoMigrate()
        try await Seeder.seedIfEmpty(on: app.db)
        try await DemoPeople.ensure(on: app.db, bcryptCost: 4)
        try await ReportService.seedReference(on: app.db)
        try await PlanService.seedDemo(on: app.db)
        try await OrganisationNumberStore.fillRegionNumbers(on: app.db)
    }, test)
}

extension TestingHTTPResponse {
    var text: String { body.string }

    /// How many times `needle` occurs in the body.
    func count(_ needle: String) -> Int { text.components(separatedBy: needle).count - 1 }
}

/// All app tests share one root suite, serialised because on PostgreSQL they share a database.
@Suite(.serialized) struct AppTests {}
