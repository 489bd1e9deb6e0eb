import Foundation
import NaraCore
import Plot

/// "Sök i fritextsvar": the search form and one page of hits, each with its snippet marked.
struct SearchPage {
    let model: SearchResults

    func render() -> String {
        let m = model, perPage = SearchResults.perPage
        return Layout.render(title: "Sök i fritextsvar", breadcrumbs: [("Uppföljning", SiteURL.followUp), ("Sök i fritextsvar", nil)], current: SiteURL.followUp,
            .h1(.text("Sök i fritextsvar")),
            .p(.class("lead"), .text("Söker i alla inskickade fritextsvar och kommentarer. Sökningen förstår svenska: ”samverkan” hittar också ”Samverkan” och ”samverkansstruktur”.")),
            .form(.method(.get), .action("/uppfoljning/sok"), .class("filter-form"), .attribute(named: "role", value: "search"),
                  Forms.field("Sökord", name: "q", value: m.query, type: .search),
                  Forms.select("År", name: "ar", options: [("", "Alla år")] + m.years.map { (String($0), String($0)) }, selected: m.yearText),
                  Forms.submit("Sök")),
            .if(m.hasTerms, .group(
                .h2(.id("traffar"), .text("\(m.total) träffar för ”\(m.query)”")),
                .if(!m.byRelevance, .p(.class("muted"), .text("Många träffar: de visas med de senast inskickade först. Lägg till ord eller välj ett år för att få dem ordnade efter hur väl de stämmer."))),
                .if(m.total > 0, DataTable.downloads("/uppfoljning/sok", query: m.queryString)),
                .ol(.class("answers-list"), .forEach(m.hits) { h in
                    .li(.h3(.a(.href(SiteURL.report(h.reportID)), .text(h.organisation))),
                        .p(.class("muted"), .text("\(AnalysisRoutes.countyName(h.countyCode)) · \(h.year) · "),
                           .a(.href(AnalysisRoutes.questionURL(h.formKey, h.questionID) + "?ar=\(h.year)"), .text("Fråga \(m.question(of: h)?.number ?? h.questionID)"))),
                        .p(.forEach(SwedishSearch.segments(h.snippet)) { s in s.hit ? .element(named: "mark", text: s.text) : .text(s.text) }))
                }),
                .if(m.total > perPage, .ul(.class("pager"),
                    .if(m.page > 1, .li(.a(.href("/uppfoljning/sok?\(m.queryString)&sida=\(m.page - 1)"), .text("Föregående sida")))),
                    .if(m.page * perPage < m.total, .li(.a(.href("/uppfoljning/sok?\(m.queryString)&sida=\(m.page + 1)"), .text("Nästa sida"))))))
            )),
            .if(!m.hasTerms && !m.query.isEmpty, .p(.text("Skriv minst ett ord med två bokstäver eller siffror."))))
    }
}
