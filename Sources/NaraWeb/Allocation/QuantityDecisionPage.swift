import Foundation
import NaraCore
import NaraPersistence
import Plot

/// One recipient's quantity report as Socialstyrelsen decides on it: accept as reported, or
/// adjust to another quantity with a reason the recipient sees.
struct QuantityDecisionPage {
    enum Text {
        static func title(_ name: String) -> String { "Rapport från \(name)" }
        static let reported = "Rapporterat antal"
        static let accepted = "Godkänt antal"
        static let status = "Status"
        static let comment = "Mottagarens kommentar"
        static let attachment = "Bilaga"
        static let reportedBy = "Rapporterad"
        static let decidedBy = "Beslutad"
        static let reason = "Skäl"
        static let decisionHeading = "Beslut"
        static let acceptHeading = "Godkänn som rapporterat"
        static let noteLabel = "Anteckning (valfritt)"
        static let accept = "Godkänn"
        static let adjustHeading = "Justera antalet"
        static let adjustLead = "Ange det antal som godkänns och skälet. Mottagaren ser båda."
        static let quantityLabel = "Godkänt antal"
        static let quantityHint = "Ett heltal, till exempel 120."
        static let reasonLabel = "Skäl till justeringen"
        static let adjust = "Justera"
        static let locked = "Potten är fördelad; beslutet kan inte längre ändras."
        static let back = "Tillbaka till alla rapporter"
        static let demo = "Demodata. "
        static let demoText = "Rapporten är genererad för att visa sidan; den är inte en verklig uppgift."
    }

    let view: QuantityPotView
    let row: QuantityRow
    let csrf: String
    let quantity: String
    let reason: String
    let note: String
    let errors: [FieldError]

    func render() -> String {
        let v = view
        let title = Text.title(row.name)
        let r = row.report!
        let orgID = row.organisation!.id!
        return Layout.render(title: title,
                             breadcrumbs: [("Överenskommelser", SiteURL.home), (String(v.year), SiteURL.agreement(v.year)),
                                           (v.pot.name, SiteURL.quantityReview(v.year, v.pot.id)), (row.name, nil)],
                             current: SiteURL.home,
            .h1(.text(title)),
            Forms.errorSummary(errors),
            .p(.class("lead"), .text("\(v.pot.name), \(v.year) (\(v.pot.amount.mnkrText())).")),
            .if(r.isDemo, .div(.class("generated-note"), .p(.strong(.text(Text.demo)), .text(Text.demoText)))),
            .dl(.class("figures"),
                .div(.dt(.text(Text.reported)), .dd(.text(v.quantityText(r.quantity)))),
                .div(.dt(.text(Text.status)), .dd(.id("status"), .text(row.state?.swedishName ?? r.state))),
                .unwrap(r.acceptedQuantity) { a in .div(.dt(.text(Text.accepted)), .dd(.text(v.quantityText(a)))) },
                .if(!r.reason.isEmpty, .div(.dt(.text(Text.reason)), .dd(.text(r.reason)))),
                .if(!r.comment.isEmpty, .div(.dt(.text(Text.comment)), .dd(.text(r.comment)))),
                .unwrap(r.attachmentName) { name in
                    .div(.dt(.text(Text.attachment)), .dd(.a(.href(SiteURL.quantityAttachment(orgID, v.year, v.pot.id)), .text(name))))
                },
                .div(.dt(.text(Text.reportedBy)), .dd(.text(SwedishDateTime.format(r.reportedAt) + " av " + r.reportedBy))),
                .unwrap(r.decidedAt) { at in .div(.dt(.text(Text.decidedBy)), .dd(.text(SwedishDateTime.format(at) + " av " + (r.decidedBy ?? "")))) }),
            decisionBlock(orgID),
            .p(.a(.href(SiteURL.quantityReview(v.year, v.pot.id)), .text(Text.back)))
        )
    }

    func decisionBlock(_ orgID: UUID) -> Node<HTML.BodyContext> {
        let v = view
        let action = SiteURL.quantityDecision(v.year, v.pot.id, orgID)
        let error = errors.first { $0.field == "decision" }
        let header: Node<HTML.BodyContext> = .group(
            .h2(.id("decision"), .attribute(named: "tabindex", value: "-1"), .text(Text.decisionHeading)),
            .unwrap(error) { .p(.class("error-message"), .id("decision-error"), .span(.class("visually-hidden"), .text("Fel: ")), .text($0.message)) })
        if v.isAllocated { return .group(header, .p(.text(Text.locked))) }
        return .group(
            header,
            .if(row.state == .reported, .group(
                .h3(.text(Text.acceptHeading)),
                .form(.method(.post), .action(action), .class("narrow-form"),
                      Forms.csrf(csrf),
                      .input(.type(.hidden), .name("decision"), .value("accept")),
                      Forms.field(Text.noteLabel, name: "note", value: note, errors: errors),
                      Forms.submit(Text.accept)))),
            .h3(.text(Text.adjustHeading)),
            .p(.text(Text.adjustLead)),
            .form(.method(.post), .action(action), .class("narrow-form"),
                  Forms.csrf(csrf),
                  .input(.type(.hidden), .name("decision"), .value("adjust")),
                  Forms.field("\(Text.quantityLabel) (\(v.unit))", name: "quantity", value: quantity, hint: Text.quantityHint, errors: errors,
                              autocomplete: "off", required: true),
                  Forms.field(Text.reasonLabel, name: "reason", value: reason, errors: errors, required: true),
                  Forms.submit(Text.adjust, secondary: true))
        )
    }
}
