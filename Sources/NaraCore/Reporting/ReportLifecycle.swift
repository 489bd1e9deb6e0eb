import Foundation

/// Where a report is in its life: a draft the recipient fills in, submitted, reopened because
/// the reviewer asked for completion, or approved.
public enum ReportState: String, Codable, Sendable, CaseIterable {
    case draft
    case submitted
    case completionRequested = "completion_requested"
    case approved

    public var swedishName: String {
        switch self {
        case .draft: return "Utkast"
        case .submitted: return "Inskickad"
        case .completionRequested: return "Komplettering begärd"
        case .approved: return "Godkänd"
        }
    }

    /// Whether the recipient can change answers in this state (a draft, or reopened).
    public var isOpen: Bool { self == .draft || self == .completionRequested }
}

/// The moves a report can make, each a pure function that answers with the new state or refuses
/// with a Swedish sentence. Storage applies a move as an update conditional on the state it
/// started from (`ReportService`), so two moves at once cannot both happen.
///
/// draft → submitted (the recipient submits) → approved (the reviewer approves);
/// submitted or approved → completion requested (the reviewer reopens it as the next version)
/// → submitted again.
public enum ReportLifecycle {
    public enum Refusal: Error, Equatable, Sendable, CustomStringConvertible {
        /// Submitting a report that is already submitted or approved.
        case alreadySubmitted
        /// The round is locked by the administrator.
        case locked
        /// The round has not opened yet.
        case notOpen(opensOn: CivilDate)
        /// Approving a report that is not submitted (a draft, or reopened).
        case approveNotSubmitted
        /// Approving twice.
        case alreadyApproved
        /// Asking for completion of a report that is not submitted.
        case completionNotSubmitted
        /// Asking for completion without saying what is missing, or at too great length.
        case completionMessage
        /// The report moved while this move was being made.
        case changedMeanwhile

        public var description: String {
            switch self {
            case .alreadySubmitted: return "Rapporten är redan inskickad."
            case .locked: return "Perioden är låst av Socialstyrelsen; rapporten kan inte skickas in."
            case .notOpen(let d): return "Rapporteringen har inte öppnat; den öppnar \(d.swedish)."
            case .approveNotSubmitted: return "Bara en inskickad rapport kan godkännas."
            case .alreadyApproved: return "Rapporten är redan godkänd."
            case .completionNotSubmitted: return "Bara en inskickad rapport kan kompletteras."
            case .completionMessage: return "Skriv vad mottagaren behöver komplettera (högst \(ReportLifecycle.longestCompletionMessageText) tecken)."
            case .changedMeanwhile: return "Rapporten ändrades av någon annan samtidigt. Ladda om sidan och försök igen."
            }
        }
    }

    /// The longest message a request for completion may carry.
    public static let longestCompletionMessage = 5_000
    static let longestCompletionMessageText = "5 000"

    /// The recipient submits. Possible after the deadline (the submission is then marked late),
    /// but not before the round opens or while it is locked.
    public static func submit(from state: ReportState, opensOn: CivilDate, today: CivilDate, locked: Bool) -> Result<ReportState, Refusal> {
        if locked { return .failure(.locked) }
        guard state.isOpen else { return .failure(.alreadySubmitted) }
        if today < opensOn { return .failure(.notOpen(opensOn: opensOn)) }
        return .success(.submitted)
    }

    /// The reviewer approves a submitted report.
    public static func approve(from state: ReportState) -> Result<ReportState, Refusal> {
        switch state {
        case .submitted: return .success(.approved)
        case .approved: return .failure(.alreadyApproved)
        case .draft, .completionRequested: return .failure(.approveNotSubmitted)
        }
    }

    /// The reviewer reopens a submitted (or approved) report as its next version, saying what
    /// is missing. An earlier approval is kept, so that changes made after it are flagged.
    /// - Parameter message: what the recipient is asked to complete, already trimmed.
    public static func requestCompletion(from state: ReportState, message: String) -> Result<ReportState, Refusal> {
        guard state == .submitted || state == .approved else { return .failure(.completionNotSubmitted) }
        guard !message.isEmpty, message.count <= longestCompletionMessage else { return .failure(.completionMessage) }
        return .success(.completionRequested)
    }
}
