import Foundation
import NaraCore
import Plot

/// "Målbild": a region describes its joint goal picture and how it is followed up; anyone else
/// reads it.
struct OwnGoalPicturePage {
    let model: OwnGoalPicture
    var errors: [FieldError] = []
    let csrf: String
    /// A decision date as it was typed, kept when it could not be read.
    var typedDate: String? = nil

    func render() -> String {
        let org = model.organisation, shown = model.shown
        return Layout.render(title: "Målbild – \(org.name)", breadcrumbs: [("Målbild", nil)],
            .h1(.text("Målbild för omställningen till nära vård")),
            .p(.class("lead"), .text(model.isRegion ? "\(org.name) beskriver här sin länsgemensamma målbild och hur den följs upp. Socialstyrelsen och SKR ser målbilderna per län."
                                     : "Målbilder registreras av regionerna. \(org.name) är ingen region.")),
            .if(!model.canEdit, shown.map { GoalPicturePage.sections($0) } ?? .p(.text(model.isRegion ? "Ingen målbild är registrerad." : ""))),
            .if(model.canEdit, Forms.errorSummary(errors)),
            .if(model.canEdit, .form(.method(.post), .action("/malbild"), .class("narrow-form"),
                Forms.csrf(csrf),
                Forms.field("Målbildens namn", name: "title", value: shown?.title ?? "", errors: errors, required: true),
                textarea("Beskrivning", name: "summary", value: shown?.summary ?? ""),
                textarea("Framgångsfaktorer, en per rad", name: "factors", value: shown?.factors.joined(separator: "\n") ?? ""),
                textarea("Så följs målbilden upp", name: "followup", value: shown?.followUp ?? ""),
                Forms.field("Beslutsdatum (ÅÅÅÅ-MM-DD), om det finns", name: "decided_on", value: typedDate ?? shown?.decidedOn?.iso ?? "", errors: errors),
                Forms.field("Beslutad av", name: "decided_by", value: shown?.decidedBy ?? "", errors: errors),
                Forms.submit("Spara målbilden"))))
    }

    func textarea<C: HTML.BodyContext>(_ label: String, name: String, value: String) -> Node<C> {
        Forms.textarea(label, name: name, value: value, errors: errors, rows: 5)
    }
}
