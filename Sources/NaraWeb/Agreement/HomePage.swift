import NaraCore
import Plot

/// The start page: every agreement with its frame.
struct HomePage {
    enum Text {
        static let title = "Överenskommelser om God och nära vård"
        static let lead = "Nära följer statens medel för omställningen till en god och nära vård: överenskommelsen och dess ram, fördelningen till regioner och kommuner efter befolkningsandel, och så småningom planer, rekvisitioner, utbetalningar, redovisningar och uppföljning."
        static let caption = "Överenskommelser per år"
        static let year = "År"
        static let agreement = "Överenskommelse"
        static let frame = "Ram (mnkr)"
        static let areas = "Utvecklingsområden"
        static let empty = "Det finns inga överenskommelser ännu."
        static let openDataHeading = "Öppna data"
        static let openData = "Alla fördelningar kan laddas ned som CSV och JSON, och hämtas via API:t."
        static let openDataLink = "Om öppna data och API"
    }

    let agreements: [AgreementSummary]

    func render() -> String {
        Layout.render(title: Text.title, current: SiteURL.home,
            .h1(.text(Text.title)),
            .p(.class("lead"), .text(Text.lead)),
            agreements.isEmpty ? .p(.text(Text.empty)) :
            .div(.class("table-wrap"), .attribute(named: "tabindex", value: "0"), .table(
                .caption(.text(Text.caption)),
                .thead(.tr(Blocks.col(Text.year), Blocks.col(Text.agreement), Blocks.col(Text.frame, numeric: true), Blocks.col(Text.areas, numeric: true))),
                .tbody(.forEach(agreements) { a in
                    .tr(Blocks.rowHeader(.text(String(a.year))),
                        .td(.a(.href(SiteURL.agreement(a.year)), .text(a.title))),
                        Blocks.num(a.frame.mnkrText()),
                        Blocks.num(String(a.areaCount)))
                })
            )),
            .h2(.text(Text.openDataHeading)),
            .p(.text(Text.openData), .text(" "), .a(.href(SiteURL.openData), .text(Text.openDataLink)))
        )
    }
}
