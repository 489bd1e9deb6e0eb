/// How a pot of money is divided among its recipients.
public enum DistributionKey: Hashable, Sendable {
    /// In proportion to the population of each recipient's county on a reference date
    /// (*i relation till befolkningsandel*).
    case populationShare
    /// Fixed amounts named in the agreement, per recipient code.
    case fixed([String: Money])
    /// In proportion to a quantity the recipients report, e.g. VFU weeks (*verksamhetsförlagd
    /// utbildning*); `unit` names the quantity in Swedish.
    case reportedQuantity(unit: String)

    /// The stable name stored in the database and shown in the API.
    public var kind: String {
        switch self {
        case .populationShare: return "population"
        case .fixed: return "fixed"
        case .reportedQuantity: return "quantity"
        }
    }

    /// A Swedish phrase for pages.
    public var swedishName: String {
        switch self {
        case .populationShare: return "Befolkningsandel"
        case .fixed: return "Fasta belopp"
        case .reportedQuantity(let unit): return "Rapporterat antal \(unit)"
        }
    }
}

/// Why a fixed split was refused.
public enum FixedSplitError: Error, Equatable, Sendable, CustomStringConvertible {
    case doesNotSum(pot: Money, sum: Money)
    case unknownRecipient(String)

    public var description: String {
        switch self {
        case .doesNotSum(let pot, let sum):
            return "De fasta beloppen summerar till \(sum.krText) men potten är \(pot.krText) (skillnad \((pot - sum).krText))."
        case .unknownRecipient(let code):
            return "Mottagaren \(code) finns inte."
        }
    }
}

public enum FixedSplit {
    /// Checks that fixed amounts account for the whole pot exactly.
    public static func validate(_ amounts: [String: Money], pot: Money) throws {
        let sum = amounts.values.sum()
        if sum != pot { throw FixedSplitError.doesNotSum(pot: pot, sum: sum) }
    }
}
