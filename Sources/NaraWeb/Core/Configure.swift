import Fluent
import FluentPostgresDriver
import FluentSQLiteDriver
import Foundation
import NaraCore
import NaraPersistence
import SQLKit
import Vapor

/// Wires the whole application: database, migrations, middleware, routes and commands.
/// - Parameters:
///   - app: the Vapor application.
///   - config: the settings read at start.
///   - prepareDatabase: migrate and seed now (the default for every command but `migrate`).
///   - announceDemo: print the demo people's addresses and password (when serving).
public func configure(_ app: Application, config: AppConfig, prepareDatabase: Bool = true, announceDemo: Bool = false) async throws {
    // Database calls block a thread of this pool (SQLite runs in it). Vapor's default has one
    // thread per core, so one long analysis query would hold half the server on two cores.
    app.threadPool = NIOThreadPool(numberOfThreads: 16)
    switch config.database {
    case .sqliteMemory:
        app.databases.use(.sqlite(.memory), as: .sqlite)
    case .sqliteFile(let path):
        let directory = URL(fileURLWithPath: path).deletingLastPathComponent().path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        app.databases.use(.sqlite(.file(path)), as: .sqlite)
        // Analysis, exports and the status board read through connections of their own (WAL
        // lets readers run beside the writer), so a long read never queues a save behind it.
        app.databases.use(.sqlite(.file(path)), as: .analysis, isDefault: false)
        app.storage[AnalysisDatabaseKey.self] = true
    case .postgres(let url):
        // PostgreSQL serves many connections at once; Fluent's default is one per event loop.
        try app.databases.use(.postgres(url: url, maxConnectionsPerEventLoop: 8), as: .psql)
    }
    app.migrations.add(NaraMigrations.all)
    app.storage[AppConfigKey.self] = config
    if let today = config.demoToday { app.clock = .starting(on: today) }
    app.mail = MailSetup.sender(for: config)
    PrincipalCacheInvalidation<UserModel>.install(on: app)
    app.storage[PresenceBoardKey.self] = PresenceBoard()
    if case .postgres = config.database {} else {
        app.storage[GroupCommitKey.self] = GroupCommit(database: app.db)
    }

    // Sessions live in the database so several instances share them.
    let secure = config.secureCookies
    app.sessions.use { app in ChangedOnlySessionDriver(base: app.fluent.sessions.driver()) }
    app.sessions.configuration = SessionsConfiguration(cookieName: "nara_session") { id in
        HTTPCookies.Value(string: id.string, expires: nil, maxAge: nil, domain: nil, path: "/",
                          isSecure: secure, isHTTPOnly: true, sameSite: .lax)
    }

    app.middleware = Middlewares()
    let metrics = Metrics()
    app.storage[MetricsKey.self] = metrics
    app.middleware.use(MetricsMiddleware(metrics: metrics))
    app.middleware.use(NaraErrorMiddleware())
    app.middleware.use(SecurityHeadersMiddleware())
    app.middleware.use(app.sessions.middleware)
    app.middleware.use(AuthenticationMiddleware())
    app.middleware.use(CSRFMiddleware())
    app.middleware.use(NulGuardMiddleware())

    try routes(app)
    app.asyncCommands.use(SeedCommand(config: config), as: "seed")
    app.asyncCommands.use(ImportPopulationCommand(), as: "import-population")
    app.asyncCommands.use(AllocateCommand(), as: "allocate")
    app.asyncCommands.use(ImportAgreementCommand(), as: "import-agreement")
    app.asyncCommands.use(ExportAgreementCommand(), as: "export-agreement")
    app.asyncCommands.use(CreateAdminCommand(config: config), as: "create-admin")
    app.asyncCommands.use(AccessRulesCommand(), as: "access-rules")
    app.asyncCommands.use(SendRemindersCommand(config: config), as: "send-reminders")
    app.asyncCommands.use(GenerateScaleCommand(), as: "generate-scale")
    app.asyncCommands.use(BackupCommand(config: config), as: "backup")
    app.asyncCommands.use(RestoreCommand(config: config), as: "restore")
    app.asyncCommands.use(FingerprintCommand(), as: "fingerprint")
    app.asyncCommands.use(TransferCommand(config: config), as: "transfer")
    app.asyncCommands.use(BenchSetupCommand(), as: "bench-setup")

    if prepareDatabase {
        if case .sqliteFile = config.database, let sql = app.db as? any SQLDatabase {
            // Write-ahead logging: readers never wait for the writer. The default synchronous=FULL
            // makes every commit durable.
            try await sql.raw("PRAGMA journal_mode=WAL").run()
        }
        // Several servers may start at once on one database: one migrates and seeds, the others
        // wait for it and then find everything done.
        try await StartupLock.run(app, config: config) { try await prepare(app, config: config, announceDemo: announceDemo) }
    }
}

/// Migrates and fills a first-started database; every step is idempotent.
private func prepare(_ app: Application, config: AppConfig, announceDemo: Bool) async throws {
    try await app.autoMigrate()
    if try await Seeder.seedIfEmpty(on: app.db) {
        app.logger.notice("Databasen var tom: organisationer, befolkning och överenskommelser har lagts in.")
    }
    try await ReportService.seedReference(on: app.db)
    try await PlanService.seedDemo(on: app.db)
    try await OrganisationNumberStore.fillRegionNumbers(on: app.db)
    try await FollowUpStore.backfill(on: app.db)
    try await DecisionLetters.backfill(on: app.db, logger: app.logger)
    if config.demoMode {
        try await FollowUpDemo.seed(on: app.db)
        try await QuantityDemo.seed(on: app.db)
        try await MoneyDemo.seed(on: app.db, now: app.clock.now(), secondApprovalLimit: Money(ore: config.secondApprovalLimit))
        try await DemoPeople.ensure(on: app.db, bcryptCost: config.bcryptCost, now: app.clock.now())
        if announceDemo {
            app.logger.notice("Demoläge: logga in som någon av dessa (lösenord \(AppConfig.demoPassword)):\n\(DemoPeople.table())")
        }
    }
}

/// Registers every route.
func routes(_ app: Application) throws {
    app.on(.GET, "health", rule: .everyone) { _ in Response(status: .ok) }
    try app.register(collection: OperationsRoutes())
    // Read once here: a server whose resources are missing stops at start, naming the file.
    let assets = try StaticAssets.require()
    app.on(.GET, "static", "nara.css", rule: .everyone) { req in assets.stylesheet.response(for: req) }
    app.on(.GET, "static", "nara.js", rule: .everyone) { req in assets.script.response(for: req) }
    try app.register(collection: PageRoutes())
    try app.register(collection: APIRoutes())
    try app.register(collection: AccountRoutes())
    try app.register(collection: EIDRoutes())
    // Made here, once, so every request shares one cache of the providers' documents and keys.
    let eid = app.storage[AppConfigKey.self]?.eid ?? EIDSettings()
    let origins = EIDFormOrigins(settings: eid)
    app.eidFormOrigins = origins
    if app.storage[Application.OIDCDirectoryKey.self] == nil {
        let directory = OIDCDirectory(transport: ClientOIDCTransport(client: app.client), origins: origins)
        app.oidcDirectory = directory
        if eid.enabled {
            let logger = app.logger
            Task { await directory.prefetch(eid.providers, logger: logger) }
        }
    }
    try app.register(collection: OrganisationRoutes())
    try app.register(collection: AdminRoutes())
    try app.register(collection: ReportRoutes())
    try app.register(collection: ReportAPIRoutes())
    try app.register(collection: AttachmentRoutes())
    try app.register(collection: FollowUpHomeRoutes())
    try app.register(collection: StatusBoardRoutes())
    try app.register(collection: FormAdminRoutes())
    try app.register(collection: FormWorkbookRoutes())
    try app.register(collection: FormBuilderRoutes())
    try app.register(collection: FormVersionsRoutes())
    try app.register(collection: PlanRoutes())
    try app.register(collection: MoneyRoutes())
    try app.register(collection: AssignmentRoutes())
    try app.register(collection: MoneyAPIRoutes())
    try app.register(collection: AgreementAPIRoutes())
    try app.register(collection: AgreementAdminRoutes())
    try app.register(collection: AnalysisRoutes())
    try app.register(collection: IndicatorRoutes())
    try app.register(collection: GoalPictureRoutes())
    try app.register(collection: QuestionLinkRoutes())
    try app.register(collection: DashboardRoutes())
    try app.register(collection: FollowUpAPIRoutes())
    try app.register(collection: QuantityReportRoutes())
    try app.register(collection: AccessibilityRoutes())
}

extension DatabaseID {
    /// The SQLite connections that analysis reads use (see `configure`).
    static let analysis = DatabaseID(string: "analysis")
}

struct AnalysisDatabaseKey: StorageKey { typealias Value = Bool }

extension Request {
    /// Where long reads go: on an SQLite file, connections of their own; otherwise the default.
    var analysisDB: any Database { application.storage[AnalysisDatabaseKey.self] == true ? db(.analysis) : db }
}
