import Foundation

/// A recipient a reported-quantity pot can name: a region, or a county's RSS. Its allocation
/// line carries `R` + länskod for a region and `K` + länskod for an RSS (`R23`, `K23`), so a
/// joint pot can hold both of a county's recipients; Region Gotland is `R09` in every pot.
public struct QuantityRecipient: Hashable, Sendable, Comparable {
    public let kind: OrganisationKind
    public let countyCode: String

    public init?(kind: OrganisationKind, countyCode: String) {
        guard kind == .region || kind == .rss, countyCode.count == 2, countyCode.allSatisfy(\.isNumber) else { return nil }
        self.kind = kind; self.countyCode = countyCode
    }

    /// The allocation line's code: `R23`, `K23`.
    public var code: String { (kind == .region ? "R" : "K") + countyCode }

    /// Reads a line's code back (`R23` → Region, county 23).
    public init?(code: String) {
        guard code.count == 3, let first = code.first else { return nil }
        let kind: OrganisationKind
        switch first {
        case "R": kind = .region
        case "K": kind = .rss
        default: return nil
        }
        self.init(kind: kind, countyCode: String(code.dropFirst()))
    }

    /// Regions before RSS, each in county order.
    public static func < (a: QuantityRecipient, b: QuantityRecipient) -> Bool {
        (a.kind == .region ? 0 : 1, a.countyCode) < (b.kind == .region ? 0 : 1, b.countyCode)
    }

    /// The recipients a pot of a category names: a joint pot the regions and the RSS; a regions
    /// pot the regions; a municipal pot the RSS, and Region Gotland for Gotland (which has no
    /// RSS). Other categories name none of them.
    public static func named(by category: RecipientCategory, in geography: Geography = .shipped) -> [QuantityRecipient] {
        let codes = geography.counties.map(\.code)
        let regions = codes.compactMap { QuantityRecipient(kind: .region, countyCode: $0) }
        let rss = codes.filter { $0 != Geography.gotlandCountyCode }.compactMap { QuantityRecipient(kind: .rss, countyCode: $0) }
        switch category {
        case .joint: return regions + rss
        case .regions: return regions
        case .municipalities: return (rss + regions.filter { $0.countyCode == Geography.gotlandCountyCode }).sorted()
        case .skr, .national: return []
        }
    }
}

/// Where a recipient's quantity report stands.
public enum QuantityReportState: String, Sendable, CaseIterable, Codable {
    /// Reported by the recipient, waiting for Socialstyrelsen.
    case reported
    /// Accepted as reported.
    case accepted
    /// Accepted with another quantity, for a stated reason.
    case adjusted

    public var swedishName: String {
        switch self {
        case .reported: return "Inrapporterad, väntar på beslut"
        case .accepted: return "Godkänd"
        case .adjusted: return "Justerad"
        }
    }

    /// Whether Socialstyrelsen has decided on it.
    public var isDecided: Bool { self != .reported }
}

/// One recipient's report, as the allocation reads it.
public struct QuantityReport: Hashable, Sendable {
    public let recipient: QuantityRecipient
    public let name: String
    public let reported: Int64
    /// The quantity Socialstyrelsen accepted; nil until decided.
    public let accepted: Int64?
    public let state: QuantityReportState

    public init(recipient: QuantityRecipient, name: String, reported: Int64, accepted: Int64?, state: QuantityReportState) {
        self.recipient = recipient; self.name = name; self.reported = reported; self.accepted = accepted; self.state = state
    }
}

/// Why a report, a decision or the allocation is refused, with a Swedish sentence and the form
/// field it belongs at.
public enum QuantityRefusal: Error, Equatable, Sendable, CustomStringConvertible {
    case notQuantityPot
    case noDeadline
    case deadlinePassed(CivilDate)
    case notNamed(pot: String)
    case quantityMissing
    case quantityNotWhole
    case quantityNegative
    case quantityTooLarge
    case alreadyDecided(QuantityReportState)
    case potAllocated
    case reasonRequired
    case reasonTooLong
    case sameAsReported
    case beforeDeadlineEnds(CivilDate)
    case undecided(Int)
    case nothingAccepted

    public var description: String {
        switch self {
        case .notQuantityPot: return "Potten fördelas inte efter rapporterat antal."
        case .noDeadline: return "Överenskommelsen anger ingen sista dag för rapporteringen, så ingen rapport kan tas emot."
        case .deadlinePassed(let d): return "Sista dag att rapportera var \(d.swedish). Rapporten kan inte tas emot efter sista dagen."
        case .notNamed(let pot): return "Potten ”\(pot)” fördelas inte till er organisation, så ni kan inte rapportera till den."
        case .quantityMissing: return "Ange antalet som ett heltal, till exempel 120."
        case .quantityNotWhole: return "Antalet ska vara ett heltal utan decimaler, till exempel 120."
        case .quantityNegative: return "Antalet kan inte vara negativt."
        case .quantityTooLarge: return "Antalet får vara högst \(SwedishNumber.grouped(QuantityRules.largest))."
        case .alreadyDecided(let s): return "Socialstyrelsen har redan beslutat om rapporten (\(s.swedishName.lowercased())); den kan inte ändras."
        case .potAllocated: return "Potten är redan fördelad; rapporter och beslut kan inte längre ändras."
        case .reasonRequired: return "Skriv skälet till justeringen; det visas för mottagaren."
        case .reasonTooLong: return "Skälet får vara högst \(QuantityRules.longestReason) tecken."
        case .sameAsReported: return "Det justerade antalet är detsamma som det rapporterade. Godkänn rapporten i stället."
        case .beforeDeadlineEnds(let d): return "Potten kan fördelas först efter sista dagen för rapportering, \(d.swedish)."
        case .undecided(let n): return n == 1 ? "1 rapport väntar på beslut. Godkänn eller justera den innan potten fördelas."
                                              : "\(n) rapporter väntar på beslut. Godkänn eller justera dem innan potten fördelas."
        case .nothingAccepted: return "Inget antal större än noll är godkänt, så det finns inget att fördela efter."
        }
    }

    /// The form field the message belongs at.
    public var field: String {
        switch self {
        case .quantityMissing, .quantityNotWhole, .quantityNegative, .quantityTooLarge, .sameAsReported, .deadlinePassed,
             .notNamed, .alreadyDecided, .noDeadline, .notQuantityPot:
            return "quantity"
        case .reasonRequired, .reasonTooLong: return "reason"
        case .potAllocated, .beforeDeadlineEnds, .undecided, .nothingAccepted: return "allocation"
        }
    }
}

/// The rules of a reported-quantity pot, with the day injected: who may report, until when,
/// Socialstyrelsen's decisions, and the allocation by accepted quantities.
public enum QuantityRules {
    /// No recipient reports more than this (a million VFU weeks is far beyond any region).
    public static let largest: Int64 = 1_000_000
    public static let longestReason = 1_000

    /// Reads a whole number as people type it: `120`, `1 200` (spaces between thousands allowed).
    public static func parseQuantity(_ raw: String) -> Result<Int64, QuantityRefusal> {
        let spaces: Set<Character> = [" ", "\u{00A0}", "\u{202F}"]
        let text = raw.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !text.isEmpty else { return .failure(.quantityMissing) }
        var body = Substring(text)
        var negative = false
        if let first = body.first, first == "-" || first == "−" { negative = true; body = body.dropFirst() }
        let digits = body.filter { !spaces.contains($0) }
        guard !digits.isEmpty else { return .failure(.quantityMissing) }
        if digits.contains(where: { $0 == "," || $0 == "." }) { return .failure(.quantityNotWhole) }
        guard digits.allSatisfy({ $0.isASCII && $0.isNumber }) else { return .failure(.quantityMissing) }
        if negative { return .failure(.quantityNegative) }
        guard digits.count <= 12, let value = Int64(digits) else { return .failure(.quantityTooLarge) }
        return value > largest ? .failure(.quantityTooLarge) : .success(value)
    }

    /// A recipient's report (new, or a change of one not yet decided): on or before the deadline,
    /// by a recipient the pot names, while the pot is unallocated.
    /// - Parameters:
    ///   - current: the recipient's stored report's state, if it has one.
    ///   - allocated: whether the pot has an allocation.
    /// - Returns: the quantity to store.
    public static func report(_ pot: Pot, by recipient: QuantityRecipient?, raw: String, today: CivilDate,
                              current: QuantityReportState?, allocated: Bool) -> Result<Int64, QuantityRefusal> {
        guard case .reportedQuantity = pot.key else { return .failure(.notQuantityPot) }
        guard let recipient, QuantityRecipient.named(by: pot.category).contains(recipient) else { return .failure(.notNamed(pot: pot.name)) }
        guard let deadline = pot.quantityDeadline else { return .failure(.noDeadline) }
        guard today <= deadline else { return .failure(.deadlinePassed(deadline)) }
        if allocated { return .failure(.potAllocated) }
        if let current, current.isDecided { return .failure(.alreadyDecided(current)) }
        return parseQuantity(raw)
    }

    /// Socialstyrelsen accepts a report as reported: only one waiting for a decision, before allocation.
    public static func accept(current: QuantityReportState, allocated: Bool) -> QuantityRefusal? {
        if allocated { return .potAllocated }
        return current == .reported ? nil : .alreadyDecided(current)
    }

    /// Socialstyrelsen sets another quantity, with a reason: from any state, before allocation
    /// (a decision can be corrected until the pot is divided).
    /// - Returns: the accepted quantity.
    public static func adjust(reported: Int64, raw: String, reason: String, allocated: Bool) -> Result<Int64, QuantityRefusal> {
        if allocated { return .failure(.potAllocated) }
        let quantity: Int64
        switch parseQuantity(raw) {
        case .failure(let e): return .failure(e)
        case .success(let q): quantity = q
        }
        if quantity == reported { return .failure(.sameAsReported) }
        let reason = reason.trimmingCharacters(in: .whitespacesAndNewlines)
        if reason.isEmpty { return .failure(.reasonRequired) }
        if reason.count > longestReason { return .failure(.reasonTooLong) }
        return .success(quantity)
    }

    /// The pot divided by the accepted quantities, after the deadline, once every report is
    /// decided. Recipients that did not report, and those accepted with zero, get no line and
    /// nothing; the rest share the whole pot by largest remainder in whole kronor (ties to the
    /// lowest code), so the lines sum exactly to the pot.
    /// - Parameter reports: the pot's reports (any order); lines come regions first, in county order.
    public static func allocate(_ pot: Pot, reports: [QuantityReport], today: CivilDate) -> Result<AllocationResult, QuantityRefusal> {
        guard case .reportedQuantity = pot.key else { return .failure(.notQuantityPot) }
        guard let deadline = pot.quantityDeadline else { return .failure(.noDeadline) }
        guard today > deadline else { return .failure(.beforeDeadlineEnds(deadline)) }
        let waiting = reports.filter { $0.state == .reported }.count
        if waiting > 0 { return .failure(.undecided(waiting)) }
        let quantities = reports.filter { ($0.accepted ?? 0) > 0 }.sorted { $0.recipient < $1.recipient }
            .map { (code: $0.recipient.code, name: $0.name, quantity: $0.accepted ?? 0) }
        guard !quantities.isEmpty else { return .failure(.nothingAccepted) }
        do {
            return .success(try Allocator.allocate(pot, population: nil, quantities: quantities))
        } catch {
            // Positive whole quantities with unique codes always split; this is unreachable.
            return .failure(.nothingAccepted)
        }
    }

    /// The named recipients that did not report, or were accepted with zero: they get nothing.
    public static func withoutShare(_ pot: Pot, reports: [QuantityReport]) -> [QuantityRecipient] {
        let sharing = Set(reports.filter { ($0.accepted ?? 0) > 0 }.map(\.recipient))
        return QuantityRecipient.named(by: pot.category).filter { !sharing.contains($0) }
    }
}
