import Fluent
import FluentPostgresDriver
import FluentSQLiteDriver
import Foundation
import NaraCore
import NaraPersistence
import Vapor

/// Wires the whole application: database, migrations, middleware, routes and commands.
/// - Parameters:
///   - app: the Vapor application.
///   - config: the settings read at start.
///   - prepareDatabase: migrate and seed now (the default for every command but `migrate`).
public func configure(_ app: Application, config: AppConfig, prepareDatabase: Bool = true) async throws {
    switch config.database {
    case .sqliteMemory:
        app.databases.use(.sqlite(.memory), as: .sqlite)
    case .sqliteFile(let path):
        let directory = URL(fileURLWithPath: path).deletingLastPathComponent().path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        app.databases.use(.sqlite(.file(path)), as: .sqlite)
    case .postgres(let url):
        try app.databases.use(.postgres(url: url), as: .psql)
    }
    app.migrations.add(NaraMigrations.all)

    app.middleware = Middlewares()
    app.middleware.use(NaraErrorMiddleware())
    app.middleware.use(SecurityHeadersMiddleware())

    try routes(app)
    app.asyncCommands.use(SeedCommand(config: config), as: "seed")
    app.asyncCommands.use(ImportPopulationCommand(), as: "import-population")
    app.asyncCommands.use(AllocateCommand(), as: "allocate")

    if prepareDatabase {
        try await app.autoMigrate()
        if config.seedDemoData {
            if try await Seeder.seedIfEmpty(on: app.db) {
                app.logger.notice("Databasen var tom: grunddata och demoöverenskommelser har lagts in.")
            }
        }
    }
}

/// Registers every route.
func routes(_ app: Application) throws {
    app.get("health") { _ in HTTPStatus.ok }
    app.get("static", "nara.css") { _ in StaticAssets.stylesheetResponse() }
    try app.register(collection: PageRoutes())
    try app.register(collection: APIRoutes())
}
