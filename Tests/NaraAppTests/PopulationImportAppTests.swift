import Fluent
import Foundation
import NaraCore
import NaraPersistence
import Testing
import VaporTesting
@testable import NaraWeb

extension AppTests {
    @Suite("Loading population and recomputing allocations")
    struct PopulationImportAppTests {
        /// A county file for a new date: the 2020 figures with Jämtland grown by 10 000.
        func countyFile() -> [UInt8] {
            var values = Geography.shipped.countyPopulation[.make(2020, 12, 31)]!
            values["23", default: 0] += 10_000
            let text = "\u{FEFF}lanskod;folkmangd\r\n" + values.keys.sorted().map { "\($0);\(values[$0]!)" }.joined(separator: "\r\n")
            return Array(text.utf8)
        }

        @Test("a new table gives a new version; the earlier allocation is kept")
        func recomputeKeepsVersions() async throws {
            try await withNara { app in
                let outcome = try await PopulationImporter.run(bytes: countyFile(), referenceDate: .make(2022, 11, 1),
                                                               source: "test", by: "test", now: Date(), on: app.db)
                #expect(outcome.stored != nil)
                let before = try #require(try await AllocationQueries.load(year: 2023, pot: "regioner", version: nil, on: app.db))
                // 1 November 2022 is the nearest table for 2023 now.
                let created = try await AllocationStore.allocate(year: 2023, by: "test", now: Date(), on: app.db)
                #expect(created.count == 2) // regions and municipalities; fixed and quantity pots unchanged
                let after = try #require(try await AllocationQueries.load(year: 2023, pot: "regioner", version: nil, on: app.db))
                #expect(after.version?.version == 2)
                #expect(after.referenceDate == .make(2022, 11, 1))
                #expect(after.total == before.total)
                let jamtlandBefore = before.lines.first { $0.code == "23" }!.amountOre
                let jamtlandAfter = after.lines.first { $0.code == "23" }!.amountOre
                #expect(jamtlandAfter > jamtlandBefore)

                let old = try #require(try await AllocationQueries.load(year: 2023, pot: "regioner", version: 1, on: app.db))
                #expect(old.version?.isCurrent == false)
                #expect(old.lines.map(\.amountOre) == before.lines.map(\.amountOre))

                try await app.testing().test(.GET, "/overenskommelser/2023/fordelning/regioner") { res in
                    #expect(res.text.contains("Version 2 (gällande)"))
                    #expect(res.text.contains("?version=1"))
                    #expect(res.text.contains("1 november 2022"))
                }
                try await app.testing().test(.GET, "/overenskommelser/2023/fordelning/regioner?version=1") { res in
                    #expect(res.text.contains("Äldre version"))
                }
                // Recomputing again on the same table adds nothing.
                #expect(try await AllocationStore.allocate(year: 2023, by: "test", now: Date(), on: app.db).isEmpty)
            }
        }

        @Test("a broken file is refused with every problem, and nothing is imported")
        func brokenFileChangesNothing() async throws {
            try await withNara { app in
                let tablesBefore = try await PopulationTableModel.query(on: app.db).count()
                let valuesBefore = try await PopulationValueModel.query(on: app.db).count()
                var text = String(decoding: countyFile(), as: UTF8.self)
                text = text.replacingOccurrences(of: "\r\n23;", with: "\r\n99;").replacingOccurrences(of: "\r\n01;", with: "\r\n01;många")
                do {
                    _ = try await PopulationImporter.run(bytes: Array(text.utf8), referenceDate: .make(2022, 11, 1),
                                                         source: "test", by: "test", now: Date(), on: app.db)
                    Issue.record("expected a refusal")
                } catch let error as PopulationImportError {
                    #expect(error.problems.contains { $0.line == 2 && $0.message.contains("många") })
                    #expect(error.problems.contains { $0.message.contains("Okänd länskod 99") })
                    #expect(error.problems.contains { $0.message.contains("Jämtlands län saknas") })
                }
                #expect(try await PopulationTableModel.query(on: app.db).count() == tablesBefore)
                #expect(try await PopulationValueModel.query(on: app.db).count() == valuesBefore)
            }
        }

        @Test("SCB's export of a date already stored: a dry run shows the stored table, a real run needs replace")
        func scbImport() async throws {
            try await withNara { app in
                let before = try await PopulationTableModel.query(on: app.db).count()
                let bytes = try Geography.shippedSCBExport()
                let dry = try await PopulationImporter.run(bytes: bytes, referenceDate: .make(2018, 12, 31), source: "SCB",
                                                           by: "test", now: Date(), dryRun: true, on: app.db)
                #expect(dry.stored == nil)
                #expect(dry.existing?.total == 10_230_185) // the seeded table of the same date and level
                #expect(dry.warning == nil)
                await #expect(throws: PopulationTableExists.self) {
                    try await PopulationImporter.run(bytes: bytes, referenceDate: .make(2018, 12, 31), source: "SCB",
                                                     by: "test", now: Date(), on: app.db)
                }
                #expect(try await PopulationTableModel.query(on: app.db).count() == before)
                let real = try await PopulationImporter.run(bytes: bytes, referenceDate: .make(2018, 12, 31), source: "SCB",
                                                            by: "test", now: Date(), replace: true, on: app.db)
                #expect(real.stored?.rowCount == 290)
                #expect(real.stored?.total == 10_230_185)
                #expect(real.keptOld == (real.existingUses > 0))
            }
        }

        /// A county file in SCB's layout (`"01 Stockholms län";2391990`): the 2020 figures, each
        /// county grown by `percent`, Jämtland by `jamtland` more, with `name` beside each code.
        func scbCountyFile(percent: Int64 = 0, jamtland: Int64 = 0, name: (County) -> String = { $0.name }) -> [UInt8] {
            let values = Geography.shipped.countyPopulation[.make(2020, 12, 31)]!
            let rows = Geography.shipped.counties.map { c in
                "\"\(c.code) \(name(c))\";\(values[c.code]! + values[c.code]! * percent / 100 + (c.code == "23" ? jamtland : 0))"
            }
            return Array(("\u{FEFF}\"region\";\"folkmängd\"\r\n" + rows.joined(separator: "\r\n") + "\r\n").utf8)
        }

        /// Posts a file to the upload form as a browser does (multipart), signed in as `client`.
        func upload(_ file: [UInt8], date: String, as client: Client, on app: Application) async throws -> TestingHTTPResponse {
            let boundary = "----nara-population-test"
            var body = ByteBuffer()
            for (name, value) in [("_csrf", client.csrf ?? ""), ("date", date), ("source", "SCB, folkmängd per län")] {
                body.writeString("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n\(value)\r\n")
            }
            body.writeString("--\(boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"lan.csv\"\r\nContent-Type: text/csv\r\n\r\n")
            body.writeBytes(file)
            body.writeString("\r\n--\(boundary)--\r\n")
            var headers = HTTPHeaders()
            headers.replaceOrAdd(name: .contentType, value: "multipart/form-data; boundary=\(boundary)")
            headers.replaceOrAdd(name: .cookie, value: "nara_session=\(client.cookie!)")
            var response: TestingHTTPResponse?
            try await app.testing().test(.POST, "/admin/befolkning", headers: headers, body: body) { response = $0 }
            return try #require(response)
        }

        func latestPending(_ db: any Database) async throws -> PendingImportModel {
            try #require(try await PendingImportModel.query(on: db).filter(\.$appliedAt == nil).sort(\.$createdAt, .descending).first())
        }

        @Test("a name that belongs to another code refuses the file on the admin page; nothing is stored")
        func nameMismatchRefused() async throws {
            try await withNara { app in
                var admin = Client(app)
                try await admin.login(Demo.admin)
                let tables = try await PopulationTableModel.query(on: app.db).count()
                let pending = try await PendingImportModel.query(on: app.db).count()
                let file = scbCountyFile(name: { $0.code == "23" ? "Stockholms lan" : AreaNames.normalise($0.name) })
                let res = try await upload(file, date: "2022-11-01", as: admin, on: app)
                #expect(res.status == .unprocessableEntity)
                #expect(res.text.contains("Filen kan inte läsas in (1 fel). Inget har sparats."))
                #expect(res.text.contains("Rad 20: Namnet ”Stockholms lan” hör till 01 Stockholms län, men länskoden 23 är Jämtlands län."))
                #expect(try await PopulationTableModel.query(on: app.db).count() == tables)
                #expect(try await PendingImportModel.query(on: app.db).count() == pending)
                // The same file ASCII-fied but right is accepted.
                let ascii = try await upload(scbCountyFile(name: { AreaNames.normalise($0.name) }), date: "2022-11-01", as: admin, on: app)
                #expect(ascii.status == .ok)
                #expect(ascii.text.contains("Förhandsgranskning: filen är korrekt"))
            }
        }

        @Test("a national total more than 2 % from the earlier table's is warned about, on the page and by the command")
        func totalWarning() async throws {
            try await withNara { app in
                var admin = Client(app)
                try await admin.login(Demo.admin)
                // 5 % more than the 2020 table, the nearest earlier one.
                let res = try await upload(scbCountyFile(percent: 5), date: "2022-11-01", as: admin, on: app)
                #expect(res.status == .ok)
                #expect(res.text.contains("Kontrollera folkmängden"))
                #expect(res.text.contains("+5,0\u{00A0}% jämfört med närmaste tidigare tabell (31 december 2020: 10\u{00A0}379\u{00A0}295)"))
                #expect(res.text.contains("Spara tabellen")) // a warning, not a refusal

                let lines = try await ImportPopulationCommand.importFile(scbCountyFile(percent: 5), named: "lan.csv", date: .make(2022, 11, 1),
                                                                         source: nil, dryRun: false, replace: false, now: Date(), on: app.db)
                #expect(lines.first?.hasPrefix("Varning: Folkmängden i hela riket är 10 898 ") == true)
                #expect(lines.first?.contains("+5,0 % jämfört med närmaste tidigare tabell (31 december 2020: 10 379 295)") == true)
                #expect(lines.contains { $0.hasPrefix("Inläst: 21 län") })
                let audit = try #require(try await AuditEntryModel.query(on: app.db).filter(\.$action == "import")
                    .sort(\.$at, .descending).first())
                #expect(AuditLog.decode(audit.after)["jämfört med"] == "2020-12-31: 10379295 (+5,0\u{00A0}%)")

                // Within 2 %: no warning.
                let calm = try await upload(scbCountyFile(jamtland: 10_000), date: "2021-11-01", as: admin, on: app)
                #expect(!calm.text.contains("Kontrollera folkmängden"))
            }
        }

        @Test("a table for a date that has one: the page asks; keep stores nothing, replace keeps the versions intact")
        func replaceOrKeep() async throws {
            try await withNara { app in
                var admin = Client(app)
                try await admin.login(Demo.admin)
                let old = try #require(try await PopulationStore.current(on: .make(2020, 12, 31), level: .county, on: app.db))
                let oldID = try old.requireID()
                let uses = try await PopulationStore.uses(of: oldID, on: app.db)
                #expect(uses > 0) // the seeded allocations of 2023 and 2024
                let tables = try await PopulationTableModel.query(on: app.db).count()
                let imports = try await AuditEntryModel.query(on: app.db).filter(\.$action == "import").count()
                let file = scbCountyFile(jamtland: 1_000)

                let preview = try await upload(file, date: "2020-12-31", as: admin, on: app)
                #expect(preview.status == .ok)
                #expect(preview.text.contains("Det finns redan en tabell per 31 december 2020"))
                #expect(preview.text.contains("Ersätt den befintliga tabellen"))
                #expect(preview.text.contains("Behåll den befintliga"))
                #expect(!preview.text.contains("Spara tabellen"))
                #expect(preview.text.contains("\(uses) fördelningsversioner är beräknade på den befintliga tabellen"))
                #expect(preview.text.contains("+1\u{00A0}000")) // Jämtland's difference

                // Keep: nothing stored, the preview is gone.
                let kept = try await latestPending(app.db)
                #expect(try await admin.post("/admin/befolkning/\(kept.id!.uuidString)/spara", ["val": "behall"]).status == .seeOther)
                #expect(try await admin.get("/admin/befolkning").text.contains("Den befintliga tabellen per 31 december 2020 behålls. Inget sparades."))
                #expect(try await PopulationTableModel.query(on: app.db).count() == tables)
                #expect(try await PendingImportModel.find(kept.id, on: app.db) == nil)
                #expect(try await PopulationStore.current(on: .make(2020, 12, 31), level: .county, on: app.db)?.id == oldID)
                #expect(try await AuditEntryModel.query(on: app.db).filter(\.$action == "import").count() == imports)

                // Saving without a choice asks again rather than storing.
                _ = try await upload(file, date: "2020-12-31", as: admin, on: app)
                let pending = try await latestPending(app.db)
                let asked = try await admin.post("/admin/befolkning/\(pending.id!.uuidString)/spara")
                #expect(asked.status == .conflict)
                #expect(asked.text.contains("Ersätt den befintliga tabellen"))
                #expect(try await PopulationTableModel.query(on: app.db).count() == tables)

                // Replace: a new table in effect; the old one stays, marked, for the versions computed on it.
                #expect(try await admin.post("/admin/befolkning/\(pending.id!.uuidString)/spara", ["val": "ersatt"]).status == .seeOther)
                #expect(try await admin.get("/admin/befolkning").text.contains("Tabellen per 31 december 2020 är ersatt; den tidigare finns kvar för de \(uses) fördelningsversioner"))
                let new = try #require(try await PopulationStore.current(on: .make(2020, 12, 31), level: .county, on: app.db))
                #expect(new.id != oldID)
                #expect(new.total == old.total + 1_000)
                #expect(try await PopulationTableModel.query(on: app.db).count() == tables + 1)
                let marked = try #require(try await PopulationTableModel.find(oldID, on: app.db))
                #expect(marked.source.hasPrefix(old.source + " (ersatt "))
                #expect(marked.total == old.total)
                #expect(try await PopulationStore.uses(of: oldID, on: app.db) == uses)
                let audit = try #require(try await AuditEntryModel.query(on: app.db).filter(\.$action == "import")
                    .sort(\.$at, .descending).first())
                #expect(audit.entityID == new.id?.uuidString)
                #expect(AuditLog.decode(audit.before)["folkmängd"] == String(old.total))
                #expect(AuditLog.decode(audit.before)["tabellen"] == "behålls för \(uses) fördelningsversioner")
                #expect(AuditLog.decode(audit.after)["folkmängd"] == String(old.total + 1_000))
                #expect(audit.actor == Demo.admin)

                // The versions computed on the old table still show it; recomputing uses the new one.
                let v1 = try #require(try await AllocationQueries.load(year: 2023, pot: "regioner", version: 1, on: app.db))
                #expect(v1.table?.id == oldID)
                let created = try await AllocationStore.allocate(year: 2023, by: "test", now: Date(), on: app.db)
                #expect(!created.isEmpty)
                #expect(created.allSatisfy { $0.populationTableID == nil || $0.populationTableID == new.id })
                #expect(try await admin.post("/admin/befolkning/\(pending.id!.uuidString)/spara", ["val": "ersatt"]).status == .notFound)
            }
        }

        @Test("replacing a table nothing used deletes it; the command refuses without --replace and says so")
        func replaceUnusedByCommand() async throws {
            try await withNara { app in
                let date = CivilDate.make(2022, 11, 1)
                _ = try await ImportPopulationCommand.importFile(countyFile(), named: "lan.csv", date: date, source: nil,
                                                                 dryRun: false, replace: false, now: Date(), on: app.db)
                let first = try #require(try await PopulationStore.current(on: date, level: .county, on: app.db))
                let tables = try await PopulationTableModel.query(on: app.db).count()
                let values = try await PopulationValueModel.query(on: app.db).count()
                do {
                    _ = try await ImportPopulationCommand.importFile(scbCountyFile(), named: "lan.csv", date: date, source: nil,
                                                                     dryRun: false, replace: false, now: Date(), on: app.db)
                    Issue.record("expected a refusal")
                } catch let failure as CommandFailure {
                    #expect(failure.description.hasPrefix("Det finns redan en tabell per län per 1 november 2022 (folkmängd 10 389 295"))
                    #expect(failure.description.contains("Inget sparades. Kör kommandot igen med --replace för att ersätta den"))
                }
                #expect(try await PopulationStore.current(on: date, level: .county, on: app.db)?.id == first.id)
                let dry = try await ImportPopulationCommand.importFile(scbCountyFile(), named: "lan.csv", date: date, source: nil,
                                                                       dryRun: true, replace: false, now: Date(), on: app.db)
                #expect(dry.contains { $0.contains("lägg till --replace för att ersätta den") })

                let lines = try await ImportPopulationCommand.importFile(scbCountyFile(), named: "lan.csv", date: date, source: nil,
                                                                         dryRun: false, replace: true, now: Date(), on: app.db)
                #expect(lines.contains("Den tidigare tabellen (folkmängd 10 389 295) är ersatt och borttagen; ingen fördelning använde den."))
                #expect(try await PopulationTableModel.find(first.id, on: app.db) == nil)
                #expect(try await PopulationTableModel.query(on: app.db).count() == tables)
                #expect(try await PopulationValueModel.query(on: app.db).count() == values)
                #expect(try await PopulationStore.current(on: date, level: .county, on: app.db)?.total == 10_379_295)
                let audit = try #require(try await AuditEntryModel.query(on: app.db).filter(\.$action == "import")
                    .sort(\.$at, .descending).first())
                #expect(AuditLog.decode(audit.before)["tabellen"] == "borttagen")
                #expect(audit.actor == ImportPopulationCommand.actor)
            }
        }

        @Test("seeding an existing database changes nothing")
        func seedIsIdempotent() async throws {
            try await withNara { app in
                let count = try await OrganisationModel.query(on: app.db).count()
                #expect(try await Seeder.seedIfEmpty(on: app.db) == false)
                #expect(try await OrganisationModel.query(on: app.db).count() == count)
            }
        }
    }

    @Suite("Configuration read once at start")
    struct ConfigTests {
        @Test("no DATABASE_URL means the embedded SQLite file under data/")
        func defaults() throws {
            #expect(try AppConfig.read(from: [:]) == AppConfig(database: .sqliteFile("data/nara.sqlite"), demoMode: true))
            #expect(try AppConfig.read(from: ["DATABASE_URL": "postgres://u@h/db"]).demoMode == false)
            #expect(try AppConfig.read(from: ["NARA_PUBLIC_URL": "https://nara.example.se/"]).secureCookies)
            #expect(try AppConfig.read(from: ["DATABASE_URL": "sqlite:///tmp/x.sqlite"]).database == .sqliteFile("/tmp/x.sqlite"))
            #expect(try AppConfig.read(from: ["DATABASE_URL": "postgres://u:p@127.0.0.1:5432/nara"]).database
                    == .postgres(URL(string: "postgres://u:p@127.0.0.1:5432/nara")!))
        }

        @Test("bad settings stop the start, every problem named")
        func badSettings() {
            do {
                _ = try AppConfig.read(from: ["DATABASE_URL": "mysql://x", "NARA_DEMO": "kanske"])
                Issue.record("expected a refusal")
            } catch let error as ConfigError {
                #expect(error.problems.count == 2)
                #expect(error.description.contains("DATABASE_URL"))
                #expect(error.description.contains("NARA_DEMO"))
            } catch { Issue.record("unexpected \(error)") }
            #expect(throws: ConfigError.self) { try AppConfig.read(from: ["DATABASE_URL": "sqlite://relative.sqlite"]) }
        }
    }
}
