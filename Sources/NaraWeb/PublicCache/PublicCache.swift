import Foundation
import NaraPersistence
import Vapor

/// Public pages as rendered for an anonymous visitor, kept in memory by path and query, so a
/// busy public page costs a dictionary lookup instead of its queries and its rendering.
///
/// Every change that alters a public page counts one in `content_version` in its own
/// transaction (`ContentVersion.bump`). The process that makes the change empties this cache at
/// once; every server reads the counter four times a second (`PublicCacheWatcher`) and empties
/// its cache when it moved. Until the watcher has read the counter (at start, and again after a
/// change made here) nothing is stored: a page rendered while the change was still uncommitted
/// could otherwise be kept. A response is stored only if no change was seen while it was
/// rendered. Bounded by entries and bytes; the least recently used go first.
final class PublicCache: ContentChangeListener, @unchecked Sendable {
    /// A stored response: what the handler answered, with its validator.
    struct Stored: Sendable {
        let headers: HTTPHeaders
        let body: ByteBuffer
        let etag: String
        /// The content version it was rendered at.
        let version: Int64
    }

    /// What `store` needs to know about the moment rendering began.
    struct Ticket: Sendable {
        let generation: UInt64
        let version: Int64
    }

    let maxEntries: Int
    let maxBytes: Int
    /// Larger responses are served as rendered and not kept.
    let maxEntryBytes: Int

    private struct Entry { let stored: Stored; var lastUsed: UInt64 }
    private var entries: [String: Entry] = [:]
    private var bytes = 0
    private var tick: UInt64 = 0
    /// The content version last read from the database; nil until read, and after a change made here.
    private var version: Int64?
    /// Counts the times the cache was emptied: a response rendered across one is not stored.
    private var generation: UInt64 = 0
    private let lock = NSLock()

    init(maxEntries: Int = 2_000, maxBytes: Int = 64 << 20, maxEntryBytes: Int = 8 << 20) {
        self.maxEntries = maxEntries
        self.maxBytes = maxBytes
        self.maxEntryBytes = maxEntryBytes
    }

    func get(_ key: String) -> Stored? {
        lock.withLock {
            guard var e = entries[key] else { return nil }
            tick &+= 1
            e.lastUsed = tick
            entries[key] = e
            return e.stored
        }
    }

    /// The moment a render begins, or nil while the content version is not known (store nothing).
    func ticket() -> Ticket? {
        lock.withLock { version.map { Ticket(generation: generation, version: $0) } }
    }

    /// Keeps `stored` unless the cache was emptied since `ticket` was taken.
    /// - Returns: whether it was kept.
    @discardableResult
    func store(_ key: String, _ stored: Stored, rendered ticket: Ticket) -> Bool {
        let size = stored.body.readableBytes + key.utf8.count
        guard size <= maxEntryBytes else { return false }
        return lock.withLock {
            guard ticket.generation == generation, ticket.version == version else { return false }
            if let old = entries.removeValue(forKey: key) { bytes -= old.stored.body.readableBytes + key.utf8.count }
            if entries.count >= maxEntries || bytes + size > maxBytes { evict(toFit: size) }
            tick &+= 1
            entries[key] = Entry(stored: stored, lastUsed: tick)
            bytes += size
            return true
        }
    }

    /// Drops the least recently used quarter of the entries, and more until `size` fits.
    private func evict(toFit size: Int) {
        let oldest = entries.sorted { $0.value.lastUsed < $1.value.lastUsed }
        var dropped = 0
        for (key, entry) in oldest {
            if dropped >= max(1, maxEntries / 4), entries.count < maxEntries, bytes + size <= maxBytes { break }
            entries[key] = nil
            bytes -= entry.stored.body.readableBytes + key.utf8.count
            dropped += 1
        }
    }

    /// The watcher read `content` from the database; `moved` says whether anything it watches
    /// changed since its last read. Empties the cache if so, or if the version was not known.
    /// - Returns: whether the cache was emptied.
    @discardableResult
    func observed(content: Int64, moved: Bool) -> Bool {
        lock.withLock {
            let empty = moved || version == nil
            if empty { removeAll() }
            version = content
            return empty
        }
    }

    /// A change was counted in this process: forget everything, and store nothing until the
    /// watcher has read the counter again (the change may not be committed yet).
    func contentChangedHere() {
        lock.withLock { removeAll(); version = nil }
    }

    var count: Int { lock.withLock { entries.count } }

    private func removeAll() {
        generation &+= 1
        entries.removeAll(keepingCapacity: true)
        bytes = 0
    }
}

struct PublicCacheKey: StorageKey { typealias Value = PublicCache }

extension Application {
    /// The public page cache; nil unless this app serves (`PublicCacheWatcher.install`).
    var publicCache: PublicCache? { storage[PublicCacheKey.self] }
}
