import Foundation
import NaraCore
import NaraPersistence
import Plot

/// "Frågor över åren": the links between questions across questionnaires, and a form for a new one.
struct QuestionLinksPage {
    let list: QuestionLinkList
    var errors: [FieldError] = []
    var form = QuestionLinkForm()
    let csrf: String

    func render() -> String {
        let options = list.formKeys.map { (value: $0, label: $0) }
        return Layout.render(title: "Frågor över åren", breadcrumbs: [("Uppföljning", SiteURL.followUp), ("Frågor över åren", nil)], current: SiteURL.followUp,
            .h1(.text("Koppla frågor mellan formulär")),
            .p(.class("lead"), .text("Samma fråga-id i samma formulär kopplas ihop över åren av sig själv. När en fråga har fått ett nytt id eller flyttat till ett annat formulär kopplar du den här, så att trenden kan följa den.")),
            list.links.isEmpty ? .p(.text("Inga kopplingar ännu.")) : .div(.class("table-wrap"), .attribute(named: "tabindex", value: "0"), .table(.id("kopplingar"), .caption(.text("Kopplingar")),
                .thead(.tr(Blocks.col("Från"), Blocks.col("Till"), Blocks.col("Gjord av"), Blocks.col("Åtgärd"))),
                .tbody(.forEach(list.links) { l in
                    .tr(Blocks.rowHeader(.text("\(l.fromForm) · \(l.fromQuestion)")), Blocks.cell("\(l.toForm) · \(l.toQuestion)"), Blocks.cell(l.createdBy),
                        .td(Forms.button("Ta bort", action: "/uppfoljning/kopplingar/\(l.id!.uuidString)/ta-bort", csrf: csrf,
                                         label: "Ta bort kopplingen \(l.fromForm) \(l.fromQuestion) till \(l.toForm) \(l.toQuestion)")))
                }))),
            .h2(.text("Ny koppling")),
            Forms.errorSummary(errors),
            .form(.method(.post), .action("/uppfoljning/kopplingar"), .class("narrow-form"),
                  Forms.csrf(csrf),
                  Forms.select("Från formulär", name: "from_form", options: options, selected: form.from_form, errors: errors),
                  Forms.field("Från fråga (id, till exempel q1)", name: "from_question", value: form.from_question ?? "", errors: errors),
                  Forms.select("Till formulär", name: "to_form", options: options, selected: form.to_form, errors: errors),
                  Forms.field("Till fråga (id)", name: "to_question", value: form.to_question ?? "", errors: errors),
                  Forms.submit("Koppla")))
    }
}
