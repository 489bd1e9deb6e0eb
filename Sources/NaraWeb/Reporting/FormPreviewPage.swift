import Foundation
import NaraCore
import NaraPersistence
import Plot

/// A stored questionnaire version as recipients will see it, for administrators; nothing is saved.
struct FormPreviewPage {
    let model: FormDefinitionModel
    let definition: FormDefinition
    let csrf: String
    /// The questionnaire's draft, when one is being built.
    var draft: FormDraftModel? = nil

    /// Preview section by section, the workbook, the versions, and a copy into a new year's draft.
    var actions: Node<HTML.BodyContext> {
        let next = (FormYear.year(of: definition) ?? Calendar.current.component(.year, from: Date())) + 1
        return .div(.class("form-actions-panel"),
            .ul(.class("link-list"),
                .li(.a(.href(SiteURL.adminFormSection(model.id!, 0)), .text("Förhandsgranska avsnitt för avsnitt, med villkoren"))),
                .li(.a(.href(SiteURL.adminFormVersions(model.formKey)), .text("Versioner och skillnader mellan dem"))),
                .li(.a(.href("/admin/formular/\(model.id!.uuidString)/arbetsbok"), .text("Ladda ner som Excel-arbetsbok (.xlsx)")))),
            .unwrap(draft) { m in
                .p(.class("notice"), .text("Formuläret har ett utkast som inte är publicerat. "), .a(.href(SiteURL.adminDraft(m.id!)), .text("Öppna utkastet")))
            },
            .if(draft == nil, .form(.method(.post), .action(SiteURL.adminFormCopy(model.id!)), .class("narrow-form"),
                  Forms.csrf(csrf),
                  Forms.field("Kopiera till ett nytt utkast för år", name: "year", value: String(next),
                              hint: "Årtalet \(FormYear.year(of: definition).map(String.init) ?? "") i texterna byts mot det nya och markeras så att du kan se över dem; frågornas id behålls så att uppföljningen kan jämföra åren. Lämna tomt för att kopiera utan att byta år."),
                  Forms.submit("Kopiera till utkast", secondary: true))))
    }

    func render() -> String {
        let d = definition
        return Layout.render(title: "Förhandsgranskning: \(d.title)", breadcrumbs: [("Administration", SiteURL.admin), ("Formulär", SiteURL.adminForms), (d.title, nil)],
                             current: SiteURL.admin,
            .h1(.text(d.title)),
            .p(.class("muted"), .text("Förhandsgranskning av version \(model.version) som mottagarna ser den (\(d.questions.count) frågor). Inget sparas här.")),
            actions,
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
