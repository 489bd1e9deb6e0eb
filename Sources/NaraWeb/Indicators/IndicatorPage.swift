import Foundation
import NaraCore
import Plot

/// One indicator: a chart of one region over the years against the target, and every region in
/// a table with the money each agreement gave it.
struct IndicatorPage {
    let view: IndicatorView

    func render() -> String {
        let d = view.definition, series = view.series, regional = view.regional, name = view.regionName
        let counties = Geography.shipped.counties
        return Layout.render(title: d.name, breadcrumbs: [("Uppföljning", SiteURL.followUp), ("Indikatorer", "/uppfoljning/indikatorer"), (d.name, nil)],
                             current: SiteURL.followUp,
            .h1(.text(d.name)),
            .p(.class("lead"), .text(d.target.map { "Mål: minst \(Indicators.text($0, unit: d.unit))." } ?? "Indikatorn har inget mål."), .text(" " + d.source)),
            .if(series.generated, .div(.class("generated-note"), .p(.strong(.text("Demodata. ")),
                .text("Värdena är genererade för att visa sidan; de är inte verkliga uppgifter. Importera verkliga värden som CSV.")))),
            .if(!series.sources.isEmpty, .p(.class("muted"), .text("Källa: " + series.sources.joined(separator: "; ")))),
            .form(.method(.get), .action("/uppfoljning/indikatorer/\(d.key)"), .class("filter-form"),
                  Forms.select("Region i diagrammet", name: "region", options: counties.map { ($0.code, $0.name) }, selected: view.region),
                  Forms.select("Kön", name: "kon", options: [("", "Alla"), ("K", "Kvinnor"), ("M", "Män")], selected: view.sex),
                  Forms.submit("Visa")),
            DataTable.downloads("/uppfoljning/indikatorer/\(d.key)", query: "kon=\(view.sex)"),
            .h2(.id("vald-region"), .text(name)),
            Charts.bars(id: "diagram", title: "\(d.name): \(name) per år",
                        description: series.years.map { y in "\(y): \(regional[y].map { Indicators.text($0, unit: d.unit) } ?? "inget värde")" }.joined(separator: "; ")
                            + (d.target.map { ". Mål \(Indicators.text($0, unit: d.unit))" } ?? ""),
                        bars: series.years.map { y in .init(label: String(y), value: regional[y] ?? 0, valueText: regional[y].map { Indicators.text($0, unit: d.unit) } ?? "–") },
                        maxValue: 10_000, target: d.target.map { ($0, (d.direction == .atMost ? "högst " : "minst ") + Indicators.text($0, unit: d.unit)) }),
            view.table.node())
    }
}
