import Fluent
import Foundation

// People, their memberships, invitations, API tokens and login attempts.
// All `@unchecked Sendable`: see `OrganisationModel`.

public final class UserModel: Model, @unchecked Sendable {
    public static let schema = "users"
    @ID(key: .id) public var id: UUID?
    /// Lower-cased, trimmed.
    @Field(key: "email") public var email: String
    @Field(key: "name") public var name: String
    /// bcrypt; nil until the person has accepted an invitation and chosen a password.
    @OptionalField(key: "password_hash") public var passwordHash: String?
    @Field(key: "is_active") public var isActive: Bool
    @Field(key: "created_at") public var createdAt: Date
    public init() {}
}

public final class MembershipModel: Model, @unchecked Sendable {
    public static let schema = "memberships"
    @ID(key: .id) public var id: UUID?
    @Field(key: "user_id") public var userID: UUID
    @Field(key: "organisation_id") public var organisationID: UUID
    @Field(key: "role") public var role: String
    @Field(key: "created_at") public var createdAt: Date
    /// The person attests requisitions and financial reports for the organisation (*ekonomichef*).
    @Field(key: "finance_director") public var financeDirector: Bool
    /// The person manages agreements for the organisation (*hantera överenskommelser*) whatever
    /// the role; nil on memberships made before the duty existed, which is the same as false.
    @OptionalField(key: "agreement_manager") public var agreementManager: Bool?
    public init() {}
}

public final class InvitationModel: Model, @unchecked Sendable {
    public static let schema = "invitations"
    @ID(key: .id) public var id: UUID?
    /// SHA-256 of the one-time token in the link; the token itself is never stored.
    @Field(key: "token_hash") public var tokenHash: String
    @Field(key: "email") public var email: String
    @Field(key: "organisation_id") public var organisationID: UUID
    @Field(key: "role") public var role: String
    @Field(key: "invited_by") public var invitedBy: UUID
    /// Accepting gives the membership the finance-director duty (*ekonomichef, attesträtt*).
    @Field(key: "finance_director") public var financeDirector: Bool
    @Field(key: "expires_at") public var expiresAt: Date
    @OptionalField(key: "used_at") public var usedAt: Date?
    @Field(key: "created_at") public var createdAt: Date
    public init() {}
}

public final class APITokenModel: Model, @unchecked Sendable {
    public static let schema = "api_tokens"
    @ID(key: .id) public var id: UUID?
    @Field(key: "user_id") public var userID: UUID
    /// The membership the token acts as.
    @Field(key: "membership_id") public var membershipID: UUID
    @Field(key: "name") public var name: String
    /// SHA-256 of the token; the token is shown once and never stored.
    @Field(key: "token_hash") public var tokenHash: String
    /// The first characters, so the owner can tell tokens apart.
    @Field(key: "prefix") public var prefix: String
    @Field(key: "created_at") public var createdAt: Date
    @OptionalField(key: "last_used_at") public var lastUsedAt: Date?
    @OptionalField(key: "revoked_at") public var revokedAt: Date?
    public init() {}
}

public final class LoginAttemptModel: Model, @unchecked Sendable {
    public static let schema = "login_attempts"
    @ID(key: .id) public var id: UUID?
    @Field(key: "email") public var email: String
    @Field(key: "address") public var address: String
    @Field(key: "succeeded") public var succeeded: Bool
    @Field(key: "at") public var at: Date
    public init() {}
}

/// An uploaded population file waiting for the administrator to confirm it after the preview.
public final class PendingImportModel: Model, @unchecked Sendable {
    public static let schema = "pending_imports"
    @ID(key: .id) public var id: UUID?
    @Field(key: "uploaded_by") public var uploadedBy: UUID
    @Field(key: "file_name") public var fileName: String
    @Field(key: "reference_date") public var referenceDate: String
    @Field(key: "source") public var source: String
    /// The file, base64.
    @Field(key: "content") public var content: String
    @Field(key: "created_at") public var createdAt: Date
    @OptionalField(key: "applied_at") public var appliedAt: Date?
    public init() {}
}

/// One entry of the append-only audit trail. There is no code that updates or deletes one, and
/// the database refuses it too (see `CreateAudit`).
public final class AuditEntryModel: Model, @unchecked Sendable {
    public static let schema = "audit_entries"
    @ID(key: .id) public var id: UUID?
    @Field(key: "at") public var at: Date
    @OptionalField(key: "actor_id") public var actorID: UUID?
    /// The actor's e-mail (or a description such as the command line) at the time.
    @Field(key: "actor") public var actor: String
    @OptionalField(key: "organisation_id") public var organisationID: UUID?
    @Field(key: "organisation_name") public var organisationName: String
    @Field(key: "action") public var action: String
    @Field(key: "entity_type") public var entityType: String
    @Field(key: "entity_id") public var entityID: String
    /// JSON object of the values before and after; empty for none.
    @Field(key: "before") public var before: String
    @Field(key: "after") public var after: String
    @Field(key: "address") public var address: String
    /// The e-ID provider and assurance level the actor signed in with; nil for a password sign-in.
    @OptionalField(key: "assurance_provider") public var assuranceProvider: String?
    @OptionalField(key: "assurance_level") public var assuranceLevel: String?
    public init() {}
}
