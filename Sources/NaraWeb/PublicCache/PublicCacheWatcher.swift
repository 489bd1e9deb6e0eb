import Fluent
import Foundation
import NaraPersistence
import SQLKit
import Vapor

/// Empties this server's public page cache when another server (or a command) has changed
/// what public pages show. Reads `content_version`, and `access_version` too (an organisation
/// renamed counts there, and the open payment files name organisations), in one query every
/// `interval`, as `AccessVersionWatcher` does for the principal cache.
final class PublicCacheWatcher: LifecycleHandler, @unchecked Sendable {
    static let interval: Duration = .milliseconds(250)
    let cache: PublicCache
    private let db: @Sendable () -> any Database
    private let logger: Logger
    private let lock = NSLock()
    private var seen: (content: Int64, access: Int64)?
    private let poller = Poller()

    init(app: Application, cache: PublicCache) {
        self.cache = cache
        db = { app.db }
        logger = app.logger
    }

    /// Reads the counters once and empties the cache if they moved since the last read (or if
    /// the cache did not know the version).
    /// - Returns: whether the cache was emptied.
    @discardableResult
    func check() async throws -> Bool {
        let row = try await (db() as! any SQLDatabase).raw("""
            SELECT (SELECT version FROM content_version WHERE id = 1) AS content,
                   (SELECT version FROM access_version WHERE id = 1) AS access
            """).first()
        guard let row, let content = try row.decode(column: "content", as: Int64?.self) else { return false }
        let access = try row.decode(column: "access", as: Int64?.self) ?? 0
        let moved: Bool = lock.withLock {
            defer { seen = (content, access) }
            return seen.map { $0.content != content || $0.access != access } ?? false
        }
        return cache.observed(content: content, moved: moved)
    }

    func didBootAsync(_ application: Application) async throws {
        try? await check()
        // A failed read means the database is away; nothing changes in it, so what is kept stays right.
        poller.start(every: Self.interval, logger: logger, what: "content_version") { [weak self] in _ = try await self?.check() }
    }

    func shutdownAsync(_ application: Application) async {
        await poller.stop()
    }

    /// Starts caching public pages on a serving app (not for commands, which serve no pages).
    @discardableResult
    static func install(on app: Application, cache: PublicCache = PublicCache()) -> PublicCacheWatcher {
        let watcher = PublicCacheWatcher(app: app, cache: cache)
        app.storage[PublicCacheKey.self] = cache
        app.storage[PublicCacheWatcherKey.self] = watcher
        ContentVersion.listen(cache)
        app.lifecycle.use(watcher)
        return watcher
    }
}

struct PublicCacheWatcherKey: StorageKey { typealias Value = PublicCacheWatcher }
