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

        @Test("SCB's export imports as a municipal table, and a dry run stores nothing")
        func scbImport() async throws {
            try await withNara { app in
                let before = try await PopulationTableModel.query(on: app.db).count()
                let bytes = try Geography.shippedSCBExport()
                let dry = try await PopulationImporter.run(bytes: bytes, referenceDate: .make(2018, 12, 31), source: "SCB",
                                                           by: "test", now: Date(), dryRun: true, on: app.db)
                #expect(dry.stored == nil)
                #expect(try await PopulationTableModel.query(on: app.db).count() == before)
                let real = try await PopulationImporter.run(bytes: bytes, referenceDate: .make(2018, 12, 31), source: "SCB",
                                                            by: "test", now: Date(), on: app.db)
                #expect(real.stored?.rowCount == 290)
                #expect(real.stored?.total == 10_230_185)
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
