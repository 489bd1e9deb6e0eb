import Foundation
import NaraCore
import Plot

/// The plan's edit grid: one row per line (area, what, amount, remove), each field labelled with
/// its row and column, a refused field's message beside it, and the sum under the rows.
///
/// Wide, the column headings say what each field is and the labels are read by screen readers
/// only; narrow (`nara.css`, *Money overview and plan grid*), each row stacks with its labels shown.
struct PlanGrid {
    let areas: [DevelopmentArea]
    let rows: [PlanPage.Row]
    let errors: [FieldError]
    let focusRow: Int?
    /// The sum of the rows that make lines, against the allocation.
    let total: Money
    let allocated: Money

    func error(_ field: String) -> FieldError? { errors.first { $0.field == field } }

    func node<C: HTML.BodyContext>() -> Node<C> {
        let sumError = error(PlanForm.sumField)
        return .div(.class("table-wrap plan-grid-wrap"), .attribute(named: "tabindex", value: "0"), .attribute(named: "role", value: "region"),
                    .attribute(named: "aria-label", value: "Planens rader"), .table(.class("plan-grid"), .id("plan-grid"),
            .caption(.text("Planens rader")),
            .thead(.tr(Blocks.col("Rad"), Blocks.col("Utvecklingsområde"), Blocks.col("Insats"), Blocks.col("Belopp", numeric: true), Blocks.col("Ta bort"))),
            .tbody(.forEach(Array(rows.enumerated())) { i, row in
                .tr(.if(i == focusRow, .class("plan-grid-new")),
                    Blocks.rowHeader(.text("Rad \(i + 1)")),
                    .td(.class("plan-grid-area" + cellError("area_\(i)")), areaSelect(i, row)),
                    .td(.class("plan-grid-title" + cellError("title_\(i)")),
                        textInput("title_\(i)", label: "Insats", row: i, value: row.title, extra: [.attr("autocomplete", "off")])),
                    .td(.class("plan-grid-amount" + cellError("amount_\(i)")),
                        textInput("amount_\(i)", label: "Belopp", row: i, value: row.amount,
                                  extra: [.attribute(named: "inputmode", value: "decimal"), .attr("autocomplete", "off")])),
                    .td(.class("plan-grid-remove"),
                        .input(.type(.checkbox), .id("remove_\(i)"), .name("remove_\(i)"), .value("1")),
                        .label(.for("remove_\(i)"), .text("Ta bort"), .span(.class("visually-hidden"), .text(" rad \(i + 1)")))))
            }),
            .tfoot(.tr(.th(.attribute(named: "scope", value: "row"), .attribute(named: "colspan", value: "3"), .text("Summa av raderna")),
                       .td(.class("plan-grid-sum" + (sumError == nil ? "" : " plan-grid-error")), .id(PlanForm.sumField), .attribute(named: "tabindex", value: "-1"),
                           .unwrap(sumError) { e in .p(.class("error-message"), .span(.class("visually-hidden"), .text("Fel: ")), .text(e.message)) },
                           .span(.class("nowrap"), .text(total.krText)), .span(.class("plan-grid-of"), .text(" av \(allocated.krText)"))),
                       .td()))))
    }

    func cellError(_ field: String) -> String { error(field) == nil ? "" : " plan-grid-error" }

    /// The message shown above a refused field, and the attributes that tie the field to it.
    func message(_ field: String) -> Node<HTML.BodyContext> {
        .unwrap(error(field)) { e in
            .p(.class("error-message"), .id(field + "-error"), .span(.class("visually-hidden"), .text("Fel: ")), .text(e.message))
        }
    }

    func invalid(_ field: String) -> [Node<HTML.BodyContext>] {
        guard error(field) != nil else { return [] }
        return [.attribute(named: "aria-invalid", value: "true"), .attr("aria-describedby", field + "-error")]
    }

    /// A label naming the column (shown when the grid stacks) and the row (for screen readers).
    func label(_ field: String, _ text: String, row: Int) -> Node<HTML.BodyContext> {
        .label(.for(field), .class("plan-grid-label"), .text(text), .span(.class("visually-hidden"), .text(", rad \(row + 1)")))
    }

    func textInput(_ field: String, label text: String, row: Int, value: String, extra: [Node<HTML.BodyContext>]) -> Node<HTML.BodyContext> {
        .group(label(field, text, row: row), message(field),
            .element(named: "input", nodes: [Node<HTML.BodyContext>.attribute(named: "type", value: "text"),
                                             .attr("name", field), .attr("id", field), .attr("value", value, keepEmpty: true)]
                     + extra + invalid(field)))
    }

    func areaSelect(_ i: Int, _ row: PlanPage.Row) -> Node<HTML.BodyContext> {
        let field = "area_\(i)"
        return .group(label(field, "Utvecklingsområde", row: i), message(field),
            .element(named: "select", nodes: [Node<HTML.BodyContext>.attr("name", field), .attr("id", field),
                                              .if(i == focusRow, .attribute(named: "autofocus", value: "autofocus"))] + invalid(field) + [
                .element(named: "option", nodes: [Node<HTML.BodyContext>.attribute(named: "value", value: "", ignoreIfValueIsEmpty: false), .text("–")]),
                .forEach(areas) { area in
                    .element(named: "option", nodes: [Node<HTML.BodyContext>.attr("value", String(area.number)),
                                                      .if(row.area == String(area.number), .attribute(named: "selected", value: "selected")),
                                                      .text("\(area.number). \(area.title.prefix(40))")])
                }]))
    }
}
