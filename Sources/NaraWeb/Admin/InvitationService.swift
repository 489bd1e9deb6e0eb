import Fluent
import Foundation
import NaraCore
import NaraPersistence
import Vapor

/// Inviting a person into an organisation with a role and, where the organisation receives
/// money, the finance-director duty: checked, stored and audited in one transaction, then mailed.
enum InvitationService {
    /// What the administrator typed on the invitation form.
    struct Form: Content {
        var email: String?
        var organisation: String?
        var role: String?
        /// Any value means the box was ticked.
        var financeDirectorBox: String?

        var financeDirector: Bool { financeDirectorBox != nil }

        enum CodingKeys: String, CodingKey {
            case email, organisation, role, financeDirectorBox = "finance_director"
        }
    }

    /// A created invitation and the one-time token for its link.
    struct Created: Sendable {
        let invitation: InvitationModel
        let token: String
        let organisation: OrganisationModel
        let role: Role
    }

    enum Outcome: Sendable {
        case created(Created)
        /// The problems at their fields; nothing is stored.
        case refused([FieldError])
    }

    /// Checks the form, and if it is good stores the invitation with its audit entry.
    static func invite(_ form: Form, organisations: [OrganisationModel], by actor: Actor, now: Date,
                       on db: any Database) async throws -> Outcome {
        let email = Accounts.normalise(form.email ?? "")
        let org = organisations.first { $0.id?.uuidString == form.organisation }
        let role = form.role.flatMap(Role.init(rawValue:))
        var errors: [FieldError] = []
        if !Accounts.isValidEmail(email) { errors.append(FieldError(field: "email", message: "Skriv en giltig e-postadress, till exempel namn@region.se.")) }
        if org == nil { errors.append(FieldError(field: "organisation", message: "Välj en organisation.")) }
        if role == nil { errors.append(FieldError(field: "role", message: "Välj en roll.")) }
        if let org, let role, let kind = OrganisationKind(rawValue: org.kind), !role.allowedOrganisationKinds.contains(kind) {
            errors.append(FieldError(field: "role", message: "Rollen \(role.swedishName.lowercased()) kan inte ges i \(org.name) (\(kind.swedishName.lowercased()))."))
        }
        if let org, form.financeDirector, !MembershipService.receivesMoney(org.kind) {
            errors.append(FieldError(field: "finance_director", message: MembershipService.Refusal.financeDirectorNotRecipient(organisation: org.name).description))
        }
        guard errors.isEmpty, let org, let role, let inviter = actor.principal?.user else { return .refused(errors) }
        let financeDirector = form.financeDirector
        return .created(try await db.writeTransaction { tx in
            let (invitation, token) = try await Accounts.invite(email: email, organisation: org, role: role, financeDirector: financeDirector,
                                                                by: inviter, now: now, on: tx)
            try await AuditLog.record(.invite, entity: "invitation", id: invitation.id?.uuidString ?? "",
                                      after: ["e-post": email, "organisation": org.name, "roll": role.swedishName,
                                              "ekonomichef": financeDirector ? "ja" : "nej"], by: actor, now: now, on: tx)
            return Created(invitation: invitation, token: token, organisation: org, role: role)
        })
    }

    /// The invitation mail: who invited, to what, the duty if given, and the one-time link.
    static func mailBody(_ created: Created, inviter: String, link: String) -> String {
        let org = created.organisation.name
        let duty = created.invitation.financeDirector
            ? "\nDu blir också ekonomichef med attesträtt: du attesterar rekvisitioner och ekonomiska redovisningar för \(org).\n" : ""
        return "Hej!\n\n\(inviter) har bjudit in dig till Nära för \(org) som \(created.role.swedishName.lowercased()).\n\(duty)\n"
            + "Öppna länken för att välja lösenord. Den fungerar en gång och till och med \(SwedishDateTime.format(created.invitation.expiresAt)):\n\(link)\n"
    }

    static let subject = "Inbjudan till Nära"

    /// The invitation mail, to be sent by `Request.sendMail`.
    static func mail(_ created: Created, inviter: String, link: String, now: Date) -> MailMessage {
        MailMessage(to: created.invitation.email, subject: subject, body: mailBody(created, inviter: inviter, link: link), date: now)
    }
}
