import Foundation
import NaraCore
import NaraPersistence
import Plot

/// The agreement editor: the whole agreement in one form. A draft is saved as it is (the sums
/// that do not add up are shown at their fields); a published agreement is changed only by an
/// amendment, whose date, reason and reference the form asks for.
struct AgreementEditorPage {
    let model: AgreementModel
    let form: AgreementForm
    let errors: [FieldError]
    /// Sums of the stored draft that do not add up.
    let reconciliation: [AgreementProblem]
    let csrf: String
    let notice: String?

    var published: Bool { model.isPublished }
    var fields: EditorFields { EditorFields(errors: errors + reconciliation.map { FieldError(field: $0.path, message: $0.message) }) }

    func render() -> String {
        let year = model.year
        let heading = published ? "Överenskommelse \(year): ändringsöverenskommelse" : "Överenskommelse \(year): utkast"
        return Layout.render(title: heading, breadcrumbs: [("Administration", SiteURL.admin), ("Överenskommelser", SiteURL.adminAgreements), (String(year), nil)],
                             current: SiteURL.admin,
            // The long compound may break as "ändrings-/överenskommelse" on a phone.
            .h1(.text(heading.replacingOccurrences(of: "ändringsöverenskommelse", with: "ändrings\u{00AD}överenskommelse"))),
            Forms.errorSummary(errors),
            .unwrap(notice) { Blocks.notice("info", heading: "Inte sparat", .p(.text($0))) },
            status(),
            .element(named: "form", nodes: [.attribute(named: "method", value: "post"), .attr("action", SiteURL.adminAgreement(year)),
                .class("agreement-form"), .attribute(named: "novalidate", value: "novalidate"),
                Forms.csrf(csrf),
                .input(.type(.hidden), .name("base_version"), .attr("value", form.baseVersion, keepEmpty: true)),
                saveButton(),
                general(),
                AgreementEditorRows(form: form, fields: fields).pots(),
                AgreementEditorRows(form: form, fields: fields).areas(),
                AgreementEditorRows(form: form, fields: fields).conditions(),
                AgreementEditorRows(form: form, fields: fields).milestones(),
                AgreementEditorRows(form: form, fields: fields).receipts(),
                .if(published, amendment()),
                saveButton()]))
    }

    func saveButton() -> Node<HTML.BodyContext> {
        .div(.class("form-actions"),
             .button(.type(.submit), .class("button"), .attribute(named: "name", value: "action"),
                     .attr("value", published ? "amend" : "save"),
                     .text(published ? "Spara som ändringsöverenskommelse" : "Spara utkastet")))
    }

    func status() -> Node<HTML.BodyContext> {
        if published {
            return Blocks.notice("info", heading: "Publicerad, version \(model.version)",
                .p(.text("Överenskommelsen är publicerad. En ändring sparas som en ändringsöverenskommelse: en ny version med datum, skäl och diarienummer. Fördelningarna räknas om som nya versioner, och varje mottagare som redan fått mer än sin nya fördelning får ett återkrav.")),
                .p(.a(.href(SiteURL.agreement(model.year)), .text("Den publicerade sidan")), .text(" · "),
                   .a(.href(SiteURL.agreementVersions(model.year)), .text("Versioner och ändringar"))))
        }
        if reconciliation.isEmpty && errors.isEmpty && notice == nil {
            return Blocks.notice("ok", heading: "Alla summor stämmer",
                .p(.text("Utkastet går ihop till öret. Förhandsgranska fördelningarna och publicera när det är klart.")),
                .p(.a(.class("button"), .href(SiteURL.adminPublish(model.year)), .text("Förhandsgranska och publicera"))))
        }
        guard !reconciliation.isEmpty else { return .group() }
        return .div(.class("notice notice-warning"),
            .h2(.class("notice-heading"), .text("Summor som inte stämmer än (\(reconciliation.count))")),
            .p(.text("Utkastet är sparat men kan inte publiceras förrän varje summa stämmer. Skillnaderna står vid fälten.")),
            .ul(.forEach(reconciliation) { p in .li(.a(.href("#" + Forms.attr(p.path)), .text(p.message))) }))
    }

    func general() -> Node<HTML.BodyContext> {
        let f = fields
        return EditorFields.fieldset("Överenskommelsen",
            f.text("Titel", "title", form.title),
            f.area("Sammanfattning", "summary", form.summary, rows: 4),
            .div(.class("field-row"),
                 f.text("Källa (dokumentets namn)", "source", form.source),
                 f.text("Diarienummer", "source_reference", form.sourceReference),
                 f.text("Undertecknad", "signed_on", form.signedOn, hint: "ÅÅÅÅ-MM-DD")),
            f.text("Ram", "frame_ore", form.frame, hint: "Hela beloppet, till exempel 3 200 000 000 eller 3 200 mnkr.", amount: true))
    }

    func amendment() -> Node<HTML.BodyContext> {
        let f = fields
        return EditorFields.fieldset("Ändringsöverenskommelse", id: "amendment",
            .p(.class("hint"), .text("Alla tre uppgifterna krävs. Sidan visar därefter vad som ändrats och vad det betyder för varje mottagare.")),
            f.text("Datum", "amendment.date", form.amendmentDate, hint: "ÅÅÅÅ-MM-DD"),
            f.area("Skäl till ändringen", "amendment.reason", form.amendmentReason, rows: 3),
            f.text("Diarienummer eller dokument", "amendment.reference", form.amendmentReference))
    }
}
