import Foundation
import NaraCore
import Vapor

/// The one clock new code reads time from. Tests set it (`app.clock = .fixed(…)`) to pin the
/// day a deadline is judged against; the server uses the system clock.
struct NaraClock: Sendable {
    let now: @Sendable () -> Date

    static let system = NaraClock { Date() }

    /// Always the same instant.
    static func fixed(_ date: Date) -> NaraClock { NaraClock { date } }

    /// Runs as if started at noon in Stockholm on `day`: time passes as usual from there. For
    /// demo and test servers that replay a grant year (`NARA_TODAY`, demo mode only).
    static func starting(on day: CivilDate) -> NaraClock {
        var c = DateComponents()
        c.year = day.year; c.month = day.month; c.day = day.day; c.hour = 12
        let offset = (SwedishDateTime.calendar.date(from: c) ?? Date()).timeIntervalSince(Date())
        return NaraClock { Date().addingTimeInterval(offset) }
    }

    /// Noon in Stockholm on a civil date: a pinned day for tests.
    static func on(_ day: CivilDate) -> NaraClock {
        var c = DateComponents()
        c.year = day.year; c.month = day.month; c.day = day.day; c.hour = 12
        return fixed(SwedishDateTime.calendar.date(from: c) ?? Date())
    }
}

struct NaraClockKey: StorageKey { typealias Value = NaraClock }
struct WallClockKey: StorageKey { typealias Value = NaraClock }

extension Application {
    var clock: NaraClock {
        get { storage[NaraClockKey.self] ?? .system }
        set { storage[NaraClockKey.self] = newValue }
    }

    /// Real time, for what is agreed with the world outside: an ID token's validity and how fresh
    /// an e-ID sign-in is. A demo server replaying a grant year (`NARA_TODAY`) moves the business
    /// clock, never this one; tests set it.
    var wallClock: NaraClock {
        get { storage[WallClockKey.self] ?? .system }
        set { storage[WallClockKey.self] = newValue }
    }
}

extension Request {
    /// Now, by the application's clock.
    var now: Date { application.clock.now() }
    /// Now, by the real clock (`Application.wallClock`).
    var wallNow: Date { application.wallClock.now() }
    /// Today in Sweden, by the application's clock.
    var today: CivilDate { ReportRules.swedishDate(now) }
}
