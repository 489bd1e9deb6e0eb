/// The accounts a recipient's grant is booked on, in one place so that an organisation can later
/// choose its own numbers.
///
/// The default follows the classes of the municipal and regional charts (Kommun-BAS, Region-BAS,
/// both derived from BAS): class 1 receivables and bank, class 2 prepaid income and other
/// short-term liabilities, class 3 grants received. A state grant is received in advance of
/// its use, so the whole grant is booked first as prepaid (unearned) income and becomes revenue
/// only when the financial report says it was used; what was not used becomes a liability to
/// Kammarkollegiet until it is paid back.
public struct GrantAccountPlan: Sendable, Equatable {
    /// Granted by the allocation, not yet requisitioned.
    public var grantedReceivable: SIEAccount
    /// Requisitioned (attested by the recipient), not yet paid by Kammarkollegiet.
    public var requisitionedReceivable: SIEAccount
    public var bank: SIEAccount
    /// The grant received in advance of its use (*förutbetalda intäkter*).
    public var unearnedGrant: SIEAccount
    /// Unused money the recipient is to pay back.
    public var repaymentLiability: SIEAccount
    /// The grant used, as revenue.
    public var grantRevenue: SIEAccount
    /// `#KPTYP`. SIE names no municipal chart type; the municipal and regional charts derive from
    /// EU-BAS, the type SIE names for BAS-based charts.
    public var chartType: String
    /// The voucher series the file's vouchers are numbered in.
    public var series: String

    public init(grantedReceivable: SIEAccount, requisitionedReceivable: SIEAccount, bank: SIEAccount, unearnedGrant: SIEAccount,
                repaymentLiability: SIEAccount, grantRevenue: SIEAccount, chartType: String, series: String) {
        self.grantedReceivable = grantedReceivable; self.requisitionedReceivable = requisitionedReceivable; self.bank = bank
        self.unearnedGrant = unearnedGrant; self.repaymentLiability = repaymentLiability; self.grantRevenue = grantRevenue
        self.chartType = chartType; self.series = series
    }

    /// The default for a region or municipal body receiving *God och nära vård*.
    public static let municipalBAS = GrantAccountPlan(
        grantedReceivable: SIEAccount(1631, "Statsbidragsfordran God och nära vård, beviljat ej rekvirerat", .asset),
        requisitionedReceivable: SIEAccount(1632, "Statsbidragsfordran God och nära vård, rekvirerat ej utbetalt", .asset),
        bank: SIEAccount(1930, "Bank", .asset),
        unearnedGrant: SIEAccount(2972, "Förutbetalt statsbidrag God och nära vård", .liability),
        repaymentLiability: SIEAccount(2891, "Skuld till Kammarkollegiet, statsbidrag att återbetala", .liability),
        grantRevenue: SIEAccount(3311, "Riktat statsbidrag God och nära vård", .revenue),
        chartType: "EUBAS97", series: "N")

    /// The accounts in number order.
    public var all: [SIEAccount] {
        [grantedReceivable, requisitionedReceivable, bank, unearnedGrant, repaymentLiability, grantRevenue].sorted { $0.number < $1.number }
    }
}
