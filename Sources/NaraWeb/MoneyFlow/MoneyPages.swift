import Foundation
import NaraCore
import NaraPersistence
import Plot

enum MoneyText {
    static func requisitionState(_ s: String) -> String { RequisitionState(rawValue: s)?.swedishName ?? s }
    static func paymentState(_ s: String) -> String { PaymentState(rawValue: s)?.swedishName ?? s }
}

/// A recipient's funds for one agreement: allocation, plan, requisitions and payments.
struct FundsPage {
    let plan: PlanContext
    let requisitions: [RequisitionModel]
    let payments: [PaymentModel]
    let canChange: Bool
    let isFinanceDirector: Bool
    /// The person looking: whoever made a requisition or saved the report does not attest it.
    let viewer: UUID?
    let csrf: String
    let today: CivilDate
    let errors: [FieldError]
    let typed: String
    /// The outcome as typed in a refused financial report, shown again as it was.
    var typedOutcome: [String]? = nil
    let paid: Money
    let latestReport: FinancialService.Report?
    let attestedReport: FinancialService.Report?
    let repayments: [RepaymentModel]
    let assignments: [FundAssignmentModel]
    let providerRequests: [ProviderRequestModel]
    let providerPayments: [PaymentModel]
    let providers: [OrganisationModel]
    /// Repayment claims after amendments.
    let claims: [RepaymentClaimModel]
    /// The money's steps per development area (the money overview's row for this recipient).
    var areaMoney: MoneyService.Row? = nil
    /// Kammarkollegiet's decisions to pay, in number order.
    var decisionLetters: [DecisionLetterModel] = []

    func render() -> String {
        let org = plan.organisation
        let year = plan.agreement.year
        let requisitioned = MoneyService.requisitioned(requisitions)
        let available = plan.allocated - requisitioned
        let deadline = MoneyService.requisitionDeadline(plan.agreement, for: org)
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
            .p(.a(.href(SiteURL.bookkeeping(org.id!, year)), .attribute(named: "download", value: ""), .text("Bokföringsfil (SIE 4) för \(year)")),
               .text(" – medlens tilldelning, rekvisitioner, utbetalningar och återbetalningar som verifikationer att läsa in i er egen bokföring.")),
            FundsAreasTable.section(areaMoney, agreement: plan.agreement),
            .if(plan.allocated.ore == 0, Blocks.notice("info", heading: "Ingen tilldelning",
                .p(.text(RequisitionRules.Refusal.noAllocation(recipient: org.name, year: year).description)))),
            .if(plan.plan.lines.isEmpty && plan.allocated.ore > 0,
                .p(.class("muted"), .text("Det finns ingen plan per utvecklingsområde: en rekvisition förs i sin helhet som ej fördelad på område."))),
            claimSection(),
            .h2(.text("Rekvisition")),
            .p(.text(deadline.map { "Sista dag för rekvisition: \($0.swedish)." } ?? "Överenskommelsen anger ingen sista dag för rekvisition.")),
            lapsed ? Blocks.notice("warning", heading: "Rätten att rekvirera har upphört", .p(.text("Sista dag var \(deadline!.swedish). Medel som inte rekvirerats kan inte längre rekvireras.")))
            : .if(canChange && available.ore > 0 && plan.allocated.ore > 0, .form(.method(.post), .action(SiteURL.requisition(org.id!, year)), .class("narrow-form"),
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
                    .tr(.attr("id", "rekvisition-\(r.id!)"), Blocks.rowHeader(.text(SwedishDateTime.format(r.createdAt) + ", " + r.createdBy)),
                        Blocks.num(Money(ore: r.amountOre).krText),
                        .td(.text(MoneyText.requisitionState(r.state)), .unwrap(r.reason) { .text(": " + $0) }),
                        .td(attestCell(r)))
                }))),
            .h2(.text("Utbetalningar")),
            payments.isEmpty ? .p(.class("muted"), .text("Inga utbetalningar ännu.")) :
            .div(.class("table-wrap"), .attribute(named: "tabindex", value: "0"), .table(
                .caption(.text("Utbetalningar från Kammarkollegiet")),
                .thead(.tr(Blocks.col("Referens"), Blocks.col("Datum"), Blocks.col("Belopp", numeric: true), Blocks.col("Status"))),
                .tbody(.forEach(payments) { p in
                    .tr(Blocks.rowHeader(.span(.class("payment-ref"), .text(p.reference))), Blocks.cell(CivilDate(iso: p.paymentDate)?.swedish ?? p.paymentDate),
                        Blocks.num(Money(ore: p.amountOre).krText), Blocks.cell(MoneyText.paymentState(p.status)))
                }))),
            DecisionLettersBlock.section(decisionLetters, organisation: org.id!, year: year),
            .if(org.kind == OrganisationKind.region.rawValue, assignmentSection()),
            financialReport()
        )
    }

    /// Who attests a requisition: a finance director other than the person who made it.
    func attestCell(_ r: RequisitionModel) -> Node<HTML.BodyContext> {
        guard r.state == RequisitionState.draft.rawValue else { return .text(r.attestedBy.map { "Attesterad av \($0)" } ?? "–") }
        if viewer != nil && r.createdByID == viewer {
            return .text("Du gjorde rekvisitionen; en annan ekonomichef attesterar")
        }
        guard isFinanceDirector else { return .text("Ekonomichefen attesterar") }
        return Forms.button("Attestera", action: SiteURL.attest(plan.organisation.id!, plan.agreement.year, r.id!), csrf: csrf, secondary: false,
                            label: "Attestera rekvisitionen på \(Money(ore: r.amountOre).krText)")
    }

    /// What amendments ask back: amount, reason, due date and where each claim stands.
    func claimSection() -> Node<HTML.BodyContext> {
        .if(!claims.isEmpty, .group(
            .h2(.id("aterkrav"), .text("Återkrav efter ändringsöverenskommelse")),
            .p(.text("En ändring av överenskommelsen har sänkt tilldelningen under det som redan betalats ut. Mellanskillnaden betalas tillbaka till Kammarkollegiet.")),
            .div(.class("table-wrap"), .attribute(named: "tabindex", value: "0"), .table(.id("aterkrav-lista"),
                .caption(.text("Återkrav efter ändringsöverenskommelse")),
                .thead(.tr(Blocks.col("Belopp", numeric: true), Blocks.col("Skäl"), Blocks.col("Förfaller"), Blocks.col("Status"))),
                .tbody(.forEach(claims) { c in
                    .tr(Blocks.num(Money(ore: c.amountOre).krText), Blocks.cell(c.reason),
                        Blocks.cell(CivilDate(iso: c.dueDate)?.swedish ?? c.dueDate),
                        Blocks.cell(RepaymentClaims.status(c, today: today).swedishName))
                })))))
    }

    func assignmentSection() -> Node<HTML.BodyContext> {
        let org = plan.organisation, year = plan.agreement.year
        let names = Dictionary(uniqueKeysWithValues: providers.map { ($0.id!, $0.name) })
        let waiting = providerRequests.filter { $0.state == ProviderRequestState.submitted.rawValue }
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
                                                              .attr("id", "reason-\(r.id!)")])),
                        .button(.type(.submit), .class("button"), .attribute(named: "name", value: "decision"), .value("approve"), .text("Godkänn")),
                        .button(.type(.submit), .class("button button-secondary"), .attribute(named: "name", value: "decision"), .value("reject"), .text("Avslå")))
                })),
            .if(!providerPayments.isEmpty, .div(.class("table-wrap"), .attribute(named: "tabindex", value: "0"), .table(
                .caption(.text("Kvartalsbetalningar till vårdgivare")),
                .thead(.tr(Blocks.col("Referens"), Blocks.col("Till"), Blocks.col("Belopp", numeric: true), Blocks.col("Status"))),
                .tbody(.forEach(providerPayments) { p in
                    .tr(Blocks.rowHeader(.span(.class("payment-ref"), .text(p.reference))), Blocks.cell(names[p.organisationID] ?? ""), Blocks.num(Money(ore: p.amountOre).krText),
                        .td(p.status == PaymentState.planned.rawValue && canChange
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
        let draft = latestReport.flatMap { $0.model.state == FinancialReportState.draft.rawValue ? $0 : nil }
        let shown = draft ?? attestedReport
        let editable = canChange && paid.ore > 0
        // With no report yet, the outcome starts from the plan: people change what differed.
        let spentValues = shown?.lines.map { Money(ore: $0.spentOre) } ?? plan.reportLines.map(\.amount)
        // Repayments of amendments' claims are shown with the claims, not against the report.
        let repaid = repayments.map { Money(ore: $0.amountOre) }.sum() - RepaymentClaims.paidTotal(claims)
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
            .if(editable, .form(.method(.post), .action(SiteURL.financialReport(org.id!, year)),
                Forms.csrf(csrf),
                .div(.class("table-wrap"), .attribute(named: "tabindex", value: "0"), .table(.id("utfall"),
                    .caption(.text(draft != nil ? "Utkast, version \(draft!.model.version)" : attestedReport != nil ? "Ändra: sparas som en ny version" : "Utfall per insats")),
                    .thead(.tr(Blocks.col("Insats"), Blocks.col("Planerat", numeric: true), Blocks.col("Använt (kr)"))),
                    .tbody(.forEach(Array(plan.reportLines.enumerated())) { i, line in
                        .tr(Blocks.rowHeader(Wording.keepingNumberedWordsWhole(line.title)), Blocks.num(line.amount.krText),
                            .td(.element(named: "input", nodes: [Node<HTML.BodyContext>.attribute(named: "type", value: "text"),
                                .attr("name", "spent_\(i)"), .attr("id", "spent_\(i)"),
                                .attribute(named: "inputmode", value: "decimal"), .attr("aria-label", "Använt: \(line.title)"),
                                .attr("value", typedOutcome.map { i < $0.count ? $0[i] : "" } ?? (i < spentValues.count ? spentValues[i].typedKronor : ""), keepEmpty: true)])))
                    }))),
                Forms.submit("Spara redovisningen"))),
            .unwrap(draft) { d in
                viewer != nil && d.model.updatedByID == viewer
                    ? .p(.text("Du sparade redovisningen; en annan ekonomichef i organisationen attesterar den."))
                    : isFinanceDirector ? Forms.button("Attestera redovisningen", action: SiteURL.attestReport(org.id!, year), csrf: csrf, secondary: false)
                    : .p(.text("Ekonomichefen attesterar redovisningen."))
            },
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
