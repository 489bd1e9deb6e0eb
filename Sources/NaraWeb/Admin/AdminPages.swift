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
                        Blocks.cell(o.code), Blocks.cell(o.countyCode ?? "–"),
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

/// People with their memberships; role changes and deactivation.
struct AdminPeoplePage {
    struct Row {
        let user: UserModel
        let memberships: [(MembershipModel, OrganisationModel)]
    }

    let rows: [Row]
    let query: String
    let csrf: String

    func render() -> String {
        Layout.render(title: "Personer", breadcrumbs: [("Administration", SiteURL.admin), ("Personer", nil)], current: SiteURL.admin,
            .h1(.text("Personer")),
            .p(.a(.class("button"), .href(SiteURL.adminInvite), .text("Bjud in en person"))),
            .form(.method(.get), .action(SiteURL.adminPeople), .class("filter-form"),
                  Forms.field("Sök på namn eller e-post", name: "q", value: query, type: .search), Forms.submit("Sök")),
            .div(.class("table-wrap"), .attribute(named: "tabindex", value: "0"), .table(
                .caption(.text("Personer och deras roller")),
                .thead(.tr(Blocks.col("Namn"), Blocks.col("E-post"), Blocks.col("Organisation och roll"), Blocks.col("Status"))),
                .tbody(.forEach(rows) { row in
                    .tr(Blocks.rowHeader(.text(row.user.name)),
                        Blocks.cell(row.user.email),
                        .td(.forEach(row.memberships) { m, o in
                            .form(.method(.post), .action(SiteURL.adminChangeRole(m.id!)), .class("role-form"),
                                  Forms.csrf(csrf),
                                  Forms.select("Roll i \(o.name)", name: "role",
                                               options: Role.allCases.filter { $0.allowedOrganisationKinds.contains(OrganisationKind(rawValue: o.kind) ?? .municipality) }
                                                   .map { ($0.rawValue, $0.swedishName) },
                                               selected: m.role),
                                  Self.agreementDuty(m, o),
                                  Forms.submit("Ändra roll", secondary: true))
                        }),
                        .td(.text(row.user.isActive ? (row.user.passwordHash == nil ? "Inbjuden " : "Aktiv ") : "Inaktiverad "),
                            Forms.button(row.user.isActive ? "Inaktivera" : "Aktivera", action: SiteURL.adminToggleActive(row.user.id!), csrf: csrf,
                                         label: (row.user.isActive ? "Inaktivera " : "Aktivera ") + row.user.name)))
                })
            ))
        )
    }

    /// The duty to manage agreements, where it can be given (state bodies and SKR).
    static func agreementDuty(_ m: MembershipModel, _ o: OrganisationModel) -> Node<HTML.FormContext> {
        guard AccessPolicy.dutyKinds.contains(OrganisationKind(rawValue: o.kind) ?? .municipality), let id = m.id?.uuidString else { return .group() }
        var attributes: [Attribute<HTML.InputContext>] = [.type(.checkbox), .id("agreements-" + id), .name("agreement_manager"), .value("1")]
        if m.agreementManager == true { attributes.append(Attribute(name: "checked", value: "checked")) }
        let checkbox: Node<HTML.FormContext> = .selfClosedElement(named: "input", attributes: attributes)
        return .div(.class("field field-check"), checkbox, .label(.for("agreements-" + id), .text("Hanterar överenskommelser i " + o.name)))
    }
}

/// Inviting a person into an organisation with a role; after sending, the one-time link.
struct AdminInvitePage {
    let organisations: [OrganisationModel]
    let email: String
    let organisation: String
    let role: String
    let csrf: String
    let errors: [FieldError]
    let sentLink: String?
    let mailed: Bool

    func render() -> String {
        let orgOptions = organisations.map { (value: $0.id!.uuidString, label: "\($0.name) (\(OrganisationKind(rawValue: $0.kind)?.swedishName ?? $0.kind))") }
        return Layout.render(title: "Bjud in en person", breadcrumbs: [("Administration", SiteURL.admin), ("Personer", SiteURL.adminPeople), ("Bjud in", nil)],
                             current: SiteURL.admin,
            .h1(.text("Bjud in en person")),
            Forms.errorSummary(errors),
            .unwrap(sentLink) { link in
                Blocks.notice("ok", heading: "Inbjudan är skapad",
                    .p(.text(mailed ? "Inbjudan har skickats med e-post. Länken nedan fungerar en gång och i sju dagar." :
                                      "E-post är inte konfigurerad: skicka länken till personen själv. Den fungerar en gång och i sju dagar.")),
                    .p(.code(.id("inbjudningslank"), .text(link))))
            },
            .form(.method(.post), .action(SiteURL.adminInvite), .class("narrow-form"),
                  Forms.csrf(csrf),
                  Forms.field("E-postadress", name: "email", value: email, type: .email, errors: errors, autocomplete: "off"),
                  Forms.select("Organisation", name: "organisation", options: [(value: "", label: "Välj organisation")] + orgOptions,
                               selected: organisation, errors: errors),
                  Forms.select("Roll", name: "role", options: [(value: "", label: "Välj roll")] + Role.allCases.map { ($0.rawValue, $0.swedishName) },
                               selected: role, errors: errors),
                  Forms.submit("Skapa inbjudan"))
        )
    }
}
