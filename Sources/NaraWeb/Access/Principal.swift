import Fluent
import Foundation
import NaraCore
import NaraPersistence
import Vapor

/// The signed-in person and the organisation they act for right now.
struct Principal: Sendable {
    /// How the request proved who it is.
    enum Via: Sendable { case session, token }

    let user: UserModel
    let membership: MembershipModel
    let organisation: OrganisationModel
    /// Every organisation the person belongs to, for switching.
    let memberships: [(membership: MembershipModel, organisation: OrganisationModel)]
    let via: Via
    /// The e-ID sign-in behind this session (provider, level, when); nil for a password sign-in or
    /// an API key. Set per request from the session, never cached with the person.
    var assurance: Assurance?

    var role: Role { Role(rawValue: membership.role) ?? .recipientViewer }

    var standing: Standing {
        Standing(role: role, organisationKind: OrganisationKind(rawValue: organisation.kind) ?? .municipality,
                 organisationID: organisation.id?.uuidString ?? "", managesAgreements: membership.agreementManager ?? false)
    }

    /// Loads a person's standing in one of their memberships (or their first).
    static func load(userID: UUID, membershipID: UUID?, via: Via, on db: any Database) async throws -> Principal? {
        guard let user = try await UserModel.find(userID, on: db), user.isActive else { return nil }
        let memberships = try await MembershipModel.query(on: db).filter(\.$userID == userID).all()
        guard !memberships.isEmpty else { return nil }
        let orgs = try await OrganisationModel.query(on: db).filter(\.$id ~~ memberships.map(\.organisationID)).all()
        let pairs = memberships.compactMap { m -> (MembershipModel, OrganisationModel)? in
            guard let o = orgs.first(where: { $0.id == m.organisationID }) else { return nil }
            return (m, o)
        }.sorted { a, b in
            // The widest role first, so a person lands where they can do most; then by name.
            let ra = Role(rawValue: a.0.role) ?? .provider, rb = Role(rawValue: b.0.role) ?? .provider
            return ra != rb ? ra < rb : a.1.name < b.1.name
        }
        guard let chosen = pairs.first(where: { $0.0.id == membershipID }) ?? (membershipID == nil ? pairs.first : nil) else { return nil }
        return Principal(user: user, membership: chosen.0, organisation: chosen.1,
                         memberships: pairs.map { (membership: $0.0, organisation: $0.1) }, via: via)
    }
}

struct PrincipalKey: StorageKey { typealias Value = Principal }

extension Request {
    /// The signed-in person, if any.
    var principal: Principal? {
        get { storage[PrincipalKey.self] }
        set { storage[PrincipalKey.self] = newValue }
    }

    /// The request's client address, for rate limits and the audit trail: the socket's address,
    /// or, when that is a proxy named in `NARA_TRUSTED_PROXIES`, the address the proxies say.
    var clientAddress: String {
        Self.clientAddress(peer: remoteAddress?.ipAddress, forwardedFor: headers[.xForwardedFor], trusted: config.trustedProxies)
    }

    /// `X-Forwarded-For` read from the right: each trusted proxy appends the address it got the
    /// request from, so the first address from the right that is not a trusted proxy is the
    /// client. Anything left of it was written by the client and is not believed.
    static func clientAddress(peer: String?, forwardedFor: [String], trusted: Set<String>) -> String {
        guard let peer else { return "okänd" }
        guard trusted.contains(peer) else { return peer }
        let hops = forwardedFor.flatMap { $0.split(separator: ",") }.map { $0.trimmingCharacters(in: .whitespaces) }
        for hop in hops.reversed() where !trusted.contains(hop) {
            return AppConfig.isIPAddress(hop) ? hop : peer
        }
        return peer
    }

    var config: AppConfig {
        application.storage[AppConfigKey.self] ?? AppConfig(database: .sqliteMemory)
    }
}

struct AppConfigKey: StorageKey { typealias Value = AppConfig }
