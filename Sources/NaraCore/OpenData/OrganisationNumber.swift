import Foundation

/// A Swedish organisation number (*organisationsnummer*): ten digits, written `NNNNNN-NNNN`, whose
/// last digit is a Luhn check digit over the first nine. Regions' numbers start `2321…`.
public struct OrganisationNumber: Hashable, Sendable, CustomStringConvertible {
    /// The ten digits without a hyphen.
    public let digits: String

    /// Reads `232100-0016` or `2321000016`; nil unless ten digits with a correct check digit.
    public init?(_ text: String) {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        var raw = trimmed
        if raw.count == 11, raw[raw.index(raw.startIndex, offsetBy: 6)] == "-" {
            raw.remove(at: raw.index(raw.startIndex, offsetBy: 6))
        }
        guard raw.count == 10, raw.allSatisfy({ $0.isASCII && $0.isNumber }), OrganisationNumber.luhnValid(raw) else { return nil }
        digits = raw
    }

    /// `232100-0016`.
    public var formatted: String { String(digits.prefix(6)) + "-" + String(digits.suffix(4)) }
    public var description: String { formatted }

    /// The Luhn check: doubling every second digit from the right (the check digit undoubled),
    /// the digit sum is a multiple of ten.
    public static func luhnValid(_ digits: String) -> Bool {
        let values = digits.compactMap { $0.wholeNumberValue }
        guard values.count == digits.count, !values.isEmpty else { return false }
        var sum = 0
        for (i, v) in values.reversed().enumerated() {
            if i % 2 == 1 {
                let d = v * 2
                sum += d > 9 ? d - 9 : d
            } else {
                sum += v
            }
        }
        return sum % 10 == 0
    }
}
