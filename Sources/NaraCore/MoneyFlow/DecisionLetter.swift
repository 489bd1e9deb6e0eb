import Foundation

/// Kammarkollegiet's decision to pay a requisition (*beslut om utbetalning*), as it was made.
///
/// The value holds everything the letter says, its sentences included, so the stored letter
/// reads the same whatever later changes to the agreement, the payment or this code: it is
/// made once, when the requisition becomes approved, and never rebuilt. `json` is its stored form.
public struct DecisionLetter: Codable, Sendable, Equatable {
    /// The version of the stored form.
    public static let format = 1

    /// Who receives the money.
    public struct Recipient: Codable, Sendable, Equatable {
        public let name: String
        /// County code, or the organisation's code for national recipients.
        public let code: String
        /// The kind in Swedish (`Region`).
        public let kind: String
        public init(name: String, code: String, kind: String) { self.name = name; self.code = code; self.kind = kind }
    }

    /// The part of the amount for one development area (number 0: not tied to an area).
    public struct AreaPart: Codable, Sendable, Equatable {
        public let number: Int
        public let title: String
        public let amount: Money
        public init(number: Int, title: String, amount: Money) { self.number = number; self.title = title; self.amount = amount }

        /// `1. Primärvårdens styrning …`, or what area 0 means.
        public var name: String { number == 0 ? "Ej fördelat på utvecklingsområde" : "\(number). \(title)" }
    }

    public let format: Int
    /// The decision's reference number (*diarienummer*), `KAMK-2019-0001`.
    public let reference: String
    public let decidedOn: CivilDate
    public let recipient: Recipient
    public let agreementYear: Int
    public let agreementTitle: String
    /// The agreement document's own reference number, if it has one.
    public let agreementReference: String
    /// The day the recipient's requisition was made.
    public let requisitionedOn: CivilDate
    public let total: Money
    public let areas: [AreaPart]
    public let paymentDate: CivilDate
    public let paymentReference: String
    /// The agreement's conditions, as the agreement words them on the decision day.
    public let conditions: [String]
    /// The last day for repaying unused money.
    public let repaymentDue: CivilDate
    /// The payer who made the decision; above the second-approval limit, the second approver.
    public let decidedBy: String
    /// Above the limit: the payer who approved first.
    public let firstApprovedBy: String?
    /// The decision in plain Swedish.
    public let decision: String
    /// What happens to money not used, and by when.
    public let repayment: String

    /// Why a letter cannot be made.
    public enum Problem: Error, Equatable, Sendable, CustomStringConvertible {
        case partsDoNotSum(total: Money, parts: Money)
        case notPositive

        public var description: String {
            switch self {
            case .partsDoNotSum(let t, let p): return "Beloppen per utvecklingsområde (\(p.krText)) summerar inte till beslutets belopp (\(t.krText))."
            case .notPositive: return "Ett beslut om utbetalning måste gälla ett belopp större än noll."
            }
        }
    }

    /// The facts a decision is made from.
    public struct Facts: Sendable {
        public var reference: String
        public var decidedOn: CivilDate
        public var recipient: Recipient
        public var agreementYear: Int
        public var agreementTitle: String
        public var agreementReference: String
        public var requisitionedOn: CivilDate
        public var total: Money
        public var areas: [AreaPart]
        public var paymentDate: CivilDate
        public var paymentReference: String
        public var conditions: [String]
        public var repaymentDue: CivilDate
        public var decidedBy: String
        public var firstApprovedBy: String?

        public init(reference: String, decidedOn: CivilDate, recipient: Recipient, agreementYear: Int, agreementTitle: String,
                    agreementReference: String, requisitionedOn: CivilDate, total: Money, areas: [AreaPart], paymentDate: CivilDate,
                    paymentReference: String, conditions: [String], repaymentDue: CivilDate, decidedBy: String, firstApprovedBy: String?) {
            self.reference = reference; self.decidedOn = decidedOn; self.recipient = recipient; self.agreementYear = agreementYear
            self.agreementTitle = agreementTitle; self.agreementReference = agreementReference; self.requisitionedOn = requisitionedOn
            self.total = total; self.areas = areas; self.paymentDate = paymentDate; self.paymentReference = paymentReference
            self.conditions = conditions; self.repaymentDue = repaymentDue; self.decidedBy = decidedBy; self.firstApprovedBy = firstApprovedBy
        }
    }

    /// The letter for `facts`, its sentences written out; areas in number order.
    /// - Throws: `Problem` when the amount is not positive or the parts do not sum exactly to it.
    public static func make(_ f: Facts) throws -> DecisionLetter {
        guard f.total.ore > 0 else { throw Problem.notPositive }
        let parts = f.areas.map(\.amount).sum()
        guard parts == f.total, !f.areas.contains(where: { $0.amount.ore < 0 }) else { throw Problem.partsDoNotSum(total: f.total, parts: parts) }
        let decision = "Kammarkollegiet beslutar att betala ut \(f.total.krText) till \(f.recipient.name) enligt \(agreementName(f.agreementTitle)). "
            + "Beslutet gäller rekvisitionen den \(f.requisitionedOn.swedish). Pengarna betalas ut den \(f.paymentDate.swedish) "
            + "och får bara användas till de utvecklingsområden och på de villkor som står i det här beslutet."
        let repayment = "Pengar som inte har använts till det de är beviljade för ska betalas tillbaka till Kammarkollegiet. "
            + "Den ekonomiska redovisningen visar hur mycket som inte har använts. Det beloppet ska vara återbetalt senast \(f.repaymentDue.swedish). "
            + "Pengar som har använts i strid med villkoren kan Kammarkollegiet kräva tillbaka."
        return DecisionLetter(format: format, reference: f.reference, decidedOn: f.decidedOn, recipient: f.recipient, agreementYear: f.agreementYear,
                              agreementTitle: f.agreementTitle, agreementReference: f.agreementReference, requisitionedOn: f.requisitionedOn,
                              total: f.total, areas: f.areas.sorted { $0.number < $1.number }, paymentDate: f.paymentDate,
                              paymentReference: f.paymentReference, conditions: f.conditions, repaymentDue: f.repaymentDue,
                              decidedBy: f.decidedBy, firstApprovedBy: f.firstApprovedBy, decision: decision, repayment: repayment)
    }

    /// The agreement's title as it reads inside a sentence (`överenskommelse om …`).
    static func agreementName(_ title: String) -> String {
        guard let first = title.first, title.hasPrefix("Överenskommelse") else { return title }
        return first.lowercased() + title.dropFirst()
    }

    /// Who decided, as the letter says it.
    public var deciders: String {
        guard let first = firstApprovedBy else { return decidedBy }
        return "\(decidedBy), efter första godkännande av \(first)"
    }

    /// The stored form: JSON with sorted keys, amounts in öre and days as `YYYY-MM-DD`, so the
    /// same letter is always the same bytes.
    public var json: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        // Every field is a string, a number, a list or an object of those: encoding cannot fail.
        return String(decoding: (try? encoder.encode(self)) ?? Data(), as: UTF8.self)
    }

    /// Reads a stored letter back.
    public static func read(json: String) throws -> DecisionLetter {
        try JSONDecoder().decode(DecisionLetter.self, from: Data(json.utf8))
    }
}

/// A decision's reference number (*diarienummer*): the payer's prefix, the agreement year and a
/// sequence that runs per year, `KAMK-2019-0001`.
public struct DecisionReference: Hashable, Sendable, CustomStringConvertible {
    /// Kammarkollegiet's prefix.
    public static let payerPrefix = "KAMK"

    public let prefix: String
    public let year: Int
    public let sequence: Int

    public init(year: Int, sequence: Int, prefix: String = payerPrefix) {
        self.prefix = prefix; self.year = year; self.sequence = sequence
    }

    /// At least four digits, more when a year has more than 9 999 decisions.
    public var description: String { "\(prefix)-\(String(format4: year))-\(String(format4: sequence))" }

    /// Reads `KAMK-2019-0001`; nil for anything else.
    public init?(_ text: String) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 3, !parts[0].isEmpty, parts[0].allSatisfy({ $0.isASCII && $0.isUppercase }),
              parts[1].count == 4, parts[2].count >= 4, (parts[1] + parts[2]).allSatisfy({ $0.isASCII && $0.isNumber }),
              let year = Int(parts[1]), let sequence = Int(parts[2]), sequence > 0 else { return nil }
        self.init(year: year, sequence: sequence, prefix: parts[0])
    }

    /// The next reference for `year`, after the highest sequence used so far (none: the first).
    public static func next(year: Int, after highest: Int?) -> DecisionReference {
        DecisionReference(year: year, sequence: (highest ?? 0) + 1)
    }
}
