import Foundation
import NaraCore
import Plot

/// The follow-up's start page: answers per question, search, the dashboards, indicators, goal
/// pictures and every round's status board.
struct FollowUpHomePage {
    let home: FollowUpHome

    func render() -> String {
        Layout.render(title: "Uppföljning", current: SiteURL.followUp,
            .h1(.text("Uppföljning")),
            .p(.class("lead"), .text("Svaren från alla mottagare per fråga och över åren, sökning i fritext, indikatorer, målbilder och rapportomgångarnas status.")),
            .h2(.text("Svar per fråga")),
            home.analysed.isEmpty ? .p(.text("Inga rapporter är inskickade ännu.")) :
            .ul(.class("task-list"), .forEach(home.analysed) { r in
                .li(.class("task"), .a(.href(AnalysisRoutes.formURL(r.formKey, year: r.year)), .text("\(r.title), \(r.year)")),
                    .span(.class("task-meta"), .text("\(r.reports) inskickade rapporter")))
            }),
            .form(.method(.get), .action("/uppfoljning/sok"), .class("filter-form"), .attribute(named: "role", value: "search"),
                  Forms.field("Sök i fritextsvar", name: "q", type: .search), Forms.submit("Sök")),
            .h2(.text("Lägesbild, indikatorer och målbilder")),
            .ul(.forEach(home.years) { y in .li(.a(.href("/uppfoljning/overenskommelser/\(y)"), .text("Lägesbild \(y)"))) },
                .li(.a(.href("/uppfoljning/indikatorer"), .text("Indikatorer per region och år"))),
                .li(.a(.href("/uppfoljning/malbilder"), .text("Målbilder och handlingsplaner per län"))),
                .if(home.canLink, .li(.a(.href("/uppfoljning/kopplingar"), .text("Koppla frågor mellan formulär över åren"))))),
            .h2(.text("Rapportomgångar")),
            .p(.text("Varje rapportomgång med alla mottagares status.")),
            home.rounds.isEmpty ? .p(.text("Det finns inga rapportomgångar.")) :
            .ul(.class("task-list"), .forEach(home.rounds) { r in
                .li(.class("task"), .a(.href(SiteURL.statusBoard(r.assignment.id!)), .text(r.title)),
                    .span(.class("task-meta"), .text("Sista dag \(CivilDate(iso: r.assignment.deadline)?.swedish ?? r.assignment.deadline)")))
            }))
    }
}
