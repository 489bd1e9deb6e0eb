import Fluent
import Foundation
import NaraPersistence
import Vapor

/// Records what people do, append-only: who, for which organisation, when, what, and the
/// values before and after. Entries are only ever created.
enum AuditLog {
    /// The kinds of action the trail records.
    enum Action: String, CaseIterable, Sendable {
        case create, update, delete, submit, approve, `import`, login, loginFailed = "login_failed", logout
        case roleChange = "role_change", invite, deactivate, activate, tokenCreate = "token_create", tokenRevoke = "token_revoke"
        case allocate, switchOrganisation = "switch_organisation", acceptInvitation = "accept_invitation"
        case publish, amend, attest
        case bindIdentity = "bind_identity", stepUp = "step_up"

        var swedishName: String {
            switch self {
            case .create: return "Skapat"
            case .update: return "Ändrat"
            case .delete: return "Borttaget"
            case .submit: return "Inskickat"
            case .approve: return "Godkänt"
            case .import: return "Import"
            case .login: return "Inloggning"
            case .loginFailed: return "Misslyckad inloggning"
            case .logout: return "Utloggning"
            case .roleChange: return "Ändrad roll"
            case .invite: return "Inbjudan"
            case .deactivate: return "Inaktiverad"
            case .activate: return "Aktiverad"
            case .tokenCreate: return "Ny API-nyckel"
            case .tokenRevoke: return "Återkallad API-nyckel"
            case .allocate: return "Fördelning beräknad"
            case .switchOrganisation: return "Bytt organisation"
            case .acceptInvitation: return "Inbjudan antagen"
            case .publish: return "Publicerad"
            case .amend: return "Ändringsöverenskommelse"
            case .attest: return "Attesterat"
            case .bindIdentity: return "E-legitimation kopplad"
            case .stepUp: return "Förnyad inloggning med e-legitimation"
            }
        }
    }

    /// Writes one entry.
    /// - Parameters:
    ///   - actor: the person acting, if known; `actorLabel` names an actor without an account
    ///     (the command line, a failed login's address).
    static func record(_ action: Action, entity: String, id: String, before: [String: String] = [:], after: [String: String] = [:],
                       actor: Principal?, actorLabel: String? = nil, address: String = "", now: Date = Date(),
                       on db: any Database) async throws {
        let entry = AuditEntryModel()
        entry.at = now
        entry.actorID = actor?.user.id
        entry.actor = actor?.user.email ?? actorLabel ?? "okänd"
        entry.organisationID = actor?.organisation.id
        entry.organisationName = actor?.organisation.name ?? ""
        entry.action = action.rawValue
        entry.entityType = entity
        entry.entityID = id
        entry.before = encode(before)
        entry.after = encode(after)
        entry.address = address
        entry.assuranceProvider = actor?.assurance?.providerName
        entry.assuranceLevel = actor?.assurance?.level
        try await entry.create(on: db)
    }

    /// Writes one entry for a use case's actor.
    static func record(_ action: Action, entity: String, id: String, before: [String: String] = [:], after: [String: String] = [:],
                       by actor: Actor, now: Date, on db: any Database) async throws {
        try await record(action, entity: entity, id: id, before: before, after: after, actor: actor.principal,
                         actorLabel: actor.label, address: actor.address, now: now, on: db)
    }

    /// Shorthand from a request.
    static func record(_ action: Action, entity: String, id: String, before: [String: String] = [:], after: [String: String] = [:],
                       on req: Request, actorLabel: String? = nil, db: (any Database)? = nil) async throws {
        try await record(action, entity: entity, id: id, before: before, after: after, actor: req.principal,
                         actorLabel: actorLabel, address: req.clientAddress, on: db ?? req.db)
    }

    static func encode(_ values: [String: String]) -> String {
        guard !values.isEmpty else { return "" }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (try? String(decoding: encoder.encode(values), as: UTF8.self)) ?? ""
    }

    static func decode(_ text: String) -> [String: String] {
        guard !text.isEmpty else { return [:] }
        return (try? JSONDecoder().decode([String: String].self, from: Data(text.utf8))) ?? [:]
    }
}

/// Who performs a use case: a person through a page or the API, or the command line.
struct Actor: Sendable {
    let principal: Principal?
    /// Names an actor without an account (`kommandoraden`).
    let label: String
    let address: String

    /// What is written in "created by" columns.
    var name: String { principal?.user.email ?? label }

    static func of(_ req: Request) -> Actor { Actor(principal: req.principal, label: "", address: req.clientAddress) }
    static let commandLine = Actor(principal: nil, label: "kommandoraden", address: "")
}
