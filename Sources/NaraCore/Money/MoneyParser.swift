/// Why a typed amount could not be read. The description is a Swedish sentence for the person
/// who typed it.
public enum MoneyParseError: Error, Equatable, Sendable, CustomStringConvertible {
    case empty
    case notANumber(String)
    case ambiguousSeparator(String)
    case mixedSeparators(String)
    case badGrouping(String)
    case tooPrecise(String, MoneyUnit)
    case tooLarge(String)

    public var description: String {
        switch self {
        case .empty:
            return "Ange ett belopp."
        case .notANumber(let s):
            return "”\(s)” är inte ett belopp. Skriv till exempel 1 050 000, 5,8 mnkr eller 30 600 000 kr."
        case .ambiguousSeparator(let s):
            return "”\(s)” är tvetydigt: punkten kan vara decimaltecken eller tusentalsavgränsare. Använd komma som decimaltecken (5,8) och mellanslag mellan tusental (1 050 000)."
        case .mixedSeparators(let s):
            return "”\(s)” blandar punkt och komma. Använd komma som decimaltecken och mellanslag mellan tusental, till exempel 1 050 000,50."
        case .badGrouping(let s):
            return "”\(s)” har fel gruppering av siffror. Skriv tusental i grupper om tre, till exempel 1 050 000."
        case .tooPrecise(let s, let unit):
            return "”\(s)” har fler decimaler än ett helt öre (högst \(unit.maxFractionDigits) decimaler i \(unit.rawValue))."
        case .tooLarge(let s):
            return "”\(s)” är för stort belopp."
        }
    }
}

/// Reads amounts the way Swedish users and documents write them.
///
/// Accepted: `1 050,5 mnkr`, `5,8 mkr`, `30 600 000 kr`, `1 050 000,50`, `0,8 mnkr`, `-250 kr`.
/// Comma is the decimal separator; spaces (also no-break and thin spaces) group thousands.
/// A dot is accepted as a decimal point only where it cannot be a thousands separator
/// (`5.8`); `1.050` is refused as ambiguous, as is any mix of dot and comma.
public enum MoneyParser {
    /// Parses a typed amount.
    /// - Parameters:
    ///   - input: the text as typed.
    ///   - defaultUnit: the unit when the text names none (kronor unless the field says otherwise).
    /// - Returns: the exact amount in öre.
    /// - Throws: `MoneyParseError` with a sentence for the user.
    public static func parse(_ input: String, defaultUnit: MoneyUnit = .kr) throws -> Money {
        let spaces: Set<Character> = [" ", "\u{00A0}", "\u{202F}", "\u{2009}", "\t"]
        var text = String(input.map { spaces.contains($0) ? " " : $0 })
            .trimmingSpaces().lowercased()
        if text.isEmpty { throw MoneyParseError.empty }
        let original = input.trimmingSpaces()

        var unit = defaultUnit
        if text.hasSuffix(":-") { text.removeLast(2); unit = .kr }
        // "5,8 mkr." at the end of a sentence: a dot after a letter is punctuation.
        if text.hasSuffix("."), let before = text.dropLast().last, before.isLetter { text.removeLast() }
        for (word, u) in MoneyUnit.suffixes {
            let candidates = [word, word.replacingOccurrences(of: " ", with: "")]
            if let match = candidates.first(where: { text.hasSuffix($0) }) {
                let head = text.dropLast(match.count)
                // "12kr" or "12 kr", but not "1sek2".
                if let last = head.last, !(last.isNumber || last == " ") { continue }
                text = String(head).trimmingSpaces()
                unit = u
                break
            }
        }

        var negative = false
        if let first = text.first, first == "-" || first == "−" {
            negative = true
            text = String(text.dropFirst()).trimmingSpaces()
        }
        guard !text.isEmpty, text.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == " " || $0 == "," || $0 == ".") }),
              text.first!.isNumber || text.first == "," || text.first == "."
        else { throw MoneyParseError.notANumber(original) }

        let hasComma = text.contains(","), hasDot = text.contains(".")
        if hasComma && hasDot { throw MoneyParseError.mixedSeparators(original) }
        let separator: Character? = hasComma ? "," : (hasDot ? "." : nil)
        var integerPart = text, fractionPart = ""
        if let sep = separator {
            let pieces = text.split(separator: sep, omittingEmptySubsequences: false)
            guard pieces.count == 2 else {
                throw sep == "." ? MoneyParseError.ambiguousSeparator(original) : MoneyParseError.notANumber(original)
            }
            integerPart = String(pieces[0]).trimmingSpaces()
            fractionPart = String(pieces[1])
            if fractionPart.contains(" ") || fractionPart.isEmpty { throw MoneyParseError.notANumber(original) }
            if sep == ".", fractionPart.count == 3 { throw MoneyParseError.ambiguousSeparator(original) }
        }
        if integerPart.isEmpty { integerPart = "0" }
        let groups = integerPart.split(separator: " ", omittingEmptySubsequences: false)
        if groups.count > 1 {
            guard groups.first!.count >= 1, groups.first!.count <= 3,
                  groups.dropFirst().allSatisfy({ $0.count == 3 })
            else { throw MoneyParseError.badGrouping(original) }
        }
        let digits = groups.joined()
        guard !digits.isEmpty, digits.allSatisfy(\.isNumber) else { throw MoneyParseError.notANumber(original) }

        // Drop fraction zeros that carry no value ("1,50000000 mnkr" is still exact).
        while fractionPart.count > unit.maxFractionDigits, fractionPart.last == "0" { fractionPart.removeLast() }
        guard fractionPart.count <= unit.maxFractionDigits else { throw MoneyParseError.tooPrecise(original, unit) }

        let scale = pow10(unit.maxFractionDigits - fractionPart.count)
        let subunit = unit.oreFactor / pow10(unit.maxFractionDigits) // öre per last fraction digit
        guard let whole = Int64(digits), let fraction = Int64(fractionPart.isEmpty ? "0" : fractionPart)
        else { throw MoneyParseError.tooLarge(original) }
        let (w, o1) = whole.multipliedReportingOverflow(by: unit.oreFactor)
        let (f, o2) = fraction.multipliedReportingOverflow(by: scale * subunit)
        let (total, o3) = w.addingReportingOverflow(f)
        if o1 || o2 || o3 { throw MoneyParseError.tooLarge(original) }
        return Money(ore: negative ? -total : total)
    }

    static func pow10(_ n: Int) -> Int64 { (0..<max(n, 0)).reduce(1) { acc, _ in acc * 10 } }
}

extension String {
    func trimmingSpaces() -> String {
        var s = Substring(self)
        while let f = s.first, f.isWhitespace { s = s.dropFirst() }
        while let l = s.last, l.isWhitespace { s = s.dropLast() }
        return String(s)
    }
}
