import Foundation
import NaraCore
import Plot

/// The section "Teman i svaren" of a free-text question's page: the distinguishing terms, how
/// many recipients used each, links to their answers, and how the terms are found.
struct ThemesBlock {
    let themes: [ThemeRow]
    let questionNumber: String
    let year: Int
    /// The county chosen on the page, if any.
    let county: String?

    var node: Node<HTML.BodyContext> {
        let countyName = county.map(AnalysisRoutes.countyName)
        let caption = "Teman i svaren på fråga \(questionNumber)" + (countyName.map { ", \($0)" } ?? "")
        return .section(.id("teman"), .attr("aria-labelledby", "teman-rubrik"),
            .h2(.id("teman-rubrik"), .text("Teman i svaren")),
            .p(.text(countyName.map { "Ord som skiljer svaren från \($0) från svaren i övriga län, \(year)." }
                     ?? "Ord som skiljer svaren på fråga \(questionNumber) från svaren på formulärets andra fritextfrågor, \(year). Välj ett län för att se länets teman.")),
            themes.isEmpty
                ? .p(.id("inga-teman"), .text("Inga teman: inget ord används av tillräckligt många mottagare oftare här än i jämförelsen."))
                : .div(.class("table-wrap"), .attribute(named: "tabindex", value: "0"), .attribute(named: "role", value: "region"), .attr("aria-label", caption),
                       .table(.id("teman-tabell"), .caption(.text(caption)),
                              .thead(.tr(Blocks.col("Tema"), Blocks.col("Antal mottagare", numeric: true), Blocks.col("Svaren"))),
                              .tbody(.forEach(themes) { row in
                                  .tr(Blocks.rowHeader(.text(row.term)), Blocks.num(String(row.recipients)),
                                      .td(.forEach(Array(row.answers.enumerated())) { i, a in
                                          .group(.if(i > 0, .text(", ")), .a(.href(a.href), .text(a.recipient)))
                                      }))
                              }))),
            help)
    }

    var help: Node<HTML.BodyContext> {
        .details(.summary(.text("Så räknas teman")),
            .ul(.li(.text("Varje svar delas upp i ord. Stora och små bokstäver räknas lika, och siffror och ord med en eller två bokstäver tas bort.")),
                .li(.text("Vanliga småord (och, att, som, har …), ord som nästan alla svar innehåller (kommun, region, län, år, insatser, vård …) och namn på län och kommuner räknas inte.")),
                .li(.text("Varje ord förs till sin stam med en svensk ordstammare (Snowball), så att till exempel samverkan och samverkans, eller vårdcentralen och vårdcentraler, räknas som samma ord.")),
                .li(.text("Sammansatta ord delas i sina delar när delarna är ord som står för sig själva i svaren eller är vanliga efterled, så att samverkansstruktur räknas både till samverkan och till struktur.")),
                .li(.text("Varje mottagare räknas en gång per ord, hur många gånger ordet än står i svaret.")),
                .li(.text("Med ett valt län jämförs länets svar med svaren från övriga län. Utan län jämförs frågans svar med svaren på formulärets andra fritextfrågor samma år.")),
                .li(.text("Ett ord blir ett tema när minst två mottagare använder det (en, när bara en mottagare i länet har svarat) och en större andel använder det här än i jämförelsen. Teman ordnas efter hur tydligt ordet skiljer ut svaren (ett log-likelihood-mått), sedan efter antal mottagare.")),
                .li(.text("Ordet visas som det skrivs i grundform om någon har skrivit det så, annars i den form det oftast har."))))
    }
}
