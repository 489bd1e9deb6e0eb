/// A report round an agreement's milestone asks for and that does not exist yet: what the
/// administrator's "create round" form is filled with.
public struct RoundOffer: Hashable, Sendable {
    public let year: Int
    /// The milestone's title (`SKR:s delredovisning av pågående och planerad verksamhet`).
    public let title: String
    public let reportKind: ReportKind
    /// `region`, `rss` or `skr`: who reports.
    public let recipientKind: OrganisationKind
    public let deadline: CivilDate
    /// Who the report goes to, as the milestone names it (`Socialdepartementet`).
    public let reviewer: String
}

/// The rounds an agreement's interim and final reports call for.
public enum RoundOffers {
    /// The kinds of recipient a round can be asked of, in the order offers are listed.
    public static let recipientKinds: [OrganisationKind] = [.region, .rss, .skr]

    /// One offer per interim or final report milestone and recipient kind its `responsible`
    /// names (`Regioner och RSS` gives two), except where a round of that year, report kind and
    /// recipient kind exists.
    /// - Parameter existing: the stored rounds as (year, report kind, recipient kind raw values).
    public static func offers(for agreement: Agreement, existing: Set<RoundKey>) -> [RoundOffer] {
        var out: [RoundOffer] = []
        for m in agreement.milestones {
            let kind: ReportKind
            switch m.kind {
            case .interimReport: kind = .interim
            case .finalReport: kind = .final
            default: continue
            }
            let named = ResponsibleText.kinds(m.responsible)
            for recipients in recipientKinds where named.contains(recipients) {
                let key = RoundKey(year: agreement.year, reportKind: kind.rawValue, recipientKind: recipients.rawValue)
                guard !existing.contains(key) else { continue }
                out.append(RoundOffer(year: agreement.year, title: m.title, reportKind: kind, recipientKind: recipients,
                                      deadline: m.date, reviewer: m.recipient))
            }
        }
        return out
    }

    /// Who a round is asked of, in Swedish.
    public static func recipientsName(_ kind: String) -> String {
        switch kind {
        case OrganisationKind.region.rawValue: return "Regioner"
        case OrganisationKind.rss.rawValue: return "RSS (kommunerna i länet)"
        case OrganisationKind.skr.rawValue: return "SKR"
        default: return kind
        }
    }
}

/// What makes a round the one a milestone asks for.
public struct RoundKey: Hashable, Sendable {
    public let year: Int
    public let reportKind: String
    public let recipientKind: String

    public init(year: Int, reportKind: String, recipientKind: String) {
        self.year = year; self.reportKind = reportKind; self.recipientKind = recipientKind
    }
}
