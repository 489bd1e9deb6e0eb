import Foundation
import NaraCore
import Plot

/// The indicator catalogue and the form to import values, with an import's outcome.
struct IndicatorsPage {
    let list: IndicatorList
    /// Why the last import was refused (every problem; nothing was stored).
    var problems: [ImportProblem] = []
    /// What the last import stored.
    var message: String?
    let csrf: String

    func render() -> String {
        Layout.render(title: "Indikatorer", breadcrumbs: [("Uppföljning", SiteURL.followUp), ("Indikatorer", nil)], current: SiteURL.followUp,
            .h1(.text("Indikatorer")),
            .p(.class("lead"), .text("Indikatorer per region och år, mot överenskommelsernas mål.")),
            .ul(.class("task-list"), .forEach(list.items) { item in
                .li(.class("task"), .a(.href("/uppfoljning/indikatorer/\(item.definition.key)"), .text(item.definition.name)),
                    .span(.class("task-meta"), .text(Self.meta(item))))
            }),
            .h2(.id("importera"), .text("Importera värden")),
            .unwrap(message) { Blocks.notice("ok", heading: "Importen är klar", .p(.text($0))) },
            .if(!problems.isEmpty, .div(.class("error-summary"), .attribute(named: "role", value: "alert"), .id("felsammanfattning"),
                .h2(.class("error-summary-title"), .text("Filen importerades inte (\(problems.count) fel). Inget har ändrats.")),
                .ul(.forEach(problems.prefix(200)) { .li(.text($0.description)) }))),
            .p(.text("En CSV-fil med rubrikraden indikator;kod;år;värde;kön. Kod är länskod (två siffror) eller kommunkod (fyra), kön är K, M eller tomt, värdet skrivs som 55,3. Kända indikatorer: "
                     + IndicatorDefinition.catalogue.map(\.key).joined(separator: ", ")
                     + ". Ett värde som redan finns för samma indikator, kod, år och kön ersätts. Finns ett enda fel importeras ingenting.")),
            .form(.method(.post), .action("/uppfoljning/indikatorer"), .attribute(named: "enctype", value: "multipart/form-data"), .class("narrow-form"),
                  Forms.csrf(csrf),
                  .div(.class("field"), .label(.for("file"), .text("Fil (CSV)")),
                       .input(.type(.file), .id("file"), .name("file"), .attribute(named: "accept", value: ".csv,text/csv"))),
                  Forms.field("Källa", name: "source", value: "", hint: "Till exempel: Vården i siffror, hämtad 2026-11-01"),
                  Forms.submit("Importera")))
    }

    /// `Mål: minst 55,0 %. Värden för 2019–2023 (demovärden)`.
    static func meta(_ item: IndicatorList.Item) -> String {
        let d = item.definition, s = item.series
        return (d.target.map { "Mål: minst \(Indicators.text($0, unit: d.unit)). " } ?? "Inget mål. ")
            + (s.years.isEmpty ? "Inga värden ännu." : "Värden för \(s.years.first!)–\(s.years.last!)") + (s.generated ? " (demovärden)" : "")
    }
}
