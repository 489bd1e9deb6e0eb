/// A new population table's national total set against the nearest earlier table's.
///
/// Sweden's population grows by well under 1 % a year, so a total more than 2 % away from the
/// table before it is more likely a wrong file, a wrong date or a partial export than a real
/// change. It is worth a second look, not a refusal: the earlier table may be years older.
public struct PopulationChange: Sendable, Equatable {
    public let earlierDate: CivilDate
    public let earlierTotal: Int64
    public let newTotal: Int64

    /// The largest difference, in per cent of the earlier total, that passes without a warning.
    public static let warningPercent: Int64 = 2

    public init(earlierDate: CivilDate, earlierTotal: Int64, newTotal: Int64) {
        self.earlierDate = earlierDate
        self.earlierTotal = earlierTotal
        self.newTotal = newTotal
    }

    public var difference: Int64 { newTotal - earlierTotal }

    /// True when the totals differ by more than `warningPercent` of the earlier total (compared
    /// with integers: |new − earlier| × 100 > 2 × earlier).
    public var exceedsWarning: Bool {
        guard earlierTotal > 0 else { return newTotal != 0 }
        return difference.magnitude * 100 > UInt64(Self.warningPercent) * UInt64(earlierTotal)
    }

    /// The difference in per cent with a sign and a decimal comma: `+2,4 %`, `−3,1 %`. One
    /// decimal, or two when one would round a difference just over the limit down to `2,0`.
    public var percentText: String {
        guard earlierTotal > 0 else { return "–" }
        var text = SwedishNumber.decimal(difference * 100, earlierTotal, digits: 1)
        if exceedsWarning && text.trimmingPrefix("−") == "\(Self.warningPercent),0" {
            text = SwedishNumber.decimal(difference * 100, earlierTotal, digits: 2)
        }
        return (difference > 0 ? "+" : "") + text + "\u{00A0}%"
    }

    /// The warning in Swedish, with both totals and the difference; nil within the limit.
    public var warning: String? {
        guard exceedsWarning else { return nil }
        return "Folkmängden i hela riket är \(SwedishNumber.grouped(newTotal)), \(percentText) jämfört med närmaste tidigare tabell "
            + "(\(earlierDate.swedish): \(SwedishNumber.grouped(earlierTotal))). Skillnaden är större än \(Self.warningPercent)\u{00A0}%; "
            + "kontrollera att filen och referensdatumet är rätt innan tabellen sparas."
    }
}
