import Foundation
import NaraCore
import NaraPersistence
import Plot

/// The money of an agreement per recipient: allocated → requisitioned → paid → used → repaid →
/// balance, one row each and the total; each recipient's development areas are on its funds page.
struct MoneyOverviewPage {
    let agreement: Agreement
    let rows: [MoneyService.Row]

    func render() -> String {
        let year = agreement.year
        let table = MoneyOverviewTable(year: year, rows: rows)
        let warnings = rows.flatMap { r in r.total.warnings.map { "\(r.organisation.name): \($0)" } }
        return Layout.render(title: "Medel \(year)", breadcrumbs: [("Överenskommelser", SiteURL.home), (String(year), SiteURL.agreement(year)), ("Medel", nil)],
            .h1(.text("Medlen i överenskommelsen \(year)")),
            .p(.class("lead"), .text("Från tilldelning till saldo, per mottagare, i kronor. Varje steg stäms av mot det föregående. Välj en mottagare för att se medlen per utvecklingsområde, rekvisitioner, utbetalningar och redovisning.")),
            .ul(.class("downloads"), .li(.a(.href(SiteURL.moneyCSV(year)), .text("Ladda ned som CSV"))),
                .li(.a(.href(SiteURL.moneyOverview(year) + "/tabell.xlsx"), .text("Ladda ned för Excel (.xlsx)")))),
            .if(!warnings.isEmpty, Blocks.notice("warning", heading: "Stämmer inte", .ul(.forEach(warnings) { .li(.text($0)) }))),
            rows.isEmpty ? .p(.class("muted"), .text("Ingen mottagare har tilldelats eller rekvirerat medel ur överenskommelsen \(year).")) : table.node(),
            .p(.class("muted"), .text("Saldo är det utbetalda minus det som redovisats som använt och det som betalats tillbaka. "
                + "– betyder att mottagaren ännu inte har en attesterad ekonomisk redovisning. Återkrav efter en ändringsöverenskommelse räknas som återbetalt först när det är betalt."))
        )
    }
}
