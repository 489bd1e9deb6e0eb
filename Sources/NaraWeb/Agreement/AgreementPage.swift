import Foundation
import NaraCore
import Plot

/// One agreement: frame, pots, development areas, conditions and milestones.
struct AgreementPage {
    enum Text {
        static let frame = "Ram"
        static let regions = "Till regionerna"
        static let municipalities = "Till kommunerna (via RSS)"
        static let source = "Källa"
        static let potsHeading = "Medel per mottagarkategori"
        static let potsCaption = "Potter och hur de fördelas"
        static let pot = "Pott"
        static let category = "Mottagare"
        static let amount = "Belopp (mnkr)"
        static let key = "Fördelningsnyckel"
        static let allocation = "Fördelning"
        static let total = "Summa (lika med ramen)"
        static let showAllocation = "Visa fördelningen"
        static let notAllocated = "Inte fördelad ännu"
        static let quantityReports = "Rapporter och beslut"
        static let reconciles = "Summorna stämmer"
        static let areasHeading = "Utvecklingsområden"
        static let noAreaAmounts = "Underlaget anger inga belopp per utvecklingsområde; Nära visar därför inga."
        static let areaCaption = "Medel inom området"
        static let purpose = "Ändamål"
        static let areaTotal = "Summa för området"
        static let conditionsHeading = "Villkor"
        static let noConditions = "Underlaget anger inga villkor."
        static let milestonesHeading = "Tidpunkter och sista dagar"
        static let milestonesCaption = "Det som ska vara gjort, och när"
        static let date = "Sista dag"
        static let what = "Vad"
        static let who = "Vem"
        static let to = "Till"
        static let noMilestones = "Underlaget anger inga datum för rekvisition eller redovisning."
    }

    let agreement: Agreement
    let pots: [PotStatus]
    /// The published version (1, then +1 per amendment).
    var version: Int = 1
    /// Set when the page shows an earlier version, not the current one.
    var historicVersion: Int? = nil

    func render() -> String {
        let a = agreement
        let regions = a.pots.filter { $0.category == .regions }.map(\.amount).sum()
        let municipalities = a.pots.filter { $0.category == .municipalities }.map(\.amount).sum()
        return Layout.render(title: a.title, breadcrumbs: [("Överenskommelser", SiteURL.home), (String(a.year), nil)], current: SiteURL.home,
            .h1(.text(a.title)),
            .unwrap(historicVersion) { v in
                Blocks.notice("warning", heading: "Version \(v), inte den gällande",
                    .p(.text("Så här löd överenskommelsen i version \(v). "), .a(.href(SiteURL.agreement(a.year)), .text("Den gällande versionen")),
                       .text(" · "), .a(.href(SiteURL.agreementVersions(a.year)), .text("Alla versioner och ändringar"))))
            },
            .p(.class("lead"), .text(a.summary)),
            .dl(.class("figures"),
                .div(.dt(.text(Text.frame)), .dd(.text(a.frame.mnkrText()))),
                .div(.dt(.text(Text.regions)), .dd(.text(regions.mnkrText()))),
                .div(.dt(.text(Text.municipalities)), .dd(.text(municipalities.mnkrText())))
            ),
            .p(.class("muted"), .text(sourceLine + "Version \(version). "),
               .a(.href(SiteURL.agreementVersions(a.year)), .text(version > 1 ? "Ändringar och tidigare versioner" : "Versioner")),
               .if(PageContext.current.canManageAgreements, .group(.text(" · "),
                   .a(.href(SiteURL.adminAgreement(a.year)), .text("Registrera en ändringsöverenskommelse"))))),
            .h2(.text(Text.potsHeading)),
            potsTable(),
            .p(.class("muted"), .span(.class("tag"), .text(Text.reconciles)), .text(" " + a.pots.map { $0.amount.mnkrText() }.joined(separator: " + ") + " = " + a.frame.mnkrText())),
            .h2(.text(Text.areasHeading)),
            .if(a.areas.allSatisfy { $0.amounts.isEmpty }, .p(.class("muted"), .text(Text.noAreaAmounts))),
            .ol(.class("areas"), .forEach(a.areas) { area in .li(areaBlock(area)) }),
            .h2(.text(Text.conditionsHeading)),
            a.conditions.isEmpty ? .p(.text(Text.noConditions)) : .ul(.forEach(a.conditions) { .li(.text($0)) }),
            .h2(.text(Text.milestonesHeading)),
            milestones()
        )
    }

    /// `Källa: … (S2027/00123), undertecknad 1 mars 2027. `, or nothing when the agreement names no source.
    var sourceLine: String {
        let a = agreement
        let reference = a.sourceReference.isEmpty ? "" : " (\(a.sourceReference))"
        let signed = a.signedOn.map { ", undertecknad \($0.swedish)" } ?? ""
        let text = a.source + reference + signed
        return text.isEmpty ? "" : Text.source + ": " + text.trimmingCharacters(in: CharacterSet(charactersIn: " ,")) + ". "
    }

    func potsTable() -> Node<HTML.BodyContext> {
        .div(.class("table-wrap"), .attribute(named: "tabindex", value: "0"), .table(
            .caption(.text(Text.potsCaption)),
            .thead(.tr(Blocks.col(Text.pot), Blocks.col(Text.category), Blocks.col(Text.amount, numeric: true),
                       Blocks.col(Text.key), Blocks.col(Text.allocation))),
            .tbody(.forEach(pots) { status in
                let p = status.pot
                return .tr(Blocks.rowHeader(.text(p.name)),
                    Blocks.cell(p.category.swedishName),
                    Blocks.num(p.amount.mnkrText()),
                    Blocks.cell(p.key.swedishName),
                    historicVersion != nil ? .td(.text("–")) : .td(status.currentVersion != nil
                        ? .a(.href(SiteURL.allocation(agreement.year, p.id)), .text(Text.showAllocation),
                             .span(.class("visually-hidden"), .text(": " + p.name)))
                        : .a(.href(SiteURL.allocation(agreement.year, p.id)), .text(Text.notAllocated),
                             .span(.class("visually-hidden"), .text(": " + p.name))),
                        .if(p.key.kind == "quantity" && PageContext.current.isAdministrator, .group(.text(" · "),
                            .a(.href(SiteURL.quantityReview(agreement.year, p.id)), .text(Text.quantityReports),
                               .span(.class("visually-hidden"), .text(": " + p.name)))))))
            }),
            .tfoot(.tr(Blocks.rowHeader(.text(Text.total)), .td(), Blocks.num(agreement.pots.map(\.amount).sum().mnkrText()), .td(), .td()))
        ))
    }

    func areaBlock(_ area: DevelopmentArea) -> Node<HTML.BodyContext> {
        .group(
            .h3(.text(Wording.breakingAfterSlashes(area.title))),
            .p(.text(area.summary)),
            .if(!area.amounts.isEmpty, .div(.class("table-wrap"), .attribute(named: "tabindex", value: "0"), .table(
                .caption(.text(Text.areaCaption + " " + String(area.number))),
                .thead(.tr(Blocks.col(Text.category), Blocks.col(Text.purpose), Blocks.col(Text.amount, numeric: true))),
                .tbody(.forEach(area.amounts) { x in
                    .tr(Blocks.rowHeader(.text(x.category.swedishName)), Blocks.cell(x.purpose.isEmpty ? "–" : x.purpose), Blocks.num(x.amount.mnkrText()))
                }),
                .tfoot(.tr(Blocks.rowHeader(.text(Text.areaTotal)), .td(), Blocks.num(area.amounts.map(\.amount).sum().mnkrText())))
            )))
        )
    }

    func milestones() -> Node<HTML.BodyContext> {
        guard !agreement.milestones.isEmpty else { return .p(.text(Text.noMilestones)) }
        return .div(.class("table-wrap"), .attribute(named: "tabindex", value: "0"), .table(
            .caption(.text(Text.milestonesCaption)),
            .thead(.tr(Blocks.col(Text.date), Blocks.col(Text.what), Blocks.col(Text.who), Blocks.col(Text.to))),
            .tbody(.forEach(agreement.milestones) { m in
                .tr(Blocks.rowHeader(.time(.datetime(m.date.iso), .text(m.date.swedish))),
                    .td(.text(m.title), .text(" "), .span(.class("tag"), .text(m.kind.swedishName))),
                    Blocks.cell(m.responsible), Blocks.cell(m.recipient))
            })
        ))
    }
}
