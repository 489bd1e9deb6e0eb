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
    /// Another national body the agreement names (a fixed or reported-quantity key names it).
    case national

    public var swedishName: String {
        switch self {
        case .regions: return "Regioner"
        case .municipalities: return "Kommuner (via RSS)"
        case .skr: return "SKR"
        case .joint: return "Regioner och kommuner gemensamt"
        case .national: return "Annan nationell aktör"
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
    /// For a reported-quantity key: the last day recipients may report their quantity.
    public let quantityDeadline: CivilDate?

    public init(id: String, name: String, category: RecipientCategory, amount: Money, key: DistributionKey,
                statedReferenceDate: CivilDate? = nil, note: String = "", quantityDeadline: CivilDate? = nil) {
        self.id = id; self.name = name; self.category = category; self.amount = amount
        self.key = key; self.statedReferenceDate = statedReferenceDate; self.note = note
        self.quantityDeadline = quantityDeadline
    }
}

/// What kind of deadline a milestone is.
public enum MilestoneKind: String, Sendable, Codable, CaseIterable {
    case requisition
    case interimReport
    case finalReport
    case financialReport
    case repaymentDue
    case quantityReport
    case actionPlan
    case other

    public var swedishName: String {
        switch self {
        case .requisition: return "Sista dag för rekvisition"
        case .finalReport: return "Slutredovisning"
        case .financialReport: return "Ekonomisk redovisning"
        case .interimReport: return "Delredovisning"
        case .repaymentDue: return "Återbetalning senast"
        case .quantityReport: return "Rapportering av antal"
        case .actionPlan: return "Handlingsplan"
        case .other: return "Övrigt"
        }
    }

    /// Reads a stored or sent kind; `vfuReport` is the name earlier versions stored for a quantity report.
    public static func parse(_ raw: String) -> MilestoneKind? {
        raw == "vfuReport" ? .quantityReport : MilestoneKind(rawValue: raw)
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
public struct Agreement: Sendable, Equatable {
    public let year: Int
    public let title: String
    public let frame: Money
    public let summary: String
    /// The document it was encoded from (its name).
    public let source: String
    /// The document's reference number (*diarienummer*), if any.
    public let sourceReference: String
    /// The day the agreement was signed, if known.
    public let signedOn: CivilDate?
    public let areas: [DevelopmentArea]
    public let pots: [Pot]
    public let conditions: [String]
    public let milestones: [Milestone]
    public let statedReceipts: [StatedReceipt]

    /// Builds an agreement and checks that its figures reconcile.
    /// - Throws: `AgreementError` naming every sum that does not add up, and by how much.
    public init(year: Int, title: String, frame: Money, summary: String, source: String,
                sourceReference: String = "", signedOn: CivilDate? = nil,
                areas: [DevelopmentArea], pots: [Pot], conditions: [String] = [],
                milestones: [Milestone] = [], statedReceipts: [StatedReceipt] = []) throws {
        self.init(draftYear: year, title: title, frame: frame, summary: summary, source: source,
                  sourceReference: sourceReference, signedOn: signedOn, areas: areas, pots: pots,
                  conditions: conditions, milestones: milestones, statedReceipts: statedReceipts)
        let problems = AgreementCheck.reconciliation(of: self) + AgreementCheck.validity(of: self)
        if !problems.isEmpty { throw AgreementError(year: year, problems: problems.map(\.message)) }
    }

    /// Builds an agreement as it stands, reconciled or not: a draft, or one read back from storage.
    /// `AgreementCheck` says what does not add up.
    public init(draftYear year: Int, title: String, frame: Money, summary: String, source: String,
                sourceReference: String = "", signedOn: CivilDate? = nil,
                areas: [DevelopmentArea], pots: [Pot], conditions: [String] = [],
                milestones: [Milestone] = [], statedReceipts: [StatedReceipt] = []) {
        self.year = year; self.title = title; self.frame = frame; self.summary = summary
        self.source = source; self.sourceReference = sourceReference; self.signedOn = signedOn
        self.areas = areas; self.pots = pots; self.conditions = conditions
        self.milestones = milestones.enumerated().sorted { ($0.element.date, $0.offset) < ($1.element.date, $1.offset) }.map(\.element)
        self.statedReceipts = statedReceipts
    }

    public func pot(_ id: String) -> Pot? { pots.first { $0.id == id } }

    /// The first milestone of a kind.
    public func milestone(_ kind: MilestoneKind) -> Milestone? { milestones.first { $0.kind == kind } }
}

/// An agreement whose figures do not reconcile.
public struct AgreementError: Error, Sendable, CustomStringConvertible {
    public let year: Int
    public let problems: [String]
    public var description: String {
        "Överenskommelsen \(year) går inte ihop: " + problems.joined(separator: " ")
    }
}
