import Fluent
import Foundation
import NaraPersistence
import Vapor

/// Empties this server's principal cache when another server (or a command) has changed who
/// someone is or what they may do. Every such change counts one in `access_version` in its own
/// transaction (`PrincipalCacheInvalidation`); each server reads that one row every
/// `interval` and empties its cache when the count moved. A deactivation, a lowered role, a
/// removed membership or a revoked token is therefore refused on every server within about
/// `interval` plus one request, at the cost of four tiny reads a second per server instead of a
/// read on every request (the autosave stays as fast as with one server).
final class AccessVersionWatcher: LifecycleHandler, @unchecked Sendable {
    static let interval: Duration = .milliseconds(250)
    private let cache: PrincipalCache
    private let db: @Sendable () -> any Database
    private let logger: Logger
    private let lock = NSLock()
    private var seen: Int64?
    private let poller = Poller()

    init(app: Application) {
        cache = app.principalCache
        db = { app.db }
        logger = app.logger
    }

    /// Reads the counter once and empties the cache if it moved since the last read.
    /// - Returns: whether the cache was emptied.
    @discardableResult
    func check() async throws -> Bool {
        guard let version = try await AccessVersion.read(on: db()) else { return false }
        let moved: Bool = lock.withLock {
            defer { seen = version }
            return seen != nil && seen != version
        }
        if moved { cache.clear() }
        return moved
    }

    func didBootAsync(_ application: Application) async throws {
        try? await check()
        // A failed read means the database is away; the cache's own lifetime still bounds what it serves.
        poller.start(every: Self.interval, logger: logger, what: "access_version") { [weak self] in _ = try await self?.check() }
    }

    func shutdownAsync(_ application: Application) async {
        await poller.stop()
    }

    /// Starts watching on a serving app (not for commands, so `--help` touches no database).
    static func install(on app: Application) {
        let watcher = AccessVersionWatcher(app: app)
        app.storage[AccessVersionWatcherKey.self] = watcher
        app.lifecycle.use(watcher)
    }
}

struct AccessVersionWatcherKey: StorageKey { typealias Value = AccessVersionWatcher }
