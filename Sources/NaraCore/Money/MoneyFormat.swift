/// sv-SE presentation of numbers and money: a no-break space between thousands, a decimal comma.
public enum SwedishNumber {
    /// The separator between groups of thousands (no-break space, so amounts never wrap).
    public static let groupSeparator = "\u{00A0}"

    /// `1234567` → `1 234 567`.
    public static func grouped(_ value: Int64, separator: String = groupSeparator) -> String {
        let negative = value < 0
        let digits = String(value.magnitude)
        var out = ""
        for (i, ch) in digits.enumerated() {
            if i > 0 && (digits.count - i) % 3 == 0 { out += separator }
            out.append(ch)
        }
        return (negative ? "−" : "") + out
    }

    /// A fraction `numerator / denominator` as a decimal with `digits` decimals, rounded half up,
    /// computed with integers only: `decimal(1, 3, digits: 4)` → `0,3333`.
    public static func decimal(_ numerator: Int64, _ denominator: Int64, digits: Int, separator: String = groupSeparator) -> String {
        precondition(denominator > 0)
        let negative = numerator < 0
        let n = numerator.magnitude, d = UInt64(denominator)
        let scale = UInt64(MoneyParser.pow10(digits))
        // (n * scale * 2 + d) / (2d), with full-width arithmetic so large values cannot overflow.
        let product = n.multipliedFullWidth(by: scale * 2)
        let (sum, carry) = product.low.addingReportingOverflow(d)
        let (q, _) = (2 * d).dividingFullWidth((product.high + (carry ? 1 : 0), sum))
        let whole = Int64(q / scale), frac = q % scale
        var text = grouped(whole, separator: separator)
        if digits > 0 {
            let f = String(frac)
            text += "," + String(repeating: "0", count: digits - f.count) + f
        }
        return (negative && q != 0 ? "−" : "") + text
    }
}

extension SwedishNumber {
    /// The first `digits` decimals of `remainder / denominator` (a proper fraction), truncated:
    /// `fractionDigits(47, 100, digits: 4)` → `4700`.
    public static func fractionDigits(_ remainder: Int64, _ denominator: Int64, digits: Int) -> String {
        precondition(denominator > 0 && remainder >= 0 && remainder < denominator)
        let product = UInt64(remainder).multipliedFullWidth(by: UInt64(MoneyParser.pow10(digits)))
        let (q, _) = UInt64(denominator).dividingFullWidth(product)
        let s = String(q)
        return String(repeating: "0", count: max(0, digits - s.count)) + s
    }
}

extension Money {
    /// `30 600 000 kr`; öre are shown only when there are any: `1 050 000,50 kr`.
    public var krText: String {
        let kr = ore.magnitude / 100, o = ore.magnitude % 100
        let sign = ore < 0 ? "−" : ""
        let base = sign + SwedishNumber.grouped(Int64(kr))
        return (o == 0 ? base : base + "," + (o < 10 ? "0" : "") + String(o)) + "\u{00A0}kr"
    }

    /// The amount in millions of kronor with as many decimals as it needs, at most `maxDecimals`
    /// (rounded half up beyond that): `1 050,5 mnkr`, `5,8 mnkr`, `6 394,5 mnkr`.
    public func mnkrText(maxDecimals: Int = 8) -> String {
        var text = SwedishNumber.decimal(ore, 100_000_000, digits: maxDecimals)
        if text.contains(",") {
            while text.hasSuffix("0") { text.removeLast() }
            if text.hasSuffix(",") { text.removeLast() }
        }
        return text + "\u{00A0}mnkr"
    }

    /// Kronor as a person would type them back into a field: `30 600 000` or `1 050 000,50`,
    /// plain spaces, no unit.
    public var typedKronor: String {
        krText.replacingOccurrences(of: "\u{00A0}kr", with: "").replacingOccurrences(of: "\u{00A0}", with: " ")
    }

    /// Plain kronor with a decimal comma and no grouping, for CSV cells that Excel reads as
    /// numbers in a Swedish locale: `30600000,00`.
    public var csvKronor: String {
        let sign = ore < 0 ? "-" : ""
        let o = ore.magnitude % 100
        return sign + String(ore.magnitude / 100) + "," + (o < 10 ? "0" : "") + String(o)
    }
}
