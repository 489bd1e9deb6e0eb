import Foundation
import Plot

/// The audit trail page: the filter, the download and the entries, each with what changed.
struct AuditPage {
    let filter: AuditRoutes.Filter
    let trail: AuditTrail
    /// The organisations to filter by, id and name.
    let organisations: [(value: String, label: String)]

    func render() -> String {
        Layout.render(title: "Händelselogg", breadcrumbs: [("Administration", SiteURL.admin), ("Händelselogg", nil)], current: SiteURL.admin,
            .h1(.text("Händelselogg")),
            .p(.class("lead"), .text("Varje ändring, inloggning och import i Nära, med vem, för vilken organisation, när och värdena före och efter. Loggen går bara att lägga till i; ingen kan ändra eller ta bort en rad.")),
            filterForm(),
            DataTable.downloads(SiteURL.adminAudit, query: String(filter.queryString.dropFirst())),
            .p(.attribute(named: "role", value: "status"),
               .text(trail.rows.count >= AuditRoutes.pageLimit
                     ? "De \(AuditRoutes.pageLimit) senaste händelserna visas; ladda ned som CSV eller Excel för alla."
                     : (trail.rows.count == 1 ? "1 händelse" : "\(trail.rows.count) händelser"))),
            table()
        )
    }

    func filterForm() -> Node<HTML.BodyContext> {
        let actions = [(value: "", label: "Alla händelser")] + AuditLog.Action.allCases.map { (value: $0.rawValue, label: $0.swedishName) }
        let entities = [(value: "", label: "Alla objekt")] + AuditVocabulary.entities.map { (value: $0.code, label: $0.name) }
        return .form(.method(.get), .action(SiteURL.adminAudit), .class("filter-form"),
            Forms.select("Organisation", name: "organisation", options: [(value: "", label: "Alla organisationer")] + organisations,
                         selected: filter.organisation?.uuidString ?? ""),
            Forms.field("Person (e-post)", name: "actor", value: filter.actor, type: .text),
            Forms.select("Objekt", name: "entity", options: entities, selected: filter.entity),
            Forms.select("Händelse", name: "action", options: actions, selected: filter.action),
            Forms.field("Från och med", name: "from", value: filter.fromText, hint: AuditPage.dateHint, errors: dateErrors),
            Forms.field("Till och med", name: "to", value: filter.toText, hint: AuditPage.dateHint, errors: dateErrors),
            Forms.submit("Filtrera"))
    }

    static let dateHint = "Som 2024-03-31"

    /// A period end that is not a date is said at its field (the trail is shown unfiltered by it).
    var dateErrors: [FieldError] {
        [("from", filter.fromText, filter.from), ("to", filter.toText, filter.to)].compactMap { name, text, date in
            text.isEmpty || date != nil ? nil : FieldError(field: name, message: "Skriv datumet som år-månad-dag, till exempel 2024-03-31.")
        }
    }

    /// The trail's table, cell for cell the one the downloads are written from: each cell's text
    /// as `DataTable` shows it, with the time on two unbroken lines, an e-mail address that may
    /// break before its `@` and the changes one field per line.
    func table() -> Node<HTML.BodyContext> {
        let table = trail.table
        return .div(.class("table-wrap"), .attribute(named: "tabindex", value: "0"), .attribute(named: "role", value: "region"),
                    .attr("aria-label", table.caption), .table(.id(table.id),
            .caption(.text(table.caption)),
            .thead(.tr(.forEach(table.columns) { Blocks.col($0) })),
            .tbody(.forEach(Array(zip(trail.rows, table.rows))) { r, cells in
                .tr(Blocks.rowHeader(time(cells[0].plain)),
                    .td(breakable(cells[1].plain)), Blocks.cell(cells[2].plain), Blocks.cell(cells[3].plain), Blocks.cell(cells[4].plain),
                    .td(changes(r)), Blocks.cell(cells[6].plain), Blocks.cell(cells[7].plain))
            })))
    }

    /// One line per field: `Status: Väntar på attest → Attesterad, hos Kammarkollegiet`. A line
    /// break between the lines makes the cell's text the download's (`AuditTrail.Row.cells`).
    func changes(_ r: AuditTrail.Row) -> Node<HTML.BodyContext> {
        let lines: [Node<HTML.BodyContext>] = (r.unchanged ? [.div(.strong(.text(AuditTrail.Row.noChange)))] : [])
            + r.fields.map { f in
                .div(.text(f.label + ": "),
                     .unwrap(f.before) { b in .group(value(b), .text(" → ")) },
                     value(f.after))
            }
        if lines.isEmpty { return .text("–") }
        return .group(lines.enumerated().map { i, line in i == 0 ? line : .group(.text("\n"), line) })
    }

    /// `31 mars 2024 kl. 12.00` on two unbroken lines at most: the day, then the time.
    func time(_ text: String) -> Node<HTML.BodyContext> {
        guard let kl = text.range(of: " kl. ") else { return .text(text) }
        return .group(.span(.class("nowrap"), .text(String(text[..<kl.lowerBound]))), .text(" "),
                      .span(.class("nowrap"), .text("kl. " + text[kl.upperBound...])))
    }

    /// An e-mail address that may break before its `@` (never inside a word) on a narrow screen.
    func breakable(_ text: String) -> Node<HTML.BodyContext> {
        guard let at = text.firstIndex(of: "@"), at != text.startIndex else { return .text(text) }
        return .group(.text(String(text[..<at])), .selfClosedElement(named: "wbr"), .text(String(text[at...])))
    }

    /// An amount, or a code of one word with digits such as a reference (`23-UPPDRAG-2019-K1-…`), is never
    /// broken over two lines.
    func value(_ v: AuditVocabulary.Value) -> Node<HTML.BodyContext> {
        v.isAmount || (!v.text.contains(" ") && v.text.contains(where: \.isNumber)) ? .span(.class("nowrap"), .text(v.text)) : .text(v.text)
    }
}
