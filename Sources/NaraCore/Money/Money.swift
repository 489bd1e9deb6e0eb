/// An amount of Swedish money, held as a whole number of öre (1 krona = 100 öre).
///
/// Money is never a floating-point number: every amount in Nära, from an agreement's frame of
/// billions of kronor down to a repayment of a few öre, is an `Int64` count of öre, so sums and
/// splits are exact. 9 223 372 036 854 775 807 öre is about 92 billion million kronor, far above
/// any state grant.
public struct Money: Hashable, Comparable, Sendable, Codable {
    /// The amount in öre.
    public let ore: Int64

    public init(ore: Int64) { self.ore = ore }

    /// Whole kronor.
    public static func kronor(_ kr: Int64) -> Money { Money(ore: kr * 100) }

    /// Millions of kronor given as a decimal string such as `"6394.5"`; for data written in code.
    /// - Precondition: the string is a plain decimal with at most 8 fraction digits.
    public static func mnkr(_ text: String) -> Money {
        guard let money = try? MoneyParser.parse(text.replacingOccurrences(of: ".", with: ","), defaultUnit: .mnkr)
        else { preconditionFailure("invalid mnkr literal \(text)") }
        return money
    }

    public static let zero = Money(ore: 0)

    public static func + (a: Money, b: Money) -> Money { Money(ore: a.ore + b.ore) }
    public static func - (a: Money, b: Money) -> Money { Money(ore: a.ore - b.ore) }
    public static func += (a: inout Money, b: Money) { a = a + b }
    public static func < (a: Money, b: Money) -> Bool { a.ore < b.ore }
    public static prefix func - (a: Money) -> Money { Money(ore: -a.ore) }

    /// The whole kronor, rounded towards zero.
    public var wholeKronor: Int64 { ore / 100 }

    public init(from decoder: any Decoder) throws {
        ore = try decoder.singleValueContainer().decode(Int64.self)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(ore)
    }
}

extension Sequence where Element == Money {
    /// The exact sum of the amounts.
    public func sum() -> Money { reduce(.zero, +) }
}
