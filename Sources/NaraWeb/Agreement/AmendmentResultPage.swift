import NaraCore
import Plot

/// What an amendment did: the new version, every changed field, and each recipient's
/// position against what it has requisitioned and been paid.
struct AmendmentResultPage {
    let year: Int
    let title: String
    let outcome: AgreementService.Amended

    func render() -> String {
        Layout.render(title: "Ändringsöverenskommelse sparad",
                      breadcrumbs: [("Administration", SiteURL.admin), ("Överenskommelser", SiteURL.adminAgreements), (String(year), SiteURL.adminAgreement(year)), ("Ändring", nil)],
                      current: SiteURL.admin,
            .h1(.text("\(title): version \(outcome.version)")),
            Blocks.notice("ok", heading: "Ändringen är sparad",
                .p(.text("Överenskommelsen är nu version \(outcome.version). Fördelningarna som ändringen påverkar är omräknade som nya versioner; de tidigare finns kvar."
                         + (outcome.claims > 0 ? " \(outcome.claims) \(outcome.claims == 1 ? "återkrav har" : "återkrav har") skapats hos Kammarkollegiet." : ""))),
                .p(.a(.href(SiteURL.agreement(year)), .text("Den publicerade sidan")), .text(" · "),
                   .a(.href(SiteURL.agreementVersions(year)), .text("Alla versioner")))),
            ChangeTable.render(outcome.changes, caption: "Vad ändringen ändrar"),
            DifferenceTable.render(outcome.differences))
    }
}

/// A version's changes, field by field.
enum ChangeTable {
    static func render(_ changes: [FieldChange], caption: String) -> Node<HTML.BodyContext> {
        .div(.class("table-wrap"), .attribute(named: "tabindex", value: "0"), .attribute(named: "role", value: "region"),
             .attr("aria-label", caption),
            .table(.class("change-table"),
                .caption(.text(caption)),
                .thead(.tr(Blocks.col("Fält"), Blocks.col("Före"), Blocks.col("Efter"))),
                .tbody(.forEach(changes) { c in
                    .tr(Blocks.rowHeader(.text(c.field)), Blocks.cell(c.before.isEmpty ? "(fanns inte)" : c.before),
                        Blocks.cell(c.after.isEmpty ? "(borttaget)" : c.after))
                })))
    }
}

/// Each recipient whose allocation an amendment changed.
enum DifferenceTable {
    static func render(_ differences: [RecipientDifference]) -> Node<HTML.BodyContext> {
        guard !differences.isEmpty else { return .p(.text("Ingen mottagares fördelning ändrades.")) }
        return .div(.class("table-wrap"), .attribute(named: "tabindex", value: "0"), .attribute(named: "role", value: "region"),
                    .attribute(named: "aria-label", value: "Skillnad per mottagare"),
            .table(
                .caption(.text("Skillnad per mottagare")),
                .thead(.tr(Blocks.col("Mottagare"), Blocks.col("Före", numeric: true), Blocks.col("Efter", numeric: true),
                           Blocks.col("Skillnad", numeric: true), Blocks.col("Rekvirerat", numeric: true), Blocks.col("Utbetalt", numeric: true),
                           Blocks.col("Följd"))),
                .tbody(.forEach(differences) { d in
                    .tr(Blocks.rowHeader(.text(d.name)), money(d.before), money(d.after), money(d.change, signed: true),
                        money(d.requisitioned), money(d.paid), Blocks.cell(d.consequence))
                })))
    }

    static func money(_ m: Money, signed: Bool = false) -> Node<HTML.TableRowContext> {
        .td(.class("num nowrap"), .text(signed ? m.signedKrText : m.krText))
    }
}
