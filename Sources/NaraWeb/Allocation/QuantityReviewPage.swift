import Foundation
import NaraCore
import NaraPersistence
import Plot

/// Socialstyrelsen's view of a reported-quantity pot: every recipient the pot names with its
/// report and decision, links to decide each, and the allocation once the deadline has passed.
struct QuantityReviewPage {
    enum Text {
        static func title(_ pot: String, _ year: Int) -> String { "Rapporterat antal \(year): \(pot)" }
        static let pot = "Potten"
        static let deadline = "Sista dag att rapportera"
        static let reportedCount = "Har rapporterat"
        static let waitingCount = "Väntar på beslut"
        static let caption = "Mottagare som potten anger, med rapporterat och godkänt antal"
        static let recipient = "Mottagare"
        static let reported = "Rapporterat"
        static let accepted = "Godkänt"
        static let status = "Status"
        static let decide = "Beslut"
        static let notReported = "Inte rapporterat"
        static let decideLink = "Godkänn eller justera"
        static let showLink = "Visa"
        static let demoTag = "demodata"
        static let demoNote = "Rapporter märkta demodata är genererade för att visa sidan; de är inte verkliga uppgifter."
        static let allocationHeading = "Fördela potten"
        static func allocationLead(_ d: CivilDate) -> String {
            "Efter sista dagen (\(d.swedish)) fördelas potten efter godkänt antal, med samma exakta avrundning som övriga potter: summan blir exakt lika med potten. Mottagare som inte rapporterat får inget. Alla rapporter måste vara beslutade först."
        }
        static let allocate = "Fördela potten"
        static let allocatedHeading = "Potten är fördelad"
        static let showAllocation = "Visa fördelningen"
        static let locked = "Rapporter och beslut kan inte längre ändras."
    }

    let view: QuantityPotView
    let today: CivilDate
    let csrf: String
    let errors: [FieldError]

    func render() -> String {
        let v = view
        let title = Text.title(v.pot.name, v.year)
        return Layout.render(title: title,
                             breadcrumbs: [("Överenskommelser", SiteURL.home), (String(v.year), SiteURL.agreement(v.year)), (title, nil)],
                             current: SiteURL.home,
            .h1(.text(title)),
            Forms.errorSummary(errors),
            .if(!v.pot.note.isEmpty, .p(.class("lead"), .text(v.pot.note))),
            .dl(.class("figures"),
                .div(.dt(.text(Text.pot)), .dd(.text(v.pot.amount.mnkrText()))),
                .div(.dt(.text(Text.deadline)), .dd(.text(v.deadline?.swedish ?? "–"))),
                .div(.dt(.text(Text.reportedCount)), .dd(.id("antal-rapporterat"), .text("\(v.reported.count) av \(v.rows.count)"))),
                .div(.dt(.text(Text.waitingCount)), .dd(.id("antal-vantar"), .text(String(v.waiting.count))))),
            .if(v.hasDemo, .div(.class("generated-note"), .p(.strong(.text("Demodata. ")), .text(Text.demoNote)))),
            table(),
            allocationBlock()
        )
    }

    func table() -> Node<HTML.BodyContext> {
        let v = view
        return .div(.class("table-wrap"), .attribute(named: "tabindex", value: "0"), .table(.id("rapporter"),
            .caption(.text(Text.caption)),
            .thead(.tr(Blocks.col(Text.recipient), Blocks.col("\(Text.reported) (\(v.unit))", numeric: true),
                       Blocks.col("\(Text.accepted) (\(v.unit))", numeric: true), Blocks.col(Text.status), Blocks.col(Text.decide))),
            .tbody(.forEach(v.rows) { row in
                let r = row.report
                return .tr(
                    Blocks.rowHeader(.text(row.name), .if(r?.isDemo == true, .group(.text(" "), .span(.class("tag"), .text(Text.demoTag))))),
                    Blocks.num(r.map { SwedishNumber.grouped($0.quantity) } ?? "–"),
                    Blocks.num(r?.acceptedQuantity.map { SwedishNumber.grouped($0) } ?? "–"),
                    .td(.text(row.state?.swedishName ?? Text.notReported),
                        .if(!(r?.reason ?? "").isEmpty, .group(.text(": "), .text(r?.reason ?? "")))),
                    .td(.unwrap(row.organisation?.id.flatMap { r == nil ? nil : $0 }) { id in
                        .a(.href(SiteURL.quantityDecision(v.year, v.pot.id, id)),
                           .text(v.isAllocated || row.state?.isDecided == true ? Text.showLink : Text.decideLink),
                           .span(.class("visually-hidden"), .text(": " + row.name)))
                    }))
            }),
            .tfoot(.tr(Blocks.rowHeader(.text("Summa")),
                       Blocks.num(SwedishNumber.grouped(v.rows.compactMap { $0.report?.quantity }.reduce(0, +))),
                       Blocks.num(SwedishNumber.grouped(v.rows.compactMap { $0.report?.acceptedQuantity }.reduce(0, +))),
                       .td(), .td()))
        ))
    }

    func allocationBlock() -> Node<HTML.BodyContext> {
        let v = view
        if v.isAllocated {
            return Blocks.notice("ok", heading: Text.allocatedHeading, .p(.text(Text.locked)),
                                 .p(.a(.href(SiteURL.allocation(v.year, v.pot.id)), .text(Text.showAllocation))))
        }
        let error = errors.first { $0.field == "allocation" }
        return .div(.class(error == nil ? "field" : "field field-error"),
            .h2(.id("allocation"), .attribute(named: "tabindex", value: "-1"), .text(Text.allocationHeading)),
            .unwrap(v.deadline) { .p(.text(Text.allocationLead($0))) },
            .unwrap(error) { .p(.class("error-message"), .id("allocation-error"), .span(.class("visually-hidden"), .text("Fel: ")), .text($0.message)) },
            Forms.button(Text.allocate, action: SiteURL.quantityAllocate(v.year, v.pot.id), csrf: csrf, secondary: false))
    }
}
