/// Who a pot of money, or an area's amount, is for.
public enum RecipientCategory: String, Sendable, CaseIterable, Codable {
    /// The 21 regions.
    case regions
    /// The municipalities, paid to each county's RSS (Region Gotland for Gotland).
    case municipalities
    /// SKR itself.
    case skr
    /// Regions and municipalities jointly.
    case joint

    public var swedishName: String {
        switch self {
        case .regions: return "Regioner"
        case .municipalities: return "Kommuner (via RSS)"
        case .skr: return "SKR"
        case .joint: return "Regioner och kommuner gemensamt"
        }
    }
}

/// An amount an agreement sets aside within a development area for one category of recipient.
public struct AreaAmount: Hashable, Sendable {
    public let category: RecipientCategory
    /// What the money is for, when the agreement says (`specialistsjuksköterskeutbildning`).
    public let purpose: String
    public let amount: Money

    public init(_ category: RecipientCategory, _ amount: Money, purpose: String = "") {
        self.category = category; self.amount = amount; self.purpose = purpose
    }
}

/// A development area (*utvecklingsområde*). Where the source gives no amounts, `amounts` is
/// empty and `statedTotal` nil: the model holds no invented figure.
public struct DevelopmentArea: Hashable, Sendable {
    public let number: Int
    public let title: String
    public let summary: String
    public let statedTotal: Money?
    public let amounts: [AreaAmount]

    public init(number: Int, title: String, summary: String, statedTotal: Money? = nil, amounts: [AreaAmount] = []) {
        self.number = number; self.title = title; self.summary = summary
        self.statedTotal = statedTotal; self.amounts = amounts
    }
}

/// A sum of money for one category of recipient, divided by one key.
public struct Pot: Hashable, Sendable {
    /// Stable slug, unique within the agreement (`regioner`).
    public let id: String
    public let name: String
    public let category: RecipientCategory
    public let amount: Money
    public let key: DistributionKey
    /// The population reference date the agreement names, if any (*befolkning den 1 november 2018*).
    public let statedReferenceDate: CivilDate?
    /// Anything a reader needs to know about this pot, in Swedish.
    public let note: String

    public init(id: String, name: String, category: RecipientCategory, amount: Money, key: DistributionKey,
                statedReferenceDate: CivilDate? = nil, note: String = "") {
        self.id = id; self.name = name; self.category = category; self.amount = amount
        self.key = key; self.statedReferenceDate = statedReferenceDate; self.note = note
    }
}

/// What kind of deadline a milestone is.
public enum MilestoneKind: String, Sendable, Codable, CaseIterable {
    case requisition
    case finalReport
    case financialReport
    case interimReport
    case vfuReport
    case actionPlan
    case other

    public var swedishName: String {
        switch self {
        case .requisition: return "Rekvisition"
        case .finalReport: return "Slutredovisning"
        case .financialReport: return "Ekonomisk redovisning"
        case .interimReport: return "Delredovisning"
        case .vfuReport: return "Redovisning av VFU-veckor"
        case .actionPlan: return "Handlingsplan"
        case .other: return "Övrigt"
        }
    }
}

/// A dated obligation the agreement states.
public struct Milestone: Hashable, Sendable {
    public let date: CivilDate
    public let kind: MilestoneKind
    public let title: String
    /// Who must act (`Regioner och RSS`).
    public let responsible: String
    /// Who receives it (`Socialstyrelsen och SKR`).
    public let recipient: String

    public init(date: CivilDate, kind: MilestoneKind, title: String, responsible: String, recipient: String) {
        self.date = date; self.kind = kind; self.title = title
        self.responsible = responsible; self.recipient = recipient
    }
}

/// A figure a source document states one recipient received, to check an allocation against.
public struct StatedReceipt: Hashable, Sendable {
    public let potID: String
    public let code: String
    public let amount: Money
    /// Where it is stated and on what basis, in Swedish.
    public let source: String
    /// The population reference date the source says it was computed on.
    public let referenceDate: CivilDate?

    public init(potID: String, code: String, amount: Money, source: String, referenceDate: CivilDate?) {
        self.potID = potID; self.code = code; self.amount = amount
        self.source = source; self.referenceDate = referenceDate
    }
}

/// One year's *Överenskommelse om en God och nära vård*.
public struct Agreement: Sendable {
    public let year: Int
    public let title: String
    public let frame: Money
    public let summary: String
    /// The document it was encoded from.
    public let source: String
    public let areas: [DevelopmentArea]
    public let pots: [Pot]
    public let conditions: [String]
    public let milestones: [Milestone]
    public let statedReceipts: [StatedReceipt]

    /// Builds an agreement and checks that its figures reconcile.
    /// - Throws: `AgreementError` naming every sum that does not add up, and by how much.
    public init(year: Int, title: String, frame: Money, summary: String, source: String,
                areas: [DevelopmentArea], pots: [Pot], conditions: [String] = [],
                milestones: [Milestone] = [], statedReceipts: [StatedReceipt] = []) throws {
        self.year = year; self.title = title; self.frame = frame; self.summary = summary
        self.source = source; self.areas = areas; self.pots = pots; self.conditions = conditions
        self.milestones = milestones.sorted { $0.date < $1.date }; self.statedReceipts = statedReceipts
        let problems = AgreementCheck.problems(in: self)
        if !problems.isEmpty { throw AgreementError(year: year, problems: problems) }
    }

    public func pot(_ id: String) -> Pot? { pots.first { $0.id == id } }
}

/// An agreement whose figures do not reconcile.
public struct AgreementError: Error, Sendable, CustomStringConvertible {
    public let year: Int
    public let problems: [String]
    public var description: String {
        "Överenskommelsen \(year) går inte ihop: " + problems.joined(separator: " ")
    }
}

/// The sums an agreement must satisfy.
enum AgreementCheck {
    static func problems(in a: Agreement) -> [String] {
        var problems: [String] = []
        func differs(_ what: String, _ sum: Money, _ expected: Money) {
            if sum != expected {
                problems.append("\(what) summerar till \(sum.mnkrText()) men ska vara \(expected.mnkrText()) (skillnad \((sum - expected).mnkrText())).")
            }
        }
        if a.frame.ore <= 0 { problems.append("Ramen måste vara större än noll.") }
        var ids = Set<String>()
        for pot in a.pots {
            if !ids.insert(pot.id).inserted { problems.append("Potten \(pot.id) finns två gånger.") }
            if pot.amount.ore < 0 { problems.append("Potten \(pot.name) har ett negativt belopp.") }
            if case .fixed(let amounts) = pot.key, amounts.values.sum() != pot.amount {
                differs("De fasta beloppen i \(pot.name)", amounts.values.sum(), pot.amount)
            }
        }
        differs("Potterna", a.pots.map(\.amount).sum(), a.frame)

        for area in a.areas {
            if let stated = area.statedTotal {
                differs("Utvecklingsområde \(area.number):s belopp", area.amounts.map(\.amount).sum(), stated)
            }
        }
        // Where areas carry amounts, each category's area amounts must equal its pots.
        let areaAmounts = a.areas.flatMap(\.amounts)
        for category in RecipientCategory.allCases {
            let inAreas = areaAmounts.filter { $0.category == category }
            guard !inAreas.isEmpty else { continue }
            differs("Utvecklingsområdenas belopp till \(category.swedishName.lowercased())",
                    inAreas.map(\.amount).sum(),
                    a.pots.filter { $0.category == category }.map(\.amount).sum())
        }
        for receipt in a.statedReceipts where a.pot(receipt.potID) == nil {
            problems.append("Uppgiften om \(receipt.code) hänvisar till en pott som inte finns (\(receipt.potID)).")
        }
        return problems
    }
}
