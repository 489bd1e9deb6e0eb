import Foundation
import NaraCore
import NaraPersistence
import Plot

/// The administration start page.
struct AdminHomePage {
    func render() -> String {
        let links: [(String, String, String)] = [
            (SiteURL.adminAgreements, "Överenskommelser", "Skapa nästa års överenskommelse, ändra utkast, publicera och registrera ändringsöverenskommelser."),
            (SiteURL.adminOrganisations, "Organisationer", "Sök, ändra och lägg till vårdgivare under en region."),
            (SiteURL.adminPeople, "Personer", "Bjud in, ändra roll, inaktivera."),
            (SiteURL.adminPopulation, "Befolkning", "Läs in en befolkningstabell från SCB och räkna om fördelningar."),
            (SiteURL.adminAudit, "Händelselogg", "Vem gjorde vad och när; filtrera och ladda ned."),
            (SiteURL.adminForms, "Formulär och rapportomgångar", "Ladda upp formulär, förhandsgranska, skapa omgångar, lås perioder."),
            (SiteURL.adminReminders, "Påminnelser", "Påminnelser om rapporter som inte är inskickade."),
        ]
        return Layout.render(title: "Administration", current: SiteURL.admin,
            .h1(.text("Administration")),
            .ul(.class("card-list"), .forEach(links) { l in .li(.a(.href(l.0), .text(l.1)), .p(.text(l.2))) }))
    }
}

/// Organisations, searchable by name or code and by type, 50 to a page.
struct AdminOrganisationsPage {
    static let perPage = 50
    let organisations: [OrganisationModel]
    let query: String
    let kind: String
    var page: Int = 1

    var pages: Int { max(1, (organisations.count + Self.perPage - 1) / Self.perPage) }
    var shownPage: Int { min(page, pages) }
    var shown: ArraySlice<OrganisationModel> {
        let start = (shownPage - 1) * Self.perPage
        return organisations[start..<min(organisations.count, start + Self.perPage)]
    }

    /// The list's own address with its search kept and `sida` set.
    func link(_ page: Int) -> String {
        var items = [URLQueryItem]()
        if !query.isEmpty { items.append(.init(name: "q", value: query)) }
        if !kind.isEmpty { items.append(.init(name: "kind", value: kind)) }
        items.append(.init(name: "sida", value: String(page)))
        var parts = URLComponents()
        parts.queryItems = items
        return SiteURL.adminOrganisations + "?" + (parts.percentEncodedQuery ?? "")
    }

    func render() -> String {
        let kinds: [(value: String, label: String)] = [("", "Alla typer")] + OrganisationKind.allCases.map { ($0.rawValue, $0.swedishName) }
        let first = (shownPage - 1) * Self.perPage + 1
        let count = organisations.isEmpty ? "Inga organisationer matchar sökningen."
            : pages == 1 ? "\(organisations.count) organisationer"
            : "\(organisations.count) organisationer; visar \(first)–\(first + shown.count - 1), sida \(shownPage) av \(pages)"
        return Layout.render(title: "Organisationer", breadcrumbs: [("Administration", SiteURL.admin), ("Organisationer", nil)], current: SiteURL.admin,
            .h1(.text("Organisationer")),
            .p(.a(.class("button"), .href(SiteURL.adminNewProvider), .text("Lägg till vårdgivare"))),
            .form(.method(.get), .action(SiteURL.adminOrganisations), .class("filter-form"),
                  Forms.field("Sök på namn eller kod", name: "q", value: query, type: .search),
                  Forms.select("Typ", name: "kind", options: kinds, selected: kind),
                  Forms.submit("Sök")),
            .p(.attribute(named: "role", value: "status"), .text(count)),
            .div(.class("table-wrap"), .attribute(named: "tabindex", value: "0"), .table(
                .caption(.text("Organisationer")),
                .thead(.tr(Blocks.col("Namn"), Blocks.col("Typ"), Blocks.col("Kod"), Blocks.col("Län"), Blocks.col("Ändra"))),
                .tbody(.forEach(Array(shown)) { o in
                    .tr(Blocks.rowHeader(.a(.href(SiteURL.organisation(o.id!)), .text(o.name))),
                        Blocks.cell(OrganisationKind(rawValue: o.kind)?.swedishName ?? o.kind),
                        .td(.class("nowrap"), .text(o.code)), Blocks.cell(o.countyCode ?? "–"),
                        .td(.a(.href(SiteURL.adminEditOrganisation(o.id!)), .text("Ändra"), .span(.class("visually-hidden"), .text(" " + o.name)))))
                })
            )),
            .if(pages > 1, .nav(.attribute(named: "aria-label", value: "Sidor i organisationslistan"), .ul(.class("pager"),
                .if(shownPage > 1, .li(.a(.href(link(shownPage - 1)), .text("Föregående sida")))),
                .li(.text("Sida \(shownPage) av \(pages)")),
                .if(shownPage < pages, .li(.a(.href(link(shownPage + 1)), .text("Nästa sida")))))))
        )
    }
}

/// Adding a provider under a region, or editing an organisation.
struct AdminOrganisationFormPage {
    let organisation: OrganisationModel?
    let regions: [OrganisationModel]
    let name: String
    let code: String
    let parent: String
    let csrf: String
    let errors: [FieldError]

    var isProvider: Bool { organisation == nil || organisation?.kind == OrganisationKind.provider.rawValue }

    func render() -> String {
        let title = organisation == nil ? "Lägg till vårdgivare" : "Ändra \(organisation!.name)"
        let action = organisation == nil ? SiteURL.adminOrganisations : SiteURL.adminEditOrganisation(organisation!.id!)
        return Layout.render(title: title, breadcrumbs: [("Administration", SiteURL.admin), ("Organisationer", SiteURL.adminOrganisations), (title, nil)],
                             current: SiteURL.admin,
            .h1(.text(title)),
            Forms.errorSummary(errors),
            .if(organisation == nil, .p(.class("lead"), .text("En extern vårdgivare hör till en region och får egna inloggningar med rollen vårdgivare."))),
            .form(.method(.post), .action(action), .class("narrow-form"),
                  Forms.csrf(csrf),
                  Forms.field("Namn", name: "name", value: name, errors: errors),
                  .if(isProvider, Forms.field("Kod", name: "code", value: code, hint: "Till exempel organisationsnummer eller regionens kod för vårdgivaren.", errors: errors)),
                  .if(isProvider, Forms.select("Region", name: "parent", options: regions.map { ($0.id!.uuidString, $0.name) }, selected: parent, errors: errors)),
                  Forms.submit("Spara"))
        )
    }
}
