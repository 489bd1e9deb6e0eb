/// What a person may do in an organisation. Stored by raw value.
public enum Role: String, Sendable, CaseIterable, Codable, Comparable {
    /// Socialstyrelsen or the ministry: defines agreements, forms and keys; loads population;
    /// manages organisations and people.
    case administrator
    /// Socialstyrelsen or SKR: reads every recipient's reports and figures, changes nothing.
    case analyst
    /// Kammarkollegiet: handles requisitions, payments and repayments of every recipient.
    case payer
    /// A region, RSS or municipality: sees and changes its own organisation's plans and reports.
    case recipientEditor = "recipient_editor"
    /// A region, RSS or municipality: sees its own organisation's material.
    case recipientViewer = "recipient_viewer"
    /// An external care provider under a region: its own requests and reports.
    case provider

    public var swedishName: String {
        switch self {
        case .administrator: return "Administratör"
        case .analyst: return "Analytiker"
        case .payer: return "Utbetalare"
        case .recipientEditor: return "Redigerare (mottagare)"
        case .recipientViewer: return "Läsare (mottagare)"
        case .provider: return "Vårdgivare"
        }
    }

    public static func < (a: Role, b: Role) -> Bool {
        allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
    }

    /// The organisation kinds a role can be given in.
    public var allowedOrganisationKinds: Set<OrganisationKind> {
        switch self {
        case .administrator: return [.state]
        case .analyst: return [.state, .skr]
        case .payer: return [.state]
        case .recipientEditor, .recipientViewer: return [.region, .rss, .municipality]
        case .provider: return [.provider]
        }
    }
}
