/// The units in which Swedish documents write amounts of money.
public enum MoneyUnit: String, Sendable, CaseIterable {
    case kr
    case tkr
    case mnkr

    /// Öre in one unit.
    public var oreFactor: Int64 {
        switch self {
        case .kr: return 100
        case .tkr: return 100_000
        case .mnkr: return 100_000_000
        }
    }

    /// Decimal places a value in this unit can have and still be a whole number of öre.
    var maxFractionDigits: Int {
        switch self {
        case .kr: return 2
        case .tkr: return 5
        case .mnkr: return 8
        }
    }

    /// Words people write after a number, mapped to the unit they mean (lower case, no dots).
    static let suffixes: [(String, MoneyUnit)] = [
        ("miljoner kronor", .mnkr), ("miljoner kr", .mnkr), ("miljoner", .mnkr), ("milj kr", .mnkr),
        ("mnkr", .mnkr), ("mkr", .mnkr), ("msek", .mnkr),
        ("tusen kronor", .tkr), ("tusen kr", .tkr), ("tkr", .tkr), ("ksek", .tkr),
        ("kronor", .kr), ("kr", .kr), ("sek", .kr),
    ]
}
