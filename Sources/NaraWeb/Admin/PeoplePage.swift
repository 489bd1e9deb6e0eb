import Foundation
import NaraCore
import Plot

extension SiteURL {
    static func adminFinanceDirector(_ membership: UUID) -> String { "/admin/medlemskap/\(membership.uuidString)/ekonomichef" }
}

/// People with their memberships: the role and duties of each, the forms that change them, and
/// deactivation.
struct AdminPeoplePage {
    enum Text {
        static let title = "Personer"
        static let invite = "Bjud in en person"
        static let search = "Sök på namn eller e-post"
        static let caption = "Personer, deras roller och uppdrag"
        static let financeDirector = "Ekonomichef"
        static let grant = "Ge attesträtt"
        static let remove = "Ta bort attesträtt"
        static let changeRole = "Ändra roll"
        static let explanation = "Ekonomichefen (attesträtt) attesterar rekvisitioner och ekonomiska redovisningar för sin organisation. "
            + "Uppdraget kan ges i organisationer som tar emot medel: regioner, RSS, SKR och andra nationella mottagare."
    }

    let list: PeopleList
    let csrf: String
    /// A refused change, linked to the person's row.
    var errors: [FieldError] = []

    func render() -> String {
        Layout.render(title: Text.title, breadcrumbs: [("Administration", SiteURL.admin), (Text.title, nil)], current: SiteURL.admin,
            Forms.errorSummary(errors),
            .h1(.text(Text.title)),
            .p(.a(.class("button"), .href(SiteURL.adminInvite), .text(Text.invite))),
            .p(.text(Text.explanation)),
            .form(.method(.get), .action(SiteURL.adminPeople), .class("filter-form"),
                  Forms.field(Text.search, name: "q", value: list.query, type: .search), Forms.submit("Sök")),
            .div(.class("table-wrap"), .attribute(named: "tabindex", value: "0"), .table(.class("people-table"),
                .caption(.text(Text.caption)),
                .thead(.tr(Blocks.col("Namn"), Blocks.col("E-post"), Blocks.col("Organisation, roll och uppdrag"), Blocks.col("Status"))),
                .tbody(.forEach(list.people) { person in
                    .tr(.id("person-" + person.id.uuidString), Blocks.rowHeader(.text(person.name)),
                        Blocks.cell(person.email),
                        .td(.forEach(person.memberships) { membership(person, $0) }),
                        .td(.text(person.status + " "),
                            Forms.button(person.isActive ? "Inaktivera" : "Aktivera", action: SiteURL.adminToggleActive(person.id), csrf: csrf,
                                         label: (person.isActive ? "Inaktivera " : "Aktivera ") + person.name)))
                })
            ))
        )
    }

    /// One membership: its role form, and the finance-director duty where it can be held.
    func membership(_ person: PeopleList.Person, _ m: PeopleList.Membership) -> Node<HTML.BodyContext> {
        let id = m.id.uuidString
        let whom = " för \(person.name) i \(m.organisation)"
        let error = errors.first { $0.field == "role-" + id }
        return .div(.class("membership"),
            .form(.method(.post), .action(SiteURL.adminChangeRole(m.id)), .class("role-form"),
                  Forms.csrf(csrf),
                  .div(.class(error == nil ? "field" : "field field-error"),
                       .label(.for("role-" + id), .text("Roll i \(m.organisation)")),
                       .unwrap(error) { .p(.class("error-message"), .id("role-\(id)-error"), .span(.class("visually-hidden"), .text("Fel: ")), .text($0.message)) },
                       .select(.id("role-" + id), .attr("name", "role"),
                               .if(error != nil, .attr("aria-describedby", "role-\(id)-error")),
                               .if(error != nil, .attribute(named: "aria-invalid", value: "true")),
                               .forEach(m.roles) { r in
                                   .element(named: "option", nodes: [
                                       Node<HTML.BodyContext>.attr("value", r.rawValue),
                                       .if(r.rawValue == m.role, .attribute(named: "selected", value: "selected")),
                                       .text(r.swedishName)])
                               })),
                  .unwrap(m.agreementManager) { manages in Self.agreementDuty(id: id, organisation: m.organisation, manages: manages) },
                  .button(.type(.submit), .class("button button-secondary"), .text(Text.changeRole),
                          .span(.class("visually-hidden"), .text(whom)))),
            .if(m.canBeFinanceDirector || m.financeDirector,
                .div(.class("duty"),
                   .if(m.financeDirector, .span(.class("tag"), .text(Text.financeDirector))), .text(" "),
                   .form(.method(.post), .action(SiteURL.adminFinanceDirector(m.id)), .class("inline-form"),
                         Forms.csrf(csrf),
                         .input(.type(.hidden), .name("finance_director"), .attr("value", m.financeDirector ? "nej" : "ja")),
                         .button(.type(.submit), .class("button button-secondary"), .text(m.financeDirector ? Text.remove : Text.grant),
                                 .span(.class("visually-hidden"), .text(whom))))))
        )
    }

    /// The duty to manage agreements, where it can be given (state bodies and SKR).
    static func agreementDuty(id: String, organisation: String, manages: Bool) -> Node<HTML.FormContext> {
        var attributes: [Attribute<HTML.InputContext>] = [.type(.checkbox), .id("agreements-" + id), .name("agreement_manager"), .value("1")]
        if manages { attributes.append(Attribute(name: "checked", value: "checked")) }
        return .div(.class("field field-check"), .selfClosedElement(named: "input", attributes: attributes),
                    .label(.for("agreements-" + id), .text("Hanterar överenskommelser i " + organisation)))
    }
}
