import Foundation
import Logging

/// Runs a check every `interval` from a serving app's boot to its shutdown: how each server
/// learns, through a counter row, that another one changed something it keeps in memory
/// (`AccessVersionWatcher`, `PublicCacheWatcher`). A check that fails (the database away) is
/// logged and tried again at the next tick.
final class Poller: @unchecked Sendable {
    private let lock = NSLock()
    private var task: Task<Void, Never>?

    /// Starts the ticks; `what` names the counter in the log.
    func start(every interval: Duration, logger: Logger, what: String, _ check: @escaping @Sendable () async throws -> Void) {
        let t = Task {
            while !Task.isCancelled {
                try? await Task.sleep(for: interval)
                guard !Task.isCancelled else { return }
                do { try await check() } catch {
                    logger.debug("\(what) could not be read: \(error)")
                }
            }
        }
        lock.withLock { task = t }
    }

    /// Stops the ticks and waits for the one under way.
    func stop() async {
        let t = lock.withLock { task }
        t?.cancel()
        await t?.value
    }
}
