import Fluent
import Foundation
import NaraCore
import NaraPersistence

/// Changing what a person may do in one organisation: the role on the membership and its duties
/// (*ekonomichef, attesträtt*; *hanterar överenskommelser*). The people page and
/// `PATCH /api/v1/memberships/{id}` both call `setDuties`.
enum MembershipService {
    /// Whether an organisation of this kind receives money (regions, RSS, SKR and other national
    /// recipients), so that someone there can attest its requisitions and financial reports.
    static func receivesMoney(_ kind: String) -> Bool { PlanService.recipientKinds.contains(kind) }

    /// Why a change was refused, as a Swedish sentence.
    enum Refusal: Error, Equatable, Sendable, CustomStringConvertible {
        case notFound
        case roleNotAllowed(role: Role, organisation: String, kind: String)
        case financeDirectorNotRecipient(organisation: String)
        case ownAdministratorRole

        var description: String {
            switch self {
            case .notFound: return "Medlemskapet finns inte."
            case .roleNotAllowed(let role, let organisation, let kind):
                return "Rollen \(role.swedishName.lowercased()) kan inte ges i \(organisation) (\(kind.lowercased()))."
            case .financeDirectorNotRecipient(let organisation):
                return "\(organisation) tar inte emot medel, så ingen där kan vara ekonomichef med attesträtt. "
                    + "Ekonomichef kan ges i regioner, RSS, SKR och andra nationella mottagare."
            case .ownAdministratorRole: return "Du kan inte ta bort din egen administratörsroll."
            }
        }
    }

    /// A membership after a change, with its organisation and person.
    struct Changed: Sendable {
        let membership: MembershipModel
        let organisation: OrganisationModel
        let personName: String
        /// False when the membership already was as asked: nothing was written.
        let changed: Bool
    }

    /// Sets a membership's role and duties; what is nil stays as it is. One write transaction:
    /// the membership is read and changed in it, saved through Fluent (so every server drops its
    /// cached standings: see `PrincipalCacheInvalidation`), and audited with its values before
    /// and after in Swedish.
    /// - Returns: the changed membership, or why the change was refused (nothing written).
    static func setDuties(membershipID: UUID, role: Role? = nil, financeDirector: Bool? = nil, agreementManager: Bool? = nil,
                          by actor: Actor, now: Date, on db: any Database) async throws -> Result<Changed, Refusal> {
        try await db.writeTransaction { tx in
            try await setDutiesInTransaction(membershipID: membershipID, role: role, financeDirector: financeDirector,
                                             agreementManager: agreementManager, by: actor, now: now, on: tx)
        }
    }

    static func setDutiesInTransaction(membershipID: UUID, role: Role?, financeDirector: Bool?, agreementManager: Bool?,
                                       by actor: Actor, now: Date, on tx: any Database) async throws -> Result<Changed, Refusal> {
        guard let membership = try await MembershipModel.find(membershipID, on: tx),
              let org = try await OrganisationModel.find(membership.organisationID, on: tx) else { return .failure(.notFound) }
        let kind = OrganisationKind(rawValue: org.kind)
        if let role, kind.map({ !role.allowedOrganisationKinds.contains($0) }) ?? true {
            return .failure(.roleNotAllowed(role: role, organisation: org.name, kind: kind?.swedishName ?? org.kind))
        }
        if let role, role != .administrator, membership.role == Role.administrator.rawValue, membership.userID == actor.principal?.user.id {
            return .failure(.ownAdministratorRole)
        }
        if financeDirector == true, !receivesMoney(org.kind) { return .failure(.financeDirectorNotRecipient(organisation: org.name)) }
        let person = try await UserModel.find(membership.userID, on: tx)?.name ?? ""
        let before = values(membership, kind: kind)
        if let role { membership.role = role.rawValue }
        if let financeDirector { membership.financeDirector = financeDirector }
        // The duty to manage agreements can be given only where the parties to the agreement work.
        if let agreementManager { membership.agreementManager = agreementManager && kind.map(AccessPolicy.dutyKinds.contains) == true }
        let after = values(membership, kind: kind)
        guard before != after else { return .success(Changed(membership: membership, organisation: org, personName: person, changed: false)) }
        try await membership.update(on: tx)
        let context = ["person": person, "organisation": org.name]
        try await AuditLog.record(.roleChange, entity: "membership", id: membershipID.uuidString,
                                  before: before.merging(context) { a, _ in a },
                                  after: after.filter { before[$0.key] != $0.value }.merging(context) { a, _ in a },
                                  by: actor, now: now, on: tx)
        return .success(Changed(membership: membership, organisation: org, personName: person, changed: true))
    }

    /// A membership's role and duties as a Swedish reader of the audit trail reads them.
    static func values(_ m: MembershipModel, kind: OrganisationKind?) -> [String: String] {
        var values = ["roll": Role(rawValue: m.role)?.swedishName ?? m.role, "ekonomichef": m.financeDirector ? "ja" : "nej"]
        if let kind, AccessPolicy.dutyKinds.contains(kind) { values["hanterar överenskommelser"] = m.agreementManager == true ? "ja" : "nej" }
        return values
    }
}
