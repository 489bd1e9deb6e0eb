/// One recipient's claim in a split: a stable code (länskod, kommunkod, organisation code) and
/// a non-negative weight (population, reported VFU weeks, …).
public struct Claim: Hashable, Sendable {
    public let code: String
    public let weight: Int64

    public init(code: String, weight: Int64) {
        self.code = code
        self.weight = weight
    }
}

/// How one part of a split was reached; everything a calculation sheet needs to show.
public struct SplitLine: Hashable, Sendable {
    public let code: String
    public let weight: Int64
    /// The exact quota in rounding units is `floorUnits + remainderNumerator / totalWeight`.
    public let floorUnits: Int64
    public let remainderNumerator: Int64
    /// 1-based rank of this line's remainder among all lines (ties broken by code).
    public let remainderRank: Int
    /// Whether this line received one extra unit from the leftover.
    public let receivedExtraUnit: Bool
    /// Öre below one rounding unit that could not be split in units and were given to the
    /// line ranked first (0 unless the whole is not a multiple of the unit).
    public let residualOre: Int64
    public let amount: Money
}

/// The result of splitting a whole: the lines in the order of the claims, and the figures
/// that are the same for every line.
public struct Split: Sendable {
    public let total: Money
    public let totalWeight: Int64
    public let unitOre: Int64
    public let totalUnits: Int64
    /// Units given out one by one after every line got its floor.
    public let leftoverUnits: Int64
    public let lines: [SplitLine]

    public func line(_ code: String) -> SplitLine? { lines.first { $0.code == code } }
}

/// Why a split could not be made.
public enum SplitError: Error, Equatable, Sendable, CustomStringConvertible {
    case noClaims
    case negativeWeight(code: String)
    case zeroTotalWeight
    case duplicateCode(String)
    case negativeTotal

    public var description: String {
        switch self {
        case .noClaims: return "Det finns inga mottagare att fördela till."
        case .negativeWeight(let code): return "Mottagaren \(code) har en negativ vikt."
        case .zeroTotalWeight: return "Summan av vikterna är noll; inget att fördela efter."
        case .duplicateCode(let code): return "Mottagaren \(code) förekommer två gånger."
        case .negativeTotal: return "Beloppet att fördela är negativt."
        }
    }
}

/// Largest-remainder (Hamilton) apportionment of money.
///
/// Each claim's exact quota is `total × weight ÷ Σweight`. Every line first gets its quota
/// rounded down to whole units (kronor by default); the units left over go one each to the lines
/// with the largest remainders, ties broken by code in ascending order, so the result is
/// deterministic and the parts always sum exactly to the whole. If the whole is not a multiple
/// of the unit, the few öre below one unit go to the line ranked first.
///
/// Arithmetic is done in full width (128-bit intermediates), so no pot or weight a grant can
/// have overflows.
public enum LargestRemainder {
    /// Splits `total` over `claims`.
    /// - Parameters:
    ///   - total: the whole to split, in öre, not negative.
    ///   - claims: the recipients with their weights; codes must be unique.
    ///   - unitOre: the rounding unit in öre (100 = whole kronor).
    /// - Returns: one line per claim, in the claims' order, summing exactly to `total`.
    public static func split(_ total: Money, over claims: [Claim], unitOre: Int64 = 100) throws -> Split {
        precondition(unitOre > 0)
        guard !claims.isEmpty else { throw SplitError.noClaims }
        guard total.ore >= 0 else { throw SplitError.negativeTotal }
        var seen = Set<String>()
        for c in claims {
            if c.weight < 0 { throw SplitError.negativeWeight(code: c.code) }
            if !seen.insert(c.code).inserted { throw SplitError.duplicateCode(c.code) }
        }
        let totalWeight = claims.reduce(Int64(0)) { $0 + $1.weight }
        guard totalWeight > 0 else { throw SplitError.zeroTotalWeight }

        let totalUnits = total.ore / unitOre
        let residual = total.ore % unitOre
        var floors = [Int64](), remainders = [Int64]()
        for c in claims {
            let product = totalUnits.magnitude.multipliedFullWidth(by: c.weight.magnitude)
            let (q, r) = UInt64(totalWeight).dividingFullWidth(product)
            floors.append(Int64(q))
            remainders.append(Int64(r))
        }
        let leftover = totalUnits - floors.reduce(0, +)
        // Rank: largest remainder first, then code ascending.
        let order = claims.indices.sorted { a, b in
            remainders[a] != remainders[b] ? remainders[a] > remainders[b] : claims[a].code < claims[b].code
        }
        var rank = [Int](repeating: 0, count: claims.count)
        for (position, index) in order.enumerated() { rank[index] = position + 1 }

        let lines = claims.indices.map { i -> SplitLine in
            let extra = Int64(rank[i]) <= leftover
            let residualHere = rank[i] == 1 ? residual : 0
            let amount = (floors[i] + (extra ? 1 : 0)) * unitOre + residualHere
            return SplitLine(code: claims[i].code, weight: claims[i].weight, floorUnits: floors[i],
                             remainderNumerator: remainders[i], remainderRank: rank[i],
                             receivedExtraUnit: extra, residualOre: residualHere, amount: Money(ore: amount))
        }
        return Split(total: total, totalWeight: totalWeight, unitOre: unitOre, totalUnits: totalUnits,
                     leftoverUnits: leftover, lines: lines)
    }
}
