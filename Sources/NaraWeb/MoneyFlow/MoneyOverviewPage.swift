import Foundation
import NaraCore
import NaraPersistence
import Plot

/// Allocated → requisitioned → paid → assigned → spent → repaid → balance, per recipient and area.
struct MoneyOverviewPage {
    let agreement: Agreement
    let rows: [MoneyService.Row]

    func render() -> String {
        let total = rows.map(\.total).reduce(MoneySteps(), +)
        let steps = MoneyRoutes.steps
        let areaTitles = Dictionary(uniqueKeysWithValues: agreement.areas.map { ($0.number, $0.title) })
        return Layout.render(title: "Medel \(agreement.year)", breadcrumbs: [("Överenskommelser", SiteURL.home), (String(agreement.year), SiteURL.agreement(agreement.year)), ("Medel", nil)],
            .h1(.text("Medlen i överenskommelsen \(agreement.year)")),
            .p(.class("lead"), .text("Från tilldelning till saldo, per mottagare och utvecklingsområde, i kronor. Varje steg stäms av mot det föregående. Återkrav efter en ändringsöverenskommelse räknas som återbetalt först när det är betalt.")),
            .ul(.class("downloads"), .li(.a(.href(SiteURL.moneyCSV(agreement.year)), .text("Ladda ned som CSV"))),
                .li(.a(.href(SiteURL.moneyOverview(agreement.year) + "/tabell.xlsx"), .text("Ladda ned för Excel (.xlsx)")))),
            .forEach(rows.flatMap { r in r.total.warnings.map { "\(r.organisation.name): \($0)" } }) { w in Blocks.notice("warning", heading: "Stämmer inte", .p(.text(w))) },
            .div(.class("table-wrap"), .attribute(named: "tabindex", value: "0"), .attribute(named: "role", value: "region"),
                 .attribute(named: "aria-label", value: "Medel per mottagare, kan rullas i sidled"), .table(.id("medel"),
                .caption(.text("Medel per mottagare")),
                .thead(.tr(Blocks.col("Mottagare"), Blocks.col("Område"), .forEach(steps) { Blocks.col($0.1, numeric: true) })),
                .tbody(.forEach(rows) { r in
                    .group(
                        .forEach(r.areas.keys.sorted()) { area in
                            .tr(.class("area-row"), Blocks.rowHeader(.text(r.organisation.name)),
                                Blocks.cell(area == 0 ? "Ej fördelat" : "\(area). \(areaTitles[area]?.prefix(40) ?? "")"),
                                .forEach(steps) { s in Blocks.num(area == 0 || s.0 != "tilldelat" ? r.areas[area]![keyPath: s.2].krText : "–") })
                        },
                        .tr(.class("recipient-total"), Blocks.rowHeader(.text(r.organisation.name)), Blocks.cell("Summa"),
                            .forEach(steps) { s in .td(.class("num"), .data(named: "step", value: s.0), .data(named: "ore", value: String(r.total[keyPath: s.2].ore)),
                                                      .text(r.total[keyPath: s.2].krText)) }))
                }),
                .tfoot(.tr(Blocks.rowHeader(.text("Summa")), .td(),
                           .forEach(steps) { s in .td(.class("num"), .data(named: "step", value: s.0), .text(total[keyPath: s.2].krText)) }))))
        )
    }
}
