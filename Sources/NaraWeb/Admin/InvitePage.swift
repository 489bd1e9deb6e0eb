import Foundation
import NaraCore
import NaraPersistence
import Plot

/// Inviting a person into an organisation with a role, and the finance-director duty where the
/// organisation receives money; after sending, the one-time link.
struct AdminInvitePage {
    enum Text {
        static let title = "Bjud in en person"
        static let financeDirector = "Ekonomichef (attesträtt)"
        static let financeDirectorHint = "Attesterar rekvisitioner och ekonomiska redovisningar för organisationen. "
            + "Kan bara ges i organisationer som tar emot medel: regioner, RSS, SKR och andra nationella mottagare."
    }

    let organisations: [OrganisationModel]
    let form: InvitationService.Form
    let csrf: String
    let errors: [FieldError]
    let sentLink: String?
    let mailed: Bool
    /// Said above the form when sending it will first ask for a fresh e-ID sign-in.
    var stepUp: StepUpNotice?

    /// An empty form, or the one just sent.
    static func blank(_ organisations: [OrganisationModel], csrf: String, sentLink: String? = nil, mailed: Bool = false) -> AdminInvitePage {
        AdminInvitePage(organisations: organisations, form: .init(), csrf: csrf, errors: [], sentLink: sentLink, mailed: mailed)
    }

    func render() -> String {
        let orgOptions = organisations.map { (value: $0.id!.uuidString, label: "\($0.name) (\(OrganisationKind(rawValue: $0.kind)?.swedishName ?? $0.kind))") }
        return Layout.render(title: Text.title, breadcrumbs: [("Administration", SiteURL.admin), ("Personer", SiteURL.adminPeople), ("Bjud in", nil)],
                             current: SiteURL.admin,
            .h1(.text(Text.title)),
            Forms.errorSummary(errors),
            .unwrap(sentLink) { link in
                Blocks.notice("ok", heading: "Inbjudan är skapad",
                    .p(.text(mailed ? "Inbjudan har skickats med e-post. Länken nedan fungerar en gång och i sju dagar." :
                                      "E-post är inte konfigurerad: skicka länken till personen själv. Den fungerar en gång och i sju dagar.")),
                    .p(.code(.id("inbjudningslank"), .text(link))))
            },
            .unwrap(stepUp) { $0.render() },
            .form(.method(.post), .action(SiteURL.adminInvite), .class("narrow-form"),
                  Forms.csrf(csrf),
                  Forms.field("E-postadress", name: "email", value: Accounts.normalise(form.email ?? ""), type: .email, errors: errors, autocomplete: "off"),
                  Forms.select("Organisation", name: "organisation", options: [(value: "", label: "Välj organisation")] + orgOptions,
                               selected: form.organisation ?? "", errors: errors),
                  Forms.select("Roll", name: "role", options: [(value: "", label: "Välj roll")] + Role.allCases.map { ($0.rawValue, $0.swedishName) },
                               selected: form.role ?? "", errors: errors),
                  financeDirectorBox,
                  Forms.submit("Skapa inbjudan"))
        )
    }

    /// The duty's checkbox with its hint, and its message when the organisation receives no money.
    var financeDirectorBox: Node<HTML.FormContext> {
        let error = errors.first { $0.field == "finance_director" }
        var attributes: [Attribute<HTML.InputContext>] = [.type(.checkbox), .id("finance_director"), .name("finance_director"), .value("ja"),
                                                          .attr("aria-describedby", "finance_director-hint" + (error == nil ? "" : " finance_director-error"))]
        if form.financeDirector { attributes.append(Attribute(name: "checked", value: "checked")) }
        if error != nil { attributes.append(Attribute(name: "aria-invalid", value: "true")) }
        return .div(.class(error == nil ? "field" : "field field-error"),
            .unwrap(error) { .p(.class("error-message"), .id("finance_director-error"), .span(.class("visually-hidden"), .text("Fel: ")), .text($0.message)) },
            .div(.class("field-check"), .selfClosedElement(named: "input", attributes: attributes),
                 .label(.for("finance_director"), .text(Text.financeDirector))),
            .p(.class("hint"), .id("finance_director-hint"), .text(Text.financeDirectorHint)))
    }
}
