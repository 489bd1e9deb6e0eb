import Foundation
import NaraCore
import NaraPersistence
import Plot

/// Kammarkollegiet's inbox: requisitions to decide, payments to make, the payment file, the
/// financial reports' claims and amendments' repayment claims.
struct PayerInboxPage {
    let requisitions: [RequisitionModel]
    let payments: [PaymentModel]
    let names: [UUID: String]
    let csrf: String
    let reports: [FinancialReportModel]
    let repayments: [RepaymentModel]
    let claims: [RepaymentClaimModel]
    let today: CivilDate
    /// The payer looking, so the first approver of a large requisition is not offered the second approval.
    let viewer: UUID?
    /// Above this, two payers approve.
    let limit: Money
    let errors: [FieldError]
    /// Decisions to pay (*beslut om utbetalning*), by requisition.
    var letters: [UUID: DecisionLetterModel] = [:]

    func claimStatus(_ r: FinancialReportModel) -> String {
        // Repayments of amendments' claims do not count against the report's claim.
        let mine = claims.filter { $0.organisationID == r.organisationID && $0.agreementYear == r.agreementYear }
        let repaid = repayments.filter { $0.organisationID == r.organisationID && $0.agreementYear == r.agreementYear }.map(\.amountOre).reduce(0, +)
            - RepaymentClaims.paidTotal(mine).ore
        if r.repaymentOre == 0 { return "Inget krav" }
        if repaid >= r.repaymentOre { return "Betald" }
        if let due = CivilDate(iso: r.dueDate), today > due { return "Förfallen" }
        return "Öppen"
    }

    /// A requisition awaiting a decision, with what this payer may do with it.
    func decisionRow(_ r: RequisitionModel) -> Node<HTML.TableContext> {
        let state = RequisitionState(rawValue: r.state) ?? .attested
        let recipient = names[r.organisationID] ?? ""
        let firstByViewer = state == .awaitingSecondApproval && viewer != nil && r.firstApprovedByID == viewer
        let approveLabel = state == .awaitingSecondApproval ? "Gör andra godkännandet och planera betalning"
            : (Money(ore: r.amountOre) > limit ? "Godkänn (första av två)" : "Godkänn och planera betalning")
        var status = state.swedishName
        if state == .awaitingSecondApproval { status += " (första av \(r.firstApprovedBy ?? ""))" }
        return .tr(.attr("id", "rekvisition-\(r.id!)"),
            Blocks.rowHeader(.text(recipient)), Blocks.cell(String(r.agreementYear)),
            Blocks.num(Money(ore: r.amountOre).krText),
            Blocks.cell((r.attestedBy ?? "") + ", " + (r.attestedAt.map(SwedishDateTime.format) ?? "")),
            Blocks.cell(status),
            .td(firstByViewer
                ? .p(.text("Du gjorde det första godkännandet; en annan utbetalare gör det andra."))
                : Forms.button(approveLabel, action: SiteURL.payerApprove(r.id!), csrf: csrf, secondary: false,
                               label: "\(approveLabel): rekvisitionen från \(recipient)"),
                .form(.method(.post), .action(SiteURL.payerReject(r.id!)), .class("role-form"),
                      Forms.csrf(csrf),
                      Forms.field("Skäl för avslag", name: "reason-\(r.id!)", errors: errors),
                      Forms.submit("Avslå", secondary: true))))
    }

    func render() -> String {
        let waiting = requisitions.filter { RequisitionState(rawValue: $0.state)?.awaitsPayer == true }
        return Layout.render(title: "Utbetalningar", current: SiteURL.payer,
            Forms.errorSummary(errors),
            .h1(.text("Rekvisitioner och utbetalningar")),
            .h2(.text("Att besluta (\(waiting.count))")),
            .p(.class("muted"), .text("Rekvisitioner över \(limit.krText) godkänns av två utbetalare: den andra godkänner efter den första.")),
            waiting.isEmpty ? .p(.class("muted"), .text("Inga rekvisitioner väntar.")) :
            .div(.class("table-wrap"), .attribute(named: "tabindex", value: "0"), .table(.id("inkorg"),
                .caption(.text("Attesterade rekvisitioner")),
                .thead(.tr(Blocks.col("Mottagare"), Blocks.col("År"), Blocks.col("Belopp", numeric: true), Blocks.col("Attesterad"), Blocks.col("Status"), Blocks.col("Beslut"))),
                .tbody(.forEach(waiting) { r in decisionRow(r) }))),
            .h2(.text("Betalningar")),
            .ul(.class("downloads"), .li(.a(.href(SiteURL.paymentFile), .text("Betalfil (CSV) med planerade betalningar")))),
            payments.isEmpty ? .p(.class("muted"), .text("Inga betalningar ännu.")) :
            .div(.class("table-wrap"), .attribute(named: "tabindex", value: "0"), .table(.id("betalningar"),
                .caption(.text("Betalningar")),
                .thead(.tr(Blocks.col("Referens"), Blocks.col("Mottagare"), Blocks.col("Datum"), Blocks.col("Belopp", numeric: true), Blocks.col("Status"), Blocks.col("Beslut"))),
                .tbody(.forEach(payments) { p in
                    .tr(.attr("id", "betalning-\(p.id!)"), Blocks.rowHeader(.span(.class("payment-ref"), .text(p.reference))), Blocks.cell(names[p.organisationID] ?? ""),
                        Blocks.cell(CivilDate(iso: p.paymentDate)?.swedish ?? p.paymentDate), Blocks.num(Money(ore: p.amountOre).krText),
                        .td(p.status == PaymentState.planned.rawValue ? Forms.button("Markera som utbetald", action: SiteURL.payerPaid(p.id!), csrf: csrf, label: "Markera \(p.reference) som utbetald")
                                                  : .text("Utbetald " + (p.paidAt.map(SwedishDateTime.format) ?? ""))),
                        .td(.unwrap(p.requisitionID.flatMap { letters[$0] }) { .a(.class("nowrap"), .href(SiteURL.decisionLetter($0.organisationID, $0.agreementYear, $0.id!)), .text($0.reference)) }))
                }))),
            .h2(.text("Ekonomiska redovisningar och återbetalningskrav")),
            reports.isEmpty ? .p(.class("muted"), .text("Inga attesterade redovisningar ännu.")) :
            .div(.class("table-wrap"), .attribute(named: "tabindex", value: "0"), .table(.id("krav"),
                .caption(.text("Mottagna redovisningar")),
                .thead(.tr(Blocks.col("Mottagare"), Blocks.col("År"), Blocks.col("Version"), Blocks.col("Krav", numeric: true), Blocks.col("Förfaller"), Blocks.col("Status"))),
                .tbody(.forEach(reports) { r in
                    .tr(Blocks.rowHeader(.text(names[r.organisationID] ?? "")), Blocks.cell(String(r.agreementYear)), Blocks.cell(String(r.version)),
                        Blocks.num(Money(ore: r.repaymentOre).krText), Blocks.cell(CivilDate(iso: r.dueDate)?.swedish ?? r.dueDate), Blocks.cell(claimStatus(r)))
                }))),
            amendmentClaims()
        )
    }

    /// Amendments' repayment claims: open, paid or overdue, each open one with a form to record its payment.
    func amendmentClaims() -> Node<HTML.BodyContext> {
        .group(
            .h2(.id("aterkrav"), .text("Återkrav efter ändringsöverenskommelse")),
            claims.isEmpty ? .p(.class("muted"), .text("Inga återkrav efter ändringsöverenskommelser.")) :
            .div(.class("table-wrap"), .attribute(named: "tabindex", value: "0"), .table(.id("aterkravslista"),
                .caption(.text("Återkrav när en ändring sänkt tilldelningen under det utbetalda")),
                .thead(.tr(Blocks.col("Mottagare"), Blocks.col("År"), Blocks.col("Version", numeric: true), Blocks.col("Belopp", numeric: true),
                           Blocks.col("Förfaller"), Blocks.col("Skäl"), Blocks.col("Status"))),
                .tbody(.forEach(claims) { c in
                    let status = RepaymentClaims.status(c, today: today)
                    let name = names[c.organisationID] ?? ""
                    return .tr(Blocks.rowHeader(.text(name)), Blocks.cell(String(c.agreementYear)), Blocks.num(String(c.agreementVersion)),
                        Blocks.num(Money(ore: c.amountOre).krText), Blocks.cell(CivilDate(iso: c.dueDate)?.swedish ?? c.dueDate),
                        Blocks.cell(c.reason),
                        .td(.data(named: "status", value: status.rawValue), .strong(.text(status.swedishName)),
                            .if(status != .paid, Forms.button("Markera som betalt i dag", action: MoneyRoutes.claimPaidPath, csrf: csrf, hidden: [("claim", c.id!.uuidString)],
                                                              label: Forms.attr("Markera återkravet på \(Money(ore: c.amountOre).krText) från \(name) som betalt i dag")))))
                })))
        )
    }
}
