import Fluent
import Foundation
import NaraPersistence
import Vapor

/// Who a token or a signed-in person is, kept for a minute. A busy client (an autosave every
/// few seconds, an API script) would otherwise cost four queries per request before any work.
///
/// An entry lives `lifetime` seconds. Every change to a person, a membership, an organisation or
/// a token empties the whole cache at once in the process that makes it (see
/// `PrincipalCacheInvalidation`), and counts one in `access_version` in the same transaction;
/// every server reads that counter four times a second (`AccessVersionWatcher`) and empties its
/// cache when it moved. So a revoked token, a deactivated person or a changed role takes effect
/// on every server within a second, without a database read on each request.
final class PrincipalCache: @unchecked Sendable {
    let lifetime: TimeInterval
    private var entries: [String: (principal: Principal, loadedAt: Date)] = [:]
    private let lock = NSLock()
    /// Counts the clears: a principal loaded before a clear is not stored after it.
    private var generation: UInt64 = 0

    /// Ages entries: elapsed time, not the business day tests pin (see `AuthenticationMiddleware`).
    let clock: NaraClock

    init(lifetime: TimeInterval = 60, clock: NaraClock = .system) {
        self.lifetime = lifetime
        self.clock = clock
    }

    func get(_ key: String, now: Date? = nil) -> Principal? {
        let now = now ?? clock.now()
        return lock.withLock {
            guard let e = entries[key] else { return nil }
            if now.timeIntervalSince(e.loadedAt) > lifetime || e.loadedAt > now { entries[key] = nil; return nil }
            return e.principal
        }
    }

    /// The generation to pass to `set` for a principal about to be loaded.
    var currentGeneration: UInt64 { lock.withLock { generation } }

    func set(_ key: String, _ principal: Principal, now: Date? = nil, loadedIn loadGeneration: UInt64? = nil) {
        let now = now ?? clock.now()
        lock.withLock {
            // Loaded before a change was seen: it may be stale, so it is used once, not kept.
            if let g = loadGeneration, g != generation { return }
            // Bounded: a flood of distinct keys empties it rather than growing it.
            if entries.count >= 20_000 { entries.removeAll(keepingCapacity: true) }
            entries[key] = (principal, now)
        }
    }

    func clear() { lock.withLock { generation &+= 1; entries.removeAll(keepingCapacity: true) } }

    static func tokenKey(_ hash: String) -> String { "t:" + hash }
    static func sessionKey(user: UUID, membership: UUID?) -> String { "s:\(user.uuidString):\(membership?.uuidString ?? "")" }
}

struct PrincipalCacheKey: StorageKey { typealias Value = PrincipalCache }

extension Application {
    var principalCache: PrincipalCache {
        if let c = storage[PrincipalCacheKey.self] { return c }
        let c = PrincipalCache()
        storage[PrincipalCacheKey.self] = c
        return c
    }
}

/// Empties the principal cache whenever a model that decides who someone is, or what they may
/// do, is created, changed or deleted.
struct PrincipalCacheInvalidation<M: Model>: AsyncModelMiddleware {
    let cache: PrincipalCache

    func create(model: M, on db: any Database, next: any AnyAsyncModelResponder) async throws {
        try await next.create(model, on: db); try await changed(on: db)
    }
    func update(model: M, on db: any Database, next: any AnyAsyncModelResponder) async throws {
        try await next.update(model, on: db); try await changed(on: db)
    }
    func delete(model: M, force: Bool, on db: any Database, next: any AnyAsyncModelResponder) async throws {
        try await next.delete(model, force: force, on: db); try await changed(on: db)
    }
    func softDelete(model: M, on db: any Database, next: any AnyAsyncModelResponder) async throws {
        try await next.softDelete(model, on: db); try await changed(on: db)
    }
    func restore(model: M, on db: any Database, next: any AnyAsyncModelResponder) async throws {
        try await next.restore(model, on: db); try await changed(on: db)
    }

    /// Counts the change for every server (same transaction as the change) and empties this
    /// process's cache at once.
    private func changed(on db: any Database) async throws {
        try await AccessVersion.bump(on: db)
        cache.clear()
    }

    static func install(on app: Application) {
        let cache = app.principalCache
        app.databases.middleware.use(PrincipalCacheInvalidation<UserModel>(cache: cache))
        app.databases.middleware.use(PrincipalCacheInvalidation<MembershipModel>(cache: cache))
        app.databases.middleware.use(PrincipalCacheInvalidation<OrganisationModel>(cache: cache))
        app.databases.middleware.use(PrincipalCacheInvalidation<APITokenModel>(cache: cache))
    }
}
