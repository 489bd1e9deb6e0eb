import NaraCore
import NaraPersistence
import Plot

/// The population tables allocations are computed from.
struct PopulationPage {
    enum Text {
        static let title = "Befolkningstabeller"
        static let lead = "Fördelningar efter befolkningsandel räknas på en befolkningstabell per referensdatum. Varje fördelning anger vilken tabell den använde. En administratör läser in nya tabeller från SCB med kommandot nara import-population; då kan fördelningarna räknas om som nya versioner."
        static let caption = "Inlästa tabeller"
        static let date = "Referensdatum"
        static let level = "Nivå"
        static let rows = "Rader"
        static let total = "Folkmängd, hela riket"
        static let source = "Källa"
        static let imported = "Inläst"
        static let missingHeading = "Det som saknas"
        static let upload = "Läs in en ny befolkningstabell"
        static let missing = "Överenskommelserna anger befolkningen den 1 november året före. Sådana tabeller, och år efter 2020, finns inte i Nära förrän de lästs in från SCB. Fördelningarna använder tills vidare den tabell som ligger närmast i tid och säger det."
    }

    let tables: [PopulationTableModel]
    /// Whether the reader may import tables (`importPopulation`): then the page links to the upload.
    var canImport = false

    func render() -> String {
        Layout.render(title: Text.title, current: SiteURL.population,
            .h1(.text(Text.title)),
            .p(.class("lead"), .text(Text.lead)),
            .if(canImport, .p(.a(.class("button"), .href(SiteURL.adminPopulation), .text(Text.upload)))),
            .div(.class("table-wrap"), .attribute(named: "tabindex", value: "0"), .table(
                .caption(.text(Text.caption)),
                .thead(.tr(Blocks.col(Text.date), Blocks.col(Text.level), Blocks.col(Text.rows, numeric: true),
                           Blocks.col(Text.total, numeric: true), Blocks.col(Text.source), Blocks.col(Text.imported))),
                .tbody(.forEach(tables) { t in
                    .tr(Blocks.rowHeader(.text(CivilDate(iso: t.referenceDate)?.swedish ?? t.referenceDate)),
                        Blocks.cell(t.level == "county" ? "Län" : "Kommun"),
                        Blocks.num(String(t.rowCount)),
                        Blocks.num(SwedishNumber.grouped(t.total)),
                        Blocks.cell(t.source),
                        Blocks.cell(SwedishDateTime.format(t.importedAt) + " (" + t.importedBy + ")"))
                })
            )),
            Blocks.notice("info", heading: Text.missingHeading, .p(.text(Text.missing)))
        )
    }
}
