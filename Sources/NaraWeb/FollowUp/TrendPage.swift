import Foundation
import NaraCore
import Plot

/// One question over the years: the share per option and year (or the number of answers), and
/// the years where the question has no counterpart.
struct TrendPage {
    let model: Trend

    func render() -> String {
        let c = model.context, q = model.question, year = c.year
        let base = AnalysisRoutes.questionURL(c.key, q.id)
        return Layout.render(title: "Fråga \(q.number) över åren – \(c.definition.title)",
                             breadcrumbs: [("Uppföljning", SiteURL.followUp), ("Svar \(year)", AnalysisRoutes.formURL(c.key, year: year)),
                                           ("Fråga \(q.number)", base + "?ar=\(year)"), ("Över åren", nil)],
                             current: SiteURL.followUp,
            .h1(.text("Fråga \(q.number) över åren")),
            .p(.class("lead"), .text(q.text)),
            .p(.text("Åren kopplas ihop genom frågans fasta id i samma formulär, eller genom en koppling som en administratör gjort mellan formulär.")),
            .if(!model.missing.isEmpty, Blocks.notice("warning", heading: "Frågan saknar motsvarighet vissa år",
                .ul(.forEach(model.missing) { m in
                    .li(.text("\(m.year): formulärets version det året har ingen fråga som motsvarar fråga \(q.number). Året visas inte i trenden, i stället för en missvisande jämförelse."))
                }))),
            .if(model.matched.count < 2, .p(.text("Det finns svar från \(model.matched.count) år; en trend kräver minst två."))),
            DataTable.downloads(base + "/trend", query: "ar=\(year)"),
            chart,
            model.table.node())
    }

    /// Shares per option, one bar per year in each option's group (per mille, shown as per cent).
    var chart: Node<HTML.BodyContext> {
        let q = model.question, matched = model.matched, labels = model.labels
        guard model.isChoice && !matched.isEmpty else { return .group() }
        func share(_ y: Trend.Year, _ label: String) -> (n: Int, of: Int) {
            (y.tally?.lines.first { $0.label == label }?.count ?? 0, y.tally?.respondents ?? 0)
        }
        return Charts.groupedBars(
            id: "trenddiagram", title: "Fråga \(q.number): andel per alternativ och år",
            description: labels.map { l in l + ": " + matched.map { y in "\(y.year) \(Share.text(share(y, l).n, of: share(y, l).of))" }.joined(separator: ", ") }
                .joined(separator: "; "),
            series: matched.map { String($0.year) },
            groups: labels.map { l in .init(label: l, values: matched.map { y in
                let (n, of) = share(y, l)
                return (Int64(Share.perMille(n, of: of)), Share.text(n, of: of))
            }) }, maxValue: 1000)
    }
}
