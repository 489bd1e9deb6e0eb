import Foundation
import NaraCore
import NaraPersistence
import Plot

/// A stored questionnaire version as recipients will see it, for administrators; nothing is saved.
struct FormPreviewPage {
    let model: FormDefinitionModel
    let definition: FormDefinition

    func render() -> String {
        let d = definition
        return Layout.render(title: "Förhandsgranskning: \(d.title)", breadcrumbs: [("Administration", SiteURL.admin), ("Formulär", SiteURL.adminForms), (d.title, nil)],
                             current: SiteURL.admin,
            .h1(.text(d.title)),
            .p(.class("muted"), .text("Förhandsgranskning av version \(model.version) som mottagarna ser den (\(d.questions.count) frågor). Inget sparas här.")),
            .forEach(d.introduction) { .p(.text($0)) },
            .forEach(d.sections) { section in
                .section(.class("preview-section"),
                    .h2(.text(Wording.breakingAfterSlashes(section.heading))),
                    .forEach(section.introduction) { .p(.class("quote"), .text($0)) },
                    .unwrap(d.instruction) { .p(.class("instruction"), .strong(.text($0))) },
                    .forEach(section.questions) { q in FormFields.question(q, answer: nil, editable: true, error: nil) })
            })
    }
}
