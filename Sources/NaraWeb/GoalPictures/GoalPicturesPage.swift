import Foundation
import NaraCore
import Plot

/// Goal pictures and action plans per county, for analysts.
struct GoalPicturesPage {
    let model: GoalPictureTable

    func render() -> String {
        Layout.render(title: "Målbilder per län", breadcrumbs: [("Uppföljning", SiteURL.followUp), ("Målbilder per län", nil)], current: SiteURL.followUp,
            .h1(.text("Målbilder och handlingsplaner per län")),
            .p(.class("lead"), .text("\(model.decided) av 21 län har svarat att de har en beslutad länsgemensam målbild (\(model.year)). Regionerna registrerar sin målbild och hur den följs upp under Målbild.")),
            .if(model.years.count > 1, .nav(.attribute(named: "aria-label", value: "År"), .ul(.class("downloads"), .forEach(model.years) { y in
                .li(y == model.year ? .strong(.attribute(named: "aria-current", value: "page"), .text(String(y))) : .a(.href("/uppfoljning/malbilder?ar=\(y)"), .text(String(y))))
            }))),
            DataTable.downloads("/uppfoljning/malbilder", query: "ar=\(model.year)"),
            model.table.node())
    }
}
