import Fluent
import Foundation
import NaraCore
import NaraPersistence
import Plot
import Vapor

/// An organisation's own page (its people and what it was allocated) and its API twin.
struct OrganisationRoutes: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.on(.GET, "organisationer", ":org", rule: .organisation(.readOrganisation, parameter: "org"), use: Self.page)
        routes.on(.GET, "api", "v1", "organisations", ":org", "members", rule: .organisation(.readOrganisation, parameter: "org"), use: Self.members)
        routes.on(.PATCH, "api", "v1", "memberships", ":membership", rule: .capability(.administer), stepUp: .grantAccess, use: MembershipAPI.patch)
    }

    /// One person's membership of the organisation (the API writes keys in snake_case).
    struct Member: Codable, Sendable {
        /// The membership's id, for `PATCH /api/v1/memberships/{id}`.
        let id: String
        let name: String
        let email: String
        let role: String
        let active: Bool
        /// The finance-director duty (*ekonomichef, attesträtt*).
        let financeDirector: Bool
    }

    static func load(_ req: Request) async throws -> (OrganisationModel, [Member]) {
        guard let id = req.parameters.get("org").flatMap(UUID.init(uuidString:)), let org = try await OrganisationModel.find(id, on: req.db)
        else { throw Abort(.notFound, reason: "Organisationen finns inte.") }
        return (org, try await members(of: org, on: req.db))
    }

    /// The people with an account in an organisation.
    static func members(of org: OrganisationModel, on db: any Database) async throws -> [Member] {
        let id = try org.requireID()
        let memberships = try await MembershipModel.query(on: db).filter(\.$organisationID == id).all()
        let users = try await UserModel.query(on: db).filter(\.$id ~~ memberships.map(\.userID)).all()
        return memberships.compactMap { m -> Member? in
            guard let u = users.first(where: { $0.id == m.userID }) else { return nil }
            return Member(id: m.id?.uuidString ?? "", name: u.name, email: u.email, role: m.role, active: u.isActive, financeDirector: m.financeDirector)
        }.sorted { $0.name < $1.name }
    }

    @Sendable static func members(req: Request) async throws -> Response {
        APIResponse.json(try await load(req).1)
    }

    @Sendable static func page(req: Request) async throws -> Response {
        let (org, members) = try await load(req)
        var allocations: [(year: Int, pot: String, potID: String, amount: Money)] = []
        if let county = org.countyCode, org.kind == OrganisationKind.region.rawValue || org.kind == OrganisationKind.rss.rawValue {
            let category = org.kind == OrganisationKind.region.rawValue ? RecipientCategory.regions : .municipalities
            for agreement in try await AgreementStore.list(on: req.db) {
                for pm in try await AgreementStore.potModels(agreementID: agreement.requireID(), on: req.db)
                where pm.category == category.rawValue || (county == Geography.gotlandCountyCode && pm.category == RecipientCategory.municipalities.rawValue) {
                    guard let current = try await AllocationStore.currentVersion(potID: pm.requireID(), on: req.db) else { continue }
                    let lines = try await AllocationStore.lines(allocationID: current.requireID(), on: req.db)
                    if let line = lines.first(where: { $0.code == county }) {
                        allocations.append((agreement.year, pm.name, pm.slug, Money(ore: line.amountOre)))
                    }
                }
            }
        }
        var parent: OrganisationModel?
        if let id = org.parentID { parent = try await OrganisationModel.find(id, on: req.db) }
        let quantityPots = try await QuantityQueries.pots(naming: org, on: req.db)
        return req.page { OrganisationPage(organisation: org, parent: parent, members: members, allocations: allocations, quantityPots: quantityPots).render() }
    }
}

struct OrganisationPage {
    let organisation: OrganisationModel
    let parent: OrganisationModel?
    let members: [OrganisationRoutes.Member]
    let allocations: [(year: Int, pot: String, potID: String, amount: Money)]
    /// Pots divided by a quantity the organisation reports (VFU weeks).
    var quantityPots: [(year: Int, slug: String, name: String)] = []

    func render() -> String {
        let o = organisation
        return Layout.render(title: o.name, breadcrumbs: [("Organisationer", nil)],
            .h1(.text(o.name)),
            .dl(.class("figures"),
                .div(.dt(.text("Typ")), .dd(.text(OrganisationKind(rawValue: o.kind)?.swedishName ?? o.kind))),
                .div(.dt(.text("Kod")), .dd(.text(o.code))),
                .unwrap(o.countyCode.flatMap { Geography.shipped.county($0) }) { c in .div(.dt(.text("Län")), .dd(.text(c.name))) },
                .unwrap(parent) { p in .div(.dt(.text("Hör till")), .dd(.text(p.name))) }),
            .if(o.kind == OrganisationKind.provider.rawValue, .p(.a(.href("/organisationer/\(o.id!.uuidString)/uppdrag"), .text("Uppdrag och äskanden")))),
            .if(!allocations.isEmpty, .group(
                .h2(.text("Tilldelade medel")),
                .div(.class("table-wrap"), .attribute(named: "tabindex", value: "0"), .table(
                    .caption(.text("Gällande fördelningar till \(o.name)")),
                    .thead(.tr(Blocks.col("År"), Blocks.col("Pott"), Blocks.col("Belopp", numeric: true), Blocks.col("Plan"))),
                    .tbody(.forEach(allocations) { a in
                        .tr(Blocks.rowHeader(.text(String(a.year))),
                            .td(.a(.href(SiteURL.allocation(a.year, a.potID)), .text(a.pot))),
                            Blocks.num(a.amount.krText),
                            .td(.a(.href(SiteURL.plan(o.id!, a.year)), .text("Användningsplan \(a.year)")), .text(" · "),
                                .a(.href(SiteURL.funds(o.id!, a.year)), .text("Medel \(a.year)"))))
                    }))))),
            .if(!quantityPots.isEmpty, .group(
                .h2(.text("Rapportering av antal")),
                .ul(.forEach(quantityPots) { p in
                    .li(.a(.href(SiteURL.quantityReport(o.id!, p.year, p.slug)), .text("\(p.name) \(p.year)")))
                }))),
            .h2(.text("Personer")),
            members.isEmpty ? .p(.text("Ingen person har konto i organisationen ännu.")) :
            .div(.class("table-wrap"), .attribute(named: "tabindex", value: "0"), .table(
                .caption(.text("Personer med konto i \(o.name)")),
                .thead(.tr(Blocks.col("Namn"), Blocks.col("E-post"), Blocks.col("Roll"), Blocks.col("Status"))),
                .tbody(.forEach(members) { m in
                    .tr(Blocks.rowHeader(.text(m.name)), Blocks.cell(m.email),
                        .td(.text(Role(rawValue: m.role)?.swedishName ?? m.role),
                            .if(m.financeDirector, .group(.text(" "), .span(.class("tag"), .text("Ekonomichef"))))),
                        Blocks.cell(m.active ? "Aktiv" : "Inaktiverad"))
                })))
        )
    }
}
