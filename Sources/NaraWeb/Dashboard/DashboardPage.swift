import Foundation
import NaraCore
import Plot

/// One agreement year at a glance: reports, money, key questions and indicators, printable.
struct DashboardPage {
    let model: Dashboard

    func render() -> String {
        let year = model.year
        return Layout.render(title: model.title, breadcrumbs: [("Uppföljning", SiteURL.followUp), (model.title, nil)], current: SiteURL.followUp,
            .h1(.text(model.title)),
            .p(.class("lead"), .text("Inskickade rapporter, medlen och nyckelfrågornas svar för \(year) på ett ställe.")),
            .div(.class("page-tools"), .button(.type(.button), .class("button button-secondary"), .attribute(named: "data-print", value: "1"),
                                               .attribute(named: "hidden", value: "hidden"), .text("Skriv ut"))),
            .h2(.text("Rapporter")),
            model.statusTable.rows.isEmpty ? .p(.text("Inga rapportomgångar för \(year).")) : model.statusTable.node(),
            .h2(.text("Medel")),
            moneyTable.node(), .p(.a(.href(SiteURL.moneyOverview(year)), .text("Hela medelsöversikten per mottagare"))),
            .h2(.text("Nyckelfrågor")),
            model.charts.isEmpty ? .p(.text("Inga inskickade svar på flervalsfrågor ännu.")) : .group(model.charts.map(chart)),
            .h2(.text("Indikatorer")),
            model.indicatorTable.rows.isEmpty ? .p(.text("Inga indikatorvärden.")) : model.indicatorTable.node())
    }

    var moneyTable: DataTable {
        let m = model.money
        func row(_ label: String, _ amount: Money) -> [DataTable.Cell] { [.text(label), .number(Decimal(amount.ore) / 100, amount.krText)] }
        return DataTable(id: "medel", caption: "Medel till regioner och RSS, \(model.year)", columns: ["Steg", "Belopp"], numeric: [1], rows: [
            row("Fördelat", m.allocated), row("Rekvirerat", m.requisitioned), row("Utbetalt", m.paid),
            row("Redovisat som förbrukat", m.spent), row("Återbetalat", m.repaid),
        ])
    }

    func chart(_ c: Dashboard.ChoiceChart) -> Node<HTML.BodyContext> {
        let q = c.question, tally = c.tally
        return .group(
            .h3(.a(.href(AnalysisRoutes.questionURL(c.formKey, q.id) + "?ar=\(model.year)"), .text("Fråga \(q.number): \(Charts.clip(q.text, 120))"))),
            Charts.bars(id: "diagram-\(q.id)", title: "Fråga \(q.number), \(model.year): svar per alternativ",
                        description: tally.lines.map { "\($0.label): \($0.count)" }.joined(separator: "; "),
                        bars: tally.lines.map { .init(label: $0.label, value: Int64($0.count), valueText: "\($0.count) (\(Share.text($0.count, of: tally.respondents)))") }))
    }
}
