import Foundation
import NaraCore
import NaraPersistence
import Plot

/// A section's heading and introduction in the builder.
struct SectionEditorPage {
    let draft: FormDrafts.Loaded
    let index: Int
    let heading: String
    let introduction: String
    let csrf: String
    var errors: [FieldError] = []
    var alert: String? = nil

    func render() -> String {
        let title = "Ändra avsnitt \(index + 1)"
        return Layout.render(title: title + " – " + draft.definition.title,
                             breadcrumbs: [("Administration", SiteURL.admin), ("Formulär", SiteURL.adminForms), ("Utkast", SiteURL.adminDraft(draft.id)), (title, nil)],
                             current: SiteURL.admin,
            .unwrap(alert) { .div(.class("error-summary"), .attribute(named: "role", value: "alert"), .attribute(named: "tabindex", value: "-1"),
                                  .h2(.class("error-summary-title"), .text("Avsnittet sparades inte")), .p(.text($0))) },
            Forms.errorSummary(errors),
            .h1(.text(title)),
            .form(.method(.post), .action(SiteURL.adminDraftSection(draft.id, index)), .class("narrow-form"), .data(named: "live", value: "section"),
                  Forms.csrf(csrf),
                  .input(.type(.hidden), .name("revision"), .value(String(draft.model.revision))),
                  Forms.field("Rubrik", name: "heading", value: heading, errors: errors),
                  Forms.textarea("Inledning (frivillig)", name: "sectionIntroduction", value: introduction,
                                 hint: "Till exempel citat ur överenskommelsen: ”Från Överenskommelsen: …”. Skilj stycken åt med en tom rad.", errors: errors, rows: 6),
                  .div(.class("button-row"), Forms.submit("Spara avsnittet"),
                       .a(.href(SiteURL.adminDraft(draft.id) + "#avsnitt-\(index + 1)"), .text("Avbryt")))))
    }
}
