/// An agreement's current allocation lines, summed by pot category and line code, and what
/// each organisation receives from them.
///
/// Line codes name recipients in three ways: population pots by länskod (`23`), reported-quantity
/// pots by `R` + länskod for a region and `K` + länskod for an RSS (`R23`, `K23`; Region Gotland
/// `R09`), and fixed pots for national bodies by the organisation's code (`SKR`).
public struct AllocationTable: Sendable, Equatable {
    /// Pot category (raw value) → line code → amount.
    public private(set) var lines: [String: [String: Money]] = [:]

    public init() {}

    public mutating func add(category: String, code: String, amount: Money) {
        lines[category, default: [:]][code, default: .zero] += amount
    }

    /// Every line of every pot.
    public var total: Money { lines.values.flatMap(\.values).sum() }

    /// What one organisation receives, in öre, from every pot that names it.
    /// - Parameters:
    ///   - kind: the organisation's kind; municipalities and providers receive nothing directly.
    ///   - code: the organisation's code (`SKR` for a national body).
    ///   - countyCode: the länskod of a region or an RSS.
    public func allocated(kind: OrganisationKind, code: String, countyCode: String?) -> Money {
        func anyPot(_ lineCode: String) -> Money { lines.values.compactMap { $0[lineCode] }.sum() }
        func category(_ c: RecipientCategory, _ lineCode: String) -> Money { lines[c.rawValue]?[lineCode] ?? .zero }
        switch kind {
        case .region:
            guard let county = countyCode else { return .zero }
            // Region Gotland also carries the municipal duties, so it receives its county's municipal money too.
            let municipal = county == Geography.gotlandCountyCode ? category(.municipalities, county) : .zero
            return category(.regions, county) + municipal + anyPot("R" + county)
        case .rss:
            guard let county = countyCode else { return .zero }
            return category(.municipalities, county) + anyPot("K" + county)
        case .skr, .state:
            return anyPot(code)
        case .municipality, .provider:
            return .zero
        }
    }
}

/// Reads who an agreement's milestone means from its `responsible` text (`Regioner och RSS`,
/// `SKR`, `Socialstyrelsen`): the milestones are free text as the sources write them.
public enum ResponsibleText {
    /// The organisation kinds the text names. SKR's full name contains "kommuner" and
    /// "regioner", so it is read first and taken out.
    public static func kinds(_ text: String) -> Set<OrganisationKind> {
        var t = text.lowercased()
        var out: Set<OrganisationKind> = []
        for skr in ["sveriges kommuner och regioner", "skr"] where t.contains(skr) {
            out.insert(.skr)
            t = t.replacingOccurrences(of: skr, with: " ")
        }
        if t.contains("region") { out.insert(.region) }
        if t.contains("rss") || t.contains("samverkans") || t.contains("kommun") { out.insert(.rss) }
        return out
    }

    /// Whether the text names the organisation: by kind, or a national body by its name.
    public static func names(_ text: String, kind: OrganisationKind, name: String) -> Bool {
        if kinds(text).contains(kind) { return true }
        return kind == .state && !name.isEmpty && text.lowercased().contains(name.lowercased())
    }

    /// The milestone of a kind that applies to an organisation: the first that names it, else the
    /// first of the kind (a deadline that names no one in particular applies to everyone).
    public static func milestone(_ kind: MilestoneKind, in agreement: Agreement, for orgKind: OrganisationKind, name: String) -> Milestone? {
        let all = agreement.milestones.filter { $0.kind == kind }
        return all.first { names($0.responsible, kind: orgKind, name: name) } ?? all.first
    }
}
