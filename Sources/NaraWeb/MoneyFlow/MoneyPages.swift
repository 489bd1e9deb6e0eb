import Foundation
import NaraCore
import NaraPersistence
import Plot

enum MoneyText {
    static func requisitionState(_ s: String) -> String {
        ["draft": "Väntar på attest", "attested": "Attesterad, hos Kammarkollegiet", "approved": "Godkänd", "rejected": "Avslagen"][s] ?? s
    }
    static func paymentState(_ s: String) -> String { s == "paid" ? "Utbetald" : "Planerad" }
}

/// A recipient's funds for one agreement: allocation, plan, requisitions and payments.
struct FundsPage {
    let plan: PlanContext
    let requisitions: [RequisitionModel]
    let payments: [PaymentModel]
    let canChange: Bool
    let isFinanceDirector: Bool
    let csrf: String
    let today: CivilDate
    let errors: [FieldError]
    let typed: String
    let paid: Money
    let latestReport: FinancialService.Report?
    let attestedReport: FinancialService.Report?
    let repayments: [RepaymentModel]
    let assignments: [FundAssignmentModel]
    let providerRequests: [ProviderRequestModel]
    let providerPayments: [PaymentModel]
    let providers: [OrganisationModel]

    func render() -> String {
        let org = plan.organisation
        let year = plan.agreement.year
        let requisitioned = MoneyService.requisitioned(requisitions)
        let available = plan.allocated - requisitioned
        let deadline = MoneyService.requisitionDeadline(plan.agreement)
        let lapsed = deadline.map { today > $0 } ?? false
        let title = "Medel \(year) – \(org.name)"
        return Layout.render(title: title, breadcrumbs: [(org.name, SiteURL.organisation(org.id!)), ("Medel \(year)", nil)],
            Forms.errorSummary(errors),
            .h1(.text(title)),
            .dl(.class("figures"),
                .div(.dt(.text("Tilldelat")), .dd(.text(plan.allocated.krText))),
                .div(.dt(.text("Planerat")), .dd(.text(plan.plan.total.krText))),
                .div(.dt(.text("Rekvirerat")), .dd(.text(requisitioned.krText))),
                .div(.dt(.text("Kvar att rekvirera")), .dd(.id("kvar"), .text(available.krText)))),
            .p(.a(.href(SiteURL.plan(org.id!, year)), .text("Användningsplanen")), .text(" · "),
               .a(.href(SiteURL.moneyOverview(year)), .text("Översikt över medlen"))),
            .h2(.text("Rekvisition")),
            .p(.text(deadline.map { "Sista dag för rekvisition: \($0.swedish)." } ?? "Överenskommelsen anger ingen sista dag för rekvisition.")),
            lapsed ? Blocks.notice("warning", heading: "Rätten att rekvirera har upphört", .p(.text("Sista dag var \(deadline!.swedish). Medel som inte rekvirerats kan inte längre rekvireras.")))
            : .if(canChange && available.ore > 0, .form(.method(.post), .action(SiteURL.requisition(org.id!, year)), .class("narrow-form"),
                  Forms.csrf(csrf),
                  Forms.field("Belopp att rekvirera (kr)", name: "amount", value: typed.isEmpty ? available.typedKronor : typed,
                              hint: "Hela det återstående beloppet är förifyllt. Rekvisitionen fördelas på utvecklingsområdena efter planen och attesteras av ekonomichefen.",
                              errors: errors),
                  Forms.submit("Rekvirera"))),
            requisitions.isEmpty ? .p(.class("muted"), .text("Inga rekvisitioner ännu.")) :
            .div(.class("table-wrap"), .attribute(named: "tabindex", value: "0"), .table(.id("rekvisitioner"),
                .caption(.text("Rekvisitioner")),
                .thead(.tr(Blocks.col("Skapad"), Blocks.col("Belopp", numeric: true), Blocks.col("Status"), Blocks.col("Attest"))),
                .tbody(.forEach(requisitions) { r in
                    .tr(Blocks.rowHeader(.text(SwedishDateTime.format(r.createdAt) + ", " + r.createdBy)),
                        Blocks.num(Money(ore: r.amountOre).krText),
                        .td(.text(MoneyText.requisitionState(r.state)), .unwrap(r.reason) { .text(": " + $0) }),
                        .td(r.state == "draft"
                            ? (isFinanceDirector ? Forms.button("Attestera", action: SiteURL.attest(org.id!, year, r.id!), csrf: csrf, secondary: false, label: "Attestera rekvisitionen på \(Money(ore: r.amountOre).krText)")
                                                 : .text("Ekonomichefen attesterar"))
                            : .text(r.attestedBy.map { "Attesterad av \($0)" } ?? "–")))
                }))),
            .h2(.text("Utbetalningar")),
            payments.isEmpty ? .p(.class("muted"), .text("Inga utbetalningar ännu.")) :
            .div(.class("table-wrap"), .attribute(named: "tabindex", value: "0"), .table(
                .caption(.text("Utbetalningar från Kammarkollegiet")),
                .thead(.tr(Blocks.col("Referens"), Blocks.col("Datum"), Blocks.col("Belopp", numeric: true), Blocks.col("Status"))),
                .tbody(.forEach(payments) { p in
                    .tr(Blocks.rowHeader(.text(p.reference)), Blocks.cell(CivilDate(iso: p.paymentDate)?.swedish ?? p.paymentDate),
                        Blocks.num(Money(ore: p.amountOre).krText), Blocks.cell(MoneyText.paymentState(p.status)))
                }))),
            .if(org.kind == OrganisationKind.region.rawValue, assignmentSection()),
            financialReport()
        )
    }

    func assignmentSection() -> Node<HTML.BodyContext> {
        let org = plan.organisation, year = plan.agreement.year
        let names = Dictionary(uniqueKeysWithValues: providers.map { ($0.id!, $0.name) })
        let waiting = providerRequests.filter { $0.state == "submitted" }
        let assigned = assignments.map { Money(ore: $0.amountOre) }.sum()
        return .group(
            .h2(.id("uppdrag"), .text("Uppdrag och vårdgivare")),
            .p(.text("Uppdrag till egna enheter (bokas på kostnadsobjekt) och till externa vårdgivare, som äskar kvartalsvis. Uppdragen får inte överstiga det utbetalda: \(assigned.krText) av \(paid.krText).")),
            assignments.isEmpty ? .p(.class("muted"), .text("Inga uppdrag ännu.")) :
            .div(.class("table-wrap"), .attribute(named: "tabindex", value: "0"), .table(.id("uppdragslista"),
                .caption(.text("Uppdrag")),
                .thead(.tr(Blocks.col("Uppdrag"), Blocks.col("Till"), Blocks.col("Område"), Blocks.col("Belopp", numeric: true), Blocks.col("Per kvartal"))),
                .tbody(.forEach(assignments) { a in
                    .tr(Blocks.rowHeader(.text(a.title)),
                        Blocks.cell(a.providerID.flatMap { names[$0] } ?? "Egen enhet, kostnadsobjekt \(a.costObject)"),
                        Blocks.cell(String(a.area)), Blocks.num(Money(ore: a.amountOre).krText),
                        Blocks.cell(AssignmentRoutes.instalments(a).map(\.krText).joined(separator: " · ")))
                }))),
            .if(!waiting.isEmpty, .group(
                .h3(.text("Äskanden att besluta")),
                .forEach(waiting) { r in
                    let a = assignments.first { $0.id == r.assignmentID }
                    return .form(.method(.post), .action("/organisationer/\(org.id!.uuidString)/medel/\(year)/askanden/\(r.id!.uuidString)/beslut"), .class("role-form"),
                        Forms.csrf(csrf),
                        .p(.strong(.text("\(a?.providerID.flatMap { names[$0] } ?? ""): kvartal \(r.quarter), \(Money(ore: r.amountOre).krText) (\(a?.title ?? ""))"))),
                        .div(.class("field"), .label(.for("reason-\(r.id!)"), .text("Skäl (vid avslag)")),
                             .element(named: "input", nodes: [Node<HTML.BodyContext>.attribute(named: "type", value: "text"), .attribute(named: "name", value: "reason"),
                                                              .attribute(named: "id", value: "reason-\(r.id!)")])),
                        .button(.type(.submit), .class("button"), .attribute(named: "name", value: "decision"), .value("approve"), .text("Godkänn")),
                        .button(.type(.submit), .class("button button-secondary"), .attribute(named: "name", value: "decision"), .value("reject"), .text("Avslå")))
                })),
            .if(!providerPayments.isEmpty, .div(.class("table-wrap"), .attribute(named: "tabindex", value: "0"), .table(
                .caption(.text("Kvartalsbetalningar till vårdgivare")),
                .thead(.tr(Blocks.col("Referens"), Blocks.col("Till"), Blocks.col("Belopp", numeric: true), Blocks.col("Status"))),
                .tbody(.forEach(providerPayments) { p in
                    .tr(Blocks.rowHeader(.text(p.reference)), Blocks.cell(names[p.organisationID] ?? ""), Blocks.num(Money(ore: p.amountOre).krText),
                        .td(p.status == "planned" && canChange
                            ? Forms.button("Markera som utbetald", action: "/organisationer/\(org.id!.uuidString)/medel/\(year)/betalningar/\(p.id!.uuidString)/utbetald", csrf: csrf, label: "Markera \(p.reference) som utbetald")
                            : .text(MoneyText.paymentState(p.status))))
                })))),
            .if(canChange && paid.ore > 0, .form(.method(.post), .action("/organisationer/\(org.id!.uuidString)/medel/\(year)/uppdrag"), .class("narrow-form"),
                Forms.csrf(csrf),
                .h3(.text("Nytt uppdrag")),
                Forms.field("Uppdrag", name: "a_title", errors: errors),
                Forms.select("Utvecklingsområde", name: "a_area", options: plan.agreement.areas.map { (String($0.number), "\($0.number). \($0.title.prefix(50))") }, errors: errors),
                Forms.select("Till", name: "a_provider", options: [("", "Egen enhet (ange kostnadsobjekt)")] + providers.map { ($0.id!.uuidString, $0.name) }, errors: errors),
                Forms.field("Kostnadsobjekt", name: "a_cost", hint: "För egna enheter, till exempel 9916.", errors: errors),
                Forms.field("Belopp (kr)", name: "a_amount", errors: errors),
                Forms.submit("Skapa uppdrag")))
        )
    }

    func financialReport() -> Node<HTML.BodyContext> {
        let org = plan.organisation, year = plan.agreement.year
        let draft = latestReport.flatMap { $0.model.state == "draft" ? $0 : nil }
        let shown = draft ?? attestedReport
        let editable = canChange && paid.ore > 0
        // With no report yet, the outcome starts from the plan: people change what differed.
        let spentValues = shown?.lines.map { Money(ore: $0.spentOre) } ?? plan.plan.lines.map(\.amount)
        let repaid = repayments.map { Money(ore: $0.amountOre) }.sum()
        return .group(
            .h2(.id("redovisning"), .text("Ekonomisk redovisning")),
            .p(.text("Utfall per insats mot planen. Det som inte använts av det utbetalda ska betalas tillbaka. Utbetalt: \(paid.krText).")),
            .unwrap(attestedReport) { a in
                Blocks.notice(a.model.repaymentOre > 0 ? "warning" : "ok", heading: "Attesterad redovisning, version \(a.model.version)",
                    .p(.text("Attesterad av \(a.model.attestedBy ?? "") \(a.model.attestedAt.map(SwedishDateTime.format) ?? ""). Använt \(a.spent.krText).")),
                    .p(.strong(.text(a.model.repaymentOre > 0
                        ? "Återbetalningskrav: \(Money(ore: a.model.repaymentOre).krText), senast \(CivilDate(iso: a.model.dueDate)?.swedish ?? a.model.dueDate). Återbetalt hittills: \(repaid.krText)."
                        : "Allt utbetalt har använts; inget ska betalas tillbaka."))))
            },
            .if(editable && !plan.plan.lines.isEmpty, .form(.method(.post), .action(SiteURL.financialReport(org.id!, year)),
                Forms.csrf(csrf),
                .div(.class("table-wrap"), .attribute(named: "tabindex", value: "0"), .table(.id("utfall"),
                    .caption(.text(draft != nil ? "Utkast, version \(draft!.model.version)" : attestedReport != nil ? "Ändra: sparas som en ny version" : "Utfall per insats")),
                    .thead(.tr(Blocks.col("Insats"), Blocks.col("Planerat", numeric: true), Blocks.col("Använt (kr)"))),
                    .tbody(.forEach(Array(plan.plan.lines.enumerated())) { i, line in
                        .tr(Blocks.rowHeader(.text(line.title)), Blocks.num(line.amount.krText),
                            .td(.element(named: "input", nodes: [Node<HTML.BodyContext>.attribute(named: "type", value: "text"),
                                .attribute(named: "name", value: "spent_\(i)"), .attribute(named: "id", value: "spent_\(i)"),
                                .attribute(named: "inputmode", value: "decimal"), .attribute(named: "aria-label", value: "Använt: \(line.title)"),
                                .attribute(named: "value", value: i < spentValues.count ? spentValues[i].typedKronor : "", ignoreIfValueIsEmpty: false)])))
                    }))),
                Forms.submit("Spara redovisningen"))),
            .if(draft != nil && isFinanceDirector,
                Forms.button("Attestera redovisningen", action: SiteURL.attestReport(org.id!, year), csrf: csrf, secondary: false)),
            .if(draft != nil && !isFinanceDirector, .p(.text("Ekonomichefen attesterar redovisningen."))),
            .if(canChange && (attestedReport?.model.repaymentOre ?? 0) > repaid.ore, .form(.method(.post), .action(SiteURL.repayment(org.id!, year)), .class("narrow-form"),
                Forms.csrf(csrf),
                .h3(.text("Registrera återbetalning")),
                Forms.field("Belopp (kr)", name: "repayment", errors: errors),
                Forms.field("Betald den", name: "paid_on", type: .date, errors: errors),
                Forms.submit("Registrera"))),
            .if(!repayments.isEmpty, .ul(.forEach(repayments) { r in .li(.text("Återbetalt \(Money(ore: r.amountOre).krText) den \(CivilDate(iso: r.paidOn)?.swedish ?? r.paidOn) (\(r.recordedBy))")) }))
        )
    }
}

/// Kammarkollegiet's inbox: requisitions to decide, payments to make, the payment file.
struct PayerInboxPage {
    let requisitions: [RequisitionModel]
    let payments: [PaymentModel]
    let names: [UUID: String]
    let csrf: String
    let reports: [FinancialReportModel]
    let repayments: [RepaymentModel]
    let today: CivilDate

    func claimStatus(_ r: FinancialReportModel) -> String {
        let repaid = repayments.filter { $0.organisationID == r.organisationID && $0.agreementYear == r.agreementYear }.map(\.amountOre).reduce(0, +)
        if r.repaymentOre == 0 { return "Inget krav" }
        if repaid >= r.repaymentOre { return "Betald" }
        if let due = CivilDate(iso: r.dueDate), today > due { return "Förfallen" }
        return "Öppen"
    }

    func render() -> String {
        let waiting = requisitions.filter { $0.state == "attested" }
        return Layout.render(title: "Utbetalningar", current: SiteURL.payer,
            .h1(.text("Rekvisitioner och utbetalningar")),
            .h2(.text("Att besluta (\(waiting.count))")),
            waiting.isEmpty ? .p(.class("muted"), .text("Inga rekvisitioner väntar.")) :
            .div(.class("table-wrap"), .attribute(named: "tabindex", value: "0"), .table(.id("inkorg"),
                .caption(.text("Attesterade rekvisitioner")),
                .thead(.tr(Blocks.col("Mottagare"), Blocks.col("År"), Blocks.col("Belopp", numeric: true), Blocks.col("Attesterad"), Blocks.col("Beslut"))),
                .tbody(.forEach(waiting) { r in
                    .tr(Blocks.rowHeader(.text(names[r.organisationID] ?? "")), Blocks.cell(String(r.agreementYear)),
                        Blocks.num(Money(ore: r.amountOre).krText),
                        Blocks.cell((r.attestedBy ?? "") + ", " + (r.attestedAt.map(SwedishDateTime.format) ?? "")),
                        .td(Forms.button("Godkänn och planera betalning", action: SiteURL.payerApprove(r.id!), csrf: csrf, secondary: false,
                                         label: "Godkänn rekvisitionen från \(names[r.organisationID] ?? "")"),
                            .form(.method(.post), .action(SiteURL.payerReject(r.id!)), .class("role-form"),
                                  Forms.csrf(csrf),
                                  Forms.field("Skäl för avslag", name: "reason"),
                                  Forms.submit("Avslå", secondary: true))))
                }))),
            .h2(.text("Betalningar")),
            .ul(.class("downloads"), .li(.a(.href(SiteURL.paymentFile), .text("Betalfil (CSV) med planerade betalningar")))),
            payments.isEmpty ? .p(.class("muted"), .text("Inga betalningar ännu.")) :
            .div(.class("table-wrap"), .attribute(named: "tabindex", value: "0"), .table(.id("betalningar"),
                .caption(.text("Betalningar")),
                .thead(.tr(Blocks.col("Referens"), Blocks.col("Mottagare"), Blocks.col("Datum"), Blocks.col("Belopp", numeric: true), Blocks.col("Status"))),
                .tbody(.forEach(payments) { p in
                    .tr(Blocks.rowHeader(.text(p.reference)), Blocks.cell(names[p.organisationID] ?? ""),
                        Blocks.cell(CivilDate(iso: p.paymentDate)?.swedish ?? p.paymentDate), Blocks.num(Money(ore: p.amountOre).krText),
                        .td(p.status == "planned" ? Forms.button("Markera som utbetald", action: SiteURL.payerPaid(p.id!), csrf: csrf, label: "Markera \(p.reference) som utbetald")
                                                  : .text("Utbetald " + (p.paidAt.map(SwedishDateTime.format) ?? ""))))
                }))),
            .h2(.text("Ekonomiska redovisningar och återbetalningskrav")),
            reports.isEmpty ? .p(.class("muted"), .text("Inga attesterade redovisningar ännu.")) :
            .div(.class("table-wrap"), .attribute(named: "tabindex", value: "0"), .table(.id("krav"),
                .caption(.text("Mottagna redovisningar")),
                .thead(.tr(Blocks.col("Mottagare"), Blocks.col("År"), Blocks.col("Version"), Blocks.col("Krav", numeric: true), Blocks.col("Förfaller"), Blocks.col("Status"))),
                .tbody(.forEach(reports) { r in
                    .tr(Blocks.rowHeader(.text(names[r.organisationID] ?? "")), Blocks.cell(String(r.agreementYear)), Blocks.cell(String(r.version)),
                        Blocks.num(Money(ore: r.repaymentOre).krText), Blocks.cell(CivilDate(iso: r.dueDate)?.swedish ?? r.dueDate), Blocks.cell(claimStatus(r)))
                })))
        )
    }
}

/// Allocated → requisitioned → paid → assigned → spent → repaid → balance, per recipient and area.
struct MoneyOverviewPage {
    let agreement: Agreement
    let rows: [MoneyService.Row]

    func render() -> String {
        let total = rows.map(\.total).reduce(MoneySteps(), +)
        let steps = MoneyRoutes.steps
        let labels = ["Tilldelat", "Rekvirerat", "Utbetalt", "Vidarefördelat", "Använt", "Återbetalt", "Saldo"]
        let areaTitles = Dictionary(uniqueKeysWithValues: agreement.areas.map { ($0.number, $0.title) })
        return Layout.render(title: "Medel \(agreement.year)", breadcrumbs: [("Överenskommelser", SiteURL.home), (String(agreement.year), SiteURL.agreement(agreement.year)), ("Medel", nil)],
            .h1(.text("Medlen i överenskommelsen \(agreement.year)")),
            .p(.class("lead"), .text("Från tilldelning till saldo, per mottagare och utvecklingsområde, i kronor. Varje steg stäms av mot det föregående.")),
            .ul(.class("downloads"), .li(.a(.href(SiteURL.moneyCSV(agreement.year)), .text("Ladda ned som CSV"))),
                .li(.a(.href(SiteURL.moneyOverview(agreement.year) + "/tabell.xlsx"), .text("Ladda ned för Excel (.xlsx)")))),
            .forEach(rows.flatMap { r in r.total.warnings.map { "\(r.organisation.name): \($0)" } }) { w in Blocks.notice("warning", heading: "Stämmer inte", .p(.text(w))) },
            .div(.class("table-wrap"), .attribute(named: "tabindex", value: "0"), .attribute(named: "role", value: "region"),
                 .attribute(named: "aria-label", value: "Medel per mottagare, kan rullas i sidled"), .table(.id("medel"),
                .caption(.text("Medel per mottagare")),
                .thead(.tr(Blocks.col("Mottagare"), Blocks.col("Område"), .forEach(labels) { Blocks.col($0, numeric: true) })),
                .tbody(.forEach(rows) { r in
                    .group(
                        .forEach(r.areas.keys.sorted()) { area in
                            .tr(.class("area-row"), Blocks.rowHeader(.text(r.organisation.name)),
                                Blocks.cell(area == 0 ? "Ej fördelat" : "\(area). \(areaTitles[area]?.prefix(40) ?? "")"),
                                .forEach(steps) { s in Blocks.num(area == 0 || s.0 != "tilldelat" ? r.areas[area]![keyPath: s.1].krText : "–") })
                        },
                        .tr(.class("recipient-total"), Blocks.rowHeader(.text(r.organisation.name)), Blocks.cell("Summa"),
                            .forEach(steps) { s in .td(.class("num"), .data(named: "step", value: s.0), .data(named: "ore", value: String(r.total[keyPath: s.1].ore)),
                                                      .text(r.total[keyPath: s.1].krText)) }))
                }),
                .tfoot(.tr(Blocks.rowHeader(.text("Summa")), .td(),
                           .forEach(steps) { s in .td(.class("num"), .data(named: "step", value: s.0), .text(total[keyPath: s.1].krText)) }))))
        )
    }
}
