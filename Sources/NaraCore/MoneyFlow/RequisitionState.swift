/// Where a requisition is: made by the recipient, attested by its finance director, decided by
/// Kammarkollegiet (above the second-approval limit, by two payers).
public enum RequisitionState: String, StoredState, Codable {
    case draft
    case attested
    /// One payer has approved an amount above the limit; a second payer decides.
    case awaitingSecondApproval = "awaiting_second_approval"
    case approved
    case rejected

    public var swedishName: String {
        switch self {
        case .draft: return "Väntar på attest"
        case .attested: return "Attesterad, hos Kammarkollegiet"
        case .awaitingSecondApproval: return "Väntar på andra godkännande"
        case .approved: return "Godkänd"
        case .rejected: return "Avslagen"
        }
    }

    /// Whether the requisition still counts against the allocation.
    public var counts: Bool { self != .rejected }

    /// Whether Kammarkollegiet still has to decide.
    public var awaitsPayer: Bool { self == .attested || self == .awaitingSecondApproval }
}

/// A requisition as its transitions see it.
public struct RequisitionFacts: Sendable {
    public let state: RequisitionState
    public let amount: Money
    /// Who made it.
    public let createdBy: ActingPerson
    /// The payer who approved first, while a second approval is awaited.
    public let firstApprovedBy: ActingPerson?

    public init(state: RequisitionState, amount: Money, createdBy: ActingPerson, firstApprovedBy: ActingPerson? = nil) {
        self.state = state; self.amount = amount; self.createdBy = createdBy; self.firstApprovedBy = firstApprovedBy
    }
}

/// The moves of a requisition, each refusing an illegal one in Swedish.
public enum RequisitionTransitions {
    /// The finance director attests a draft. Whoever made the requisition may not attest it.
    public static func attest(_ r: RequisitionFacts, by person: ActingPerson) -> Result<RequisitionState, TransitionRefusal> {
        guard r.state == .draft else { return .failure(notDraft(r.state)) }
        if r.createdBy.id == person.id {
            return .failure(TransitionRefusal(
                "Du gjorde rekvisitionen och kan därför inte attestera den själv. En annan ekonomichef i organisationen ska attestera den.",
                aboutPerson: true))
        }
        return .success(.attested)
    }

    /// A payer approves. An amount above `secondApprovalLimit` needs two payers: the first
    /// approval leaves it awaiting a second, which must come from someone else.
    public static func approve(_ r: RequisitionFacts, by person: ActingPerson, secondApprovalLimit: Money) -> Result<RequisitionState, TransitionRefusal> {
        switch r.state {
        case .attested:
            return .success(r.amount > secondApprovalLimit ? .awaitingSecondApproval : .approved)
        case .awaitingSecondApproval:
            if r.firstApprovedBy?.id == person.id {
                return .failure(TransitionRefusal(
                    "Du har redan godkänt rekvisitionen. Belopp över \(secondApprovalLimit.krText) ska godkännas av två handläggare; en annan utbetalare på Kammarkollegiet ska göra det andra godkännandet.",
                    aboutPerson: true))
            }
            return .success(.approved)
        case .draft: return .failure(TransitionRefusal("Rekvisitionen är inte attesterad än och kan inte godkännas."))
        case .approved: return .failure(TransitionRefusal("Rekvisitionen är redan godkänd."))
        case .rejected: return .failure(TransitionRefusal("Rekvisitionen är avslagen och kan inte godkännas."))
        }
    }

    /// A payer rejects, with a reason, a requisition that awaits a decision.
    public static func reject(_ r: RequisitionFacts, reason: String) -> Result<RequisitionState, TransitionRefusal> {
        switch r.state {
        case .attested, .awaitingSecondApproval:
            let trimmed = reason.trimmed
            if trimmed.isEmpty { return .failure(TransitionRefusal("Skriv varför rekvisitionen avslås.")) }
            if trimmed.count > 2000 { return .failure(TransitionRefusal("Skälet får vara högst 2 000 tecken.")) }
            return .success(.rejected)
        case .draft: return .failure(TransitionRefusal("Rekvisitionen är inte attesterad än och kan inte avslås."))
        case .approved: return .failure(TransitionRefusal("Rekvisitionen är redan godkänd och kan inte avslås."))
        case .rejected: return .failure(TransitionRefusal("Rekvisitionen är redan avslagen."))
        }
    }

    static func notDraft(_ state: RequisitionState) -> TransitionRefusal {
        switch state {
        case .rejected: return TransitionRefusal("Rekvisitionen är avslagen och kan inte attesteras.")
        case .approved: return TransitionRefusal("Rekvisitionen är redan godkänd.")
        default: return TransitionRefusal("Rekvisitionen är redan attesterad.")
        }
    }
}

/// Where a payment is: planned on a day, then paid.
public enum PaymentState: String, StoredState, Codable {
    case planned
    case paid

    public var swedishName: String {
        switch self {
        case .planned: return "Planerad"
        case .paid: return "Utbetald"
        }
    }

    /// Marks a planned payment paid; a payment is paid once.
    public func markPaid() -> Result<PaymentState, TransitionRefusal> {
        self == .planned ? .success(.paid) : .failure(TransitionRefusal("Betalningen är redan utbetald."))
    }
}

/// Where an amendment's repayment claim is.
public enum RepaymentClaimState: String, StoredState, Codable {
    case open
    case paid

    public var swedishName: String {
        switch self {
        case .open: return "Öppet"
        case .paid: return "Betalt"
        }
    }

    /// Records the claim paid; a claim is paid once.
    public func markPaid() -> Result<RepaymentClaimState, TransitionRefusal> {
        self == .open ? .success(.paid) : .failure(TransitionRefusal("Återkravet är redan markerat som betalt."))
    }
}
