import Foundation

/// An organisation as the open payment files name it.
public struct OpenOrganisation: Hashable, Sendable {
    /// `region`, `rss`, `municipality`, `skr`, `state`.
    public let kind: String
    public let code: String
    public let name: String
    public let number: OrganisationNumber?

    public init(kind: String, code: String, name: String, number: OrganisationNumber?) {
        self.kind = kind; self.code = code; self.name = name; self.number = number
    }

    /// 360Giving-style organisation id: `SE-ORGNR-<ten digits>` when the organisation number is
    /// known, else Nära's own `nara:<kind>:<code>`.
    public var identifier: String {
        if let number { return "SE-ORGNR-" + number.digits }
        return "nara:\(kind):\(code)"
    }
}

/// One row of the open payment files: a payment from the state (or the part of it that falls on
/// one development area), or a repayment to the state. Holds no person.
public struct OpenPaymentRecord: Sendable {
    public enum Kind: String, CaseIterable, Sendable { case payment, repayment }

    public enum Status: String, CaseIterable, Sendable { case planned, paid }

    /// The status in Swedish: a payment is planned or paid out, a repayment repaid.
    public static func statusLabel(kind: Kind, status: Status) -> String {
        switch (kind, status) {
        case (.repayment, _): return "Återbetald"
        case (.payment, .planned): return "Planerad"
        case (.payment, .paid): return "Utbetald"
        }
    }

    /// Every label `statusLabel` gives.
    public static var statusLabels: [String] {
        Kind.allCases.flatMap { k in Status.allCases.map { statusLabel(kind: k, status: $0) } }.reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } }
    }

    public let identifier: String
    public let kind: Kind
    public let amount: Money
    public let date: CivilDate
    public let status: Status
    public let reference: String
    public let recipient: OpenOrganisation
    public let funder: OpenOrganisation
    public let agreementYear: Int
    public let agreementTitle: String
    /// The development area, when the payment's split by area is known.
    public let area: (number: Int, title: String)?

    public init(identifier: String, kind: Kind, amount: Money, date: CivilDate, status: Status, reference: String,
                recipient: OpenOrganisation, funder: OpenOrganisation, agreementYear: Int, agreementTitle: String,
                area: (number: Int, title: String)?) {
        self.identifier = identifier; self.kind = kind; self.amount = amount; self.date = date; self.status = status
        self.reference = reference; self.recipient = recipient; self.funder = funder
        self.agreementYear = agreementYear; self.agreementTitle = agreementTitle; self.area = area
    }

    /// The rows of one payment: one per development area when its split is known (area 0, or no
    /// split, means unknown), the parts as stored, which sum to the payment.
    public static func payment(reference: String, amount: Money, areas: [Int: Money], areaTitles: [Int: String], date: CivilDate,
                               status: Status, recipient: OpenOrganisation, funder: OpenOrganisation,
                               agreementYear: Int, agreementTitle: String) -> [OpenPaymentRecord] {
        let base = "nara:payment:" + reference
        let known = areas.filter { $0.key > 0 && $0.value.ore != 0 }
        let splitHolds = !known.isEmpty && known.count == areas.filter({ $0.value.ore != 0 }).count
            && known.values.reduce(Int64(0), { $0 + $1.ore }) == amount.ore
        guard splitHolds else {
            return [OpenPaymentRecord(identifier: base, kind: .payment, amount: amount, date: date, status: status, reference: reference,
                                      recipient: recipient, funder: funder, agreementYear: agreementYear, agreementTitle: agreementTitle, area: nil)]
        }
        return known.keys.sorted().map { n in
            OpenPaymentRecord(identifier: base + ":area:\(n)", kind: .payment, amount: known[n]!, date: date, status: status, reference: reference,
                              recipient: recipient, funder: funder, agreementYear: agreementYear, agreementTitle: agreementTitle,
                              area: (n, areaTitles[n] ?? "Utvecklingsområde \(n)"))
        }
    }

    /// The order of the files: by agreement year, date, recipient and identifier.
    public static func ordered(_ rows: [OpenPaymentRecord]) -> [OpenPaymentRecord] {
        rows.sorted { a, b in
            (a.agreementYear, a.date.iso, a.recipient.name, a.identifier) < (b.agreementYear, b.date.iso, b.recipient.name, b.identifier)
        }
    }

    public var title: String {
        switch kind {
        case .payment:
            return "Utbetalning God och nära vård \(agreementYear) till \(recipient.name)" + (area.map { ", utvecklingsområde \($0.number)" } ?? "")
        case .repayment:
            return "Återbetalning God och nära vård \(agreementYear) från \(recipient.name)"
        }
    }

    /// The value of one column.
    public func value(_ field: OpenPaymentField) -> OpenValue {
        switch field {
        case .identifier: return .text(identifier)
        case .kind: return .text(kind.rawValue)
        case .title: return .text(title)
        case .currency: return .text("SEK")
        case .amount: return .kronor(amount)
        case .amountOre: return .integer(amount.ore)
        case .paymentDate: return .date(date)
        case .status: return .text(status.rawValue)
        case .statusLabel: return .text(OpenPaymentRecord.statusLabel(kind: kind, status: status))
        case .reference: return .text(reference)
        case .recipientOrgIdentifier: return .text(recipient.identifier)
        case .recipientOrgName: return .text(recipient.name)
        case .recipientOrgNumber: return recipient.number.map { .text($0.formatted) } ?? .missing
        case .recipientOrgType: return .text(recipient.kind)
        case .fundingOrgIdentifier: return .text(funder.identifier)
        case .fundingOrgName: return .text(funder.name)
        case .grantProgrammeCode: return .text("GNV-\(agreementYear)")
        case .grantProgrammeTitle: return .text(agreementTitle)
        case .agreementYear: return .integer(Int64(agreementYear))
        case .developmentArea: return area.map { .integer(Int64($0.number)) } ?? .missing
        case .developmentAreaTitle: return area.map { .text($0.title) } ?? .missing
        }
    }

    /// The row's values in column order.
    public var values: [OpenValue] { OpenPaymentField.allCases.map(value) }
}

/// One cell of the open payment files.
public enum OpenValue: Equatable, Sendable {
    case text(String)
    case integer(Int64)
    case kronor(Money)
    case date(CivilDate)
    case missing

    /// Kronor with two decimals and the given decimal mark, no thousands separator: `-1234,50`.
    public static func kronorText(_ money: Money, decimalMark: String) -> String {
        let ore = money.ore
        let magnitude = ore.magnitude
        let fraction = magnitude % 100
        return (ore < 0 ? "-" : "") + String(magnitude / 100) + decimalMark + (fraction < 10 ? "0" : "") + String(fraction)
    }

    /// The cell as CSV text (before quoting): decimal comma, ISO dates, empty when missing.
    public var csvText: String {
        switch self {
        case .text(let s): return s
        case .integer(let n): return String(n)
        case .kronor(let m): return OpenValue.kronorText(m, decimalMark: ",")
        case .date(let d): return d.iso
        case .missing: return ""
        }
    }
}

/// The JSON file: an array of objects whose keys are the columns in column order (written by
/// hand, since an encoder need not keep key order and readers such as Frictionless take the
/// header from the first object); kronor as a number with a decimal point, missing values null.
public enum OpenPaymentJSON {
    public static func document(_ rows: [OpenPaymentRecord]) -> String {
        guard !rows.isEmpty else { return "[]\n" }
        return "[\n" + rows.map(object).joined(separator: ",\n") + "\n]\n"
    }

    static func object(_ row: OpenPaymentRecord) -> String {
        "  {" + OpenPaymentField.allCases.map { f in string(f.rawValue) + ": " + literal(row.value(f)) }.joined(separator: ", ") + "}"
    }

    static func literal(_ value: OpenValue) -> String {
        switch value {
        case .text(let s): return string(s)
        case .integer(let n): return String(n)
        case .kronor(let m): return OpenValue.kronorText(m, decimalMark: ".")
        case .date(let d): return string(d.iso)
        case .missing: return "null"
        }
    }

    /// A JSON string literal (`JSONText.quoted`).
    static func string(_ s: String) -> String { JSONText.quoted(s) }
}
