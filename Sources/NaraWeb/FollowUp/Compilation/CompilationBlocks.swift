import Foundation
import NaraCore
import Plot

/// The compilation's content, shared by the page (and so its PDF) and the Word-friendly HTML:
/// a cover, the contents, a section per questionnaire section with every question, and the
/// appendix of who submitted when. For Word (`forWord`) charts are left out (their figures are
/// in the tables beside them) and so are the download links.
struct CompilationBlocks {
    let model: Compilation
    let forWord: Bool

    var formPath: String { "/uppfoljning/formular/\(model.context.key.urlPart)" }

    func document() -> Node<HTML.BodyContext> {
        .div(.class("compilation"), cover(), contents(), .forEach(model.sections) { section($0) }, appendix())
    }

    // MARK: Cover and contents

    func cover() -> Node<HTML.BodyContext> {
        let c = model.context, deadlines = model.deadlines.map(\.swedish).joined(separator: ", ")
        return .section(.class("compilation-cover"),
            .h1(.text("Nationell sammanställning \(c.year)")),
            .p(.class("compilation-form"), .text(c.definition.title)),
            .p(.class("lead"), .text("Rapporterna som skickats in för \(c.year): varje fråga i formuläret med svaren från alla mottagare, per län.")),
            .dl(.class("compilation-facts"),
                .div(.dt(.text("Rapportomgång")), .dd(.text(String(c.year)))),
                .div(.dt(.text("Inskickade rapporter")), .dd(.text("\(SwedishNumber.grouped(Int64(model.submitted))) av \(SwedishNumber.grouped(Int64(model.submissions.count))) mottagare"))),
                .div(.dt(.text("Försenade rapporter")), .dd(.text(SwedishNumber.grouped(Int64(model.lateCount))))),
                .if(!deadlines.isEmpty, .div(.dt(.text("Sista dag för rapporten")), .dd(.text(deadlines)))),
                .div(.dt(.text("Frågor")), .dd(.text("\(model.items.count) frågor i \(model.sections.count) avsnitt"))),
                .div(.dt(.text("Sammanställd")), .dd(.text(model.compiledOn.swedish)))),
            .if(model.generated, AnalysisRoutes.generatedNote),
            .if(!forWord, downloads()))
    }

    func downloads() -> Node<HTML.BodyContext> {
        let query = "?ar=\(model.context.year)"
        return .div(.class("page-tools"),
            .ul(.class("downloads"),
                .li(.a(.href("\(formPath)/sammanstallning.pdf\(query)"), .text("Ladda ned som PDF"))),
                .li(.a(.href("\(formPath)/sammanstallning.xlsx\(query)"), .text("Ladda ned som Excel (ett blad per avsnitt)"))),
                .li(.a(.href("\(formPath)/sammanstallning.html\(query)"), .text("Ladda ned för Word (HTML)")))),
            .button(.type(.button), .class("button button-secondary"), .attribute(named: "data-print", value: "1"),
                    .attribute(named: "hidden", value: "hidden"), .text("Skriv ut")))
    }

    func contents() -> Node<HTML.BodyContext> {
        .nav(.class("compilation-contents"), .attribute(named: "aria-labelledby", value: "innehall-rubrik"),
            .h2(.id("innehall-rubrik"), .text("Innehåll")),
            .ol(.forEach(model.sections) { s in
                .li(.a(.href("#" + s.anchor), .text(Self.breakable(s.heading))),
                    .ul(.forEach(s.items) { item in .li(.a(.href("#" + item.anchor), .text("Fråga \(item.question.number): " + Charts.clip(item.question.text, 90)))) }))
            }, .li(.a(.href("#bilaga"), .text("Bilaga: mottagarnas rapporter")))))
    }

    // MARK: Sections and questions

    /// A heading that may break after a slash (`rehabiliterande/habiliterande`) on a phone,
    /// rather than run out of the window.
    static func breakable(_ s: String) -> String { s.replacingOccurrences(of: "/", with: "/\u{200B}") }

    func section(_ s: Compilation.Section) -> Node<HTML.BodyContext> {
        .section(.id(s.anchor), .class("compilation-section"),
                 .h2(.text(Self.breakable(s.title))),
                 .forEach(s.items) { question($0) })
    }

    func question(_ item: Compilation.Item) -> Node<HTML.BodyContext> {
        let q = item.question
        return .article(.id(item.anchor), .class("compilation-question"),
            .h3(.text("Fråga \(q.number): \(q.text)")),
            .p(.class("muted"), .text("\(q.type.swedishName). \(item.answered) av \(model.submitted) inskickade rapporter har svarat. "),
               .if(!forWord, .a(.href(AnalysisRoutes.questionURL(model.context.key, q.id) + "?ar=\(model.context.year)"), .text("Alla svar på fråga \(q.number)")))),
            body(item))
    }

    func body(_ item: Compilation.Item) -> Node<HTML.BodyContext> {
        let q = item.question, year = model.context.year
        switch item.body {
        case .choices(let distribution, let byCounty, let bars, let description):
            return .group(
                .div(.class("compilation-keep"),
                     .if(!forWord, Charts.bars(id: "\(q.id)-diagram", title: "Fråga \(q.number): svar per alternativ, \(year)", description: description, bars: bars)),
                     distribution.node()),
                .unwrap(byCounty) { .group(.h4(.text("Fråga \(q.number) per län")), $0.node()) })
        case .numbers(let summary, let distribution, let bars, let description):
            guard let summary, let distribution else { return .p(.text("Ingen har svarat på frågan.")) }
            return .group(
                summary.node(),
                .div(.class("compilation-keep"),
                     .if(!forWord, Charts.bars(id: "\(q.id)-diagram", title: "Fråga \(q.number): fördelning av svaren, \(year)", description: description, bars: bars)),
                     distribution.node()))
        case .texts(let themes, let quotes):
            return .group(
                .unwrap(themes) { t in
                    .group(.h4(.text("Teman i svaren på fråga \(q.number)")),
                           t.rows.isEmpty ? .p(.text("Svaren har för lite gemensamt för att några teman ska framträda.")) : t.node())
                },
                .h4(.text("Citat per län, fråga \(q.number)")),
                quotes.isEmpty ? .p(.text("Ingen har svarat på frågan.")) : .div(.class("compilation-quotes"), .forEach(quotes) { county($0) }))
        case .files:
            return .p(.text("Svaren är bifogade filer. Öppna dem från frågans sida."))
        }
    }

    func county(_ c: Compilation.CountyQuotes) -> Node<HTML.BodyContext> {
        .div(.class("compilation-county"),
             .p(.class("compilation-county-name"), .strong(.text(c.countyName))),
             .ul(.forEach(c.quotes) { quote in
                 .li(.blockquote(.p(.text("”" + quote.text + "”"))),
                     .p(.class("compilation-source"), .text("– "), .a(.href(quote.href), .text(quote.recipient))))
             }))
    }

    // MARK: Appendix

    func appendix() -> Node<HTML.BodyContext> {
        .section(.id("bilaga"), .class("compilation-section"),
                 .h2(.text("Bilaga: mottagarnas rapporter")),
                 .p(.text("Alla mottagare i rapportomgången med rapportens status och när den skickades in. "
                          + "En rapport är försenad när den skickades in efter sista dagen, eller inte har skickats in fast sista dagen har passerat.")),
                 model.appendixTable.node())
    }
}
