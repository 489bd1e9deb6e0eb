import Foundation
import NaraCore
import NaraPersistence
import Plot

/// The last look before publishing: each pot's allocation on the chosen population table,
/// which table that is and how far its date is from the agreement's reference date.
struct AgreementPublishPage {
    let agreement: Agreement
    let preview: AgreementPreview
    let problems: [AgreementProblem]
    let csrf: String

    func render() -> String {
        let year = agreement.year
        let tables = [("", "Närmast varje potts referensdatum (rekommenderas)")] + preview.tables.map {
            ($0.id?.uuidString ?? "", "\(CivilDate(iso: $0.referenceDate)?.swedish ?? $0.referenceDate), \($0.level == "county" ? "län" : "kommuner"): \($0.source)")
        }
        return Layout.render(title: "Publicera överenskommelsen \(year)",
                             breadcrumbs: [("Administration", SiteURL.admin), ("Överenskommelser", SiteURL.adminAgreements), (String(year), SiteURL.adminAgreement(year)), ("Publicera", nil)],
                             current: SiteURL.admin,
            .h1(.text("Publicera överenskommelsen \(year)")),
            problems.isEmpty ? .group() : .div(.class("error-summary"), .attribute(named: "role", value: "alert"), .id("felsammanfattning"),
                .h2(.class("error-summary-title"), .text("Överenskommelsen kan inte publiceras än")),
                .ul(.forEach(problems) { p in .li(.a(.href(SiteURL.adminAgreement(year) + "#" + Forms.attr(p.path)), .text(p.message))) })),
            .p(.class("lead"), .text("\(agreement.title): ram \(agreement.frame.krText) i \(agreement.pots.count) \(agreement.pots.count == 1 ? "pott" : "potter"). När du publicerar blir överenskommelsen offentlig, fördelningarna nedan sparas som första version och tidpunkterna börjar gälla.")),
            .form(.method(.get), .action(SiteURL.adminPublish(year)), .class("filter-form"),
                  Forms.select("Befolkningstabell", name: "tabell", options: tables, selected: preview.chosen?.uuidString ?? ""),
                  Forms.submit("Visa fördelningen", secondary: true)),
            .forEach(preview.pots) { p in potBlock(p) },
            problems.isEmpty
                ? .form(.method(.post), .action(SiteURL.adminPublish(year)),
                        Forms.csrf(csrf), .input(.type(.hidden), .name("tabell"), .attr("value", preview.chosen?.uuidString ?? "", keepEmpty: true)),
                        Forms.submit("Publicera överenskommelsen \(year)"))
                : .p(.a(.class("button"), .href(SiteURL.adminAgreement(year)), .text("Tillbaka till utkastet"))))
    }

    func potBlock(_ p: AgreementPreview.PotPreview) -> Node<HTML.BodyContext> {
        .section(.class("pot-preview"),
            .h2(.text("\(p.pot.name): \(p.pot.amount.krText)")),
            .p(.text("Fördelas efter \(p.pot.key.swedishName.lowercased()).")),
            .unwrap(p.table) { t in
                .p(.text("Befolkning per \(CivilDate(iso: t.referenceDate)?.swedish ?? t.referenceDate) (\(t.source)). "
                         + (p.targetDate.map { target in
                             let days = p.daysFromTarget ?? 0
                             return days == 0 ? "Det är överenskommelsens referensdatum, \(target.swedish)." :
                                 "Överenskommelsens referensdatum är \(target.swedish); tabellen ligger \(abs(days)) dagar \(days < 0 ? "före" : "efter")."
                         } ?? "")))
            },
            .if(abs(p.daysFromTarget ?? 0) > 365, Blocks.notice("warning", heading: "Tabellen är mer än ett år från referensdatumet",
                .p(.text("Läs in befolkningen på referensdatumet under "), .a(.href(SiteURL.adminPopulation), .text("Administration → Befolkning")),
                   .text(" innan du publicerar, eller välj en annan tabell ovan.")))),
            .unwrap(p.pending) { .p(.class("notice notice-warning"), .text($0)) },
            .unwrap(p.result) { r in
                .div(.class("table-wrap"), .attribute(named: "tabindex", value: "0"), .attribute(named: "role", value: "region"),
                     .attr("aria-label", "Fördelning av \(p.pot.name)"),
                    .table(
                        .caption(.text("\(p.pot.name): förhandsgranskning, inte sparad")),
                        .thead(.tr(Blocks.col("Mottagare"), Blocks.col(r.totalWeight == nil ? "Underlag" : "Befolkning", numeric: true), Blocks.col("Belopp", numeric: true))),
                        .tbody(.forEach(r.lines) { l in
                            .tr(Blocks.rowHeader(.text(l.name)), Blocks.num(l.weight.map { SwedishNumber.grouped($0) } ?? ""),
                                .td(.class("num nowrap"), .text(l.amount.krText)))
                        }),
                        .tfoot(.tr(Blocks.rowHeader(.text("Summa")), Blocks.num(r.totalWeight.map { SwedishNumber.grouped($0) } ?? ""),
                                   .td(.class("num nowrap"), .text(r.total.krText))))))
            })
    }
}
