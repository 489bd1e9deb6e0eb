import Fluent
import Foundation
import NaraPersistence
import Vapor

/// Who a token or a signed-in person is, kept for a minute. A busy client (an autosave every
/// few seconds, an API script) would otherwise cost four queries per request before any work.
///
/// An entry lives `lifetime` seconds. Every change this process makes to a person, a membership,
/// an organisation or a token empties the whole cache at once (see `PrincipalCacheInvalidation`),
/// so a revoked token, a deactivated person or a changed role takes effect on the next request.
/// A change made by another process (a command run beside the server) takes effect within
/// `lifetime`.
final class PrincipalCache: @unchecked Sendable {
    let lifetime: TimeInterval
    private var entries: [String: (principal: Principal, loadedAt: Date)] = [:]
    private let lock = NSLock()

    init(lifetime: TimeInterval = 60) { self.lifetime = lifetime }

    func get(_ key: String, now: Date = Date()) -> Principal? {
        lock.withLock {
            guard let e = entries[key] else { return nil }
            if now.timeIntervalSince(e.loadedAt) > lifetime || e.loadedAt > now { entries[key] = nil; return nil }
            return e.principal
        }
    }

    func set(_ key: String, _ principal: Principal, now: Date = Date()) {
        lock.withLock {
            // Bounded: a flood of distinct keys empties it rather than growing it.
            if entries.count >= 20_000 { entries.removeAll(keepingCapacity: true) }
            entries[key] = (principal, now)
        }
    }

    func clear() { lock.withLock { entries.removeAll(keepingCapacity: true) } }

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
        try await next.create(model, on: db); cache.clear()
    }
    func update(model: M, on db: any Database, next: any AnyAsyncModelResponder) async throws {
        try await next.update(model, on: db); cache.clear()
    }
    func delete(model: M, force: Bool, on db: any Database, next: any AnyAsyncModelResponder) async throws {
        try await next.delete(model, force: force, on: db); cache.clear()
    }
    func softDelete(model: M, on db: any Database, next: any AnyAsyncModelResponder) async throws {
        try await next.softDelete(model, on: db); cache.clear()
    }
    func restore(model: M, on db: any Database, next: any AnyAsyncModelResponder) async throws {
        try await next.restore(model, on: db); cache.clear()
    }

    static func install(on app: Application) {
        let cache = app.principalCache
        app.databases.middleware.use(PrincipalCacheInvalidation<UserModel>(cache: cache))
        app.databases.middleware.use(PrincipalCacheInvalidation<MembershipModel>(cache: cache))
        app.databases.middleware.use(PrincipalCacheInvalidation<OrganisationModel>(cache: cache))
        app.databases.middleware.use(PrincipalCacheInvalidation<APITokenModel>(cache: cache))
    }
}
