import Foundation
import NaraCore
import NaraPersistence
import Plot

/// The reminders made so far (sent by e-mail, or listed here when no mail server is set), and a
/// button to make today's now.
struct RemindersPage {
    let reminders: [ReminderModel]
    let mailConfigured: Bool
    let csrf: String

    func render() -> String {
        Layout.render(title: "Påminnelser", breadcrumbs: [("Administration", SiteURL.admin), ("Påminnelser", nil)], current: SiteURL.admin,
            .h1(.text("Påminnelser")),
            .p(.class("lead"), .text("Redigerare får en samlad påminnelse per dag om rapporter som inte är inskickade: 30 och 7 dagar före sista dag och dagen efter. " +
                (mailConfigured ? "De skickas med e-post." : "E-post är inte konfigurerad (NARA_SMTP_HOST), så påminnelserna listas här."))),
            Forms.button("Skapa dagens påminnelser nu", action: SiteURL.adminReminders, csrf: csrf, secondary: false),
            reminders.isEmpty ? .p(.text("Inga påminnelser ännu.")) :
            .div(.class("table-wrap"), .attribute(named: "tabindex", value: "0"), .table(
                .caption(.text("Påminnelser, senaste först")),
                .thead(.tr(Blocks.col("Dag"), Blocks.col("Till"), Blocks.col("Skickad"), Blocks.col("Innehåll"))),
                .tbody(.forEach(reminders) { r in
                    .tr(Blocks.rowHeader(.text(CivilDate(iso: r.day)?.swedish ?? r.day)), Blocks.cell(r.email), Blocks.cell(r.sent ? "Ja" : "Nej, listad här"),
                        .td(.forEach(r.body.split(separator: "\n").map(String.init)) { .p(.text($0)) }))
                }))))
    }
}
