import Crypto
import Fluent
import Foundation
import NaraCore
import NaraPersistence
import SQLKit
import Vapor

/// The use cases of signing in with e-ID: a sign-in request sent to a provider, taken exactly once
/// when the person comes back, and the person an identity belongs to.
enum EIDSignIn {
    enum Purpose: String, Sendable { case login, invitation, stepUp = "step_up", bind }

    /// A sign-in request may be completed within ten minutes.
    static let lifetime: TimeInterval = 600

    struct Started: Sendable { let state: String; let nonce: String; let verifier: String }

    /// Stores a new sign-in request bound to this browser and returns what goes to the provider.
    static func begin(provider: String, purpose: Purpose, invitationToken: String?, returnTo: String, browserSecret: String,
                      now: Date, on db: any Database) async throws -> Started {
        let started = Started(state: SecretToken.generate(), nonce: SecretToken.generate(), verifier: SecretToken.generate() + SecretToken.generate())
        let model = SignInRequestModel()
        model.stateHash = SecretToken.hash(started.state)
        model.browserHash = SecretToken.hash(browserSecret)
        model.provider = provider
        model.nonce = started.nonce
        model.codeVerifier = started.verifier
        model.purpose = purpose.rawValue
        model.invitationHash = invitationToken.map(SecretToken.hash)
        model.returnTo = returnTo
        model.createdAt = now
        model.expiresAt = now.addingTimeInterval(lifetime)
        try await db.transaction { tx in
            // Requests nobody came back for are removed as new ones are made.
            try await SignInRequestModel.query(on: tx).filter(\.$expiresAt < now).delete()
            try await model.create(on: tx)
        }
        return started
    }

    /// Takes the request a provider's answer belongs to: it must exist, belong to this browser and
    /// be unexpired, and it is deleted in the same step, so a second answer with the same `state`
    /// (a replay, or the same answer on another server) finds nothing.
    static func take(state: String, browserSecret: String?, now: Date, on db: any Database) async throws -> SignInRequestModel? {
        guard state.count <= 200, let browserSecret,
              let found = try await SignInRequestModel.query(on: db).filter(\.$stateHash == SecretToken.hash(state)).first(),
              let id = found.id else { return nil }
        guard try await (db as! any SQLDatabase).raw("DELETE FROM sign_in_requests WHERE id = \(bind: id) RETURNING id").first() != nil
        else { return nil }
        guard SecretToken.constantTimeEquals(found.browserHash, SecretToken.hash(browserSecret)), found.expiresAt > now else { return nil }
        return found
    }

    /// The keyed hash an identity is stored as: HMAC-SHA-256 with `NARA_IDENTITY_KEY` over the
    /// provider and the value, so a leaked table gives no personal identity numbers.
    static func identityHash(_ value: String, provider: String, key: String) -> String {
        let mac = HMAC<SHA256>.authenticationCode(for: Data((provider + "\u{1F}" + value).utf8), using: SymmetricKey(data: Data(key.utf8)))
        return Data(mac).map { String(format: "%02x", $0) }.joined()
    }

    /// The active person an identity signs in: one bound to it, or, where the provider's claim is
    /// `email`, one with that address.
    static func person(identity: String, provider: OIDCProviderSetting, key: String, now: Date, on db: any Database) async throws -> UserModel? {
        let hash = identityHash(identity, provider: provider.key, key: key)
        if let bound = try await PersonIdentityModel.query(on: db).filter(\.$provider == provider.key).filter(\.$identityHash == hash).first(),
           let user = try await UserModel.find(bound.userID, on: db) {
            try await PersonIdentityModel.query(on: db).filter(\.$id == bound.requireID()).set(\.$lastUsedAt, to: now).update()
            return user.isActive ? user : nil
        }
        if provider.claim == "email", let user = try await UserModel.query(on: db).filter(\.$email == identity.lowercased()).first() {
            return user.isActive ? user : nil
        }
        return nil
    }

    /// The person an identity is already bound to, if any.
    static func boundPerson(identity: String, provider: String, key: String, on db: any Database) async throws -> UUID? {
        try await PersonIdentityModel.query(on: db).filter(\.$provider == provider)
            .filter(\.$identityHash == identityHash(identity, provider: provider, key: key)).first()?.userID
    }

    /// Binds an identity to a person inside the caller's transaction, with its audit entry; a
    /// binding that already exists is left as it is.
    static func bind(identity: String, provider: OIDCProviderSetting, key: String, to user: UserModel, actor: Actor,
                     now: Date, on tx: any Database) async throws {
        let userID = try user.requireID()
        let hash = identityHash(identity, provider: provider.key, key: key)
        if try await PersonIdentityModel.query(on: tx).filter(\.$provider == provider.key).filter(\.$identityHash == hash).first() != nil { return }
        let model = PersonIdentityModel()
        model.userID = userID; model.provider = provider.key; model.identityHash = hash
        model.display = IdentityDisplay.masked(identity); model.createdAt = now; model.lastUsedAt = now
        try await model.create(on: tx)
        try await AuditLog.record(.bindIdentity, entity: "person", id: userID.uuidString,
                                  after: ["e-legitimation": provider.name, "identitet": model.display], by: actor, now: now, on: tx)
    }
}
