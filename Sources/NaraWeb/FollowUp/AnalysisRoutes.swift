import Fluent
import Foundation
import NaraCore
import NaraPersistence
import Plot
import SQLKit
import Vapor

/// Answers across recipients and years: per question, trends, search and the full export.
struct AnalysisRoutes: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let rule = AccessRule.capability(.reviewReports)
        routes.on(.GET, "uppfoljning", "formular", ":formkey", rule: rule, use: Self.form)
        routes.on(.GET, "uppfoljning", "formular", ":formkey", "export", rule: rule, use: Self.export)
        routes.on(.GET, "uppfoljning", "formular", ":formkey", "fragor", ":question", rule: rule, use: Self.question)
        routes.on(.GET, "uppfoljning", "formular", ":formkey", "fragor", ":question", "trend", rule: rule, use: Self.trend)
        routes.on(.GET, "uppfoljning", "sok", rule: rule, use: Self.search)
    }

    static func formURL(_ key: String, year: Int) -> String { "/uppfoljning/formular/\(key.urlPart)?ar=\(year)" }
    static func questionURL(_ key: String, _ q: String) -> String { "/uppfoljning/formular/\(key.urlPart)/fragor/\(q.urlPart)" }

    static var generatedNote: Node<HTML.BodyContext> { .div(.class("generated-note"), .p(.strong(.text("Demodata. ")),
        .text("Svaren här är genererade för att visa hur uppföljningen fungerar. De är inte någon mottagares verkliga redovisning."))) }

    /// The form key and year of the request, the questionnaire and the years with answers.
    static func context(_ req: Request) async throws -> (key: String, year: Int, years: [Int], def: FormDefinition) {
        guard let key = req.parameters.get("formkey"), !key.isEmpty, key.count <= 100 else { throw Abort(.notFound, reason: "Formuläret finns inte.") }
        let years = try await FollowUpStore.rounds(on: req.analysisDB).filter { $0.formKey == key }.map(\.year).sorted()
        let asked = req.query[String.self, at: "ar"]
        var year = years.last ?? 0
        if let asked, !asked.isEmpty {
            guard let y = Int(asked), (2000...2100).contains(y) else { throw Abort(.badRequest, reason: "Året ”\(asked.prefix(20))” är inte ett årtal.") }
            year = y
        }
        guard let def = try await FollowUpStore.definition(formKey: key, year: year, on: req.analysisDB) else {
            throw Abort(.notFound, reason: "Formuläret finns inte.")
        }
        return (key, year, years, def)
    }

    static func generated(_ scope: FollowUpScope, on db: any Database) async throws -> Bool {
        let q = FollowUpStore.sql(db).select().column("report_id").from(FollowUpReportModel.schema)
            .where("is_generated", .equal, SQLBind(true))
        return try await scope.apply(q).limit(1).first() != nil
    }

    static func countyName(_ code: String) -> String { Geography.shipped.county(code)?.name ?? (code.isEmpty ? "–" : code) }

    // MARK: The questionnaire in a year

    @Sendable static func form(req: Request) async throws -> Response {
        let (key, year, years, def) = try await context(req)
        let scope = FollowUpScope(formKey: key, year: year)
        let total = try await FollowUpStore.reportCount(scope, on: req.analysisDB)
        let counts = try await FollowUpStore.sql(req.analysisDB).select().column("question_id")
            .column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n").from(FollowUpValueModel.schema)
            .where("form_key", .equal, SQLBind(key)).where("year", .equal, SQLBind(year)).where("item", .equal, SQLBind(0)).groupBy("question_id").all()
        var answered: [String: Int] = [:]
        for r in counts { answered[try r.decode(column: "question_id", as: String.self)] = try r.decode(column: "n", as: Int.self) }
        let table = DataTable(id: "fragor", caption: "Frågorna i \(def.title), \(year): \(total) inskickade rapporter",
                              columns: ["Fråga", "Frågetext", "Typ", "Antal svar"], numeric: [3],
                              rows: def.questions.map { q in
                                  [.link(q.number, href: questionURL(key, q.id) + "?ar=\(year)"), .text(q.text), .text(q.type.swedishName),
                                   .number(Decimal(answered[q.id] ?? 0), "\(answered[q.id] ?? 0) av \(total)")]
                              })
        if let download = try table.download(req, filename: "nara-\(key)-\(year)-fragor") { return download }
        let isGenerated = try await generated(scope, on: req.analysisDB)
        let path = "/uppfoljning/formular/\(key.urlPart)"
        return req.page {
            Layout.render(title: "Svar \(year) – \(def.title)", breadcrumbs: [("Uppföljning", SiteURL.followUp), ("Svar \(year)", nil)], current: SiteURL.followUp,
                .h1(.text(def.title)),
                .p(.class("lead"), .text("Svar från de rapporter som skickats in för \(year). Välj en fråga för att se svaren från alla mottagare.")),
                .nav(.attribute(named: "aria-label", value: "År"), .ul(.class("downloads"), .forEach(years) { y in
                    .li(y == year ? .strong(.attribute(named: "aria-current", value: "page"), .text(String(y))) : .a(.href(formURL(key, year: y)), .text(String(y))))
                })),
                .if(isGenerated, generatedNote),
                DataTable.downloads(path, query: "ar=\(year)"),
                table.node(),
                .h2(.text("Hela exporten")),
                .p(.text("Alla svar för \(year), en rad per mottagare med en kolumn per fråga (bred), eller en rad per svar (lång).")),
                .ul(.class("downloads"),
                    .li(.a(.href("\(path)/export?ar=\(year)&layout=bred&format=xlsx"), .text("Bred tabell som Excel"))),
                    .li(.a(.href("\(path)/export?ar=\(year)&layout=bred&format=csv"), .text("Bred tabell som CSV"))),
                    .li(.a(.href("\(path)/export?ar=\(year)&layout=lang&format=xlsx"), .text("Lång tabell som Excel"))),
                    .li(.a(.href("\(path)/export?ar=\(year)&layout=lang&format=csv"), .text("Lång tabell som CSV"))),
                    .li(.a(.href("\(path)/export?ar=alla&layout=bred&format=xlsx"), .text("Alla år, bred tabell som Excel")))))
        }
    }

    /// The full export; `ar=alla` exports every year in one table.
    @Sendable static func export(req: Request) async throws -> Response {
        let layout = FollowUpExport.Layout(rawValue: req.query[String.self, at: "layout"] ?? "bred") ?? .wide
        let format = req.query[String.self, at: "format"] == "csv" ? "csv" : "xlsx"
        if req.query[String.self, at: "ar"] == "alla" {
            guard let key = req.parameters.get("formkey"),
                  let latest = try await FormDefinitionModel.query(on: req.analysisDB).filter(\.$formKey == key).sort(\.$version, .descending).first() else {
                throw Abort(.notFound, reason: "Formuläret finns inte.")
            }
            return try await FollowUpExport.respond(req, formKey: key, year: nil, definition: try ReportService.definition(latest), layout: layout, format: format)
        }
        let (key, year, _, def) = try await context(req)
        return try await FollowUpExport.respond(req, formKey: key, year: year, definition: def, layout: layout, format: format)
    }

    // MARK: One question

    static func scope(_ req: Request, key: String, year: Int) -> FollowUpScope {
        var s = FollowUpScope(formKey: key, year: year)
        if let c = req.query[String.self, at: "lan"], Geography.shipped.county(c) != nil { s.county = c }
        if let k = req.query[String.self, at: "typ"], k == "region" || k == "rss" { s.kind = k }
        s.recipient = req.query[String.self, at: "mottagare"].flatMap(UUID.init(uuidString:))
        return s
    }

    static func recipients(_ key: String, _ year: Int, on db: any Database) async throws -> [(value: String, label: String)] {
        let rows = try await FollowUpStore.sql(db).select().columns("organisation_id", "organisation_name").from(FollowUpReportModel.schema)
            .where("form_key", .equal, SQLBind(key)).where("year", .equal, SQLBind(year)).orderBy("organisation_name").all()
        return try rows.map { (try $0.decode(column: "organisation_id", as: UUID.self).uuidString, try $0.decode(column: "organisation_name", as: String.self)) }
    }

    static func question(_ req: Request, _ def: FormDefinition) throws -> Question {
        guard let id = req.parameters.get("question"), let q = def.question(id) else { throw Abort(.notFound, reason: "Frågan finns inte i formuläret.") }
        return q
    }

    static func display(_ value: String, _ q: Question) -> String {
        switch q.type {
        case .integer, .amount, .percent, .date: return AnswerFormatter.display(value, for: q)
        default: return value
        }
    }

    static func numberText(_ n: Int64, _ q: Question) -> String { AnswerFormatter.display(String(n), for: q) }

    @Sendable static func question(req: Request) async throws -> Response {
        let (key, year, years, def) = try await context(req)
        let q = try question(req, def)
        let scope = scope(req, key: key, year: year)
        let page = max(1, req.query[Int.self, at: "sida"] ?? 1)
        let option = req.query[String.self, at: "alternativ"].flatMap { $0.isEmpty ? nil : $0 }
        let base = questionURL(key, q.id)
        let submitted = try await FollowUpStore.reportCount(scope, on: req.analysisDB)
        var content: [Node<HTML.BodyContext>] = []
        var table: DataTable
        let title = "Fråga \(q.number), \(year)"
        switch q.type {
        case .singleChoice, .multipleChoice:
            let (tally, byCounty) = try await FollowUpStore.choices(scope, question: q, on: req.analysisDB)
            let denominator = q.type == .singleChoice ? tally.respondents : max(1, tally.respondents)
            table = DataTable(id: "fordelning", caption: "Svar på fråga \(q.number) (\(tally.respondents) av \(submitted) rapporter har svarat)",
                              columns: ["Alternativ", "Antal", "Andel av de svarande"], numeric: [1, 2],
                              rows: tally.lines.map { line in
                                  [.text(line.label), .numberLink(Decimal(line.count), String(line.count), href: base + "?" + scope.queryString + "&alternativ=" + line.label.urlPart + "#vem"),
                                   .number(Decimal(Share.perMille(line.count, of: denominator)) / 10, Share.text(line.count, of: denominator))]
                              })
            content.append(Charts.bars(id: "diagram", title: "Fråga \(q.number): svar per alternativ, \(year)",
                                       description: tally.lines.map { "\($0.label): \($0.count) (\(Share.text($0.count, of: denominator)))" }.joined(separator: "; "),
                                       bars: tally.lines.map { .init(label: $0.label, value: Int64($0.count), valueText: "\($0.count) (\(Share.text($0.count, of: denominator)))") }))
            content.append(table.node())
            // By county: one row per county, one column per option.
            let counties = byCounty.keys.sorted()
            let split = DataTable(id: "per-lan", caption: "Svar per län", columns: ["Län"] + tally.lines.map(\.label),
                                  numeric: Set(1...max(1, tally.lines.count)),
                                  rows: counties.map { c in [.text(countyName(c))] + tally.lines.map { l in .number(Decimal(byCounty[c]?[l.label] ?? 0), String(byCounty[c]?[l.label] ?? 0)) } })
            content.append(.h2(.text("Per län")))
            content.append(split.node())
            if let option {
                let (count, rows) = try await FollowUpStore.answers(scope, question: q.id, option: option, limit: 500, offset: 0, on: req.analysisDB)
                content.append(.h2(.id("vem"), .text("Svarade ”\(option)” (\(count))")))
                content.append(DataTable(id: "vem-svarade", caption: "Mottagare som svarade ”\(option)”", columns: ["Mottagare", "Län", "Kommentar"],
                                         rows: rows.map { [.link($0.organisation, href: SiteURL.report($0.reportID)), .text(countyName($0.countyCode)), .text($0.comment)] }).node())
            } else {
                content.append(.p(.id("vem"), .text("Välj ett antal i tabellen för att se vilka mottagare som svarade så.")))
            }
        case .integer, .amount, .percent:
            let stats = try await FollowUpStore.numbers(scope, question: q.id, on: req.analysisDB)
            let (_, rows) = try await FollowUpStore.answers(scope, question: q.id, textOnly: true, limit: 2_000, offset: 0, on: req.analysisDB)
            table = DataTable(id: "svar", caption: "Svaren på fråga \(q.number)", columns: ["Mottagare", "Län", "Svar", "Kommentar"], numeric: [2],
                              rows: rows.map { r in
                                  let n = Int64(r.value) ?? 0
                                  return [.link(r.organisation, href: SiteURL.report(r.reportID)), .text(countyName(r.countyCode)),
                                          .number(FollowUpExport.spreadsheetNumber(n, q), numberText(n, q)), .text(r.comment)]
                              })
            if let s = stats {
                let median = s.twiceMedian % 2 == 0 ? numberText(s.twiceMedian / 2, q) : numberText(s.twiceMedian / 2, q) + " (mellan två värden)"
                content.append(.div(.class("table-wrap"), .attribute(named: "tabindex", value: "0"), .table(.id("sammanfattning"), .caption(.text("Sammanfattning (\(s.count) svar)")),
                    .tbody(.tr(Blocks.rowHeader(.text("Summa")), Blocks.num(numberText(s.sum, q))),
                           .tr(Blocks.rowHeader(.text("Median")), Blocks.num(median)),
                           .tr(Blocks.rowHeader(.text("Lägsta")), Blocks.num(numberText(s.min, q))),
                           .tr(Blocks.rowHeader(.text("Högsta")), Blocks.num(numberText(s.max, q)))))))
                content.append(Charts.bars(id: "diagram", title: "Fråga \(q.number): fördelning av svaren, \(year)",
                                           description: s.buckets.map { "\(numberText($0.from, q))–\(numberText($0.to, q)): \($0.count)" }.joined(separator: "; "),
                                           bars: s.buckets.map { .init(label: "\(numberText($0.from, q)) – \(numberText($0.to, q))", value: Int64($0.count), valueText: String($0.count)) }))
            } else {
                content.append(.p(.text("Ingen har svarat på frågan med de valda filtren.")))
            }
            content.append(table.node())
        default:
            let perPage = 30
            let (count, rows) = try await FollowUpStore.answers(scope, question: q.id, limit: perPage, offset: (page - 1) * perPage, on: req.analysisDB)
            let (_, all) = try await FollowUpStore.answers(scope, question: q.id, limit: 10_000, offset: 0, on: req.analysisDB)
            table = DataTable(id: "svar", caption: "Svaren på fråga \(q.number)", columns: ["Mottagare", "Län", "Svar", "Kommentar"],
                              rows: all.map { [.link($0.organisation, href: SiteURL.report($0.reportID)), .text(countyName($0.countyCode)), .text(display($0.value, q)), .text($0.comment)] })
            content.append(.p(.text("\(count) svar\(count > perPage ? ", sida \(page) av \((count + perPage - 1) / perPage)" : "").")))
            content.append(.ul(.class("answers-list"), .forEach(rows) { r in
                .li(.h3(.a(.href(SiteURL.report(r.reportID)), .text(r.organisation))),
                    .p(.class("muted"), .text(countyName(r.countyCode))),
                    .forEach(display(r.value, q).split(separator: "\n", omittingEmptySubsequences: true).map(String.init)) { .p(.text($0)) },
                    .if(!r.comment.isEmpty, .p(.em(.text("Kommentar: ")), .text(r.comment))))
            }))
            if count > perPage {
                content.append(.ul(.class("pager"),
                    .if(page > 1, .li(.a(.href(base + "?" + scope.queryString + "&sida=\(page - 1)"), .text("Föregående sida")))),
                    .if(page * perPage < count, .li(.a(.href(base + "?" + scope.queryString + "&sida=\(page + 1)"), .text("Nästa sida"))))))
            }
        }
        if let download = try table.download(req, filename: "nara-\(key)-\(year)-fraga-\(q.number)") { return download }
        let isGenerated = try await generated(scope, on: req.analysisDB)
        let recipients = try await recipients(key, year, on: req.analysisDB)
        let counties: [(value: String, label: String)] = [("", "Alla län")] + Geography.shipped.counties.map { ($0.code, $0.name) }
        return req.page {
            Layout.render(title: title + " – " + def.title,
                          breadcrumbs: [("Uppföljning", SiteURL.followUp), ("Svar \(year)", formURL(key, year: year)), ("Fråga \(q.number)", nil)],
                          current: SiteURL.followUp,
                .h1(.text("Fråga \(q.number): \(q.text)")),
                .p(.class("lead"), .text("\(def.title), \(year). \(q.type.swedishName). Svar från \(submitted) inskickade rapporter\(scope.county.isEmpty && scope.kind.isEmpty && scope.recipient == nil ? "" : " med de valda filtren")."),
                   .text(" "), .a(.href(base + "/trend?ar=\(year)"), .text("Se utvecklingen över åren"))),
                .if(isGenerated, generatedNote),
                .form(.method(.get), .action(base), .class("filter-form"),
                      Forms.select("År", name: "ar", options: years.map { (String($0), String($0)) }, selected: String(year)),
                      Forms.select("Län", name: "lan", options: counties, selected: scope.county),
                      Forms.select("Mottagartyp", name: "typ", options: [("", "Alla typer"), ("rss", "RSS (kommunerna i länet)"), ("region", "Region")], selected: scope.kind),
                      Forms.select("Mottagare", name: "mottagare", options: [("", "Alla mottagare")] + recipients, selected: scope.recipient?.uuidString ?? ""),
                      Forms.submit("Visa")),
                DataTable.downloads(base, query: scope.queryString + (option.map { "&alternativ=" + $0.urlPart } ?? "")),
                .group(content))
        }
    }

    // MARK: Year on year

    struct TrendYear: Sendable {
        let year: Int
        let formKey: String
        let question: Question?
        let tally: ChoiceTally?
        let answers: Int
        let reports: Int
    }

    static func trendYears(key: String, question q: Question, on db: any Database) async throws -> [TrendYear] {
        var out: [TrendYear] = []
        for round in try await FollowUpStore.rounds(on: db).sorted(by: { ($0.year, $0.formKey) < ($1.year, $1.formKey) }) {
            let def = try await FollowUpStore.definition(formKey: round.formKey, year: round.year, on: db)
            // Other questionnaires count only when a link ties them to this question.
            guard let other = try await FollowUpStore.counterpart(formKey: key, question: q.id, in: round.formKey, definition: def, on: db),
                  let oq = def?.question(other) else {
                if round.formKey == key { out.append(TrendYear(year: round.year, formKey: round.formKey, question: nil, tally: nil, answers: 0, reports: round.reports)) }
                continue
            }
            let scope = FollowUpScope(formKey: round.formKey, year: round.year)
            var tally: ChoiceTally?
            if oq.type == .singleChoice || oq.type == .multipleChoice { tally = try await FollowUpStore.choices(scope, question: oq, on: db).0 }
            let answered = try await FollowUpStore.sql(db).select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n")
                .from(FollowUpValueModel.schema).where("form_key", .equal, SQLBind(round.formKey)).where("year", .equal, SQLBind(round.year))
                .where("question_id", .equal, SQLBind(oq.id)).where("item", .equal, SQLBind(0)).first()?.decode(column: "n", as: Int.self) ?? 0
            out.append(TrendYear(year: round.year, formKey: round.formKey, question: oq, tally: tally, answers: answered, reports: round.reports))
        }
        return out
    }

    @Sendable static func trend(req: Request) async throws -> Response {
        let (key, year, _, def) = try await context(req)
        let q = try question(req, def)
        let years = try await trendYears(key: key, question: q, on: req.analysisDB)
        let matched = years.filter { $0.question != nil }
        let missing = years.filter { $0.question == nil }
        let labels: [String] = {
            var seen: [String] = []
            for y in matched { for l in y.tally?.lines ?? [] where !seen.contains(l.label) { seen.append(l.label) } }
            return seen
        }()
        let isChoice = q.type == .singleChoice || q.type == .multipleChoice
        let table: DataTable
        if isChoice {
            table = DataTable(id: "trend", caption: "Andel av de svarande per alternativ och år", columns: ["Alternativ"] + matched.map { String($0.year) },
                              numeric: Set(1...max(1, matched.count)),
                              rows: labels.map { label in
                                  [.text(label)] + matched.map { y in
                                      let n = y.tally?.lines.first { $0.label == label }?.count ?? 0
                                      let of = y.tally?.respondents ?? 0
                                      return .number(Decimal(Share.perMille(n, of: of)) / 10, "\(Share.text(n, of: of)) (\(n))")
                                  }
                              })
        } else {
            table = DataTable(id: "trend", caption: "Antal svar per år", columns: ["År", "Fråga", "Svar", "Inskickade rapporter"], numeric: [2, 3],
                              rows: matched.map { [.text(String($0.year)), .text($0.question?.number ?? ""), .number(Decimal($0.answers), String($0.answers)),
                                                   .number(Decimal($0.reports), String($0.reports))] })
        }
        if let download = try table.download(req, filename: "nara-\(key)-fraga-\(q.number)-trend") { return download }
        let base = questionURL(key, q.id)
        let chart: Node<HTML.BodyContext> = isChoice && !matched.isEmpty ? Charts.groupedBars(
            id: "trenddiagram", title: "Fråga \(q.number): andel per alternativ och år",
            description: labels.map { l in l + ": " + matched.map { y in "\(y.year) \(Share.text(y.tally?.lines.first { $0.label == l }?.count ?? 0, of: y.tally?.respondents ?? 0))" }.joined(separator: ", ") }.joined(separator: "; "),
            series: matched.map { String($0.year) },
            groups: labels.map { l in .init(label: l, values: matched.map { y in
                let n = y.tally?.lines.first { $0.label == l }?.count ?? 0, of = y.tally?.respondents ?? 0
                return (Int64(Share.perMille(n, of: of)), Share.text(n, of: of))
            }) }, maxValue: 1000) : .group()
        return req.page {
            Layout.render(title: "Fråga \(q.number) över åren – \(def.title)",
                          breadcrumbs: [("Uppföljning", SiteURL.followUp), ("Svar \(year)", formURL(key, year: year)), ("Fråga \(q.number)", base + "?ar=\(year)"), ("Över åren", nil)],
                          current: SiteURL.followUp,
                .h1(.text("Fråga \(q.number) över åren")),
                .p(.class("lead"), .text(q.text)),
                .p(.text("Åren kopplas ihop genom frågans fasta id i samma formulär, eller genom en koppling som en administratör gjort mellan formulär.")),
                .if(!missing.isEmpty, Blocks.notice("warning", heading: "Frågan saknar motsvarighet vissa år",
                    .ul(.forEach(missing) { m in .li(.text("\(m.year): formulärets version det året har ingen fråga som motsvarar fråga \(q.number). Året visas inte i trenden, i stället för en missvisande jämförelse.")) }))),
                .if(matched.count < 2, .p(.text("Det finns svar från \(matched.count) år; en trend kräver minst två."))),
                DataTable.downloads(base + "/trend", query: "ar=\(year)"),
                chart,
                table.node())
        }
    }

    // MARK: Search

    @Sendable static func search(req: Request) async throws -> Response {
        let query = String((req.query[String.self, at: "q"] ?? "").prefix(200))
        let yearText = req.query[String.self, at: "ar"] ?? ""
        let year = Int(yearText)
        let page = max(1, req.query[Int.self, at: "sida"] ?? 1)
        let perPage = 25
        let years = Array(Set(try await FollowUpStore.rounds(on: req.analysisDB).map(\.year))).sorted(by: >)
        let hasTerms = !SwedishSearch.words(query).isEmpty
        let (total, hits, byRelevance) = hasTerms ? try await FollowUpStore.searchHits(query, year: year, limit: perPage, offset: (page - 1) * perPage, on: req.analysisDB) : (0, [], true)
        var questionTexts: [String: FormDefinition] = [:]
        for h in hits where questionTexts["\(h.formKey)|\(h.year)"] == nil {
            questionTexts["\(h.formKey)|\(h.year)"] = try await FollowUpStore.definition(formKey: h.formKey, year: h.year, on: req.analysisDB)
        }
        if req.query[String.self, at: "format"] != nil, hasTerms {
            let (_, all) = try await FollowUpStore.search(query, year: year, limit: 5_000, offset: 0, on: req.analysisDB)
            let table = DataTable(id: "traffar", caption: "Sökträffar", columns: ["Mottagare", "Län", "År", "Formulär", "Fråga", "Utdrag"],
                                  rows: all.map { [.text($0.organisation), .text(countyName($0.countyCode)), .text(String($0.year)), .text($0.formKey), .text($0.questionID),
                                                   .text(SwedishSearch.segments($0.snippet).map(\.text).joined())] })
            if let d = try table.download(req, filename: "nara-sokning") { return d }
        }
        let query_ = "q=\(query.urlPart)&ar=\(yearText.urlPart)"
        return req.page {
            Layout.render(title: "Sök i fritextsvar", breadcrumbs: [("Uppföljning", SiteURL.followUp), ("Sök i fritextsvar", nil)], current: SiteURL.followUp,
                .h1(.text("Sök i fritextsvar")),
                .p(.class("lead"), .text("Söker i alla inskickade fritextsvar och kommentarer. Sökningen förstår svenska: ”samverkan” hittar också ”Samverkan” och ”samverkansstruktur”.")),
                .form(.method(.get), .action("/uppfoljning/sok"), .class("filter-form"), .attribute(named: "role", value: "search"),
                      Forms.field("Sökord", name: "q", value: query, type: .search),
                      Forms.select("År", name: "ar", options: [("", "Alla år")] + years.map { (String($0), String($0)) }, selected: yearText),
                      Forms.submit("Sök")),
                .if(hasTerms, .group(
                    .h2(.id("traffar"), .text("\(total) träffar för ”\(query)”")),
                    .if(!byRelevance, .p(.class("muted"), .text("Många träffar: de visas med de senast inskickade först. Lägg till ord eller välj ett år för att få dem ordnade efter hur väl de stämmer."))),
                    .if(total > 0, DataTable.downloads("/uppfoljning/sok", query: query_)),
                    .ol(.class("answers-list"), .forEach(hits) { h in
                        let q = questionTexts["\(h.formKey)|\(h.year)"]?.question(h.questionID)
                        return .li(.h3(.a(.href(SiteURL.report(h.reportID)), .text(h.organisation))),
                            .p(.class("muted"), .text("\(countyName(h.countyCode)) · \(h.year) · "),
                               .a(.href(questionURL(h.formKey, h.questionID) + "?ar=\(h.year)"), .text("Fråga \(q?.number ?? h.questionID)"))),
                            .p(.forEach(SwedishSearch.segments(h.snippet)) { s in s.hit ? .element(named: "mark", text: s.text) : .text(s.text) }))
                    }),
                    .if(total > perPage, .ul(.class("pager"),
                        .if(page > 1, .li(.a(.href("/uppfoljning/sok?\(query_)&sida=\(page - 1)"), .text("Föregående sida")))),
                        .if(page * perPage < total, .li(.a(.href("/uppfoljning/sok?\(query_)&sida=\(page + 1)"), .text("Nästa sida"))))))
                )),
                .if(!hasTerms && !query.isEmpty, .p(.text("Skriv minst ett ord med två bokstäver eller siffror."))))
        }
    }
}

extension String {
    /// Percent-encoded for a path segment or a query value.
    var urlPart: String { addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(.init(charactersIn: "-_.~"))) ?? "" }
}
