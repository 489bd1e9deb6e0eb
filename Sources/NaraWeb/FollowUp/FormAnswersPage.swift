import Foundation
import NaraCore
import Plot

/// A questionnaire's answers in one year: each question with its number of answers, and the
/// full export.
struct FormAnswersPage {
    let model: FormAnswers

    func render() -> String {
        let c = model.context, key = c.key, year = c.year
        let path = "/uppfoljning/formular/\(key.urlPart)"
        return Layout.render(title: "Svar \(year) – \(c.definition.title)", breadcrumbs: [("Uppföljning", SiteURL.followUp), ("Svar \(year)", nil)],
                             current: SiteURL.followUp,
            .h1(.text(c.definition.title)),
            .p(.class("lead"), .text("Svar från de rapporter som skickats in för \(year). Välj en fråga för att se svaren från alla mottagare.")),
            .nav(.attribute(named: "aria-label", value: "År"), .ul(.class("downloads"), .forEach(c.years) { y in
                .li(y == year ? .strong(.attribute(named: "aria-current", value: "page"), .text(String(y))) : .a(.href(AnalysisRoutes.formURL(key, year: y)), .text(String(y))))
            })),
            .if(model.generated, AnalysisRoutes.generatedNote),
            .p(.class("compilation-link"), .a(.href(CompilationRoutes.url(key, year: year)), .text("Nationell sammanställning")),
               .text(" – alla frågor \(year) i ett dokument att skriva ut, som PDF, Excel eller för Word.")),
            DataTable.downloads(path, query: "ar=\(year)"),
            model.table.node(),
            .h2(.text("Hela exporten")),
            .p(.text("Alla svar för \(year), en rad per mottagare med en kolumn per fråga (bred), eller en rad per svar (lång).")),
            .ul(.class("downloads"),
                .li(.a(.href("\(path)/export?ar=\(year)&layout=bred&format=xlsx"), .text("Bred tabell som Excel"))),
                .li(.a(.href("\(path)/export?ar=\(year)&layout=bred&format=csv"), .text("Bred tabell som CSV"))),
                .li(.a(.href("\(path)/export?ar=\(year)&layout=lang&format=xlsx"), .text("Lång tabell som Excel"))),
                .li(.a(.href("\(path)/export?ar=\(year)&layout=lang&format=csv"), .text("Lång tabell som CSV"))),
                .li(.a(.href("\(path)/export?ar=alla&layout=bred&format=xlsx"), .text("Alla år, bred tabell som Excel")))))
    }
}
