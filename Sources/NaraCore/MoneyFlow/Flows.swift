/// Quarterly instalments (providers' payments) split exactly.
public enum QuarterlySplit {
    /// Four parts that sum exactly to `amount`, by largest remainder to whole kronor; any
    /// kronor left over go to the earliest quarters.
    public static func split(_ amount: Money) throws -> [Money] {
        let claims = (1...4).map { Claim(code: "Q\($0)", weight: 1) }
        return try LargestRemainder.split(amount, over: claims).lines.map(\.amount)
    }
}

/// What a financial report settles: the unused part of what was paid is paid back.
public enum Settlement {
    /// The repayment claim: paid minus spent, never below zero.
    public static func repayment(paid: Money, spent: Money) -> Money {
        spent >= paid ? .zero : paid - spent
    }
}

/// A recipient's money for one development area (or in total), from allocation to balance.
public struct MoneySteps: Sendable, Equatable {
    public var allocated: Money = .zero
    public var requisitioned: Money = .zero
    public var paid: Money = .zero
    public var assigned: Money = .zero
    public var spent: Money = .zero
    /// What amendments ask back (*återkrav efter ändringsöverenskommelse*), open or paid: the
    /// part of what was paid that the lowered allocation no longer covers.
    public var claimed: Money = .zero
    /// The part of `claimed` not yet paid back. A paid claim is a repayment, in `repaid`.
    public var claimOpen: Money = .zero
    public var repaid: Money = .zero

    public init(allocated: Money = .zero, requisitioned: Money = .zero, paid: Money = .zero, assigned: Money = .zero,
                spent: Money = .zero, repaid: Money = .zero, claimed: Money = .zero, claimOpen: Money = .zero) {
        self.allocated = allocated; self.requisitioned = requisitioned; self.paid = paid
        self.assigned = assigned; self.spent = spent; self.repaid = repaid
        self.claimed = claimed; self.claimOpen = claimOpen
    }

    /// Paid, less what was spent and what was paid back: what the recipient still holds.
    public var balance: Money { paid - spent - repaid }

    public static func + (a: MoneySteps, b: MoneySteps) -> MoneySteps {
        MoneySteps(allocated: a.allocated + b.allocated, requisitioned: a.requisitioned + b.requisitioned, paid: a.paid + b.paid,
                   assigned: a.assigned + b.assigned, spent: a.spent + b.spent, repaid: a.repaid + b.repaid,
                   claimed: a.claimed + b.claimed, claimOpen: a.claimOpen + b.claimOpen)
    }

    /// Each step that does not add up, in Swedish. What an amendment asks back explains money
    /// requisitioned beyond the lowered allocation; while the claim is open, that is a warning of its own.
    public var warnings: [String] {
        var out: [String] = []
        if requisitioned > allocated + claimed {
            out.append("Rekvirerat \(requisitioned.krText) är mer än tilldelat \(allocated.krText)"
                       + (claimed.ore > 0 ? " och återkrävt \(claimed.krText)." : "."))
        }
        if paid > requisitioned { out.append("Utbetalt \(paid.krText) är mer än rekvirerat \(requisitioned.krText).") }
        if assigned > paid { out.append("Vidarefördelat \(assigned.krText) är mer än utbetalt \(paid.krText).") }
        if spent > paid { out.append("Använt \(spent.krText) är mer än utbetalt \(paid.krText).") }
        if claimOpen.ore > 0 { out.append("Återkrav efter ändringsöverenskommelse på \(claimOpen.krText) är ännu inte återbetalt.") }
        if balance.ore < 0 { out.append("Saldot är negativt (\(balance.krText)): mer har använts eller betalats tillbaka än som betalats ut.") }
        return out
    }
}
