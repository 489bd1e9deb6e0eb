import NaraCore
import NaraPersistence
import Plot

/// Every agreement, drafts included, and the form for next year's draft.
struct AgreementListPage {
    let agreements: [AgreementModel]
    let csrf: String
    let year: String
    let copyFrom: String
    let errors: [FieldError]

    func render() -> String {
        let sources = [("", "Ingen: börja från ett tomt utkast")] + agreements.reversed().map { (String($0.year), "Överenskommelsen \($0.year)") }
        let suggested = (agreements.map(\.year).max() ?? 2026) + 1
        return Layout.render(title: "Överenskommelser", breadcrumbs: [("Administration", SiteURL.admin), ("Överenskommelser", nil)], current: SiteURL.admin,
            .h1(.text("Överenskommelser")),
            Forms.errorSummary(errors),
            .div(.class("table-wrap"), .attribute(named: "tabindex", value: "0"), .attribute(named: "role", value: "region"),
                 .attribute(named: "aria-label", value: "Överenskommelser"),
                .table(
                    .caption(.text("Alla överenskommelser, utkast och publicerade")),
                    .thead(.tr(Blocks.col("År"), Blocks.col("Titel"), Blocks.col("Status"), Blocks.col("Version", numeric: true), Blocks.col("Ram", numeric: true))),
                    .tbody(.forEach(agreements.reversed()) { m in
                        .tr(Blocks.rowHeader(.a(.href(SiteURL.adminAgreement(m.year)), .text(String(m.year)))),
                            Blocks.cell(m.title),
                            Blocks.cell((AgreementStatus(rawValue: m.status) ?? .published).swedishName),
                            Blocks.num(m.isPublished ? String(m.version) : "–"),
                            .td(.class("num nowrap"), .text(Money(ore: m.frameOre).krText)))
                    }))),
            .h2(.text("Ny överenskommelse")),
            .p(.text("Skapa nästa års överenskommelse som ett utkast, tomt eller som en kopia av ett tidigare år: områden, potter, villkor och tidpunkter kopieras och datumen flyttas till det nya året. Ingenting blir offentligt förrän du publicerar.")),
            .form(.method(.post), .action(SiteURL.adminAgreements), .class("narrow-form"),
                  Forms.csrf(csrf),
                  Forms.field("År", name: "year", value: year.isEmpty ? String(suggested) : year, hint: "Fyra siffror", errors: errors),
                  Forms.select("Utgå från", name: "copy_from", options: sources, selected: copyFrom.isEmpty ? agreements.last.map { String($0.year) } ?? "" : copyFrom, errors: errors),
                  Forms.submit("Skapa utkast")))
    }
}
