/// What happened to a recipient's grant for one agreement year, as plain values: the input of
/// `GrantBookkeeping`. Only events that happened are listed; each carries the day it happened.
public struct GrantEvents: Sendable, Equatable {
    public struct Allocation: Sendable, Equatable {
        public let date: CivilDate
        public let amount: Money
        public init(date: CivilDate, amount: Money) { self.date = date; self.amount = amount }
    }

    /// A requisition the recipient attested; `rejectedOn` if Kammarkollegiet then rejected it.
    public struct Requisition: Sendable, Equatable {
        public let attestedOn: CivilDate
        public let amount: Money
        public let rejectedOn: CivilDate?
        public init(attestedOn: CivilDate, amount: Money, rejectedOn: CivilDate? = nil) {
            self.attestedOn = attestedOn; self.amount = amount; self.rejectedOn = rejectedOn
        }
    }

    /// A payment from Kammarkollegiet that was made.
    public struct Payment: Sendable, Equatable {
        public let date: CivilDate
        public let amount: Money
        public let reference: String
        public init(date: CivilDate, amount: Money, reference: String) { self.date = date; self.amount = amount; self.reference = reference }
    }

    /// An attested version of the financial report: the part of the grant used, and what is to
    /// be paid back.
    public struct Report: Sendable, Equatable {
        public let version: Int
        public let attestedOn: CivilDate
        public let used: Money
        public let repayment: Money
        public init(version: Int, attestedOn: CivilDate, used: Money, repayment: Money) {
            self.version = version; self.attestedOn = attestedOn; self.used = used; self.repayment = repayment
        }
    }

    /// A repayment claimed after an amendment lowered the allocation below what was paid.
    public struct Claim: Sendable, Equatable {
        public let date: CivilDate
        public let amount: Money
        public let reason: String
        public init(date: CivilDate, amount: Money, reason: String) { self.date = date; self.amount = amount; self.reason = reason }
    }

    public struct Repayment: Sendable, Equatable {
        public let date: CivilDate
        public let amount: Money
        public init(date: CivilDate, amount: Money) { self.date = date; self.amount = amount }
    }

    public let year: Int
    public var allocation: Allocation?
    public var requisitions: [Requisition]
    public var payments: [Payment]
    public var reports: [Report]
    public var claims: [Claim]
    public var repayments: [Repayment]

    public init(year: Int, allocation: Allocation?, requisitions: [Requisition] = [], payments: [Payment] = [],
                reports: [Report] = [], claims: [Claim] = [], repayments: [Repayment] = []) {
        self.year = year; self.allocation = allocation; self.requisitions = requisitions; self.payments = payments
        self.reports = reports; self.claims = claims; self.repayments = repayments
    }
}

/// Turns a recipient's grant events into balanced vouchers on a `GrantAccountPlan`:
///
/// | Event | Debit | Credit |
/// |---|---|---|
/// | Allocation | granted receivable | prepaid grant |
/// | Requisition attested | requisitioned receivable | granted receivable |
/// | Requisition rejected | granted receivable | requisitioned receivable |
/// | Payment made | bank | requisitioned receivable |
/// | Financial report attested | prepaid grant | revenue (used), repayment liability (unused) |
/// | Amendment's claim | granted receivable | repayment liability |
/// | Repayment made | repayment liability | bank |
///
/// A later attested version of the report books only its difference from the previous one. An
/// amendment's claim arises because the allocation (booked as it now stands) fell below what was
/// already requisitioned and paid: the excess leaves the granted receivable and is owed back.
/// Every voucher is dated on its event's day, even after the agreement year (a repayment the
/// next spring): the importing program places it in the fiscal year of that day. Vouchers come
/// in date order, numbered from 1 in the plan's series.
public enum GrantBookkeeping {
    public static func vouchers(_ e: GrantEvents, plan p: GrantAccountPlan) throws -> [SIEVoucher] {
        typealias Draft = (date: CivilDate, order: Int, text: String, rows: [SIETransaction])
        var drafts: [Draft] = []
        func add(_ date: CivilDate, _ order: Int, _ text: String, _ rows: [(SIEAccount, Money)]) {
            let kept = rows.filter { $0.1 != .zero }.map { SIETransaction($0.0, $0.1, text: text) }
            if !kept.isEmpty { drafts.append((date, order, text, kept)) }
        }
        let grant = "statsbidrag God och nära vård \(e.year)"
        if let a = e.allocation {
            add(a.date, 0, "Tilldelat \(grant)", [(p.grantedReceivable, a.amount), (p.unearnedGrant, -a.amount)])
        }
        for r in e.requisitions {
            add(r.attestedOn, 1, "Rekvisition av \(grant), attesterad", [(p.requisitionedReceivable, r.amount), (p.grantedReceivable, -r.amount)])
            if let rejected = r.rejectedOn {
                add(rejected, 2, "Rekvisition av \(grant) avslagen av Kammarkollegiet", [(p.grantedReceivable, r.amount), (p.requisitionedReceivable, -r.amount)])
            }
        }
        for pay in e.payments {
            add(pay.date, 3, "Utbetalning från Kammarkollegiet \(pay.reference)", [(p.bank, pay.amount), (p.requisitionedReceivable, -pay.amount)])
        }
        var booked = (used: Money.zero, repayment: Money.zero)
        for r in e.reports.sorted(by: { $0.version < $1.version }) {
            let used = r.used - booked.used, repayment = r.repayment - booked.repayment
            add(r.attestedOn, 4, "Ekonomisk redovisning av \(grant), version \(r.version) attesterad",
                [(p.unearnedGrant, used + repayment), (p.grantRevenue, -used), (p.repaymentLiability, -repayment)])
            booked = (r.used, r.repayment)
        }
        for c in e.claims {
            add(c.date, 5, "Återkrav efter ändringsöverenskommelse: \(c.reason)", [(p.grantedReceivable, c.amount), (p.repaymentLiability, -c.amount)])
        }
        for r in e.repayments {
            add(r.date, 6, "Återbetalning till Kammarkollegiet av \(grant)", [(p.repaymentLiability, r.amount), (p.bank, -r.amount)])
        }
        let ordered = drafts.enumerated().sorted { ($0.element.date, $0.element.order, $0.offset) < ($1.element.date, $1.element.order, $1.offset) }
        return try ordered.enumerated().map { number, item in
            try SIEVoucher(series: p.series, number: number + 1, date: item.element.date, text: item.element.text, transactions: item.element.rows)
        }
    }

    /// The whole file: the accounts the vouchers use, the agreement year as the fiscal year.
    public static func document(_ e: GrantEvents, plan: GrantAccountPlan, organisation: String, organisationNumber: String?,
                                generated: CivilDate, programVersion: String) throws -> SIEDocument {
        let vouchers = try vouchers(e, plan: plan)
        let used = Set(vouchers.flatMap { $0.transactions.map(\.account.number) })
        return SIEDocument(program: "Nära", programVersion: programVersion, generated: generated, generatedBy: "Nära",
                           companyName: organisation, organisationNumber: organisationNumber,
                           fiscalYear: CivilDate.make(e.year, 1, 1)...CivilDate.make(e.year, 12, 31), chartType: plan.chartType,
                           accounts: plan.all.filter { used.contains($0.number) }, vouchers: vouchers)
    }
}
