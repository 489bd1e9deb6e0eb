/// A calendar date without time or zone (a deadline, a population reference date).
public struct CivilDate: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    public let year: Int
    public let month: Int
    public let day: Int

    public init?(year: Int, month: Int, day: Int) {
        guard (1...12).contains(month), day >= 1, day <= CivilDate.daysIn(month: month, year: year),
              (1900...2200).contains(year) else { return nil }
        self.year = year; self.month = month; self.day = day
    }

    /// Reads `YYYY-MM-DD`.
    public init?(iso text: String) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
              let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2]) else { return nil }
        self.init(year: y, month: m, day: d)
    }

    /// For dates written in code; traps on an invalid literal.
    public static func make(_ y: Int, _ m: Int, _ d: Int) -> CivilDate {
        guard let date = CivilDate(year: y, month: m, day: d) else { preconditionFailure("invalid date") }
        return date
    }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// The date `days` days later (earlier for a negative number), counted in the calendar.
    public func adding(days: Int) -> CivilDate {
        var (y, m, d) = (year, month, day)
        for _ in 0..<abs(days) {
            if days > 0 {
                d += 1
                if d > CivilDate.daysIn(month: m, year: y) { d = 1; m += 1; if m > 12 { m = 1; y += 1 } }
            } else {
                d -= 1
                if d < 1 { m -= 1; if m < 1 { m = 12; y -= 1 }; d = CivilDate.daysIn(month: m, year: y) }
            }
        }
        return CivilDate(year: y, month: m, day: d) ?? self
    }

    /// `2024-03-31`.
    public var iso: String {
        zeroPadded4(year) + "-" + (month < 10 ? "0" : "") + String(month) + "-" + (day < 10 ? "0" : "") + String(day)
    }

    public var description: String { iso }

    public static let swedishMonths = ["januari", "februari", "mars", "april", "maj", "juni", "juli",
                                       "augusti", "september", "oktober", "november", "december"]

    /// `31 mars 2024`.
    public var swedish: String { "\(day) \(CivilDate.swedishMonths[month - 1]) \(year)" }

    public static func < (a: CivilDate, b: CivilDate) -> Bool {
        (a.year, a.month, a.day) < (b.year, b.month, b.day)
    }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let date = CivilDate(iso: text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "not a YYYY-MM-DD date: \(text)"))
        }
        self = date
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(iso)
    }
}

/// `7` → `0007`.
func zeroPadded4(_ value: Int) -> String {
    let digits = String(value)
    return String(repeating: "0", count: Swift.max(0, 4 - digits.count)) + digits
}
