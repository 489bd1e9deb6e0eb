import Foundation
import NaraCore
import NaraPersistence
import Plot

/// A plan: per development area its lines, what was allocated, planned and left; the form to edit it.
struct PlanPage {
    /// One row of the edit form, as stored or as typed.
    struct Row { let area: String; let title: String; let amount: String }

    let ctx: PlanContext
    let editable: Bool
    let csrf: String
    /// The form's rows, empty ones included: the stored lines with empty rows after them, or what was posted.
    let rows: [Row]
    let unit: String
    let errors: [FieldError]
    /// The sum of the rows that make lines, shown under the grid.
    var typedTotal: Money? = nil
    /// The row to put the focus in: the one *Lägg till rad* just added.
    var focusRow: Int? = nil

    /// The rows of the form on a first visit: the stored lines, then empty rows to type in.
    static func rows(of plan: Plan, editable: Bool) -> [Row] {
        let stored = plan.lines.map { Row(area: String($0.area), title: $0.title, amount: $0.amount.mnkrText().replacingOccurrences(of: "\u{00A0}mnkr", with: "").replacingOccurrences(of: "\u{00A0}", with: " ")) }
        let blank = editable ? max(1, 3 - stored.count) : 0
        return stored + Array(repeating: Row(area: "", title: "", amount: ""), count: blank)
    }

    func render() -> String {
        let a = ctx.assessment
        let title = "Användningsplan \(ctx.agreement.year) – \(ctx.organisation.name)"
        return Layout.render(title: title, breadcrumbs: [(ctx.organisation.name, SiteURL.organisation(ctx.organisation.id!)), ("Plan \(ctx.agreement.year)", nil)],
            Forms.errorSummary(errors),
            .h1(.text(title)),
            .dl(.class("figures"),
                .div(.dt(.text("Tilldelat")), .dd(.text(ctx.allocated.krText))),
                .div(.dt(.text("Planerat")), .dd(.text(a.planned.krText))),
                .div(.dt(.text("Kvar att planera")), .dd(.text(a.left.krText)))),
            .forEach(a.warnings) { w in Blocks.notice("warning", heading: "Att notera", .p(.text(w))) },
            .forEach(ctx.agreement.areas) { area in
                let lines = ctx.plan.lines.filter { $0.area == area.number }
                return .section(
                    .h2(.text(Wording.breakingAfterSlashes("\(area.number). \(area.title)"))),
                    lines.isEmpty ? .p(.class("muted"), .text("Inga insatser planerade.")) :
                    .div(.class("table-wrap"), .attribute(named: "tabindex", value: "0"), .attribute(named: "role", value: "region"),
                         .attr("aria-label", "Insatser inom område \(area.number)"), .table(
                        .caption(.text("Insatser inom område \(area.number)")),
                        .thead(.tr(Blocks.col("Insats"), Blocks.col("Belopp", numeric: true))),
                        .tbody(.forEach(lines) { l in .tr(Blocks.rowHeader(Wording.keepingNumberedWordsWhole(l.title)), Blocks.num(l.amount.krText)) }),
                        .tfoot(.tr(Blocks.rowHeader(.text("Summa för området")), Blocks.num(ctx.plan.planned(area: area.number).krText))))))
            },
            .if(editable, editForm())
        )
    }

    func editForm() -> Node<HTML.BodyContext> {
        let grid = PlanGrid(areas: ctx.agreement.areas, rows: rows, errors: errors, focusRow: focusRow,
                            total: typedTotal ?? ctx.plan.total, allocated: ctx.allocated)
        return .group(
            .h2(.id("plan-rader"), .text("Ändra planen")),
            .p(.id("plan-hint"), .text("Skriv beloppen som du brukar: 1,8 eller 0,8 mnkr eller 1 050 000 kr. Belopp utan enhet läses i den enhet du väljer. Planen får inte överstiga tilldelningen.")),
            .p(.text("Behöver du fler rader väljer du Lägg till rad. Kryssa i Ta bort på de rader som ska bort; de försvinner när du sparar.")),
            .unwrap(focusRow) { row in .p(.class("plan-grid-status"), .attribute(named: "role", value: "status"), .text("Rad \(row + 1) är tillagd. Inget är sparat än.")) },
            .form(.method(.post), .action(SiteURL.plan(ctx.organisation.id!, ctx.agreement.year)), .class("plan-form"),
                  Forms.csrf(csrf),
                  .input(.type(.hidden), .name("rows"), .value(String(rows.count))),
                  Forms.select("Enhet för belopp utan enhet", name: "unit", options: [("mnkr", "Miljoner kronor (mnkr)"), ("kr", "Kronor")], selected: unit),
                  grid.node(),
                  // Save comes first: Enter in a field presses the form's first button.
                  .div(.class("form-actions"),
                       Forms.submit("Spara planen"),
                       .button(.type(.submit), .class("button button-secondary"), .attribute(named: "name", value: "action"),
                               .value("lagg-till-rad"), .text("Lägg till rad"))))
        )
    }
}
