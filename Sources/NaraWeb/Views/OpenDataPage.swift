import Plot

/// What can be downloaded and how the API is used.
struct OpenDataPage {
    enum Text {
        static let title = "Öppna data och API"
        static let lead = "Beslutade överenskommelser och fördelningar är öppna data. Allt som visas på sidorna kan hämtas som CSV (semikolonseparerad, UTF-8 med BOM så att Excel öppnar den rätt) eller JSON. Belopp anges i öre som heltal."
        static let apiHeading = "API"
        static let apiText = "API:t finns under /api/v1 och beskrivs av ett OpenAPI-dokument."
        static let openAPI = "OpenAPI-dokumentet (JSON)"
        static let caption = "Adresser i API:t"
        static let address = "Adress"
        static let gives = "Ger"
        static let csvHeading = "CSV-filernas kolumner"
        static let csvText = "ar; pott; kategori; nyckel; referensdatum; kod; mottagare; befolkning; andel; belopp_ore; belopp_kr. Andel och kronor skrivs med decimalkomma."
    }

    let years: [Int]

    func render() -> String {
        let example = years.last ?? 2023
        let endpoints: [(String, String, String?)] = [
            (SiteURL.API.agreements, "Alla överenskommelser med år, titel och ram", nil),
            (SiteURL.API.agreement(example), "En överenskommelse med utvecklingsområden, potter, villkor och tidpunkter", nil),
            (SiteURL.API.allocations(example), "Fördelningen av alla potter", nil),
            (SiteURL.API.allocationsCSV(example), "Samma som CSV", nil),
            (SiteURL.API.potJSON(example, "regioner"), "En potts fördelning; en äldre version med", "?version=N"),
            (SiteURL.API.potCSV(example, "regioner"), "En potts fördelning som CSV", nil),
            (SiteURL.API.populationTables, "Befolkningstabellerna", nil),
            (SiteURL.API.organisations, "Organisationerna; ett slag (region, rss, municipality, state, skr) med", "?kind=region"),
            (SiteURL.health, "Svarar 200 när tjänsten är uppe", nil),
        ]
        return Layout.render(title: Text.title, current: SiteURL.openData,
            .h1(.text(Text.title)),
            .p(.class("lead"), .text(Text.lead)),
            .h2(.text(Text.apiHeading)),
            .p(.text(Text.apiText + " "), .a(.href(SiteURL.API.openAPI), .text(Text.openAPI))),
            .div(.class("table-wrap"), .attribute(named: "tabindex", value: "0"), .table(
                .caption(.text(Text.caption)),
                .thead(.tr(Blocks.col(Text.address), Blocks.col(Text.gives))),
                .tbody(.forEach(endpoints) { e in
                    .tr(Blocks.rowHeader(.a(.href(e.0), .text("GET " + e.0))),
                        .td(.text(e.1), .unwrap(e.2) { parameter in .group(.text(" "), .code(.text(parameter))) }))
                })
            )),
            .h2(.text(Text.csvHeading)),
            .p(.text(Text.csvText))
        )
    }
}
