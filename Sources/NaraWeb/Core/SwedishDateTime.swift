import Foundation

/// Times shown to people: Swedish time zone, `22 november 2026 kl. 14:32`.
enum SwedishDateTime {
    static let zone = TimeZone(identifier: "Europe/Stockholm") ?? .current

    static let calendar: Calendar = {
        var c = Calendar(identifier: .gregorian)
        c.timeZone = zone
        return c
    }()

    static func format(_ date: Date) -> String {
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute], from: date)
        let months = ["januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti", "september", "oktober", "november", "december"]
        let hh = c.hour ?? 0, mm = c.minute ?? 0
        return "\(c.day ?? 1) \(months[(c.month ?? 1) - 1]) \(c.year ?? 1970) kl. \(hh < 10 ? "0" : "")\(hh):\(mm < 10 ? "0" : "")\(mm)"
    }
}

/// Instants in the API and in downloads: ISO 8601 in UTC, `2026-11-22T13:32:05Z`. A format
/// style is a value, cheap to use; a date formatter object costs more to create than the rest
/// of an autosave.
enum ISODate {
    static func string(_ date: Date) -> String { date.formatted(.iso8601) }
}
