/// Where a financial report (*ekonomisk redovisning*) version is. An attested version is
/// frozen; a later change becomes the next version.
public enum FinancialReportState: String, StoredState, Codable {
    case draft
    case attested

    public var swedishName: String {
        switch self {
        case .draft: return "Utkast, väntar på attest"
        case .attested: return "Attesterad"
        }
    }
}

/// The moves of a financial report.
public enum FinancialReportTransitions {
    /// What saving does to the latest version: edits a draft, or starts the next version after an
    /// attested one (or the first version when there is none).
    public enum Save: Equatable, Sendable {
        case editDraft
        case newVersion(Int)
    }

    public static func save(latest: (state: FinancialReportState, version: Int)?) -> Save {
        guard let latest else { return .newVersion(1) }
        return latest.state == .draft ? .editDraft : .newVersion(latest.version + 1)
    }

    /// The finance director attests the latest version. The person who last saved it may not.
    public static func attest(latest: (state: FinancialReportState, savedBy: ActingPerson)?, by person: ActingPerson) -> Result<FinancialReportState, TransitionRefusal> {
        guard let latest, latest.state == .draft else {
            return .failure(TransitionRefusal("Det finns ingen ändrad ekonomisk redovisning att attestera; den senaste versionen är redan attesterad."))
        }
        if latest.savedBy.id == person.id {
            return .failure(TransitionRefusal(
                "Du sparade redovisningen och kan därför inte attestera den själv. En annan ekonomichef i organisationen ska attestera den.",
                aboutPerson: true))
        }
        return .success(.attested)
    }
}

/// Where a provider's quarterly request (*äskande*) is.
public enum ProviderRequestState: String, StoredState, Codable {
    case submitted
    case approved
    case rejected

    public var swedishName: String {
        switch self {
        case .submitted: return "Väntar på regionen"
        case .approved: return "Godkänt"
        case .rejected: return "Avslaget"
        }
    }

    /// Whether the request still takes from its quarter.
    public var counts: Bool { self != .rejected }
}

/// A provider's quarterly requests and the region's decisions on them.
public enum QuarterRequestRules {
    /// Checks a request of `amount` for `quarter` against the quarter's instalment and what
    /// earlier (not rejected) requests took of it.
    public static func check(quarter: Int, amount: Money, instalment: Money, alreadyRequested: Money) -> TransitionRefusal? {
        guard (1...4).contains(quarter) else { return TransitionRefusal("Välj kvartal.") }
        let left = instalment - alreadyRequested
        guard amount.ore > 0 else { return TransitionRefusal("Beloppet måste vara större än noll.") }
        guard amount <= left else { return TransitionRefusal("Kvartal \(quarter): högst \(left.krText) kan äskas.") }
        return nil
    }

    /// The region decides a submitted request; a rejection needs a reason.
    public static func decide(_ state: ProviderRequestState, approve: Bool, reason: String) -> Result<ProviderRequestState, TransitionRefusal> {
        guard state == .submitted else { return .failure(TransitionRefusal("Äskandet är redan beslutat (\(state.swedishName.lowercased())).")) }
        if !approve && reason.isBlank { return .failure(TransitionRefusal("Skriv varför äskandet avslås.")) }
        if reason.count > 2000 { return .failure(TransitionRefusal("Skälet får vara högst 2 000 tecken.")) }
        return .success(approve ? .approved : .rejected)
    }
}

/// A region's assignments onward (*uppdrag*): no step may pass on more than the step before it holds.
public enum OnwardAssignmentRules {
    /// Checks an assignment of `amount` against what was paid to the region and what earlier
    /// assignments took.
    public static func check(amount: Money, paid: Money, alreadyAssigned: Money) -> TransitionRefusal? {
        guard amount.ore > 0 else { return TransitionRefusal("Beloppet måste vara större än noll.") }
        if alreadyAssigned + amount > paid {
            return TransitionRefusal("Uppdragen får inte överstiga det som betalats ut (\(paid.krText)); \((paid - alreadyAssigned).krText) återstår.")
        }
        return nil
    }
}

/// Repayments a recipient records against its attested financial report.
public enum RepaymentRules {
    /// Checks a repayment of `amount` against the report's claim and what was repaid before.
    public static func check(amount: Money, claim: Money, alreadyRepaid: Money) -> TransitionRefusal? {
        guard amount.ore > 0 else { return TransitionRefusal("Beloppet måste vara större än noll.") }
        guard claim.ore > 0 else { return TransitionRefusal("Det finns inget krav på återbetalning: ingen attesterad redovisning visar oanvända medel.") }
        if alreadyRepaid + amount > claim {
            return TransitionRefusal("Återbetalningen är större än kravet som återstår (\((claim - alreadyRepaid).krText)).")
        }
        return nil
    }
}
