import Foundation
import NaraCore
import NaraPersistence
import Plot

extension PopulationAdmin {
    /// A checked file waiting for confirmation, and what it is compared with.
    struct Preview {
        let pending: PendingImportModel
        let outcome: PopulationImporter.Outcome
        /// Population per county in the table stored for the same date and level, when there is one.
        let existingCounties: [String: Int64]?

        var table: PopulationTable { outcome.table }
    }

    /// The page's Swedish text, in one place.
    enum Text {
        static let title = "Läs in befolkning"
        static let lead = "Ladda upp SCB:s export från Statistikdatabasen (tabell BE0101N1, som den laddas ned) eller en enkel CSV med kod och folkmängd per län eller kommun. Namn bredvid koderna kontrolleras mot koderna. Du får först se vad filen innehåller; inget sparas förrän du bekräftar."
        static let previewOK = "Förhandsgranskning: filen är korrekt"
        static let checkTotal = "Kontrollera folkmängden"
        static let save = "Spara tabellen"
        static let replace = "Ersätt den befintliga tabellen"
        static let keep = "Behåll den befintliga"
        static func existingHeading(_ date: CivilDate) -> String { "Det finns redan en tabell per \(date.swedish)" }
        static let choose = "Välj om den nya filen ska ersätta den befintliga tabellen, eller om den befintliga ska behållas (då sparas ingenting)."
        static func usedBy(_ n: Int) -> String {
            n == 0 ? "Ingen fördelning är beräknad på den befintliga tabellen; den tas bort om du ersätter den."
                   : "\(n) \(n == 1 ? "fördelningsversion är beräknad" : "fördelningsversioner är beräknade") på den befintliga tabellen. Den finns kvar för dem om du ersätter den, märkt som ersatt; när fördelningarna räknas om används den nya tabellen."
        }
        static let recompute = "Räkna om fördelningar"
        static let recomputeLead = "När en ny tabell är inläst kan en överenskommelses fördelningar räknas om på den tabell som ligger närmast överenskommelsens referensdatum. Tidigare versioner sparas."
    }

    struct Page {
        let csrf: String
        let date: String
        let source: String
        let errors: [FieldError]
        let problems: [ImportProblem]
        let preview: Preview?
        let years: [Int]

        func render() -> String {
            Layout.render(title: Text.title, breadcrumbs: [("Administration", SiteURL.admin), ("Befolkning", nil)], current: SiteURL.admin,
                .h1(.text(Text.title)),
                Forms.errorSummary(errors),
                .if(!problems.isEmpty, .div(.class("error-summary"), .attribute(named: "role", value: "alert"),
                    .h2(.class("error-summary-title"), .text("Filen kan inte läsas in (\(problems.count) fel). Inget har sparats.")),
                    .ul(.forEach(problems.prefix(400)) { .li(.text($0.description)) }))),
                .unwrap(preview) { p in previewBlock(p) },
                .p(.class("lead"), .text(Text.lead)),
                .form(.method(.post), .action(SiteURL.adminPopulation), .attribute(named: "enctype", value: "multipart/form-data"), .class("narrow-form"),
                      Forms.csrf(csrf),
                      .div(.class("field" + (errors.contains { $0.field == "file" } ? " field-error" : "")),
                           .label(.for("file"), .text("Fil (CSV)")),
                           .input(.type(.file), .id("file"), .name("file"), .attribute(named: "accept", value: ".csv,text/csv"))),
                      Forms.field("Referensdatum", name: "date", value: date, type: .date, hint: "Den dag befolkningen avser, till exempel 2022-11-01.", errors: errors),
                      Forms.field("Källa", name: "source", value: source, hint: "Visas på beräkningarna.", errors: errors),
                      Forms.submit("Förhandsgranska")),
                .h2(.text(Text.recompute)),
                .p(.text(Text.recomputeLead)),
                .ul(.class("downloads"), .forEach(years) { year in
                    .li(Forms.button("Räkna om \(year)", action: SiteURL.adminAllocate(year), csrf: csrf))
                })
            )
        }

        func previewBlock(_ p: Preview) -> Node<HTML.BodyContext> {
            let warning: Node<HTML.BodyContext> = .unwrap(p.outcome.warning) { Blocks.notice("warning", heading: Text.checkTotal, .p(.text($0))) }
            guard let existing = p.outcome.existing else { return .group(warning, newTableBlock(p)) }
            return .group(warning, existingBlock(p, existing: existing))
        }

        /// `290 kommuner, folkmängd 10 230 185 per 31 december 2018, SCB:s exportformat. Källa: …`
        func summary(_ p: Preview) -> String {
            "\(p.table.values.count) \(p.table.level == .county ? "län" : "kommuner"), folkmängd \(SwedishNumber.grouped(p.table.total)) per \(p.table.referenceDate.swedish), \(p.outcome.format == .scb ? "SCB:s exportformat" : "enkel CSV"). Källa: \(p.table.source)."
        }

        func newTableBlock(_ p: Preview) -> Node<HTML.BodyContext> {
            let totals = p.table.countyTotals(in: .shipped)
            return Blocks.notice("ok", heading: Text.previewOK,
                .p(.text(summary(p))),
                .div(.class("table-wrap"), .attribute(named: "tabindex", value: "0"), .table(
                    .caption(.text("Folkmängd per län i filen")),
                    .thead(.tr(Blocks.col("Län"), Blocks.col("Folkmängd", numeric: true))),
                    .tbody(.forEach(Geography.shipped.counties) { c in
                        .tr(Blocks.rowHeader(.text(c.name)), Blocks.num(SwedishNumber.grouped(totals[c.code] ?? 0)))
                    }))),
                Forms.button(Text.save, action: SiteURL.adminApplyImport(p.pending.id!), csrf: csrf, secondary: false))
        }

        /// The stored table beside the new one, county by county, and the two choices.
        func existingBlock(_ p: Preview, existing: PopulationTableModel) -> Node<HTML.BodyContext> {
            let new = p.table.countyTotals(in: .shipped), old = p.existingCounties ?? [:]
            let action = SiteURL.adminApplyImport(p.pending.id!)
            return Blocks.notice("warning", heading: Text.existingHeading(p.table.referenceDate),
                .p(.text("Filen är korrekt: \(summary(p))")),
                .p(.text("Den befintliga tabellen: \(existing.rowCount) \(existing.level == PopulationLevel.county.rawValue ? "län" : "kommuner"), folkmängd \(SwedishNumber.grouped(existing.total)), källa: \(existing.source), inläst \(SwedishDateTime.format(existing.importedAt)) av \(existing.importedBy).")),
                .p(.text(Text.usedBy(p.outcome.existingUses))),
                .div(.class("table-wrap"), .attribute(named: "tabindex", value: "0"), .table(
                    .caption(.text("Folkmängd per län: befintlig tabell och ny fil")),
                    .thead(.tr(Blocks.col("Län"), Blocks.col("Befintlig", numeric: true), Blocks.col("Ny", numeric: true),
                               Blocks.col("Skillnad", numeric: true))),
                    .tbody(
                        .forEach(Geography.shipped.counties) { c in
                            let before = old[c.code] ?? 0, after = new[c.code] ?? 0
                            return .tr(Blocks.rowHeader(.text(c.name)), Blocks.num(SwedishNumber.grouped(before)),
                                       Blocks.num(SwedishNumber.grouped(after)), Blocks.num(signed(after - before)))
                        },
                        .tr(Blocks.rowHeader(.text("Hela riket")), Blocks.num(SwedishNumber.grouped(existing.total)),
                            Blocks.num(SwedishNumber.grouped(p.table.total)), Blocks.num(signed(p.table.total - existing.total)))))),
                .p(.text(Text.choose)),
                Forms.button(Text.replace, action: action, csrf: csrf, secondary: false, hidden: [("val", "ersatt")]),
                Forms.button(Text.keep, action: action, csrf: csrf, hidden: [("val", "behall")]))
        }

        /// `+1 200`, `−300`, `0`.
        func signed(_ value: Int64) -> String { (value > 0 ? "+" : "") + SwedishNumber.grouped(value) }
    }
}
