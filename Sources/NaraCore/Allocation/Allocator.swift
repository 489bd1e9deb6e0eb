/// One recipient's part of a pot, with the figures behind it.
public struct AllocationLine: Sendable, Hashable {
    /// Länskod for a region or a county's RSS, or the organisation code (`SKR`).
    public let code: String
    public let name: String
    /// Population (or reported quantity) the share is computed from; nil for fixed amounts.
    public let weight: Int64?
    public let amount: Money
    /// How the amount was reached; nil for fixed amounts.
    public let split: SplitLine?
    /// A note a reader needs (Gotland's municipal money going to Region Gotland).
    public let note: String
}

/// A pot divided among its recipients.
public struct AllocationResult: Sendable {
    public let pot: Pot
    public let lines: [AllocationLine]
    /// The sum of the weights, when the key has weights.
    public let totalWeight: Int64?
    public let split: Split?
    /// The population table used, for population keys.
    public let population: PopulationTable?

    public var total: Money { lines.map(\.amount).sum() }
}

/// Why a pot could not be allocated yet.
public enum AllocationError: Error, Equatable, Sendable, CustomStringConvertible {
    case noQuantitiesReported(unit: String)
    case missingPopulation(county: String)
    case split(SplitError)

    public var description: String {
        switch self {
        case .noQuantitiesReported(let unit):
            return "Potten fördelas efter rapporterat antal \(unit); inga uppgifter har rapporterats ännu."
        case .missingPopulation(let county):
            return "Befolkningstabellen saknar uppgift för län \(county)."
        case .split(let e): return e.description
        }
    }
}

/// Turns a pot and its key's data into exact amounts per recipient.
public enum Allocator {
    /// Gotland's note on municipal pots.
    public static let gotlandNote = "Region Gotland har också kommunens uppgifter; länets kommunala medel går därför till Region Gotland i stället för till en RSS."

    /// Allocates one pot.
    /// - Parameters:
    ///   - pot: the pot with its key.
    ///   - population: the table for population keys (ignored otherwise).
    ///   - quantities: reported quantities per recipient code with a display name, for quantity keys.
    ///   - geography: counties and municipalities.
    /// - Returns: one line per recipient; for population keys all 21 counties in code order.
    public static func allocate(_ pot: Pot, population: PopulationTable?, quantities: [(code: String, name: String, quantity: Int64)] = [],
                                geography: Geography = .shipped) throws -> AllocationResult {
        switch pot.key {
        case .populationShare:
            guard let population else { throw AllocationError.missingPopulation(county: "–") }
            let totals = population.countyTotals(in: geography)
            var claims: [Claim] = []
            for c in geography.counties {
                guard let p = totals[c.code] else { throw AllocationError.missingPopulation(county: c.code) }
                claims.append(Claim(code: c.code, weight: p))
            }
            let split = try wrap { try LargestRemainder.split(pot.amount, over: claims) }
            let lines = geography.counties.enumerated().map { i, c -> AllocationLine in
                let municipal = pot.category == .municipalities
                let name = municipal ? geography.municipalRecipientName(countyCode: c.code) : c.regionName
                let note = municipal && c.code == Geography.gotlandCountyCode ? gotlandNote : ""
                return AllocationLine(code: c.code, name: name, weight: claims[i].weight,
                                      amount: split.lines[i].amount, split: split.lines[i], note: note)
            }
            return AllocationResult(pot: pot, lines: lines, totalWeight: split.totalWeight, split: split, population: population)

        case .fixed(let amounts):
            try FixedSplit.validate(amounts, pot: pot.amount)
            let lines = amounts.keys.sorted().map { code in
                AllocationLine(code: code, name: fixedRecipientName(code), weight: nil, amount: amounts[code]!, split: nil, note: "")
            }
            return AllocationResult(pot: pot, lines: lines, totalWeight: nil, split: nil, population: nil)

        case .reportedQuantity(let unit):
            guard !quantities.isEmpty else { throw AllocationError.noQuantitiesReported(unit: unit) }
            let claims = quantities.map { Claim(code: $0.code, weight: $0.quantity) }
            let split = try wrap { try LargestRemainder.split(pot.amount, over: claims) }
            let lines = quantities.enumerated().map { i, q in
                AllocationLine(code: q.code, name: q.name, weight: q.quantity, amount: split.lines[i].amount,
                               split: split.lines[i], note: "")
            }
            return AllocationResult(pot: pot, lines: lines, totalWeight: split.totalWeight, split: split, population: nil)
        }
    }

    static func fixedRecipientName(_ code: String) -> String {
        Geography.nationalBodies.first { $0.code == code }?.name ?? code
    }

    static func wrap<T>(_ body: () throws -> T) throws -> T {
        do { return try body() } catch let e as SplitError { throw AllocationError.split(e) }
    }
}

/// How a computed allocation compares with a figure a source document states.
public struct ReceiptCheck: Sendable {
    public let receipt: StatedReceipt
    public let computed: Money
    /// The recipient's population share as a fraction.
    public let weight: Int64
    public let totalWeight: Int64

    public init(receipt: StatedReceipt, computed: Money, weight: Int64, totalWeight: Int64) {
        self.receipt = receipt; self.computed = computed; self.weight = weight; self.totalWeight = totalWeight
    }

    public var matches: Bool { roundedToStatedPrecision == receipt.amount }

    /// The computed amount rounded to the precision the source writes (tenths of a million).
    public var roundedToStatedPrecision: Money {
        let unit: Int64 = 10_000_000 // 0,1 mnkr in öre
        return Money(ore: (computed.ore + unit / 2) / unit * unit)
    }

    /// The pot that would give exactly the stated amount at this share: stated ÷ share.
    public var impliedPot: Money {
        let product = receipt.amount.ore.magnitude.multipliedFullWidth(by: UInt64(totalWeight))
        let (q, _) = UInt64(weight).dividingFullWidth(product)
        return Money(ore: Int64(q))
    }
}

extension AllocationResult {
    /// Checks this allocation against the figures the agreement's sources state for its pot.
    public func checks(against receipts: [StatedReceipt]) -> [ReceiptCheck] {
        receipts.filter { $0.potID == pot.id }.compactMap { r in
            guard let line = lines.first(where: { $0.code == r.code }), let w = line.weight, let t = totalWeight else { return nil }
            return ReceiptCheck(receipt: r, computed: line.amount, weight: w, totalWeight: t)
        }
    }
}
