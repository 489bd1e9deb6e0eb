import Fluent
import Foundation
import NaraCore
import NaraPersistence
import Vapor

/// Signing in, rate limits, invitations and the people demo mode creates.
enum Accounts {
    /// Failed attempts within `window` after which every attempt on the account is slowed (it is
    /// never locked: anyone could lock anyone out by typing wrong passwords for them), and after
    /// which an address is refused.
    static let maxFailuresPerAccount = 5
    static let maxFailuresPerAddress = 20
    /// The longest an attempt on a much-guessed account waits.
    static let maxSlowdown: TimeInterval = 10
    static let window: TimeInterval = 15 * 60
    /// How long an invitation link works.
    static let invitationLifetime: TimeInterval = 7 * 24 * 3600

    static func normalise(_ email: String) -> String {
        email.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
    }

    /// A plausible e-mail address: one @, something on both sides, a dot in the domain.
    static func isValidEmail(_ email: String) -> Bool {
        let parts = email.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, parts[1].contains("."), !parts[1].hasPrefix("."), !parts[1].hasSuffix("."),
              email.count <= 254, !email.contains(where: { $0.isWhitespace || $0 == "<" || $0 == ">" || $0 == "\"" })
        else { return false }
        return true
    }

    enum LoginOutcome {
        case success(UserModel)
        case failed
        case throttled
    }

    /// Seconds an attempt on an account waits: none until `maxFailuresPerAccount` failures in the
    /// window, then one more second per failure, up to `maxSlowdown`.
    static func slowdown(failures: Int) -> TimeInterval {
        failures < maxFailuresPerAccount ? 0 : min(TimeInterval(failures - maxFailuresPerAccount + 1), maxSlowdown)
    }

    /// Checks an e-mail address and password, refusing an address with too many failures and
    /// slowing an account with many (its owner still gets in with the right password).
    /// The answer never tells whether the account exists.
    static func login(email raw: String, password: String, address: String, now: Date, on db: any Database) async throws -> LoginOutcome {
        let email = normalise(raw)
        let since = now.addingTimeInterval(-window)
        let accountFailures = try await LoginAttemptModel.query(on: db).filter(\.$email == email)
            .filter(\.$succeeded == false).filter(\.$at >= since).count()
        let addressFailures = try await LoginAttemptModel.query(on: db).filter(\.$address == address)
            .filter(\.$succeeded == false).filter(\.$at >= since).count()
        if addressFailures >= maxFailuresPerAddress { return .throttled }
        let wait = slowdown(failures: accountFailures)
        if wait > 0 { try await Task.sleep(nanoseconds: UInt64(wait * 1_000_000_000)) }

        let user = try await UserModel.query(on: db).filter(\.$email == email).first()
        var ok = false
        if let user, user.isActive, let hash = user.passwordHash {
            ok = (try? Bcrypt.verify(password, created: hash)) ?? false
        } else {
            // Spend the same time as a real check, so timing does not reveal unknown accounts.
            _ = try? Bcrypt.verify(password, created: timingDummyHash)
        }
        let attempt = LoginAttemptModel()
        attempt.email = email; attempt.address = address; attempt.succeeded = ok; attempt.at = now
        try await attempt.create(on: db)
        return ok ? .success(user!) : .failed
    }

    /// A bcrypt hash of a random string, for constant-time refusals.
    static let timingDummyHash: String = (try? Bcrypt.hash(SecretToken.generate(), cost: 10)) ?? ""

    /// Creates an invitation and returns its one-time token (to put in the link).
    static func invite(email raw: String, organisation: OrganisationModel, role: Role, financeDirector: Bool = false, by inviter: UserModel,
                       now: Date, on db: any Database) async throws -> (InvitationModel, String) {
        let token = SecretToken.generate()
        let invitation = InvitationModel()
        invitation.tokenHash = SecretToken.hash(token)
        invitation.email = normalise(raw)
        invitation.organisationID = try organisation.requireID()
        invitation.role = role.rawValue
        invitation.financeDirector = financeDirector
        invitation.invitedBy = try inviter.requireID()
        invitation.expiresAt = now.addingTimeInterval(invitationLifetime)
        invitation.createdAt = now
        try await invitation.create(on: db)
        return (invitation, token)
    }

    /// The invitation a token opens, if it is unused and unexpired.
    static func openInvitation(token: String, now: Date, on db: any Database) async throws -> InvitationModel? {
        guard token.count >= 20, token.count <= 100 else { return nil }
        guard let invitation = try await InvitationModel.query(on: db).filter(\.$tokenHash == SecretToken.hash(token)).first(),
              invitation.usedAt == nil, invitation.expiresAt > now else { return nil }
        return invitation
    }

    /// Accepts an invitation: the person's account (new, or one invited earlier that never chose a
    /// password, or the existing one) gets the membership with the invited role, and the
    /// finance-director duty if the invitation gives it; the invitation is used up. One transaction.
    /// - Parameters:
    ///   - existing: the person's account if they already have one with a password.
    ///   - passwordHash: the new password's hash, for a new account.
    static func accept(_ invitation: InvitationModel, organisation: OrganisationModel, existing: UserModel?, name: String,
                       passwordHash: String?, address: String, now: Date, on db: any Database,
                       afterwards: (@Sendable (any Database, UserModel) async throws -> Void)? = nil) async throws {
        let actor = Actor(principal: nil, label: invitation.email, address: address)
        try await db.writeTransaction { tx in
            let user: UserModel
            if let existing { user = existing } else if let pending = try await UserModel.query(on: tx).filter(\.$email == invitation.email).first() {
                user = pending
                user.name = name; user.passwordHash = passwordHash
                try await user.update(on: tx)
            } else {
                user = UserModel()
                user.email = invitation.email; user.name = name; user.passwordHash = passwordHash
                user.isActive = true; user.createdAt = now
                try await user.create(on: tx)
            }
            let userID = try user.requireID()
            let roleName = Role(rawValue: invitation.role)?.swedishName ?? invitation.role
            if let membership = try await MembershipModel.query(on: tx).filter(\.$userID == userID)
                .filter(\.$organisationID == invitation.organisationID).first() {
                let before = ["roll": Role(rawValue: membership.role)?.swedishName ?? membership.role, "ekonomichef": membership.financeDirector ? "ja" : "nej"]
                membership.role = invitation.role
                // An invitation gives the duty; it never takes away one given earlier (that is done on the people page).
                membership.financeDirector = membership.financeDirector || invitation.financeDirector
                let after = ["roll": roleName, "ekonomichef": membership.financeDirector ? "ja" : "nej"]
                if before != after {
                    try await membership.update(on: tx)
                    try await AuditLog.record(.roleChange, entity: "membership", id: membership.id?.uuidString ?? "",
                                              before: before, after: after, by: actor, now: now, on: tx)
                }
            } else {
                let membership = MembershipModel()
                membership.userID = userID; membership.organisationID = invitation.organisationID
                membership.role = invitation.role; membership.createdAt = now; membership.financeDirector = invitation.financeDirector
                try await membership.create(on: tx)
            }
            invitation.usedAt = now
            try await invitation.update(on: tx)
            try await AuditLog.record(.acceptInvitation, entity: "invitation", id: invitation.id?.uuidString ?? "",
                                      after: ["e-post": invitation.email, "organisation": organisation.name, "roll": roleName,
                                              "ekonomichef": invitation.financeDirector ? "ja" : "nej"],
                                      by: actor, now: now, on: tx)
            try await afterwards?(tx, user)
        }
    }

    /// Rules for a new password, as Swedish sentences; empty when it is good enough.
    static func passwordProblems(_ password: String, repeated: String) -> [String] {
        var problems: [String] = []
        if password.count < 12 { problems.append("Lösenordet ska ha minst 12 tecken.") }
        if password.count > 200 { problems.append("Lösenordet får ha högst 200 tecken.") }
        if password != repeated { problems.append("Lösenorden är inte lika.") }
        return problems
    }
}
