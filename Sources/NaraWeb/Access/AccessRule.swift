import Fluent
import Foundation
import NaraCore
import NaraPersistence
import Vapor

/// The rule every route carries. Routes are registered only through `RoutesBuilder.on(_:_:rule:use:)`,
/// which stores the rule on the route and checks it before the handler runs; a test reads the
/// route table and fails on any route without a rule.
enum AccessRule: Sendable, CustomStringConvertible {
    /// Published material and the sign-in pages: anyone, signed in or not.
    case everyone
    /// Any signed-in person (their own account, their own tokens).
    case signedIn
    /// A capability that concerns no single organisation (administration, the audit trail).
    case capability(Capability)
    /// A capability on the organisation whose id is in the path parameter.
    case organisation(Capability, parameter: String)
    /// The signed-in person's own API token, whose id is in the path parameter.
    case ownToken(parameter: String)
    /// A capability on the organisation that owns the report whose id is in the path parameter.
    case report(Capability, parameter: String)
    /// A capability on the recipient whose länskod is in the path parameter: the region, or the
    /// county's RSS with `?kind=rss`.
    case recipient(Capability, parameter: String)
    /// The organisation's finance director (a duty on the membership) acting for the organisation in the path.
    case financeDirector(parameter: String)
    /// A capability on the organisation the caller acts for (API routes without an organisation in the path).
    case ownOrganisation(Capability)
    /// The finance director of the organisation the caller acts for.
    case ownFinanceDirector

    var description: String {
        switch self {
        case .everyone: return "alla (publikt)"
        case .signedIn: return "inloggad"
        case .capability(let c): return "behörighet \(c.rawValue)"
        case .organisation(let c, let p): return "behörighet \(c.rawValue) för organisationen i :\(p)"
        case .ownToken(let p): return "egen API-nyckel i :\(p)"
        case .report(let c, let p): return "behörighet \(c.rawValue) för organisationen som äger rapporten i :\(p)"
        case .recipient(let c, let p): return "behörighet \(c.rawValue) för mottagaren med länskoden i :\(p)"
        case .financeDirector(let p): return "ekonomichef (attesträtt) i organisationen i :\(p)"
        case .ownOrganisation(let c): return "behörighet \(c.rawValue) för den egna organisationen"
        case .ownFinanceDirector: return "ekonomichef (attesträtt) i den egna organisationen"
        }
    }

    /// Refuses the request unless the rule allows it: 401 (or the sign-in page) without a
    /// person, 403 for a person without the right, 404 for what does not exist.
    func check(_ req: Request) async throws {
        if case .everyone = self { return }
        guard let principal = req.principal else { throw AccessDenied.notSignedIn }
        switch self {
        case .everyone, .signedIn:
            return
        case .capability(let c):
            guard AccessPolicy.may(principal.standing, c) else { throw AccessDenied.forbidden }
        case .organisation(let c, let parameter):
            guard let raw = req.parameters.get(parameter), let id = UUID(uuidString: raw),
                  try await OrganisationModel.find(id, on: req.db) != nil
            else { throw Abort(.notFound, reason: "Organisationen finns inte.") }
            guard AccessPolicy.may(principal.standing, c, organisation: id.uuidString) else { throw AccessDenied.forbidden }
        case .report(let c, let parameter):
            guard let raw = req.parameters.get(parameter), let id = UUID(uuidString: raw),
                  let owner = try await ReportService.owner(of: id, on: req.db)
            else { throw Abort(.notFound, reason: "Rapporten finns inte.") }
            guard AccessPolicy.may(principal.standing, c, organisation: owner.uuidString) else { throw AccessDenied.forbidden }
        case .ownOrganisation(let c):
            guard AccessPolicy.may(principal.standing, c, organisation: principal.standing.organisationID) else { throw AccessDenied.forbidden }
        case .ownFinanceDirector:
            guard principal.membership.financeDirector,
                  AccessPolicy.may(principal.standing, .changeOwnOrganisation, organisation: principal.standing.organisationID) else { throw AccessDenied.forbidden }
        case .financeDirector(let parameter):
            guard let raw = req.parameters.get(parameter), let id = UUID(uuidString: raw),
                  try await OrganisationModel.find(id, on: req.db) != nil
            else { throw Abort(.notFound, reason: "Organisationen finns inte.") }
            guard principal.membership.financeDirector,
                  AccessPolicy.may(principal.standing, .changeOwnOrganisation, organisation: id.uuidString) else { throw AccessDenied.forbidden }
        case .recipient(let c, let parameter):
            guard let org = try await AccessRule.recipient(req, parameter: parameter) else { throw Abort(.notFound, reason: "Mottagaren finns inte.") }
            guard AccessPolicy.may(principal.standing, c, organisation: org.id!.uuidString) else { throw AccessDenied.forbidden }
        case .ownToken(let parameter):
            guard let raw = req.parameters.get(parameter), let id = UUID(uuidString: raw),
                  let token = try await APITokenModel.find(id, on: req.db), token.userID == principal.user.id
            else { throw Abort(.notFound, reason: "API-nyckeln finns inte.") }
        }
    }
}

extension AccessRule {
    /// The region (or with `?kind=rss` the RSS) whose länskod is in the path.
    static func recipient(_ req: Request, parameter: String) async throws -> OrganisationModel? {
        guard let code = req.parameters.get(parameter), code.count == 2, code.allSatisfy(\.isNumber) else { return nil }
        let kind = req.query[String.self, at: "kind"] == OrganisationKind.rss.rawValue ? OrganisationKind.rss : .region
        return try await OrganisationModel.query(on: req.db).filter(\.$kind == kind.rawValue).filter(\.$code == code).first()
    }
}

/// Why access was refused.
enum AccessDenied: Error, AbortError {
    case notSignedIn
    case forbidden

    var status: HTTPResponseStatus { self == .notSignedIn ? .unauthorized : .forbidden }
    var reason: String {
        switch self {
        case .notSignedIn: return "Du behöver logga in för att se det här."
        case .forbidden: return "Du har inte behörighet till det här. Byt organisation under Mitt konto om du har flera."
        }
    }
}

struct AccessRuleKey: Sendable {}

extension RoutesBuilder {
    /// Registers a route with its access rule; the only way routes are added in Nära.
    @discardableResult
    /// - Parameter stepUp: an action that moves money or gives power: with e-ID configured it needs
    ///   a sign-in at the step-up level within the last 15 minutes (`StepUpGate`).
    func on(_ method: HTTPMethod, _ path: PathComponent..., rule: AccessRule, stepUp: StepUpAction? = nil,
            body: HTTPBodyStreamStrategy = .collect, use handler: @Sendable @escaping (Request) async throws -> Response) -> Route {
        let route = self.on(method, path, body: body) { req async throws -> Response in
            try await rule.check(req)
            if let stepUp, let askFirst = try StepUpGate.check(req, stepUp) { return askFirst }
            return try await handler(req)
        }
        route.userInfo["access"] = rule
        if let stepUp { route.userInfo["stepUp"] = stepUp }
        return route
    }
}

extension Route {
    /// The rule the route was registered with, or nil if it was registered without one.
    var accessRule: AccessRule? { userInfo["access"] as? AccessRule }
    /// The action the route performs that needs a fresh e-ID sign-in, if any.
    var stepUp: StepUpAction? { userInfo["stepUp"] as? StepUpAction }
}
