import Foundation
import NaraCore
import Plot

/// One question's answers from every recipient: a chart and tables for choices and numbers,
/// the answers page by page for text; filters by year, county, kind and recipient.
struct QuestionAnswersPage {
    let model: QuestionAnswers

    var base: String { AnalysisRoutes.questionURL(model.context.key, model.question.id) }

    func render() -> String {
        let c = model.context, q = model.question, scope = model.scope, year = c.year
        let counties: [(value: String, label: String)] = [("", "Alla län")] + Geography.shipped.counties.map { ($0.code, $0.name) }
        let filtered = !(scope.county.isEmpty && scope.kind.isEmpty && scope.recipient == nil)
        return Layout.render(title: "Fråga \(q.number), \(year) – " + c.definition.title,
                             breadcrumbs: [("Uppföljning", SiteURL.followUp), ("Svar \(year)", AnalysisRoutes.formURL(c.key, year: year)), ("Fråga \(q.number)", nil)],
                             current: SiteURL.followUp,
            .h1(.text("Fråga \(q.number): \(q.text)")),
            .p(.class("lead"), .text("\(c.definition.title), \(year). \(q.type.swedishName). Svar från \(model.submitted) inskickade rapporter\(filtered ? " med de valda filtren" : "")."),
               .text(" "), .a(.href(base + "/trend?ar=\(year)"), .text("Se utvecklingen över åren"))),
            .if(model.generated, AnalysisRoutes.generatedNote),
            .form(.method(.get), .action(base), .class("filter-form"),
                  Forms.select("År", name: "ar", options: c.years.map { (String($0), String($0)) }, selected: String(year)),
                  Forms.select("Län", name: "lan", options: counties, selected: scope.county),
                  Forms.select("Mottagartyp", name: "typ", options: [("", "Alla typer"), ("rss", "RSS (kommunerna i länet)"), ("region", "Region")], selected: scope.kind),
                  Forms.select("Mottagare", name: "mottagare", options: [("", model.recipientsLimited && scope.county.isEmpty ? "Alla mottagare (välj ett län för att välja en)" : "Alla mottagare")] + model.recipients, selected: scope.recipient?.uuidString ?? ""),
                  Forms.submit("Visa")),
            DataTable.downloads(base, query: downloadQuery),
            detail)
    }

    /// The filters of the page, kept by its downloads.
    var downloadQuery: String { model.scope.queryString + (model.option.map { "&alternativ=" + $0.urlPart } ?? "") }

    var detail: Node<HTML.BodyContext> {
        switch model.detail {
        case .choices(let tally, let byCounty, let chosen): return choices(tally, byCounty: byCounty, chosen: chosen)
        case .numbers(let stats): return numbers(stats)
        case .texts(let count, let rows): return texts(count: count, rows: rows)
        }
    }

    func choices(_ tally: ChoiceTally, byCounty: [String: [String: Int]], chosen: (count: Int, rows: [ListedAnswer])?) -> Node<HTML.BodyContext> {
        let q = model.question
        let denominator = q.type == .singleChoice ? tally.respondents : max(1, tally.respondents)
        return .group(
            Charts.bars(id: "diagram", title: "Fråga \(q.number): svar per alternativ, \(model.context.year)",
                        description: tally.lines.map { "\($0.label): \($0.count) (\(Share.text($0.count, of: denominator)))" }.joined(separator: "; "),
                        bars: tally.lines.map { .init(label: $0.label, value: Int64($0.count), valueText: "\($0.count) (\(Share.text($0.count, of: denominator)))") }),
            model.table.node(),
            .h2(.id("per-lan-rubrik"), .text("Per län")),
            .unwrap(model.byCountyTable) { split in
                .group(DataTable.downloads(base, query: downloadQuery, table: split.id, name: "tabellen per län"), split.node())
            },
            model.option.map { option in
                .group(.h2(.id("vem"), .text("Svarade ”\(option)” (\(chosen?.count ?? 0))")),
                       DataTable(id: "vem-svarade", caption: "Mottagare som svarade ”\(option)”", columns: ["Mottagare", "Län", "Kommentar"],
                                 rows: (chosen?.rows ?? []).map { [.link($0.organisation, href: SiteURL.report($0.reportID)), .text(AnalysisRoutes.countyName($0.countyCode)),
                                                                   .text($0.comment)] }).node())
            } ?? .p(.id("vem"), .text("Välj ett antal i tabellen för att se vilka mottagare som svarade så.")))
    }

    func numbers(_ stats: NumberStats?) -> Node<HTML.BodyContext> {
        let q = model.question
        func text(_ n: Int64) -> String { AnalysisRoutes.numberText(n, q) }
        guard let s = stats else { return .group(.p(.text("Ingen har svarat på frågan med de valda filtren.")), model.table.node()) }
        let median = s.twiceMedian % 2 == 0 ? text(s.twiceMedian / 2) : text(s.twiceMedian / 2) + " (mellan två värden)"
        return .group(
            .div(.class("table-wrap"), .attribute(named: "tabindex", value: "0"), .table(.id("sammanfattning"), .caption(.text("Sammanfattning (\(s.count) svar)")),
                .tbody(.tr(Blocks.rowHeader(.text("Summa")), Blocks.num(text(s.sum))),
                       .tr(Blocks.rowHeader(.text("Median")), Blocks.num(median)),
                       .tr(Blocks.rowHeader(.text("Lägsta")), Blocks.num(text(s.min))),
                       .tr(Blocks.rowHeader(.text("Högsta")), Blocks.num(text(s.max)))))),
            Charts.bars(id: "diagram", title: "Fråga \(q.number): fördelning av svaren, \(model.context.year)",
                        description: s.buckets.map { "\(text($0.from))–\(text($0.to)): \($0.count)" }.joined(separator: "; "),
                        bars: s.buckets.map { .init(label: "\(text($0.from)) – \(text($0.to))", value: Int64($0.count), valueText: String($0.count)) }),
            model.table.node())
    }

    func texts(count: Int, rows: [ListedAnswer]) -> Node<HTML.BodyContext> {
        let q = model.question, page = model.page, perPage = QuestionAnswers.textsPerPage
        let query = model.scope.queryString
        return .group(
            .unwrap(model.themes) { ThemesBlock(themes: $0, questionNumber: q.number, year: model.context.year, county: model.scope.county.isEmpty ? nil : model.scope.county).node },
            .p(.text("\(count) svar\(count > perPage ? ", sida \(page) av \((count + perPage - 1) / perPage)" : "").")),
            .ul(.class("answers-list"), .forEach(rows) { r in
                .li(.h3(.a(.href(SiteURL.report(r.reportID)), .text(r.organisation))),
                    .p(.class("muted"), .text(AnalysisRoutes.countyName(r.countyCode))),
                    model.files[r.reportID].map { .p(.text("Bifogad: "), FormFields.link($0)) }
                        ?? .forEach(AnalysisRoutes.display(r.value, q).split(separator: "\n", omittingEmptySubsequences: true).map(String.init)) { .p(.text($0)) },
                    .if(!r.comment.isEmpty, .p(.em(.text("Kommentar: ")), .text(r.comment))))
            }),
            .if(count > perPage, .ul(.class("pager"),
                .if(page > 1, .li(.a(.href(base + "?" + query + "&sida=\(page - 1)"), .text("Föregående sida")))),
                .if(page * perPage < count, .li(.a(.href(base + "?" + query + "&sida=\(page + 1)"), .text("Nästa sida")))))))
    }
}
