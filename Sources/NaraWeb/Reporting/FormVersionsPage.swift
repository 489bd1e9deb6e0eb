import Foundation
import NaraCore
import NaraPersistence
import Plot

/// A questionnaire's versions: when and by whom each was saved, a choice of two versions, and what
/// differs between them question by question.
struct FormVersionsPage {
    struct Version {
        let model: FormDefinitionModel
        let definition: FormDefinition
    }

    struct Comparison {
        let from: Int
        let to: Int
        let diff: FormDiff
    }

    let key: String
    let title: String
    /// Oldest first.
    let versions: [Version]
    let selectedFrom: String
    let selectedTo: String
    let comparison: Comparison?
    let errors: [FieldError]

    func render() -> String {
        Layout.render(title: "Versioner av \(title)",
                      breadcrumbs: [("Administration", SiteURL.admin), ("Formulär", SiteURL.adminForms), ("Versioner", nil)],
                      current: SiteURL.admin,
            .h1(.text("Versioner av \(title)")),
            Forms.errorSummary(errors),
            .p(.class("muted"), .text("Ett formulär som används ändras aldrig; varje ändring sparas som en ny version. "
                                      + "Här syns vad som skiljer två versioner åt, fråga för fråga.")),
            versionTable(),
            versions.count < 2
                ? .p(.text("Formuläret har bara en version, så det finns inget att jämföra ännu."))
                : .group(choice(), result())
        )
    }

    func versionTable() -> Node<HTML.BodyContext> {
        .div(.class("table-wrap"), .attribute(named: "tabindex", value: "0"),
            .table(.caption(.text(versions.count == 1 ? "1 version" : "\(versions.count) versioner")),
                .thead(.tr(Blocks.col("Version"), Blocks.col("Sparad"), Blocks.col("Av"), Blocks.col("Frågor", numeric: true),
                           Blocks.col("Förhandsgranskning"))),
                .tbody(.forEach(versions.reversed()) { v in
                    .tr(Blocks.rowHeader(.text(String(v.model.version))),
                        .td(.class("nowrap"), .text(SwedishDateTime.format(v.model.createdAt))),
                        Blocks.cell(v.model.createdBy),
                        Blocks.num(String(v.definition.questions.count)),
                        .td(.a(.href(v.model.id.map(SiteURL.adminForm) ?? SiteURL.adminForms), .text("Visa version \(v.model.version)"))))
                })))
    }

    /// Two selects and Jämför: a GET form, so it works without JavaScript and the address can be shared.
    func choice() -> Node<HTML.BodyContext> {
        let options = versions.reversed().map { (value: String($0.model.version), label: "Version \($0.model.version)") }
        return .form(.method(.get), .action(SiteURL.adminFormVersions(key)), .class("form-versions-choice"),
            .h2(.text("Jämför två versioner")),
            Forms.select("Från version", name: "fran", options: options, selected: selectedFrom, errors: errors),
            Forms.select("Till version", name: "till", options: options, selected: selectedTo, errors: errors),
            Forms.submit("Jämför"))
    }

    func result() -> Node<HTML.BodyContext> {
        guard let c = comparison else { return .group() }
        return .section(.attribute(named: "aria-labelledby", value: "skillnader"),
            .h2(.id("skillnader"), .text("Skillnader från version \(c.from) till version \(c.to)")),
            FormDiffView(diff: c.diff, caption: "Ändringar från version \(c.from) till version \(c.to), fråga för fråga").nodes())
    }

    /// "1", "1 och 2", "1, 2 och 3".
    static func listed(_ numbers: [Int]) -> String {
        let words = numbers.map { String($0) }
        guard let last = words.last else { return "" }
        return words.count == 1 ? last : words.dropLast().joined(separator: ", ") + " och " + last
    }
}
