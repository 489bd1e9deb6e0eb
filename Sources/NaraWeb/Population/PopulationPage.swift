import Foundation
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
        static let importedBy = "Inläst av"
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
            DataTable.downloads(SiteURL.population, query: ""),
            table.node(),
            Blocks.notice("info", heading: Text.missingHeading, .p(.text(Text.missing)))
        )
    }

    /// The tables as the page shows them and the downloads hold them: the reference date as a
    /// day, the counts as numbers, the import as a moment in Swedish time and who made it.
    var table: DataTable {
        DataTable(id: "befolkning", caption: Text.caption,
                  columns: [Text.date, Text.level, Text.rows, Text.total, Text.source, Text.imported, Text.importedBy], numeric: [2, 3],
                  rows: tables.map { t in
                      [CivilDate(iso: t.referenceDate).map { .day($0) } ?? .text(t.referenceDate), .text(t.level == "county" ? "Län" : "Kommun"),
                       .count(t.rowCount), .number(Decimal(t.total), SwedishNumber.grouped(t.total)), t.source.isEmpty ? .empty : .text(t.source),
                       .time(t.importedAt), t.importedBy.isEmpty ? .empty : .text(t.importedBy)]
                  })
    }
}
