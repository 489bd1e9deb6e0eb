import Foundation

/// Times shown to people: Swedish time zone, `22 november 2026 kl. 14:32`.
enum SwedishDateTime {
    static let zone = TimeZone(identifier: "Europe/Stockholm") ?? .current

    static func format(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute], from: date)
        let months = ["januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti", "september", "oktober", "november", "december"]
        let hh = c.hour ?? 0, mm = c.minute ?? 0
        return "\(c.day ?? 1) \(months[(c.month ?? 1) - 1]) \(c.year ?? 1970) kl. \(hh < 10 ? "0" : "")\(hh):\(mm < 10 ? "0" : "")\(mm)"
    }
}
