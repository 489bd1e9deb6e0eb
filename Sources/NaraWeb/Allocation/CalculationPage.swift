import NaraCore
import Plot

/// How one recipient's amount was reached, step by step.
struct CalculationPage {
    enum Text {
        static func title(_ name: String) -> String { "Beräkning: \(name)" }
        static let intro = "Så här har beloppet räknats fram, steg för steg. Alla belopp räknas i öre med heltal, så inget avrundas förrän i steg 4."
        static let munCaption = "Länets kommuner"
        static let municipality = "Kommun"
        static let population = "Befolkning"
        static let countyTotal = "Summa för länet"
        static let back = "Tillbaka till fördelningen"
    }

    let view: CalculationView

    func render() -> String {
        let a = view.allocation, line = view.line
        let title = Text.title(line.name)
        let weight = line.weight ?? 0, total = a.version?.totalWeight ?? 1
        let potKr = a.pot.amount.wholeKronor
        let unitsLeft = a.version?.leftoverUnits ?? 0
        let floor = line.floorUnits ?? 0
        let rem = line.remainderNumerator ?? 0
        let exact = SwedishNumber.grouped(floor) + "," + SwedishNumber.fractionDigits(rem, total, digits: 6)
        let count = a.lines.count
        let isQuantity: Bool = { if case .reportedQuantity = a.pot.key { return true }; return false }()
        let weightWord = isQuantity ? "rapporterat antal" : "befolkning"
        return Layout.render(title: title,
                             breadcrumbs: [("Överenskommelser", SiteURL.home), (String(a.year), SiteURL.agreement(a.year)),
                                           (a.pot.name, SiteURL.allocation(a.year, a.pot.id, version: a.version?.version)), (line.name, nil)],
                             current: SiteURL.home,
            .h1(.text(title)),
            .p(.class("lead"), .text("\(a.agreementTitle), potten \(a.pot.name) (\(a.pot.amount.krText)), version \(a.version?.version ?? 1).")),
            .p(.text(Text.intro)),
            .if(!line.note.isEmpty, Blocks.notice("info", heading: "Gotland", .p(.text(line.note)))),
            .ol(.class("steps"),
                .li(.strong(.text("Mottagarens \(weightWord): ")), .text(SwedishNumber.grouped(weight)),
                    .unwrap(a.referenceDate) { d in .text(" (per den \(d.swedish); \(a.table?.source ?? ""))") },
                    .if(!view.municipalities.isEmpty, municipalityTable())),
                .li(.strong(.text("Summa för alla \(count) mottagare: ")), .text(SwedishNumber.grouped(total))),
                .li(.strong(.text("Exakt andel av potten: ")),
                    .span(.class("formula"), .text("\(SwedishNumber.grouped(potKr)) kr × \(SwedishNumber.grouped(weight)) ÷ \(SwedishNumber.grouped(total)) = \(exact)… kr")),
                    .text(" (andel \(a.sharePercent(line))).")),
                .li(.strong(.text("Avrundat nedåt till hel krona: ")), .text(Money.kronor(floor).krText),
                    .text("; resten som avrundades bort är 0,\(SwedishNumber.fractionDigits(rem, total, digits: 6))… kr.")),
                .li(.strong(.text("Kronor som blev över: ")),
                    .text("När alla fått sin andel avrundad nedåt återstod \(SwedishNumber.grouped(unitsLeft)) kr av potten. De går en krona var till de \(unitsLeft) mottagarna med störst rest. \(line.name) har den \(SwedishOrdinal.of(line.remainderRank ?? 0)) största resten av \(count) och "),
                    .strong(.text(line.receivedExtraUnit ? "får därför en krona till." : "får därför ingen extra krona.")),
                    .if(line.residualOre > 0, .text(" Potten är inte ett helt antal kronor; de \(line.residualOre) öre som blir över går till mottagaren med störst rest, den här."))),
                .li(.strong(.text("Belopp: ")), .span(.id("belopp"), .text(Money(ore: line.amountOre).krText)))
            ),
            .p(.a(.href(SiteURL.allocation(a.year, a.pot.id, version: a.version?.version)), .text(Text.back)))
        )
    }

    func municipalityTable() -> Node<HTML.BodyContext> {
        .div(.class("table-wrap"), .attribute(named: "tabindex", value: "0"), .table(
            .caption(.text(Text.munCaption)),
            .thead(.tr(Blocks.col("Kod"), Blocks.col(Text.municipality), Blocks.col(Text.population, numeric: true))),
            .tbody(.forEach(view.municipalities) { m in
                .tr(Blocks.cell(m.code), Blocks.rowHeader(.text(m.name)), Blocks.num(SwedishNumber.grouped(m.population)))
            }),
            .tfoot(.tr(.td(), Blocks.rowHeader(.text(Text.countyTotal)), Blocks.num(SwedishNumber.grouped(view.municipalities.map(\.population).reduce(0, +)))))
        ))
    }
}

/// Swedish ordinals written with digits: `1:a`, `2:a`, `3:e`, `11:e`, `21:a`.
enum SwedishOrdinal {
    static func of(_ n: Int) -> String {
        let lastTwo = n % 100, last = n % 10
        return "\(n):" + ((last == 1 || last == 2) && lastTwo != 11 && lastTwo != 12 ? "a" : "e")
    }
}
