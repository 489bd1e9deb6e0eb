import Foundation
import NaraCore
import NaraPersistence
import Plot

/// A recipient's report of its quantity for a pot (VFU weeks): the deadline, the report as it
/// stands with Socialstyrelsen's decision, the form while reports are received, and the amount
/// once the pot is allocated.
struct QuantityReportPage {
    enum Text {
        static func title(_ pot: String, _ year: Int) -> String { "Rapportera antal \(year): \(pot)" }
        static let pot = "Potten"
        static let deadline = "Sista dag att rapportera"
        static let recipient = "Mottagare"
        static let status = "Status"
        static let notReported = "Inte rapporterat"
        static let reportHeading = "Er rapport"
        static let reported = "Rapporterat antal"
        static let accepted = "Godkänt antal"
        static let reason = "Socialstyrelsens skäl"
        static let comment = "Kommentar"
        static let attachment = "Bilaga"
        static let reportedBy = "Rapporterad"
        static let formHeading = "Rapportera"
        static let changeHeading = "Ändra rapporten"
        static func formLead(_ d: CivilDate) -> String {
            "Rapportera antalet som ett heltal senast \(d.swedish). Ni kan ändra rapporten till och med den dagen, så länge Socialstyrelsen inte har beslutat om den."
        }
        static let quantityHint = "Ett heltal, till exempel 120."
        static let commentLabel = "Kommentar (valfritt)"
        static let attachmentLabel = "Bilaga (valfritt)"
        static let attachmentHint = "PDF, DOCX eller XLSX, högst 10 MB. En ny bilaga ersätter den tidigare."
        static let submit = "Skicka rapporten"
        static func closed(_ d: CivilDate) -> String { "Sista dag att rapportera var \(d.swedish). Rapporter tas inte längre emot." }
        static let noDeadline = "Överenskommelsen anger ingen sista dag för rapporteringen, så inga rapporter tas emot."
        static let decided = "Socialstyrelsen har beslutat om rapporten; den kan inte längre ändras."
        static let readOnly = "Du kan se rapporten men inte ändra den: det kräver rollen redigerare i organisationen."
        static func notNamed(_ pot: String) -> String { "Potten ”\(pot)” fördelas inte till er organisation, så ni rapporterar inget antal till den." }
        static let allocatedHeading = "Potten är fördelad"
        static func allocated(_ amount: Money) -> String { "Er andel är \(amount.krText), efter ert godkända antal." }
        static let nothing = "Ni får inget ur potten: den fördelas bara till mottagare som rapporterat ett antal före sista dagen och fått det godkänt."
        static let showAllocation = "Visa hela fördelningen"
        static let demo = "Demodata. "
        static let demoText = "Rapporten är genererad för att visa sidan; den är inte en verklig uppgift."
    }

    let view: QuantityPotView
    let organisation: OrganisationModel
    /// The organisation's row, nil if the pot does not name it.
    let row: QuantityRow?
    let canEdit: Bool
    let today: CivilDate
    let csrf: String
    let quantity: String
    let comment: String
    let errors: [FieldError]
    /// The organisation's amount once the pot is allocated (zero if it gets nothing).
    let allocated: Money?

    func render() -> String {
        let v = view
        let title = Text.title(v.pot.name, v.year)
        let report = row?.report
        return Layout.render(title: title,
                             breadcrumbs: [(organisation.name, SiteURL.organisation(organisation.id!)), (title, nil)],
            .h1(.text(title)),
            Forms.errorSummary(errors),
            .if(!v.pot.note.isEmpty, .p(.class("lead"), .text(v.pot.note))),
            .dl(.class("figures"),
                .div(.dt(.text(Text.pot)), .dd(.text(v.pot.amount.mnkrText()))),
                .div(.dt(.text(Text.deadline)), .dd(.text(v.deadline?.swedish ?? "–"))),
                .div(.dt(.text(Text.recipient)), .dd(.text(organisation.name))),
                .div(.dt(.text(Text.status)), .dd(.id("status"), .text(row?.state?.swedishName ?? Text.notReported)))),
            .if(report?.isDemo == true, .div(.class("generated-note"), .p(.strong(.text(Text.demo)), .text(Text.demoText)))),
            .if(row == nil, Blocks.notice("info", heading: Text.formHeading, .p(.text(Text.notNamed(v.pot.name))))),
            .unwrap(allocated) { amount in
                Blocks.notice(amount > .zero ? "ok" : "info", heading: Text.allocatedHeading,
                              .p(.text(amount > .zero ? Text.allocated(amount) : Text.nothing)),
                              .p(.a(.href(SiteURL.allocation(v.year, v.pot.id)), .text(Text.showAllocation))))
            },
            .unwrap(report) { reportBlock($0) },
            .if((row != nil && !v.isAllocated) || !errors.isEmpty, formBlock())
        )
    }

    func reportBlock(_ r: QuantityReportModel) -> Node<HTML.BodyContext> {
        .group(
            .h2(.text(Text.reportHeading)),
            .dl(.class("figures"),
                .div(.dt(.text(Text.reported)), .dd(.id("rapporterat"), .text(view.quantityText(r.quantity)))),
                .unwrap(r.acceptedQuantity) { a in .div(.dt(.text(Text.accepted)), .dd(.id("godkant"), .text(view.quantityText(a)))) },
                .if(!r.reason.isEmpty, .div(.dt(.text(Text.reason)), .dd(.text(r.reason)))),
                .if(!r.comment.isEmpty, .div(.dt(.text(Text.comment)), .dd(.text(r.comment)))),
                .unwrap(r.attachmentName) { name in
                    .div(.dt(.text(Text.attachment)), .dd(.a(.href(SiteURL.quantityAttachment(organisation.id!, view.year, view.pot.id)), .text(name))))
                },
                .div(.dt(.text(Text.reportedBy)), .dd(.text(SwedishDateTime.format(r.reportedAt) + " av " + r.reportedBy))))
        )
    }

    /// The form while reports are received (and after the deadline only to show why a late
    /// report was refused, at its field); otherwise why there is none.
    func formBlock() -> Node<HTML.BodyContext> {
        guard let deadline = view.deadline else { return .p(.text(Text.noDeadline)) }
        if row?.state?.isDecided == true && errors.isEmpty { return .p(.text(Text.decided)) }
        let open = today <= deadline
        if !open && errors.isEmpty { return Blocks.notice("info", heading: Text.formHeading, .p(.id("stangd"), .text(Text.closed(deadline)))) }
        if !canEdit { return .p(.text(Text.readOnly)) }
        let action = SiteURL.quantityReport(organisation.id!, view.year, view.pot.id)
        return .group(
            .h2(.text(row?.report == nil ? Text.formHeading : Text.changeHeading)),
            .p(.text(open ? Text.formLead(deadline) : Text.closed(deadline))),
            .form(.method(.post), .action(action), .attribute(named: "enctype", value: "multipart/form-data"), .class("narrow-form"),
                  Forms.csrf(csrf),
                  Forms.field("\(Text.reported) (\(view.unit))", name: "quantity", value: quantity, hint: Text.quantityHint, errors: errors,
                              autocomplete: "off", required: true),
                  Forms.field(Text.commentLabel, name: "comment", value: comment, errors: errors),
                  fileField(),
                  Forms.submit(Text.submit))
        )
    }

    func fileField() -> Node<HTML.FormContext> {
        let error = errors.first { $0.field == "attachment" }
        return .div(.class(error == nil ? "field" : "field field-error"),
            .label(.for("attachment"), .text(Text.attachmentLabel)),
            .p(.class("hint"), .id("attachment-hint"), .text(Text.attachmentHint)),
            .unwrap(error) { .p(.class("error-message"), .id("attachment-error"), .span(.class("visually-hidden"), .text("Fel: ")), .text($0.message)) },
            .input(.type(.file), .id("attachment"), .name("attachment"), .attribute(named: "accept", value: ".pdf,.docx,.xlsx"),
                   .attr("aria-describedby", error == nil ? "attachment-hint" : "attachment-hint attachment-error")))
    }
}
