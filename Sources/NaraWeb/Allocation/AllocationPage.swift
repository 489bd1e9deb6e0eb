import NaraCore
import Plot

/// A pot's allocation: every recipient with population, reference date, share and amount, a
/// total row equal to the pot, downloads, versions and checks against the sources.
struct AllocationPage {
    enum Text {
        static func title(_ pot: String, _ year: Int) -> String { "Fördelning \(year): \(pot)" }
        static let pot = "Potten"
        static let key = "Fördelningsnyckel"
        static let basis = "Befolkning per"
        static let version = "Version"
        static let caption = "Belopp per mottagare"
        static let code = "Kod"
        static let recipient = "Mottagare"
        static let population = "Befolkning"
        static let referenceDate = "Referensdatum"
        static let share = "Andel"
        static let amount = "Belopp (kr)"
        static let sheet = "Beräkning"
        static let showSheet = "Visa beräkning"
        static let total = "Summa"
        static let downloadsHeading = "Ladda ned"
        static let tableCSV = "Tabellen som CSV"
        static let tableExcel = "Tabellen som Excel"
        /// Open data in its documented columns (öre, the exact share).
        static let csv = "CSV (för Excel)"
        static let json = "JSON"
        static let versionsHeading = "Versioner"
        static let versionsCaption = "Tidigare beräkningar av fördelningen"
        static let computed = "Beräknad"
        static let by = "Av"
        static let current = "gällande"
        static let notCurrent = "Du ser en äldre version av fördelningen. Den gällande versionen finns under Versioner."
        static let pending = "Potten är inte fördelad ännu"
        static let method = "Så räknas beloppen"
        static let methodText = "Varje mottagares exakta andel är potten × mottagarens befolkning ÷ hela befolkningen. Alla får först sin andel avrundad nedåt till hela kronor. De kronor som då blir över delas ut en i taget till mottagarna med störst avrundningsrest (vid lika rest går lägst kod först). Summan blir därför alltid exakt lika med potten."
        static let methodQuantityText = "Varje mottagares exakta andel är potten × mottagarens godkända antal ÷ summan av alla godkända antal. Alla får först sin andel avrundad nedåt till hela kronor. De kronor som då blir över delas ut en i taget till mottagarna med störst avrundningsrest (vid lika rest går lägst kod först). Summan blir därför alltid exakt lika med potten."
        static let withoutShareHeading = "Mottagare som inte får något"
        static func withoutShareLead(_ n: Int, of total: Int) -> String {
            "Potten anger \(total) mottagare. \(n) av dem får inget ur potten, eftersom den bara fördelas efter antal som rapporterats före sista dagen och godkänts av Socialstyrelsen."
        }
        static let demoNote = "Fördelningen bygger på rapporter som är demodata: de är genererade för att visa sidan och är inte verkliga uppgifter."
        static let gotlandHeading = "Gotland"
        static func dateDiffers(target: CivilDate, used: CivilDate, stated: Bool) -> String {
            (stated ? "Överenskommelsen anger befolkningen den \(target.swedish)" : "Överenskommelsen anger inget referensdatum; Nära räknar med befolkningen närmast den \(target.swedish)")
            + ". Den tabell som finns närmast är per den \(used.swedish). En administratör kan läsa in befolkningen per rätt datum från SCB; fördelningen räknas då om som en ny version och den här versionen sparas."
        }
        static let checkHeading = "Kontroll mot underlaget"
    }

    let view: AllocationView

    func render() -> String {
        let v = view
        let title = Text.title(v.pot.name, v.year)
        return Layout.render(title: title,
                             breadcrumbs: [("Överenskommelser", SiteURL.home), (String(v.year), SiteURL.agreement(v.year)), (v.pot.name, nil)],
                             current: SiteURL.home,
            .h1(.text(title)),
            .if(!v.pot.note.isEmpty, .p(.class("lead"), .text(v.pot.note))),
            .dl(.class("figures"),
                .div(.dt(.text(Text.pot)), .dd(.text(v.pot.amount.mnkrText()))),
                .div(.dt(.text(Text.key)), .dd(.text(v.pot.key.swedishName))),
                .unwrap(v.referenceDate) { d in .div(.dt(.text(Text.basis)), .dd(.text(d.swedish))) },
                .unwrap(v.version) { ver in .div(.dt(.text(Text.version)), .dd(.text(String(ver.version) + (ver.isCurrent ? " (" + Text.current + ")" : "")))) }
            ),
            .if(v.version != nil && !v.isCurrent, Blocks.notice("warning", heading: "Äldre version", .p(.text(Text.notCurrent)))),
            .unwrap(v.pendingReason) { reason in Blocks.notice("info", heading: Text.pending, .p(.text(reason))) },
            dateNotice(),
            .forEach(v.checks) { check in checkNotice(check) },
            .if(v.version != nil, table()),
            .if(v.lines.contains { !$0.note.isEmpty },
                Blocks.notice("info", heading: Text.gotlandHeading, .p(.text(Allocator.gotlandNote)))),
            .if(v.version != nil, .group(
                .h2(.text(Text.downloadsHeading)),
                .ul(.class("downloads"),
                    .li(.a(.href(SiteURL.allocationTable(v.year, v.pot.id, version: v.version?.version, format: "csv")), .text(Text.tableCSV))),
                    .li(.a(.href(SiteURL.allocationTable(v.year, v.pot.id, version: v.version?.version, format: "xlsx")), .text(Text.tableExcel))),
                    .li(.a(.href(SiteURL.API.potCSV(v.year, v.pot.id, version: v.version?.version)), .text(Text.csv))),
                    .li(.a(.href(SiteURL.API.potJSON(v.year, v.pot.id, version: v.version?.version)), .text(Text.json))))
            )),
            .unwrap(v.quantity) { q in quantityBlock(q) },
            .if(v.split, .group(.h2(.text(Text.method)), .p(.text(v.quantity == nil ? Text.methodText : Text.methodQuantityText)))),
            .if(!v.versions.isEmpty, versions())
        )
    }

    /// For a reported-quantity pot: demo data said as such, and once allocated, every named
    /// recipient that gets nothing and why.
    func quantityBlock(_ q: QuantityPotView) -> Node<HTML.BodyContext> {
        let without = q.withoutShare
        return .group(
            .if(PageContext.current.isAdministrator, .p(.a(.href(SiteURL.quantityReview(q.year, q.pot.id)), .text("Rapporter och beslut om antal")))),
            .if(q.hasDemo, .div(.class("generated-note"), .p(.strong(.text("Demodata. ")), .text(Text.demoNote)))),
            .if(view.version != nil && !without.isEmpty, .group(
                .h2(.id("utan-andel"), .text(Text.withoutShareHeading)),
                .p(.text(Text.withoutShareLead(without.count, of: q.rows.count))),
                .ul(.class("without-share"), .forEach(without) { w in .li(.text(w.row.name + " " + w.why + ".")) })))
        )
    }

    func dateNotice() -> Node<HTML.BodyContext> {
        guard let used = view.referenceDate, used != view.targetDate else { return .group() }
        return Blocks.notice("info", heading: "Referensdatum", .p(.text(Text.dateDiffers(target: view.targetDate, used: used, stated: view.pot.statedReferenceDate != nil))))
    }

    func checkNotice(_ c: ReceiptCheck) -> Node<HTML.BodyContext> {
        let name = view.lines.first { $0.code == c.receipt.code }?.name ?? c.receipt.code
        if c.matches {
            return Blocks.notice("ok", heading: Text.checkHeading,
                .p(.text("Underlaget anger \(c.receipt.amount.mnkrText(maxDecimals: 1)) för \(name). Nära beräknar \(c.computed.krText), avrundat \(c.roundedToStatedPrecision.mnkrText(maxDecimals: 1)): beloppen stämmer.")))
        }
        let impliedDiff = view.pot.amount - c.impliedPot
        return Blocks.notice("warning", heading: Text.checkHeading + ": beloppet går inte att återskapa",
            .p(.text("Underlaget anger att \(name) fick \(c.receipt.amount.mnkrText(maxDecimals: 1)). ”\(c.receipt.source)”")),
            .p(.text("Nära beräknar \(c.computed.krText) (≈ \(c.computed.mnkrText(maxDecimals: 1))) av potten \(view.pot.amount.mnkrText()) med befolkningen den \(view.referenceDate?.swedish ?? "–"). Skillnaden är \((c.computed - c.receipt.amount).mnkrText(maxDecimals: 2)).")),
            .p(.text("Varför: ")),
            .ul(
                .li(.text(c.receipt.referenceDate.map { "Underlaget räknar med befolkningen den \($0.swedish), som inte finns i Nära (närmaste tabell: \(view.referenceDate?.swedish ?? "–")). Befolkningen ändras lite på några månader, så datumet förklarar bara en liten del av skillnaden." } ?? "Underlaget anger inget referensdatum.")),
                .li(.text("Vid \(name)s andel (\(SwedishNumber.decimal(c.weight * 100, c.totalWeight, digits: 4)) %) motsvarar \(c.receipt.amount.mnkrText(maxDecimals: 1)) en pott på ungefär \(c.impliedPot.mnkrText(maxDecimals: 1)), \(impliedDiff.mnkrText(maxDecimals: 1)) mindre än den här potten. Underlaget anger hela ramen men inte hur stor del av den som fördelades efter befolkningsandel; en del kan ha gått till annat, till exempel SKL. Nära fördelar hela potten och uppfinner inga belopp."))
            ))
    }

    /// The amounts table: the cells of `AllocationView.amounts` (what the downloads hold), with
    /// each amount's öre for scripts and a link to each recipient's calculation.
    func table() -> Node<HTML.BodyContext> {
        let v = view, t = v.amounts
        let hasWeights = v.lines.contains { $0.weight != nil }
        let amount = t.columns.count - 1
        func cell(_ cell: DataTable.Cell, _ i: Int, ore: Int64, total: Bool) -> Node<HTML.TableRowContext> {
            if i == 1 { return Blocks.rowHeader(.text(cell.plain)) }
            if i == amount {
                return .td(.class(total ? "num" : "num amount"), .if(total, .id("summa")), .data(named: "ore", value: String(ore)), .text(cell.plain))
            }
            if case .empty = cell, total { return .td() }
            return t.numeric.contains(i) ? Blocks.num(cell.plain) : Blocks.cell(cell.plain)
        }
        return .div(.class("table-wrap"), .attribute(named: "tabindex", value: "0"), .table(.id(t.id),
            .caption(.text(t.caption)),
            .thead(.tr(.forEach(Array(t.columns.enumerated())) { i, c in Blocks.col(c, numeric: t.numeric.contains(i)) }, .if(hasWeights, Blocks.col(Text.sheet)))),
            .tbody(.forEach(Array(zip(v.lines, t.rows))) { line, cells in
                .tr(.class("allocation-row"),
                    .forEach(Array(cells.enumerated())) { i, c in cell(c, i, ore: line.amountOre, total: false) },
                    .if(hasWeights, .td(.a(.href(SiteURL.calculation(v.year, v.pot.id, line.code, version: v.version?.version ?? 1)),
                                           .text(Text.showSheet), .span(.class("visually-hidden"), .text(": " + line.name))))))
            }),
            .tfoot(.forEach(t.footer) { cells in
                .tr(.forEach(Array(cells.enumerated())) { i, c in cell(c, i, ore: v.total.ore, total: true) }, .if(hasWeights, .td()))
            })
        ))
    }

    func versions() -> Node<HTML.BodyContext> {
        .group(
            .h2(.text(Text.versionsHeading)),
            .div(.class("table-wrap"), .attribute(named: "tabindex", value: "0"), .table(
                .caption(.text(Text.versionsCaption)),
                .thead(.tr(Blocks.col(Text.version), Blocks.col(Text.basis), Blocks.col(Text.computed), Blocks.col(Text.by))),
                .tbody(.forEach(view.versions) { ver in
                    .tr(Blocks.rowHeader(.a(.href(SiteURL.allocation(view.year, view.pot.id, version: ver.version)),
                                            .text("Version \(ver.version)" + (ver.isCurrent ? " (" + Text.current + ")" : "")))),
                        Blocks.cell(ver.referenceDate.flatMap(CivilDate.init(iso:))?.swedish ?? "–"),
                        Blocks.cell(SwedishDateTime.format(ver.computedAt)),
                        Blocks.cell(ver.computedBy))
                })
            ))
        )
    }
}

extension AllocationView {
    /// Whether the pot is split by weights (so the method text applies).
    var split: Bool { version != nil && lines.contains { $0.weight != nil } }
}
