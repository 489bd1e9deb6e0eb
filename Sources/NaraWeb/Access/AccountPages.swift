import Foundation
import NaraCore
import NaraPersistence
import Plot

/// The sign-in page.
struct LoginPage {
    enum Text {
        static let title = "Logga in"
        static let lead = "Logga in med din e-postadress och ditt lösenord. Publicerade överenskommelser och fördelningar kan alla läsa utan att logga in."
        static let email = "E-postadress"
        static let password = "Lösenord"
        static let submit = "Logga in"
        static let failed = "E-postadressen eller lösenordet stämmer inte. Kontrollera och försök igen."
        static let throttled = "För många misslyckade inloggningsförsök från din adress. Vänta 15 minuter och försök igen."
        static let missingEmail = "Ange din e-postadress."
        static let missingPassword = "Ange ditt lösenord."
        static let eidLead = "Logga in med din e-legitimation. Publicerade överenskommelser och fördelningar kan alla läsa utan att logga in."
        static let passwordHeading = "Med e-postadress och lösenord"
        static let passwordOff = "Inloggning med lösenord är avstängd här; logga in med e-legitimation."
    }

    let csrf: String
    let email: String
    let next: String
    let errors: [FieldError]
    /// The e-ID providers to offer, and whether the password form is shown.
    var providers: [OIDCProviderSetting] = []
    var passwordLogin = true

    func render() -> String {
        Layout.render(title: Text.title,
            .h1(.text(Text.title)),
            Forms.errorSummary(errors),
            .p(.class("lead"), .text(providers.isEmpty ? Text.lead : Text.eidLead)),
            .if(!providers.isEmpty, EIDButtons.render(providers, purpose: "login", till: next, csrf: csrf)),
            .if(!providers.isEmpty && passwordLogin, .h2(.text(Text.passwordHeading))),
            .if(passwordLogin,
                .form(.method(.post), .action(SiteURL.login), .class("narrow-form"),
                      Forms.csrf(csrf),
                      .input(.type(.hidden), .name("till"), .attr("value", next, keepEmpty: true)),
                      Forms.field(Text.email, name: "email", value: email, type: .email, errors: errors, autocomplete: "username"),
                      Forms.field(Text.password, name: "password", type: .password, errors: errors, autocomplete: "current-password"),
                      Forms.submit(Text.submit)))
        )
    }
}

/// The signed-in person's own page: organisations and roles, switching, API tokens.
struct AccountPage {
    enum Text {
        static let title = "Mitt konto"
        static let organisations = "Dina organisationer"
        static let organisationsCaption = "Organisationer du tillhör och din roll i var och en"
        static let organisation = "Organisation"
        static let role = "Roll"
        static let active = "Nu"
        static let current = "Du agerar för den här"
        static let switchLabel = "Agera för"
        static let switchButton = "Byt organisation"
        static let tokens = "API-nycklar"
        static let tokensLead = "Med en personlig API-nyckel kan ett program hämta data ur Nära med dina rättigheter i den organisation du agerar för när nyckeln skapas. Skicka den i rubriken Authorization: Bearer …"
        static let tokensCaption = "Dina API-nycklar"
        static let name = "Namn"
        static let start = "Början"
        static let created = "Skapad"
        static let used = "Senast använd"
        static let status = "Status"
        static let revoke = "Återkalla"
        static let newToken = "Skapa en ny API-nyckel"
        static let tokenName = "Vad nyckeln används till"
        static let tokenHint = "Till exempel ”Hämtning till regionens ekonomisystem”."
        static let create = "Skapa nyckel"
        static let shownOnce = "Din nya API-nyckel"
        static let shownOnceText = "Kopiera nyckeln nu. Den visas bara den här gången och sparas inte i klartext."
        static let noTokens = "Du har inga API-nycklar."
        static let identities = "Din e-legitimation"
        static let identitiesCaption = "E-legitimationer som loggar in dig"
        static let provider = "Identitetstjänst"
        static let identity = "Identitet"
        static let bound = "Kopplad"
        static let bindHeading = "Koppla e-legitimation"
        static let bindText = "Logga in med din e-legitimation en gång här, så kan du sedan logga in med den i stället för med lösenord."
    }

    let principal: Principal
    let tokens: [APITokenModel]
    let organisationsByMembership: [UUID: String]
    let csrf: String
    let newToken: String?
    let errors: [FieldError]
    /// A refused token's name, as it was typed.
    var tokenName: String = ""
    /// The e-ID identities bound to the person, and the providers' names by key.
    var identities: [PersonIdentityModel] = []
    var providerNames: [String: String] = [:]
    /// Providers the person has no e-ID bound with yet, offered for binding.
    var unbound: [OIDCProviderSetting] = []

    func render() -> String {
        let p = principal
        return Layout.render(title: Text.title, current: SiteURL.account,
            .h1(.text(Text.title)),
            Forms.errorSummary(errors),
            .p(.class("lead"), .text("\(p.user.name), \(p.user.email)")),
            .unwrap(newToken) { token in
                Blocks.notice("ok", heading: Text.shownOnce, .p(.text(Text.shownOnceText)), .p(.code(.id("ny-nyckel"), .text(token))))
            },
            .h2(.text(Text.organisations)),
            .div(.class("table-wrap"), .attribute(named: "tabindex", value: "0"), .table(
                .caption(.text(Text.organisationsCaption)),
                .thead(.tr(Blocks.col(Text.organisation), Blocks.col(Text.role), Blocks.col(Text.active))),
                .tbody(.forEach(p.memberships) { m in
                    .tr(Blocks.rowHeader(.a(.href(SiteURL.organisation(m.organisation.id!)), .text(m.organisation.name))),
                        Blocks.cell(Role(rawValue: m.membership.role)?.swedishName ?? m.membership.role),
                        Blocks.cell(m.membership.id == p.membership.id ? Text.current : "–"))
                })
            )),
            .if(p.memberships.count > 1,
                .form(.method(.post), .action(SiteURL.switchOrganisation), .class("narrow-form"),
                      Forms.csrf(csrf),
                      Forms.select(Text.switchLabel, name: "membership",
                                   options: p.memberships.map { (value: $0.membership.id!.uuidString,
                                                                 label: "\($0.organisation.name) – \(Role(rawValue: $0.membership.role)?.swedishName ?? "")") },
                                   selected: p.membership.id?.uuidString, errors: errors),
                      Forms.submit(Text.switchButton))),
            .if(!unbound.isEmpty, .group(
                .h2(.text(Text.bindHeading)),
                .p(.text(Text.bindText)),
                EIDButtons.render(unbound, purpose: "bind", till: SiteURL.account, csrf: csrf, primary: false))),
            .if(!identities.isEmpty, .group(
                .h2(.text(Text.identities)),
                .div(.class("table-wrap"), .attribute(named: "tabindex", value: "0"), .table(
                    .caption(.text(Text.identitiesCaption)),
                    .thead(.tr(Blocks.col(Text.provider), Blocks.col(Text.identity), Blocks.col(Text.bound), Blocks.col(Text.used))),
                    .tbody(.forEach(identities) { i in
                        .tr(Blocks.rowHeader(.text(providerNames[i.provider] ?? i.provider)), .td(.span(.class("nowrap"), .text(i.display))),
                            Blocks.cell(SwedishDateTime.format(i.createdAt)), Blocks.cell(i.lastUsedAt.map(SwedishDateTime.format) ?? "aldrig"))
                    }))))),
            .h2(.text(Text.tokens)),
            .p(.text(Text.tokensLead)),
            tokens.isEmpty ? .p(.text(Text.noTokens)) : .div(.class("table-wrap"), .attribute(named: "tabindex", value: "0"), .table(
                .caption(.text(Text.tokensCaption)),
                .thead(.tr(Blocks.col(Text.name), Blocks.col(Text.organisation), Blocks.col(Text.start), Blocks.col(Text.created),
                           Blocks.col(Text.used), Blocks.col(Text.status))),
                .tbody(.forEach(tokens) { t in
                    .tr(Blocks.rowHeader(.text(t.name)),
                        Blocks.cell(organisationsByMembership[t.membershipID] ?? "–"),
                        .td(.code(.text(t.prefix + "…"))),
                        Blocks.cell(SwedishDateTime.format(t.createdAt)),
                        Blocks.cell(t.lastUsedAt.map(SwedishDateTime.format) ?? "aldrig"),
                        .td(t.revokedAt == nil
                            ? Forms.button(Text.revoke, action: SiteURL.revokeToken(t.id!), csrf: csrf, label: "\(Text.revoke) \(t.name)")
                            : .text("Återkallad " + SwedishDateTime.format(t.revokedAt!))))
                })
            )),
            .h3(.text(Text.newToken)),
            .form(.method(.post), .action(SiteURL.tokens), .class("narrow-form"),
                  Forms.csrf(csrf),
                  Forms.field(Text.tokenName, name: "name", value: tokenName, hint: Text.tokenHint, errors: errors),
                  Forms.submit(Text.create))
        )
    }
}

/// Accepting an invitation: choose a name and a password.
struct InvitationPage {
    enum Text {
        static let title = "Välkommen till Nära"
        static let invalidTitle = "Inbjudan gäller inte"
        static let invalid = "Länken är redan använd, har gått ut eller är felaktig. Be den som bjöd in dig om en ny inbjudan."
        static let name = "Ditt namn"
        static let password = "Välj lösenord"
        static let passwordHint = "Minst 12 tecken. En fras med flera ord är lätt att minnas och svår att gissa."
        static let repeatPassword = "Upprepa lösenordet"
        static let submit = "Spara och fortsätt"
        static let existing = "Du har redan ett konto. Bekräfta för att lägga till organisationen; logga sedan in som vanligt."
        static let confirm = "Lägg till organisationen"
        static let eidText = "Logga in med din e-legitimation. Den kopplas till dig, och sedan loggar du in med den."
        static let passwordHeading = "Eller välj ett lösenord"
        static let accountHeading = "Eller med ditt konto"
        static func financeDirector(_ organisation: String) -> String {
            "Du blir också ekonomichef med attesträtt: du attesterar rekvisitioner och ekonomiska redovisningar för \(organisation)."
        }
    }

    let token: String
    let email: String
    let organisationName: String
    let roleName: String
    let hasAccount: Bool
    let csrf: String
    let name: String
    let errors: [FieldError]
    /// The invitation gives the finance-director duty.
    var financeDirector = false
    /// The e-ID providers the invitation can be accepted with, and whether a password may be chosen.
    var providers: [OIDCProviderSetting] = []
    var passwordLogin = true

    func render() -> String {
        Layout.render(title: Text.title,
            .h1(.text(Text.title)),
            Forms.errorSummary(errors),
            .p(.class("lead"), .text("Du är inbjuden till \(organisationName) som \(roleName.lowercased()), med e-postadressen \(email).")),
            .if(financeDirector, .p(.text(Text.financeDirector(organisationName)))),
            .if(!providers.isEmpty, .group(
                .h2(.text("Anta inbjudan med "), .span(.class("nowrap"), .text("e-legitimation"))),
                .p(.text(Text.eidText)),
                EIDButtons.render(providers, purpose: "invitation", till: "", invitation: token, csrf: csrf))),
            .if(!providers.isEmpty && passwordLogin, .h2(.text(hasAccount ? Text.accountHeading : Text.passwordHeading))),
            !passwordLogin ? .group() : hasAccount
                ? .group(.p(.text(Text.existing)),
                         .form(.method(.post), .action(SiteURL.invitation(token)), Forms.csrf(csrf), Forms.submit(Text.confirm)))
                : .form(.method(.post), .action(SiteURL.invitation(token)), .class("narrow-form"),
                        Forms.csrf(csrf),
                        Forms.field(Text.name, name: "name", value: name, errors: errors, autocomplete: "name"),
                        Forms.field(Text.password, name: "password", type: .password, hint: Text.passwordHint, errors: errors, autocomplete: "new-password"),
                        Forms.field(Text.repeatPassword, name: "repeated", type: .password, errors: errors, autocomplete: "new-password"),
                        Forms.submit(Text.submit))
        )
    }

    static func invalid() -> String {
        Layout.render(title: Text.invalidTitle, .h1(.text(Text.invalidTitle)), .p(.class("lead"), .text(Text.invalid)))
    }
}
