import Foundation
import NaraCore
import NaraPersistence
import Plot

/// A recipient's reports, as a task list with status and deadline.
struct TaskListPage {
    struct Item {
        let id: UUID
        let title: String
        /// Which agreement and period the report covers.
        let covers: String
        let year: Int
        let status: ReportStatus
        let deadline: CivilDate
        let lastChanged: Date?
    }

    let organisationName: String
    let items: [Item]
    let canFollow: Bool

    func render() -> String {
        let byYear = Dictionary(grouping: items, by: \.year).sorted { $0.key > $1.key }
        return Layout.render(title: "Rapporter", current: SiteURL.reports,
            .h1(.text("Rapporter")),
            .p(.class("lead"), .text("Redovisningar som \(organisationName) ska lämna, per överenskommelse. Svaren sparas medan du skriver.")),
            .if(canFollow, .p(.a(.href(SiteURL.followUp), .text("Följ alla mottagares rapporter")))),
            items.isEmpty ? .p(.text("Det finns inga rapporter för \(organisationName).")) : .forEach(byYear) { year, items in
                .group(
                    .h2(.text("Överenskommelsen \(year)")),
                    .ul(.class("task-list"), .forEach(items) { item in
                        .li(.class("task"),
                            .a(.href(SiteURL.report(item.id)), .text(item.title)),
                            .span(.class("task-meta report-period"), .text(item.covers)),
                            .span(.class("task-meta"), .text("Sista dag \(item.deadline.swedish)")),
                            .strong(.class("tag status-\(item.status.rawValue)"), .text(item.status.swedishName)))
                    }))
            })
    }
}
