import Foundation
import NaraCore
import Plot

/// What can be downloaded and how the API is used.
struct OpenDataPage {
    enum Text {
        static let title = "Öppna data och API"
        static let lead = "Beslutade överenskommelser och fördelningar är öppna data. Allt som visas på sidorna kan hämtas som CSV (semikolonseparerad, UTF-8 med BOM så att Excel öppnar den rätt) eller JSON. Belopp anges i öre som heltal."
        static let apiHeading = "API"
        static let apiText = "API:t finns under /api/v1 och beskrivs av ett OpenAPI-dokument."
        static let openAPI = "OpenAPI-dokumentet (JSON)"
        static let caption = "Adresser i API:t"
        static let address = "Adress"
        static let gives = "Ger"
        static let csvHeading = "CSV-filernas kolumner"
        static let csvText = "ar; pott; kategori; nyckel; referensdatum; kod; mottagare; befolkning; andel; belopp_ore; belopp_kr. Andel och kronor skrivs med decimalkomma."
        static let paymentsHeading = "Utbetalningar som öppna data"
        static let paymentsText = "Filerna listar varje utbetalning från Kammarkollegiet till regioner, RSS, kommuner och SKR och varje återbetalning till staten: mottagare, överenskommelse, utvecklingsområde när betalningens fördelning per område är känd, belopp, datum och status. En betalning som delas på utvecklingsområden står på en rad per område, och raderna summerar exakt till betalningen. Filerna läses direkt ur Nära, så en betalning som markeras som utbetald syns som utbetald genast."
        static let paymentsScope = "Bara offentliga organisationers pengar ingår. Regionernas betalningar vidare till vårdgivare ingår inte, och inga personer nämns – inte heller vem som attesterade eller beslutade."
        static let orgNumbers = "Organisationsnummer: där numret är känt identifieras mottagaren som SE-ORGNR-följt av numret. Där uppgift saknas är kolumnen recipient_org_number tom och mottagaren identifieras med Näras egen kod, nara:<slag>:<kod>, till exempel nara:rss:03."
        static let formatText = "CSV-filen följer samma form som övriga filer (semikolon, UTF-8 med BOM, radslut CRLF, decimalkomma); JSON-filen är en lista med ett objekt per rad och decimalpunkt. Kolumnnamnen följer 360Givings fält för bidrag. Paketbeskrivningen datapackage.json följer Frictionless Data (Tabular Data Package) och beskriver båda filerna med samma tabellschema."
        static let licence = "Licens: "
        static let licenceName = "CC0 1.0 (Creative Commons Zero)"
        static let licenceText = " – fritt att använda, utan villkor."
        static let filesCaption = "Filer"
        static let columnsCaption = "Kolumner i utbetalningsfilerna"
        static let column = "Kolumn"
        static let type = "Typ"
        static let meaning = "Beskrivning"
        static let optional = ", kan vara tom"
    }

    /// A description whose identifiers (`nara:region:03`, `SE-ORGNR-<…>`) are set as code, which
    /// a table cell keeps on one line instead of breaking it mid-word.
    static func codeAware(_ text: String) -> [Node<HTML.BodyContext>] {
        var nodes: [Node<HTML.BodyContext>] = []
        for (i, word) in text.split(separator: " ", omittingEmptySubsequences: false).enumerated() {
            if i > 0 { nodes.append(.text(" ")) }
            let core = word.trimmingCharacters(in: CharacterSet(charactersIn: ",.;"))
            guard core.dropLast().contains(":") || core.contains("<"), let range = word.range(of: core) else { nodes.append(.text(String(word))); continue }
            nodes.append(.text(String(word[..<range.lowerBound])))
            nodes.append(.code(.text(core)))
            nodes.append(.text(String(word[range.upperBound...])))
        }
        return nodes
    }

    static func typeName(_ type: OpenPaymentField.ValueType) -> String {
        switch type {
        case .string: return "text"
        case .integer: return "heltal"
        case .number: return "decimaltal"
        case .date: return "datum"
        }
    }

    let years: [Int]

    func render() -> String {
        let example = years.last ?? 2023
        let endpoints: [(String, String, String?)] = [
            (SiteURL.API.agreements, "Alla överenskommelser med år, titel och ram", nil),
            (SiteURL.API.agreement(example), "En överenskommelse med utvecklingsområden, potter, villkor och tidpunkter", nil),
            (SiteURL.API.allocations(example), "Fördelningen av alla potter", nil),
            (SiteURL.API.allocationsCSV(example), "Samma som CSV", nil),
            (SiteURL.API.potJSON(example, "regioner"), "En potts fördelning; en äldre version med", "?version=N"),
            (SiteURL.API.potCSV(example, "regioner"), "En potts fördelning som CSV", nil),
            (SiteURL.API.populationTables, "Befolkningstabellerna", nil),
            (SiteURL.API.organisations, "Organisationerna; ett slag (region, rss, municipality, state, skr) med", "?kind=region"),
            (SiteURL.health, "Svarar 200 när tjänsten är uppe", nil),
        ]
        return Layout.render(title: Text.title, current: SiteURL.openData,
            .h1(.text(Text.title)),
            .p(.class("lead"), .text(Text.lead)),
            .h2(.text(Text.apiHeading)),
            .p(.text(Text.apiText + " "), .a(.href(SiteURL.API.openAPI), .text(Text.openAPI))),
            .div(.class("table-wrap"), .attribute(named: "tabindex", value: "0"), .table(
                .caption(.text(Text.caption)),
                .thead(.tr(Blocks.col(Text.address), Blocks.col(Text.gives))),
                .tbody(.forEach(endpoints) { e in
                    .tr(Blocks.rowHeader(.a(.href(e.0), .text("GET " + e.0))),
                        .td(.text(e.1), .unwrap(e.2) { parameter in .group(.text(" "), .code(.text(parameter))) }))
                })
            )),
            .h2(.text(Text.csvHeading)),
            .p(.text(Text.csvText)),
            payments()
        )
    }

    /// The open payment files: what they hold, the licence, the links and every column.
    func payments() -> Node<HTML.BodyContext> {
        let files: [(String, String)] = [
            (SiteURL.openPaymentsCSV, "Utbetalningar och återbetalningar som CSV"),
            (SiteURL.openPaymentsJSON, "Samma rader som JSON"),
            (SiteURL.openDataPackage, "Paketbeskrivning med tabellschema (Frictionless Data)"),
        ]
        return .group(
            .h2(.id("utbetalningar"), .text(Text.paymentsHeading)),
            .p(.text(Text.paymentsText)),
            .p(.text(Text.paymentsScope)),
            .p(.text(Text.orgNumbers)),
            .p(.text(Text.formatText)),
            .p(.text(Text.licence), .a(.href(OpenPaymentPackage.licencePath), .text(Text.licenceName)), .text(Text.licenceText)),
            .div(.class("table-wrap"), .attribute(named: "tabindex", value: "0"), .table(
                .caption(.text(Text.filesCaption)),
                .thead(.tr(Blocks.col(Text.address), Blocks.col(Text.gives))),
                .tbody(.forEach(files) { f in
                    .tr(Blocks.rowHeader(.a(.href(f.0), .text("GET " + f.0))), .td(.text(f.1)))
                })
            )),
            .div(.class("table-wrap"), .attribute(named: "tabindex", value: "0"), .table(
                .id("utbetalningskolumner"),
                .caption(.text(Text.columnsCaption)),
                .thead(.tr(Blocks.col(Text.column), Blocks.col(Text.type), Blocks.col(Text.meaning))),
                .tbody(.forEach(OpenPaymentField.allCases) { f in
                    .tr(Blocks.rowHeader(.code(.text(f.rawValue))),
                        .td(.text(Self.typeName(f.type) + (f.required ? "" : Text.optional))),
                        .td(.group(Self.codeAware(f.swedish))))
                })
            ))
        )
    }
}
