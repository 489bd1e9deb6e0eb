import Foundation
import NaraCore
import NaraPersistence
import Plot

/// The funds page's list of Kammarkollegiet's decisions to pay (`#beslut`): reference number as
/// a link to the letter, date and amount.
enum DecisionLettersBlock {
    static func section(_ letters: [DecisionLetterModel], organisation: UUID, year: Int) -> Node<HTML.BodyContext> {
        let read = letters.compactMap { m in (try? DecisionLetter.read(json: m.content)).map { (m, $0) } }
        return .section(.attribute(named: "aria-labelledby", value: "beslut"),
            .h2(.id("beslut"), .text("Beslut om utbetalning")),
            read.isEmpty ? .p(.class("muted"), .text("Inga beslut ännu. Kammarkollegiet fattar ett beslut om utbetalning när en rekvisition godkänns.")) :
            .group(
                .p(.text("Kammarkollegiets beslut för varje godkänd rekvisition, med belopp per utvecklingsområde, villkor och regler för återbetalning. Öppna ett beslut för att skriva ut det eller ladda ned det som PDF.")),
                .div(.class("table-wrap"), .attribute(named: "tabindex", value: "0"), .table(.id("beslut-lista"),
                    .caption(.text("Beslut om utbetalning \(year)")),
                    .thead(.tr(Blocks.col("Diarienummer"), Blocks.col("Datum"), Blocks.col("Belopp", numeric: true))),
                    .tbody(.forEach(read) { m, letter in
                        .tr(Blocks.rowHeader(.a(.class("nowrap"), .href(SiteURL.decisionLetter(organisation, year, m.id!)), .text(letter.reference))),
                            Blocks.cell(letter.decidedOn.swedish), Blocks.num(letter.total.krText))
                    })))))
    }
}
