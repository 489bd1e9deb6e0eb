/// Everything a person may read or change, in one place. `docs/ACCESS.md` is this file as a
/// table; a test walks every route as every role and checks the answers against it.
///
/// Published material (agreements, allocations, population tables, organisations' names and
/// codes) is public and needs no rule here.
public enum Capability: String, Sendable, CaseIterable {
    /// Read an organisation's unpublished material (members, and later plans, reports, money).
    case readOrganisation
    /// Change an organisation's own material (later: plans, reports, requisitions).
    case changeOwnOrganisation
    /// Manage organisations and people: add providers, invite, change roles, deactivate.
    case administer
    /// Load population tables and recompute allocations.
    case importPopulation
    /// Read the audit trail.
    case readAudit
    /// Follow every recipient's reports on the status board; approve or ask for completion.
    case reviewReports
    /// Define questionnaires and report rounds, lock periods, see reminders.
    case manageForms
    /// Approve or reject requisitions, pay, produce payment files, follow repayments (Kammarkollegiet).
    case pay
    /// Create, edit, publish and amend agreements (*hantera överenskommelser*); read drafts.
    case manageAgreements
}

/// A person's standing in one organisation: who they act as right now.
public struct Standing: Sendable, Equatable {
    public let role: Role
    public let organisationKind: OrganisationKind
    public let organisationID: String
    /// The duty to manage agreements, given on the membership to someone whose role lacks it.
    public let managesAgreements: Bool

    public init(role: Role, organisationKind: OrganisationKind, organisationID: String, managesAgreements: Bool = false) {
        self.role = role; self.organisationKind = organisationKind; self.organisationID = organisationID
        self.managesAgreements = managesAgreements
    }
}

public enum AccessPolicy {
    /// Where the duty to manage agreements can be given: state bodies (the ministry,
    /// Socialstyrelsen) and SKR, the parties to the agreement.
    public static let dutyKinds: Set<OrganisationKind> = [.state, .skr]

    /// Roles that read every organisation's unpublished material, not just their own.
    public static let nationwideReaders: Set<Role> = [.administrator, .analyst, .payer]

    /// What a role may do, regardless of organisation.
    public static func capabilities(of role: Role) -> Set<Capability> {
        switch role {
        case .administrator: return [.readOrganisation, .administer, .importPopulation, .readAudit, .reviewReports, .manageForms, .manageAgreements]
        case .analyst: return [.readOrganisation, .reviewReports]
        case .payer: return [.readOrganisation, .pay]
        case .recipientEditor, .provider: return [.readOrganisation, .changeOwnOrganisation]
        case .recipientViewer: return [.readOrganisation]
        }
    }

    /// Whether someone standing as `standing` may use `capability` on organisation `target`
    /// (nil for capabilities that concern no single organisation).
    public static func may(_ standing: Standing, _ capability: Capability, organisation target: String? = nil) -> Bool {
        if capability == .manageAgreements && standing.managesAgreements && dutyKinds.contains(standing.organisationKind) { return true }
        guard capabilities(of: standing.role).contains(capability) else { return false }
        switch capability {
        case .administer, .importPopulation, .readAudit, .reviewReports, .manageForms, .pay, .manageAgreements:
            return true
        case .readOrganisation:
            guard let target else { return false }
            return nationwideReaders.contains(standing.role) || target == standing.organisationID
        case .changeOwnOrganisation:
            guard let target else { return false }
            return target == standing.organisationID
        }
    }
}
