import Fluent
import Foundation
import NaraCore
import NaraPersistence
import Plot
import Testing
import VaporTesting
@testable import NaraWeb

extension AppTests {
    /// Every table that downloads holds, as CSV and as .xlsx, the page's rows with the page's
    /// rounded figures: shares as shown, amounts as numbers in kronor, dates as real dates in
    /// Swedish time, an empty cell where the page shows `–`.
    @Suite("Exports equal pages: one table, three forms")
    struct ExportEqualsPageTests {
        typealias Sheet = [[ExportReader.SheetCell?]]

        /// Pages with downloadable tables, by path, and the ids of the tables they offer (the
        /// first is downloaded when no `tabell=` is named).
        static let covered: [(path: String, tables: [String])] = [
            (#"^/uppfoljning/formular/[^/]+$"#, ["fragor"]),
            (#"^/uppfoljning/formular/[^/]+/fragor/[^/]+$"#, ["fordelning", "per-lan", "svar"]),
            (#"^/uppfoljning/formular/[^/]+/fragor/[^/]+/trend$"#, ["trend"]),
            (#"^/uppfoljning/[0-9A-Fa-f-]{36}$"#, ["statustavla"]),
            (#"^/uppfoljning/[0-9A-Fa-f-]{36}/status\.csv$"#, ["statustavla"]),
            (#"^/uppfoljning/indikatorer/[^/]+$"#, ["indikator"]),
            (#"^/uppfoljning/malbilder$"#, ["malbilder"]),
            (#"^/uppfoljning/sok$"#, ["traffar"]),
            (#"^/overenskommelser/\d+/fordelning/[^/]+/tabell$"#, ["fordelning"]),
            (#"^/admin/logg$"#, ["logg"]),
            (#"^/befolkning$"#, ["befolkning"]),
        ]

        /// Downloads that are not a page's table, and where they are checked.
        static let elsewhere: [(path: String, why: String)] = [
            (#"^/uppfoljning/formular/[^/]+/export$"#, "the full export: its CSV and workbook agree cell by cell (fullExportAgrees)"),
            (#"^/uppfoljning/formular/[^/]+/sammanstallning\.xlsx$"#, "the national compilation's workbook: every question and the page's counts (CompilationTests)"),
            (#"^/api/v1/agreements/"#, "open data in its documented machine format (APITests)"),
            (#"^/admin/logg\.csv$"#, "the audit trail's older CSV address: the same file as /admin/logg?format=csv (AuditTrailTests)"),
            (#"^/overenskommelser/\d+/medel"#, "the money overview (MoneyTests)"),
            (#"^/utbetalningar/betalfil\.csv$"#, "the payment file, a bank format (MoneyTests)"),
            (#"^/oppna-data/utbetalningar\.csv$"#, "open payment data, every payment and repayment in its documented schema (OpenPaymentDataTests)"),
        ]

        // MARK: Comparing

        /// `1 234,5` (with no-break or plain spaces, `−` or `-`) as a number.
        static func swedishNumber(_ text: String) -> Decimal? {
            let t = text.replacingOccurrences(of: "\u{00A0}", with: "").replacingOccurrences(of: "\u{202F}", with: "")
                .replacingOccurrences(of: " ", with: "").replacingOccurrences(of: "−", with: "-").replacingOccurrences(of: ",", with: ".")
            guard !t.isEmpty, t.allSatisfy({ $0.isNumber || $0 == "." || $0 == "-" }), t.filter({ $0 == "." }).count <= 1 else { return nil }
            return Decimal(string: t)
        }

        static func suffixed(_ text: String, _ unit: String) -> String? {
            for sep in ["\u{00A0}", " "] where text.hasSuffix(sep + unit) { return String(text.dropLast(unit.count + 1)) }
            return nil
        }

        /// `31 mars 2024` → `2024-03-31`; `30 november 2026 kl. 14:05` → `2026-11-30 14:05`.
        static func swedishDate(_ text: String) -> String? {
            let parts = text.split(separator: " ")
            guard parts.count == 3 || (parts.count == 5 && parts[3] == "kl."), let d = Int(parts[0]), let y = Int(parts[2]),
                  let m = CivilDate.swedishMonths.firstIndex(of: String(parts[1])) else { return nil }
            let day = String(format: "%04d-%02d-%02d", y, m + 1, d)
            return parts.count == 3 ? day : day + " " + parts[4].replacingOccurrences(of: ".", with: ":")
        }

        static func rounded(_ v: Decimal, _ scale: Int) -> Decimal {
            var v = v, out = Decimal()
            NSDecimalRound(&out, &v, scale, .plain)
            return out
        }

        /// Nil when the CSV field and the workbook cell hold what the page shows, else why not.
        static func disagreement(page: String, csv: String, xlsx: ExportReader.SheetCell?) -> String? {
            if page == "–" || page.isEmpty {
                if !csv.isEmpty { return "the CSV has ”\(csv)”" }
                if let x = xlsx, x != .text("") { return "the workbook has \(x)" }
                return nil
            }
            if let shown = suffixed(page, "%").flatMap(swedishNumber) {
                let decimals = page.split(separator: ",").count == 2 ? page.split(separator: ",")[1].prefix { $0.isNumber }.count : 0
                guard swedishNumber(csv) == shown else { return "the CSV has ”\(csv)”" }
                guard case .number(let v, let format)? = xlsx, format.contains("%"), rounded(v * 100, decimals) == shown else { return "the workbook has \(String(describing: xlsx))" }
                return nil
            }
            if let shown = suffixed(page, "kr").flatMap(swedishNumber) {
                guard swedishNumber(csv) == shown else { return "the CSV has ”\(csv)”" }
                guard case .number(let v, let format)? = xlsx, format.contains("kr"), v == shown else { return "the workbook has \(String(describing: xlsx))" }
                return nil
            }
            if let date = swedishDate(page) {
                guard csv == date else { return "the CSV has ”\(csv)”" }
                guard case .number(let v, let format)? = xlsx, format.hasPrefix("yyyy-mm-dd"),
                      ExportReader.serialText(v, withTime: format.contains("hh:mm")) == date else { return "the workbook has \(String(describing: xlsx))" }
                return nil
            }
            if let shown = swedishNumber(page) {
                guard swedishNumber(csv) == shown else { return "the CSV has ”\(csv)”" }
                if case .number(let v, _)? = xlsx, v == shown { return nil }
                if case .text(let t)? = xlsx, t == page { return nil }
                return "the workbook has \(String(describing: xlsx))"
            }
            guard csv == page || csv == "'" + page else { return "the CSV has ”\(csv)”" }
            guard xlsx == .text(page) else { return "the workbook has \(String(describing: xlsx))" }
            return nil
        }

        /// Records every cell where the CSV or the workbook differs from the page.
        static func expectSame(page: [[String]], csv: [[String]], xlsx: Sheet, _ what: String, sourceLocation: SourceLocation = #_sourceLocation) {
            #expect(csv.count == page.count, "\(what): the page has \(page.count) rows, the CSV \(csv.count)", sourceLocation: sourceLocation)
            #expect(xlsx.count == page.count, "\(what): the page has \(page.count) rows, the workbook \(xlsx.count)", sourceLocation: sourceLocation)
            var problems: [String] = []
            for (i, row) in page.enumerated() where i < csv.count && i < xlsx.count {
                #expect(csv[i].count == row.count, "\(what), row \(i + 1): \(row.count) cells on the page, \(csv[i].count) in the CSV", sourceLocation: sourceLocation)
                for (j, shown) in row.enumerated() {
                    let c = j < csv[i].count ? csv[i][j] : "", x = j < xlsx[i].count ? xlsx[i][j] : nil
                    if let why = disagreement(page: shown, csv: c, xlsx: x) { problems.append("row \(i + 1), column \(j + 1) shows ”\(shown)” but \(why)") }
                }
            }
            #expect(problems.isEmpty, "\(what): \(problems.prefix(8).joined(separator: "; "))", sourceLocation: sourceLocation)
        }

        /// The `tabell` a download link names (nil for the page's first table) and its path.
        static func target(_ href: String) -> (path: String, table: String?, format: String?) {
            let parts = href.split(separator: "?", maxSplits: 1).map(String.init)
            var table: String?, format: String?
            for pair in (parts.count > 1 ? parts[1] : "").split(separator: "&") {
                let kv = pair.split(separator: "=", maxSplits: 1).map(String.init)
                if kv.first == "tabell" { table = kv.count > 1 ? kv[1].removingPercentEncoding : nil }
                if kv.first == "format" { format = kv.count > 1 ? kv[1] : nil }
            }
            return (parts[0], table, format)
        }

        static func isDownload(_ href: String) -> Bool {
            let t = target(href)
            return t.format == "csv" || t.format == "xlsx" || t.path.hasSuffix(".csv") || t.path.hasSuffix(".xlsx")
        }

        /// Why a download link is not checked here, or nil when it is (a covered page's table).
        static func uncovered(_ href: String) -> String? {
            let t = target(href)
            if elsewhere.contains(where: { t.path.range(of: $0.path, options: .regularExpression) != nil }) { return nil }
            guard let page = covered.first(where: { t.path.range(of: $0.path, options: .regularExpression) != nil }) else {
                return "\(href): no test compares this download with its page"
            }
            return t.table.map { page.tables.contains($0) ? nil : "\(href): the table ”\($0)” is not covered" } ?? nil
        }

        /// Loads `path`, and for each table id downloads the CSV and the workbook through the page's
        /// own links and compares them with the page's table. Returns the page's HTML.
        @discardableResult
        /// - Parameter pageOnly: columns the page has for navigation only (a link per row), by header.
        static func check(_ client: inout Client, _ path: String, tables: [String], pageOnly: [String] = [],
                          sourceLocation: SourceLocation = #_sourceLocation) async throws -> String {
            let page = try await client.get(path)
            #expect(page.status == .ok, "\(path): \(page.status)", sourceLocation: sourceLocation)
            let links = ExportReader.links(in: page.text).filter(isDownload)
            for (n, id) in tables.enumerated() {
                var rows = try #require(ExportReader.htmlTable(id, in: page.text), "\(path): no table \(id)", sourceLocation: sourceLocation)
                let drop = Set(rows[0].indices.filter { pageOnly.contains(rows[0][$0]) })
                rows = rows.map { row in row.indices.filter { !drop.contains($0) }.map { row[$0] } }
                func link(_ format: String) -> String? {
                    links.first { let t = target($0); return t.format == format && (t.table == id || (n == 0 && t.table == nil)) }
                }
                let csvLink = try #require(link("csv"), "\(path): no CSV link for \(id)", sourceLocation: sourceLocation)
                let xlsxLink = try #require(link("xlsx"), "\(path): no Excel link for \(id)", sourceLocation: sourceLocation)
                let csv = try await client.get(csvLink), xlsx = try await client.get(xlsxLink)
                #expect(csv.text.hasPrefix("\u{FEFF}") && csv.text.contains("\r\n"), sourceLocation: sourceLocation)
                expectSame(page: rows, csv: ExportReader.csvRows(csv.text), xlsx: try ExportReader.xlsxRows(Data(xlsx.body.readableBytesView)),
                           "\(path) #\(id)", sourceLocation: sourceLocation)
            }
            for href in links { if let why = uncovered(href) { Issue.record(Comment(rawValue: why), sourceLocation: sourceLocation) } }
            return page.text
        }

        /// Nil when a CSV field and a workbook cell hold the same value, else why not.
        static func disagreement(csv: String, xlsx: ExportReader.SheetCell?) -> String? {
            switch xlsx {
            case nil: return csv.isEmpty ? nil : "the workbook is empty where the CSV has ”\(csv)”"
            case .text(let t)?: return csv == t || csv == "'" + t ? nil : "”\(csv)” against ”\(t)”"
            case .number(let v, let format)?:
                if format.hasPrefix("yyyy") { return ExportReader.serialText(v, withTime: format.contains("hh:mm")) == csv ? nil : "”\(csv)” against the day \(v)" }
                if format.contains("%") { return swedishNumber(csv) == v * 100 ? nil : "”\(csv)” against \(v) as per cent" }
                return swedishNumber(csv) == v ? nil : "”\(csv)” against \(v)"
            }
        }

        // MARK: The tests

        @Test("a table's cells: shares as rounded on the page, kronor, days and moments in Swedish time, and an empty cell, the same in all three forms")
        func typedCells() throws {
            let winter = Date(timeIntervalSince1970: 1_796_043_900) // 2026-11-30 13:05 UTC, 14:05 in Stockholm
            let summer = Date(timeIntervalSince1970: 1_782_900_000) // 2026-07-01 10:00 UTC, 12:00 in Stockholm
            let table = DataTable(id: "prov", caption: "Prov", columns: ["Rad", "Andel", "Belopp", "Dag", "Tid", "Antal", "Text"], numeric: [1, 2, 5],
                                  rows: [
                                    [.text("Ja"), .share(14, of: 21), .kronor(Money(ore: 3_060_000_000)), .day(.make(2024, 3, 31)), .time(winter), .count(1_234), .text("=SUMMA(A1)")],
                                    [.text("Nej"), .share(6, of: 21), .kronor(Money(ore: 105_000_050)), .day(nil), .time(summer), .count(0), .text("")],
                                    [.text("Vet ej"), .share(1, of: 21), .kronor(Money(ore: -500)), .empty, .time(nil), .empty, .link("en länk", href: "/")],
                                  ],
                                  footer: [[.text("Summa"), .share(21, of: 21), .kronor(Money(ore: 3_165_000_000)), .empty, .empty, .count(1_234), .empty]])
            let html = HTML(.body(table.node())).render()
            let page = try #require(ExportReader.htmlTable("prov", in: html))
            #expect(page[1][1] == "66,7\u{00A0}%" && page[2][1] == "28,6\u{00A0}%" && page[3][1] == "4,8\u{00A0}%")
            #expect(page[1][4] == "30 november 2026 kl. 14:05" && page[2][4] == "1 juli 2026 kl. 12:00")
            let csv = ExportReader.csvRows(table.csv())
            #expect(csv[1][1] == "66,7" && csv[3][1] == "4,8" && csv[1][4] == "2026-11-30 14:05" && csv[2][4] == "2026-07-01 12:00" && csv[1][3] == "2024-03-31")
            #expect(csv[2][3] == "" && csv[3][5] == "" && csv[1][6] == "'=SUMMA(A1)")
            let book = try XLSX.workbook(sheetName: "Prov", rows: table.xlsxRows())
            let sheet = try ExportReader.xlsxRows(book)
            // Left for a look in a spreadsheet program (or openpyxl).
            try? book.write(to: FileManager.default.temporaryDirectory.appendingPathComponent("nara-exempel.xlsx"))
            #expect(sheet[1][1] == .number(Decimal(string: "0.667")!, format: "0.0 %"))
            #expect(sheet[3][1] == .number(Decimal(string: "0.048")!, format: "0.0 %"))
            #expect(sheet[1][2] == .number(30_600_000, format: "#,##0 \"kr\""))
            #expect(sheet[2][2] == .number(Decimal(string: "1050000.5")!, format: "#,##0.00 \"kr\""))
            #expect(sheet[1][3] == .number(45_382, format: "yyyy-mm-dd"))
            #expect(sheet[2][3] == nil && sheet[3][5] == nil)
            Self.expectSame(page: page, csv: csv, xlsx: sheet, "the sample table")
        }

        @Test("the follow-up's tables: per question with its per-county table, per questionnaire, over the years, the status board, indicators and goal pictures")
        func followUpPages() async throws {
            try await withNara { app in
                try await FollowUpDemo.seed(on: app.db)
                var analyst = try await Client.signedIn(app, Demo.analyst)
                let key = ReferenceForms.municipalFinalReportKey, base = "/uppfoljning/formular/\(key)"
                try await Self.check(&analyst, "\(base)?ar=2022", tables: ["fragor"])
                let q1 = try await Self.check(&analyst, "\(base)/fragor/q1?ar=2022", tables: ["fordelning", "per-lan"])
                // Counties as rows, options as columns, a total row equal to the counts above.
                let split = try #require(ExportReader.htmlTable("per-lan", in: q1)), counts = try #require(ExportReader.htmlTable("fordelning", in: q1))
                #expect(split[0].dropFirst().map { $0 } == counts.dropFirst().map { $0[0] })
                #expect(split.count > 3 && split.last?.first == "Alla län" && split.dropFirst().allSatisfy { $0[0].hasSuffix("län") || $0[0] == "Alla län" })
                #expect(split.last.map { Array($0.dropFirst()) } == counts.dropFirst().map { $0[1] })
                for column in 1..<split[0].count {
                    #expect(split.dropFirst().dropLast().compactMap { Int($0[column]) }.reduce(0, +) == Int(split.last![column]))
                }
                try await Self.check(&analyst, "\(base)/fragor/q1?ar=2022&lan=23&typ=rss", tables: ["fordelning", "per-lan"])
                // Free text is listed a page at a time; the downloads hold every answer, in the list's order.
                let q3 = try await Self.check(&analyst, "\(base)/fragor/q3?ar=2022", tables: [])
                let listed = ExportReader.matches("<li><h3><a href=\"[^\"]*\">(.*?)</a></h3>", in: q3).map { ExportReader.text($0[1]) }
                let answers = ExportReader.csvRows(try await analyst.get("\(base)/fragor/q3?ar=2022&format=csv").text)
                let answerSheet = try ExportReader.xlsxRows(Data(try await analyst.get("\(base)/fragor/q3?ar=2022&format=xlsx").body.readableBytesView))
                #expect(!listed.isEmpty && listed == answers.dropFirst().prefix(listed.count).map { $0[0] })
                #expect(q3.contains("\(answers.count - 1) svar") && answerSheet.count == answers.count)
                try await Self.check(&analyst, "\(base)/fragor/q1/trend?ar=2023", tables: ["trend"])
                try await Self.check(&analyst, "\(base)/fragor/q3/trend?ar=2023", tables: ["trend"])
                let round = try #require(try await AssignmentModel.query(on: app.db).filter(\.$agreementYear == 2022).first())
                try await Self.check(&analyst, "/uppfoljning/\(round.id!.uuidString)", tables: ["statustavla"])
                try await Self.check(&analyst, "/uppfoljning/\(round.id!.uuidString)?county=23&status=", tables: ["statustavla"])
                try await Self.check(&analyst, "/uppfoljning/indikatorer/fast-lakarkontakt", tables: ["indikator"])
                try await Self.check(&analyst, "/uppfoljning/indikatorer/fast-vardkontakt?kon=K", tables: ["indikator"])
                try await Self.check(&analyst, "/uppfoljning/malbilder?ar=2022", tables: ["malbilder"])
                // The status board's older CSV address is the same table.
                let board = try await analyst.get("/uppfoljning/\(round.id!.uuidString)?format=csv")
                #expect(try await analyst.get("/uppfoljning/\(round.id!.uuidString)/status.csv").text == board.text)
            }
        }

        @Test("an allocation: every recipient with its population, reference date, share as rounded on the page and amount, and the total, in all three forms")
        func allocationTable() async throws {
            try await withNara { app in
                var anyone = Client(app)
                for path in ["/overenskommelser/2023/fordelning/regioner", "/overenskommelser/2023/fordelning/kommuner?version=1", "/overenskommelser/2019/fordelning/regioner"] {
                    let page = try await Self.check(&anyone, path, tables: ["fordelning"], pageOnly: [AllocationPage.Text.sheet])
                    let rows = try #require(ExportReader.htmlTable("fordelning", in: page))
                    #expect(rows.count > 20 && rows.last?[1] == AllocationPage.Text.total)
                }
                let csv = ExportReader.csvRows(try await anyone.get("/overenskommelser/2023/fordelning/regioner/tabell?format=csv").text)
                let sheet = try ExportReader.xlsxRows(Data(try await anyone.get("/overenskommelser/2023/fordelning/regioner/tabell?format=xlsx").body.readableBytesView))
                // The amounts sum to the pot in the workbook as on the page.
                let amounts = sheet.dropFirst().dropLast().compactMap { row -> Decimal? in if case .number(let v, _)? = row.last { return v }; return nil }
                #expect(amounts.count == csv.count - 2 && amounts.reduce(0, +) == Decimal(Money.mnkr("5043").ore) / 100)
            }
        }

        @Test("search: the download holds every hit the page counts, the same in CSV and Excel")
        func searchDownload() async throws {
            try await withNara { app in
                try await FollowUpDemo.seed(on: app.db)
                var analyst = try await Client.signedIn(app, Demo.analyst)
                let page = try await analyst.get("/uppfoljning/sok?q=samverkan&ar=2022")
                let total = try #require(ExportReader.matches("(\\d+) träffar för", in: page.text).first.flatMap { Int($0[1]) })
                let csv = ExportReader.csvRows(try await analyst.get("/uppfoljning/sok?q=samverkan&ar=2022&format=csv").text)
                let sheet = try ExportReader.xlsxRows(Data(try await analyst.get("/uppfoljning/sok?q=samverkan&ar=2022&format=xlsx").body.readableBytesView))
                #expect(total > 0 && csv.count == total + 1 && sheet.count == csv.count)
                for (c, x) in zip(csv, sheet) { for (j, field) in c.enumerated() { #expect(Self.disagreement(csv: field, xlsx: j < x.count ? x[j] : nil) == nil) } }
            }
        }

        @Test("the full export: the CSV and the workbook hold the same cells, submission times as dates in Swedish time")
        func fullExportAgrees() async throws {
            try await withNara { app in
                try await FollowUpDemo.seed(on: app.db)
                var analyst = try await Client.signedIn(app, Demo.analyst)
                for layout in ["bred", "lang"] {
                    let path = "/uppfoljning/formular/\(ReferenceForms.municipalFinalReportKey)/export?ar=2022&layout=\(layout)&format="
                    let csv = ExportReader.csvRows(try await analyst.get(path + "csv").text)
                    let book = Data(try await analyst.get(path + "xlsx").body.readableBytesView)
                    try? book.write(to: FileManager.default.temporaryDirectory.appendingPathComponent("nara-export-\(layout).xlsx"))
                    let sheet = try ExportReader.xlsxRows(book)
                    #expect(csv.count == sheet.count && csv.count > 21)
                    var problems: [String] = []
                    for (i, (c, x)) in zip(csv, sheet).enumerated() {
                        for (j, field) in c.enumerated() { if let why = Self.disagreement(csv: field, xlsx: j < x.count ? x[j] : nil) { problems.append("\(i + 1):\(j + 1) \(why)") } }
                    }
                    #expect(problems.isEmpty, "\(layout): \(problems.prefix(5).joined(separator: "; "))")
                    #expect(csv[1][4].range(of: #"^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$"#, options: .regularExpression) != nil)
                }
            }
        }

        @Test("every download link on the pages people reach is compared with its page here, or named with the test that checks it")
        func everyDownloadIsCovered() async throws {
            try await withNara { app in
                try await FollowUpDemo.seed(on: app.db)
                var analyst = try await Client.signedIn(app, Demo.analyst)
                var admin = try await Client.signedIn(app, Demo.admin)
                var pages = ["/", "/oppna-data", "/befolkning", "/overenskommelser/2023", "/overenskommelser/2023/fordelning/regioner", "/overenskommelser/2019/medel", "/uppfoljning"]
                var seen = Set<String>(), downloads = Set<String>()
                // The follow-up two links deep: every page an analyst reaches from its start page.
                var depth = 0
                while !pages.isEmpty && depth < 3 {
                    var next: [String] = []
                    for path in pages where !seen.contains(path) && seen.count < 120 {
                        seen.insert(path)
                        let page = try await analyst.get(path)
                        guard page.status == .ok else { continue }
                        for href in ExportReader.links(in: page.text) where href.hasPrefix("/") {
                            if Self.isDownload(href) { downloads.insert(href) } else if href.hasPrefix("/uppfoljning/") && !href.contains("sida=") { next.append(href) }
                        }
                    }
                    pages = next; depth += 1
                }
                for href in ExportReader.links(in: try await admin.get("/admin/logg").text) where Self.isDownload(href) { downloads.insert(href) }
                #expect(downloads.contains { $0.contains("tabell=per-lan") }, "the per-county table has its own download")
                #expect(downloads.count > 8)
                for href in downloads.sorted() { if let why = Self.uncovered(href) { Issue.record(Comment(rawValue: why)) } }
            }
        }
    }
}
