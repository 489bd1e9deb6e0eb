import Fluent
import Foundation
import NaraCore
import NaraPersistence

/// The people page's view model: each person with their memberships, each membership's role and
/// duties and which of them can be given there.
struct PeopleList: Sendable {
    struct Membership: Sendable {
        let id: UUID
        let organisation: String
        let role: String
        /// The roles that can be given in the organisation.
        let roles: [Role]
        let financeDirector: Bool
        /// The organisation receives money, so the finance-director duty can be given.
        let canBeFinanceDirector: Bool
        /// The duty to manage agreements; nil where it cannot be given.
        let agreementManager: Bool?
    }

    struct Person: Sendable {
        let id: UUID
        let name: String
        let email: String
        let isActive: Bool
        /// The person can sign in: with a password, or with an e-ID bound to them.
        let canSignIn: Bool
        let memberships: [Membership]

        var status: String { isActive ? (canSignIn ? "Aktiv" : "Inbjuden") : "Inaktiverad" }
    }

    let people: [Person]
    let query: String

    /// People whose name or e-mail contains `query` (everyone for an empty one), by name.
    static func load(query raw: String, on db: any Database) async throws -> PeopleList {
        let q = raw.trimmingCharacters(in: .whitespaces).lowercased()
        var users = try await UserModel.query(on: db).sort(\.$name).all()
        if !q.isEmpty { users = users.filter { $0.name.lowercased().contains(q) || $0.email.contains(q) } }
        let memberships = try await MembershipModel.query(on: db).filter(\.$userID ~~ users.compactMap(\.id)).all()
        let orgs = try await OrganisationModel.query(on: db).filter(\.$id ~~ memberships.map(\.organisationID)).all()
        let bound = Set(try await PersonIdentityModel.query(on: db).filter(\.$userID ~~ users.compactMap(\.id)).all().map(\.userID))
        let people = users.compactMap { u -> Person? in
            guard let id = u.id else { return nil }
            let own = memberships.filter { $0.userID == id }.compactMap { m -> Membership? in
                guard let mid = m.id, let o = orgs.first(where: { $0.id == m.organisationID }) else { return nil }
                let kind = OrganisationKind(rawValue: o.kind)
                return Membership(id: mid, organisation: o.name, role: m.role,
                                  roles: Role.allCases.filter { r in kind.map(r.allowedOrganisationKinds.contains) ?? false },
                                  financeDirector: m.financeDirector, canBeFinanceDirector: MembershipService.receivesMoney(o.kind),
                                  agreementManager: kind.map(AccessPolicy.dutyKinds.contains) == true ? (m.agreementManager ?? false) : nil)
            }.sorted { $0.organisation < $1.organisation }
            return Person(id: id, name: u.name, email: u.email, isActive: u.isActive, canSignIn: u.passwordHash != nil || bound.contains(id), memberships: own)
        }
        return PeopleList(people: people, query: q)
    }
}
