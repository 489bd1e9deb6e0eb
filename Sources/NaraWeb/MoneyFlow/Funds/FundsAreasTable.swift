import Foundation
import NaraCore
import Plot

/// A recipient's money per development area (`#omraden` on its funds page), where the money
/// overview's recipient links to: requisitioned, paid, assigned onward, used and repaid per area.
/// Allocations are not split by area, so the allocation is the funds page's total only.
enum FundsAreasTable {
    static let columns: [(heading: String, value: KeyPath<MoneySteps, Money>)] = [
        ("Rekvirerat", \.requisitioned), ("Utbetalt", \.paid), ("Vidarefördelat", \.assigned),
        ("Redovisat använt", \.spent), ("Återbetalt", \.repaid), ("Saldo", \.balance),
    ]

    static func table(_ row: MoneyService.Row, agreement: Agreement) -> DataTable {
        let titles = Dictionary(uniqueKeysWithValues: agreement.areas.map { ($0.number, $0.title) })
        let lines: [[DataTable.Cell]] = row.areas.keys.sorted().map { area in
            let steps = row.areas[area]!
            let name = area == 0 ? "Ej fördelat på område" : "\(area). \(titles[area] ?? "")"
            return [.text(name)] + columns.map { c in
                // "Used" is unknown until a report is attested: empty, not zero.
                c.value == \MoneySteps.spent && !row.reported ? .empty : .kronor(steps[keyPath: c.value])
            }
        }
        return DataTable(id: "omraden-tabell", caption: "Medel per utvecklingsområde", columns: ["Utvecklingsområde"] + columns.map(\.heading),
                         numeric: Set(1...columns.count), rows: lines)
    }

    /// The section, whenever the recipient is in the overview (the overview links to `#omraden`);
    /// until a requisition is attested there is nothing per area to show.
    static func section(_ row: MoneyService.Row?, agreement: Agreement) -> Node<HTML.BodyContext> {
        guard let row else { return .group() }
        return .section(.attribute(named: "aria-labelledby", value: "omraden"),
            .h2(.id("omraden"), .text("Medlen per utvecklingsområde")),
            row.areas.isEmpty ? .p(.class("muted"), .text("Inget är rekvirerat och attesterat ännu, så det finns inget att visa per utvecklingsområde.")) :
            .group(
                .p(.text("Rekvisitionerna fördelas på områdena efter planen. "
                         + (row.reported ? "Använt är det som den attesterade ekonomiska redovisningen anger." : "– betyder att det ännu inte finns någon attesterad ekonomisk redovisning."))),
                table(row, agreement: agreement).node()))
    }
}
