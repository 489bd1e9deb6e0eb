/// A bookkeeping file in SIE 4 (SIE-Gruppen's "SIE filformat", edition 4B), type 4I: vouchers
/// for another program to import. Values only; `SIEWriter` makes the bytes.
public struct SIEDocument: Sendable, Equatable {
    /// `#PROGRAM`: the program that wrote the file and its version.
    public var program: String
    public var programVersion: String
    /// `#GEN`: the day the file was made, and by whom or what.
    public var generated: CivilDate
    public var generatedBy: String
    /// `#FNAMN`: the organisation whose bookkeeping the file is for.
    public var companyName: String
    /// `#ORGNR`, written only when known.
    public var organisationNumber: String?
    /// `#RAR 0`: the fiscal year the vouchers belong to.
    public var fiscalYear: ClosedRange<CivilDate>
    /// `#KPTYP`: the kind of chart of accounts the account numbers follow.
    public var chartType: String
    /// `#KONTO`/`#KTYP`: every account a voucher uses.
    public var accounts: [SIEAccount]
    public var vouchers: [SIEVoucher]

    public init(program: String, programVersion: String, generated: CivilDate, generatedBy: String, companyName: String,
                organisationNumber: String? = nil, fiscalYear: ClosedRange<CivilDate>, chartType: String,
                accounts: [SIEAccount], vouchers: [SIEVoucher]) {
        self.program = program; self.programVersion = programVersion; self.generated = generated; self.generatedBy = generatedBy
        self.companyName = companyName; self.organisationNumber = organisationNumber; self.fiscalYear = fiscalYear
        self.chartType = chartType; self.accounts = accounts; self.vouchers = vouchers
    }
}

/// An account in the chart: number, name and SIE's account type (`#KTYP`).
public struct SIEAccount: Sendable, Equatable, Hashable {
    public enum Kind: String, Sendable {
        /// T: asset (*tillgång*), S: liability (*skuld*), K: cost (*kostnad*), I: revenue (*intäkt*).
        case asset = "T", liability = "S", cost = "K", revenue = "I"
    }

    public let number: Int
    public let name: String
    public let kind: Kind

    public init(_ number: Int, _ name: String, _ kind: Kind) {
        self.number = number; self.name = name; self.kind = kind
    }
}

/// One row of a voucher (`#TRANS`): debit positive, credit negative.
public struct SIETransaction: Sendable, Equatable {
    public let account: SIEAccount
    public let amount: Money
    public let text: String

    public init(_ account: SIEAccount, _ amount: Money, text: String = "") {
        self.account = account; self.amount = amount; self.text = text
    }
}

/// A voucher (`#VER`): its rows always sum to zero, or it is not made.
public struct SIEVoucher: Sendable, Equatable {
    public let series: String
    public let number: Int
    public let date: CivilDate
    public let text: String
    public let transactions: [SIETransaction]

    /// - Throws: `SIEError.unbalanced` unless the rows sum to exactly zero, `.empty` without rows.
    public init(series: String, number: Int, date: CivilDate, text: String, transactions: [SIETransaction]) throws {
        guard !transactions.isEmpty else { throw SIEError.empty(text) }
        let sum = transactions.map(\.amount).sum()
        guard sum == .zero else { throw SIEError.unbalanced(text, by: sum) }
        self.series = series; self.number = number; self.date = date; self.text = text; self.transactions = transactions
    }
}

public enum SIEError: Error, Equatable, CustomStringConvertible {
    case unbalanced(String, by: Money)
    case empty(String)

    public var description: String {
        switch self {
        case .unbalanced(let text, let by): return "Verifikationen \"\(text)\" balanserar inte: skillnad \(by.ore) öre."
        case .empty(let text): return "Verifikationen \"\(text)\" saknar rader."
        }
    }
}
