import Foundation
import NaraCore
import NaraPersistence
import Plot

/// A decision to pay (*beslut om utbetalning*) as a letter: what the recipient and the payer
/// read, print and download as PDF (the PDF is this same page printed). Everything it says comes
/// from the stored letter; only the links around it are from today.
struct DecisionLetterPage {
    let organisation: UUID
    let stored: DecisionLetterModel
    let letter: DecisionLetter

    var title: String { "Beslut om utbetalning \(letter.reference)" }

    func render() -> String {
        let year = letter.agreementYear
        return Layout.render(title: title,
                             breadcrumbs: [(letter.recipient.name, SiteURL.organisation(organisation)), ("Medel \(year)", SiteURL.funds(organisation, year)),
                                           (letter.reference, nil)],
            .div(.class("page-tools"),
                .ul(.class("downloads"),
                    .li(.a(.href(SiteURL.decisionLetterPDF(organisation, year, stored.id!)), .text("Ladda ned som PDF"))),
                    .li(.a(.href(SiteURL.funds(organisation, year) + "#beslut"), .text("Alla beslut om utbetalning för \(year)"))))),
            .article(.class("print-document decision-letter"),
                .header(.class("letterhead"),
                    .p(.class("letterhead-sender"), .text("Kammarkollegiet")),
                    .p(.class("muted"), .text("Statsbidrag enligt överenskommelsen om God och nära vård"))),
                .h1(.text("Beslut om utbetalning")),
                .dl(.class("letter-facts"),
                    fact("Diarienummer", .span(.class("nowrap"), .text(letter.reference))),
                    fact("Datum", .text(letter.decidedOn.swedish)),
                    fact("Mottagare", .text("\(letter.recipient.name) (\(letter.recipient.kind.lowercased()), kod \(letter.recipient.code))")),
                    fact("Överenskommelse", .text(letter.agreementTitle + (letter.agreementReference.isEmpty ? "" : ", \(letter.agreementReference)"))),
                    fact("Rekvisition", .text("Gjord den \(letter.requisitionedOn.swedish)")),
                    fact("Utbetalning", .group(.text("\(letter.total.krText) den \(letter.paymentDate.swedish), betalningsreferens "),
                                                .span(.class("payment-ref"), .text(letter.paymentReference))))),
                .h2(.text("Beslut")),
                .p(.text(letter.decision)),
                .div(.class("table-wrap"), .attribute(named: "tabindex", value: "0"), .table(.id("beslut-omraden"),
                    .caption(.text("Belopp per utvecklingsområde")),
                    .thead(.tr(Blocks.col("Utvecklingsområde"), Blocks.col("Belopp", numeric: true))),
                    .tbody(.forEach(letter.areas) { part in
                        .tr(Blocks.rowHeader(.text(part.name)), Blocks.num(part.amount.krText))
                    }),
                    .tfoot(.tr(Blocks.rowHeader(.text("Totalt")), Blocks.num(letter.total.krText))))),
                .h2(.text("Villkor")),
                letter.conditions.isEmpty ? .p(.text("Överenskommelsen anger inga särskilda villkor utöver det som står i det här beslutet.")) :
                .group(.p(.text("Pengarna betalas ut på de villkor som överenskommelsen anger. Så här lydde villkoren när beslutet fattades:")),
                       .ol(.class("letter-conditions"), .forEach(letter.conditions) { .li(.text($0)) })),
                .h2(.text("Återbetalning")),
                .p(.text(letter.repayment)),
                .h2(.text("Beslutat av")),
                .p(.text("\(letter.deciders), Kammarkollegiet, den \(letter.decidedOn.swedish).")),
                .if(letter.firstApprovedBy != nil, .p(.text("Beloppet är över gränsen för ett godkännande, så två utbetalare har godkänt utbetalningen."))),
                .footer(.class("letter-integrity"),
                    .p(.text("Beslutet sparades när det fattades och har inte ändrats sedan dess. Kontrollsumma (SHA-256) för det sparade beslutet: "),
                       .code(.class("checksum"), .text(stored.contentSHA256)))))
        )
    }

    func fact(_ term: String, _ value: Node<HTML.BodyContext>) -> Node<HTML.DescriptionListContext> {
        .div(.dt(.text(term)), .dd(value))
    }
}
