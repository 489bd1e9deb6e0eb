import Foundation
import NaraCore
import Plot

/// Every recipient's report in a round, for analysts.
struct StatusBoardPage {
    struct Row {
        let reportID: UUID
        let organisation: String
        let county: String
        let status: ReportStatus
        let lastChanged: Date?
        let submittedAt: Date?
        let late: Bool
        let flagged: Bool
    }

    let title: String
    let assignmentID: UUID
    let deadline: CivilDate
    /// Every row of the filters, or only those of `page` when `listed` says how many there are.
    let rows: [Row]
    let county: String
    let status: String
    /// Which page of the table (from 1); a round with many recipients is shown `perPage` at a time.
    var page: Int = 1
    /// When the database cut the page: how many rows the filters keep, and per status.
    var listed: (total: Int, counts: [ReportStatus: Int])? = nil
    static let perPage = 200

    init(title: String, assignmentID: UUID, deadline: CivilDate, rows: [Row], county: String, status: String, page: Int = 1) {
        (self.title, self.assignmentID, self.deadline, self.rows, self.county, self.status, self.page) = (title, assignmentID, deadline, rows, county, status, page)
    }

    /// One page of a board, as the database read it.
    init(board b: StatusBoardQuery.Board) {
        self.init(title: b.title, assignmentID: b.assignment.id!, deadline: b.deadline, rows: b.rows, county: b.county, status: b.status, page: b.page)
        listed = (b.total, b.counts)
    }

    func render() -> String {
        let total = listed?.total ?? rows.count
        let pages = max(1, (total + Self.perPage - 1) / Self.perPage)
        let page = min(max(1, self.page), pages)
        let shown = listed == nil ? rows.dropFirst((page - 1) * Self.perPage).prefix(Self.perPage) : rows[...]
        let query = "county=\(county.urlPart)&status=\(status.urlPart)"
        let base = SiteURL.statusBoard(assignmentID)
        let counties: [(value: String, label: String)] = [("", "Alla län")] + Geography.shipped.counties.map { ($0.code, $0.name) }
        let statuses: [(value: String, label: String)] = [("", "Alla statusar")] + ReportStatus.allCases.map { ($0.rawValue, $0.swedishName) }
        let counts = listed?.counts ?? Dictionary(grouping: rows, by: \.status).mapValues(\.count)
        return Layout.render(title: title, breadcrumbs: [("Uppföljning", SiteURL.followUp), (title, nil)], current: SiteURL.followUp,
            .h1(.text(title)),
            .p(.class("lead"), .text("Sista dag \(deadline.swedish). " + ReportStatus.allCases.compactMap { s in counts[s].map { "\(s.swedishName): \($0)" } }.joined(separator: " · "))),
            .form(.method(.get), .action(SiteURL.statusBoard(assignmentID)), .class("filter-form"),
                  Forms.select("Län", name: "county", options: counties, selected: county),
                  Forms.select("Status", name: "status", options: statuses, selected: status),
                  Forms.submit("Filtrera")),
            DataTable.downloads(base, query: query),
            StatusBoardQuery.table(Array(shown), caption: pages == 1 ? "\(total) mottagare" : "\(total) mottagare, sida \(page) av \(pages)").node(),
            .if(pages > 1, .nav(.attribute(named: "aria-label", value: "Sidor i statustavlan"), .ul(.class("pager"),
                .if(page > 1, .li(.a(.href(base + "?\(query)&sida=\(page - 1)"), .text("Föregående sida")))),
                .li(.text("Visar \((page - 1) * Self.perPage + 1)–\((page - 1) * Self.perPage + shown.count) av \(total)")),
                .if(page < pages, .li(.a(.href(base + "?\(query)&sida=\(page + 1)"), .text("Nästa sida")))))))
        )
    }
}
