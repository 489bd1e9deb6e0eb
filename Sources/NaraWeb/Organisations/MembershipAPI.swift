import Foundation
import NaraCore
import NaraPersistence
import Vapor

/// `PATCH /api/v1/memberships/{id}`: an administrator changes a membership's role and the
/// finance-director duty through the same use case as the people page.
enum MembershipAPI {
    /// The change: either or both of the fields.
    struct Change: Content {
        var role: String?
        var financeDirector: Bool?

        enum CodingKeys: String, CodingKey {
            case role, financeDirector = "finance_director"
        }
    }

    /// The membership after the change.
    struct MembershipDTO: Codable, Sendable {
        let id: String
        let personId: String
        let person: String
        let organisationId: String
        let organisation: String
        let role: String
        let financeDirector: Bool
    }

    @Sendable static func patch(req: Request) async throws -> Response {
        guard let id = req.parameters.get("membership").flatMap(UUID.init(uuidString:)) else { throw Abort(.notFound, reason: MembershipService.Refusal.notFound.description) }
        guard let change = try? req.content.decode(Change.self) else {
            throw Abort(.badRequest, reason: "Skicka JSON med role och/eller finance_director (sant eller falskt).")
        }
        var role: Role?
        if let raw = change.role {
            guard let known = Role(rawValue: raw) else {
                throw Abort(.unprocessableEntity, reason: "Okänd roll \(raw). Välj en av: \(Role.allCases.map(\.rawValue).joined(separator: ", ")).")
            }
            role = known
        }
        guard role != nil || change.financeDirector != nil else { throw Abort(.unprocessableEntity, reason: "Ange role, finance_director eller båda.") }
        switch try await MembershipService.setDuties(membershipID: id, role: role, financeDirector: change.financeDirector, by: Actor.of(req), now: req.now, on: req.db) {
        case .failure(.notFound): throw Abort(.notFound, reason: MembershipService.Refusal.notFound.description)
        case .failure(let refusal): throw Abort(.unprocessableEntity, reason: refusal.description)
        case .success(let c):
            let m = c.membership
            return APIResponse.json(MembershipDTO(id: id.uuidString, personId: m.userID.uuidString, person: c.personName,
                                                  organisationId: m.organisationID.uuidString, organisation: c.organisation.name,
                                                  role: m.role, financeDirector: m.financeDirector))
        }
    }
}
