import Foundation
import NaraCore
import NaraPersistence
import Plot

/// A provider's assignments with their quarters, and the request form.
struct ProviderPage {
    let organisation: OrganisationModel
    let assignments: [FundAssignmentModel]
    let requests: [ProviderRequestModel]
    let canChange: Bool
    let csrf: String
    let errors: [FieldError]

    func render() -> String {
        return Layout.render(title: "Uppdrag – \(organisation.name)", breadcrumbs: [(organisation.name, SiteURL.organisation(organisation.id!)), ("Uppdrag", nil)],
            Forms.errorSummary(errors),
            .h1(.text("Uppdrag och äskanden")),
            .p(.class("lead"), .text("Uppdrag från regionen med kvartalsvisa delbelopp. Äska per kvartal; regionen godkänner eller avslår med skäl.")),
            assignments.isEmpty ? .p(.text("Inga uppdrag ännu.")) : .forEach(assignments) { a in
                let quarters = AssignmentRoutes.instalments(a)
                let mine = requests.filter { $0.assignmentID == a.id }
                return .section(
                    .h2(.text("\(a.title) (\(a.agreementYear))")),
                    .p(.text("Belopp \(Money(ore: a.amountOre).krText), område \(a.area).")),
                    .div(.class("table-wrap"), .attribute(named: "tabindex", value: "0"), .table(
                        .caption(.text("Kvartal för \(a.title)")),
                        .thead(.tr(Blocks.col("Kvartal"), Blocks.col("Delbelopp", numeric: true), Blocks.col("Äskat", numeric: true))),
                        .tbody(.forEach(1...4) { q in
                            .tr(Blocks.rowHeader(.text("Kvartal \(q)")), Blocks.num(quarters[q - 1].krText), Blocks.num(AssignmentRoutes.requested(mine, quarter: q).krText))
                        }))),
                    .if(!mine.isEmpty, .ul(.forEach(mine) { r in .li(.text("Kvartal \(r.quarter): \(Money(ore: r.amountOre).krText) – \(ProviderRequestState(rawValue: r.state)?.swedishName ?? r.state)" + (r.reason.map { " (\($0))" } ?? ""))) })),
                    .if(canChange, .form(.method(.post), .action("/organisationer/\(organisation.id!.uuidString)/uppdrag/\(a.id!.uuidString)/askande"), .class("role-form"),
                        Forms.csrf(csrf),
                        .div(.class("field"), .label(.for("quarter-\(a.id!)"), .text("Kvartal")),
                             .element(named: "select", nodes: [Node<HTML.BodyContext>.attribute(named: "name", value: "quarter"),
                                                               .attr("id", "quarter-\(a.id!)"),
                                                               .forEach(1...4) { q in .element(named: "option", nodes: [Node<HTML.BodyContext>.attribute(named: "value", value: String(q)), .text("Kvartal \(q)")]) }])),
                        .div(.class("field"), .label(.for("amount-\(a.id!)"), .text("Belopp (kr)")),
                             .element(named: "input", nodes: [Node<HTML.BodyContext>.attribute(named: "type", value: "text"), .attribute(named: "name", value: "amount"),
                                                              .attr("id", "amount-\(a.id!)"), .attribute(named: "inputmode", value: "decimal")])),
                        Forms.submit("Äska"))))
            })
    }
}
