import Fluent
import Foundation
import NaraCore
import NaraPersistence
import Vapor

/// The people demo mode creates, one or more per role, so every part of Nära can be tried.
enum DemoPeople {
    struct Person: Sendable {
        let email: String
        let name: String
        /// Organisation (kind, code) and role, first is the default.
        let memberships: [(kind: OrganisationKind, code: String, role: Role)]
    }

    /// The demo care provider under Region Jämtland Härjedalen.
    static let providerCode = "VG-23-0001"
    static let providerName = "Exempelvårdcentralen i Östersund AB (demo)"

    static let people: [Person] = [
        Person(email: "admin@socialstyrelsen.example", name: "Anna Administratör", memberships: [(.state, "SOS", .administrator)]),
        Person(email: "analytiker@socialstyrelsen.example", name: "Alva Analytiker", memberships: [(.state, "SOS", .analyst)]),
        Person(email: "analytiker@skr.example", name: "Sam Analytiker", memberships: [(.skr, "SKR", .analyst)]),
        Person(email: "utbetalare@kammarkollegiet.example", name: "Karl Utbetalare", memberships: [(.state, "KAMK", .payer)]),
        // Requisitions above the second-approval limit need two payers.
        Person(email: "utbetalare2@kammarkollegiet.example", name: "Greta Granskare", memberships: [(.state, "KAMK", .payer)]),
        Person(email: "redigerare@regionjh.example", name: "Rut Redigerare",
               memberships: [(.region, "23", .recipientEditor), (.rss, "23", .recipientViewer)]),
        Person(email: "ekonomichef@regionjh.example", name: "Eva Ekonomichef", memberships: [(.region, "23", .recipientEditor)]),
        Person(email: "lasare@regionjh.example", name: "Leo Läsare", memberships: [(.region, "23", .recipientViewer)]),
        Person(email: "redigerare@rss-jamtland.example", name: "Siri Samverkan", memberships: [(.rss, "23", .recipientEditor)]),
        Person(email: "vardgivare@exempelvardcentralen.example", name: "Viktor Vårdgivare", memberships: [(.provider, providerCode, .provider)]),
    ]

    static let financeDirectors: Set<String> = ["redigerare@regionjh.example", "ekonomichef@regionjh.example"]

    /// Creates the demo provider and people if no person exists yet.
    /// - Returns: whether they were created.
    @discardableResult
    static func ensure(on db: any Database, bcryptCost: Int, now: Date = Date()) async throws -> Bool {
        if try await UserModel.query(on: db).count() > 0 { return false }
        let hash = try Bcrypt.hash(AppConfig.demoPassword, cost: bcryptCost)
        try await db.transaction { tx in
            if try await OrganisationModel.query(on: tx).filter(\.$kind == OrganisationKind.provider.rawValue)
                .filter(\.$code == providerCode).first() == nil {
                let region = try await OrganisationModel.query(on: tx).filter(\.$kind == OrganisationKind.region.rawValue)
                    .filter(\.$code == "23").first()
                let provider = OrganisationModel()
                provider.kind = OrganisationKind.provider.rawValue
                provider.code = providerCode
                provider.name = providerName
                provider.countyCode = "23"
                provider.parentID = region?.id
                try await provider.create(on: tx)
            }
            for person in people {
                let user = UserModel()
                user.email = person.email; user.name = person.name; user.passwordHash = hash
                user.isActive = true; user.createdAt = now
                try await user.create(on: tx)
                for m in person.memberships {
                    guard let org = try await OrganisationModel.query(on: tx).filter(\.$kind == m.kind.rawValue)
                        .filter(\.$code == m.code).first() else { continue }
                    let membership = MembershipModel()
                    membership.userID = try user.requireID(); membership.organisationID = try org.requireID()
                    membership.role = m.role.rawValue; membership.createdAt = now
                    // Rut Redigerare and Eva Ekonomichef are the region's finance directors: each attests what the other made.
                    membership.financeDirector = financeDirectors.contains(person.email) && m.kind == .region
                    try await membership.create(on: tx)
                }
            }
            try await AuditLog.record(.create, entity: "demo", id: "people", after: ["personer": String(people.count)],
                                      actor: nil, actorLabel: "Nära (demoläge)", on: tx)
        }
        return true
    }

    /// The table printed at start and in the README.
    static func table() -> String {
        var lines = ["e-post | lösenord | organisation | roll", "--- | --- | --- | ---"]
        let names: [String: String] = ["SOS": "Socialstyrelsen", "SKR": "SKR", "KAMK": "Kammarkollegiet",
                                       providerCode: providerName]
        for p in people {
            for m in p.memberships {
                let org = names[m.code] ?? (m.kind == .region ? "Region Jämtland Härjedalen" : "RSS Jämtlands län")
                let duty = financeDirectors.contains(p.email) && m.kind == .region ? ", ekonomichef (attesträtt)" : ""
                lines.append("\(p.email) | \(AppConfig.demoPassword) | \(org) | \(m.role.swedishName.lowercased())\(duty)")
            }
        }
        return lines.joined(separator: "\n")
    }
}
