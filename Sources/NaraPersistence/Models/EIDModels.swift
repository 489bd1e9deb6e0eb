import Fluent
import Foundation

/// An e-ID identity bound to a person: after binding, signing in with it signs the person in.
/// The identity itself is never stored, only a keyed hash (HMAC-SHA-256 with `NARA_IDENTITY_KEY`)
/// and a display form that never shows a personal identity number in full.
public final class PersonIdentityModel: Model, @unchecked Sendable {
    public static let schema = "person_identities"
    @ID(key: .id) public var id: UUID?
    @Field(key: "user_id") public var userID: UUID
    /// The provider's key in the settings.
    @Field(key: "provider") public var provider: String
    @Field(key: "identity_hash") public var identityHash: String
    /// `19700101-****`, or an HSA id as it is.
    @Field(key: "display") public var display: String
    @Field(key: "created_at") public var createdAt: Date
    @OptionalField(key: "last_used_at") public var lastUsedAt: Date?
    public init() {}
}

/// A sign-in sent to a provider and not yet back: the `state` (as a hash), the browser it belongs
/// to, the `nonce` and PKCE verifier, and what the sign-in is for. Taken (deleted) exactly once
/// when the provider sends the person back, on whichever server that lands.
public final class SignInRequestModel: Model, @unchecked Sendable {
    public static let schema = "sign_in_requests"
    @ID(key: .id) public var id: UUID?
    @Field(key: "state_hash") public var stateHash: String
    /// SHA-256 of a random value kept in the browser's session.
    @Field(key: "browser_hash") public var browserHash: String
    @Field(key: "provider") public var provider: String
    @Field(key: "nonce") public var nonce: String
    @Field(key: "code_verifier") public var codeVerifier: String
    /// `login`, `invitation` or `step_up`.
    @Field(key: "purpose") public var purpose: String
    /// For an invitation: the hash of its token.
    @OptionalField(key: "invitation_hash") public var invitationHash: String?
    /// A path on the site to go to afterwards.
    @Field(key: "return_to") public var returnTo: String
    @Field(key: "created_at") public var createdAt: Date
    @Field(key: "expires_at") public var expiresAt: Date
    public init() {}
}
