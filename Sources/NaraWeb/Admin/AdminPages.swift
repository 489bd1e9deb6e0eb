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

/// Organisations, searchable.
struct AdminOrganisationsPage {
    let organisations: [OrganisationModel]
    let query: String
    let kind: String

    func render() -> String {
        let kinds: [(value: String, label: String)] = [("", "Alla typer")] + OrganisationKind.allCases.map { ($0.rawValue, $0.swedishName) }
        return Layout.render(title: "Organisationer", breadcrumbs: [("Administration", SiteURL.admin), ("Organisationer", nil)], current: SiteURL.admin,
            .h1(.text("Organisationer")),
            .p(.a(.class("button"), .href(SiteURL.adminNewProvider), .text("Lägg till vårdgivare"))),
            .form(.method(.get), .action(SiteURL.adminOrganisations), .class("filter-form"),
                  Forms.field("Sök på namn eller kod", name: "q", value: query, type: .search),
                  Forms.select("Typ", name: "kind", options: kinds, selected: kind),
                  Forms.submit("Sök")),
            .p(.attribute(named: "role", value: "status"), .text("\(organisations.count) organisationer")),
            .div(.class("table-wrap"), .attribute(named: "tabindex", value: "0"), .table(
                .caption(.text("Organisationer")),
                .thead(.tr(Blocks.col("Namn"), Blocks.col("Typ"), Blocks.col("Kod"), Blocks.col("Län"), Blocks.col("Ändra"))),
                .tbody(.forEach(organisations) { o in
                    .tr(Blocks.rowHeader(.a(.href(SiteURL.organisation(o.id!)), .text(o.name))),
                        Blocks.cell(OrganisationKind(rawValue: o.kind)?.swedishName ?? o.kind),
                        .td(.class("nowrap"), .text(o.code)), Blocks.cell(o.countyCode ?? "–"),
                        .td(.a(.href(SiteURL.adminEditOrganisation(o.id!)), .text("Ändra"), .span(.class("visually-hidden"), .text(" " + o.name)))))
                })
            ))
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
