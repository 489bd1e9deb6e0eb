import Foundation
import NaraCore
import Testing
import VaporTesting
@testable import NaraWeb

extension AppTests {
    @Suite("Pages a visitor reads")
    struct PageTests {
        @Test("a status board with many recipients is shown 200 at a time, with links between the pages")
        func statusBoardPages() throws {
            let rows = (1...450).map { i in
                StatusBoardPage.Row(reportID: UUID(), organisation: String(format: "Mottagare %03d", i), county: "Stockholm", status: .notStarted,
                                    lastChanged: nil, submittedAt: nil, late: false, flagged: false)
            }
            let id = UUID()
            func page(_ n: Int) -> String {
                StatusBoardPage(title: "Omgång", assignmentID: id, deadline: .make(2024, 3, 31), rows: rows, county: "", status: "", page: n).render()
            }
            let first = page(1), second = page(2), last = page(3), beyond = page(9)
            #expect(first.contains("Mottagare 001") && first.contains("Mottagare 200") && !first.contains("Mottagare 201"))
            #expect(first.contains("450 mottagare, sida 1 av 3") && first.contains("Visar 1–200 av 450"))
            #expect(first.contains("sida=2") && !first.contains("Föregående sida"))
            #expect(second.contains("Mottagare 201") && second.contains("Mottagare 400") && !second.contains("Mottagare 401"))
            #expect(second.contains("sida=1") && second.contains("sida=3"))
            #expect(last.contains("Mottagare 450") && last.contains("Visar 401–450 av 450") && !last.contains("Nästa sida"))
            // A page past the end shows the last one.
            #expect(beyond.contains("Mottagare 450") && beyond.contains("sida 3 av 3"))
            // The lead still counts every recipient, not just the page.
            #expect(first.contains("Ej påbörjad: 450"))
        }

        @Test("the start page lists the three agreements with their frames, in Swedish")
        func startPage() async throws {
            try await withNara { app in
                try await app.testing().test(.GET, "/") { res in
                    #expect(res.status == .ok)
                    #expect(res.text.contains("<html lang=\"sv\">"))
                    for (year, frame) in [(2019, "2\u{00A0}430\u{00A0}mnkr"), (2023, "6\u{00A0}394,5\u{00A0}mnkr"), (2024, "3\u{00A0}200\u{00A0}mnkr")] {
                        #expect(res.text.contains("href=\"/overenskommelser/\(year)\""))
                        #expect(res.text.contains(frame))
                    }
                }
            }
        }

        @Test("the 2023 agreement shows its four areas, pots, conditions and deadlines")
        func agreement2023() async throws {
            try await withNara { app in
                try await app.testing().test(.GET, "/overenskommelser/2023") { res in
                    #expect(res.status == .ok)
                    let agreement = try DemoAgreements.agreement2023()
                    for area in agreement.areas { #expect(res.text.contains(area.title)) }
                    #expect(res.text.contains("2\u{00A0}389\u{00A0}mnkr"))
                    #expect(res.text.contains("Specialistsjuksköterskeutbildning"))
                    #expect(res.text.contains("1 december 2023"))
                    #expect(res.text.contains("31 mars 2024"))
                    #expect(res.text.contains("31 mars 2023"))
                    #expect(res.text.contains("Kammarkollegiet"))
                    #expect(res.count("<li><h3>") == 4)
                    #expect(res.text.contains("5\u{00A0}043\u{00A0}mnkr + 1\u{00A0}050\u{00A0}mnkr + 250\u{00A0}mnkr + 51,5\u{00A0}mnkr = 6\u{00A0}394,5\u{00A0}mnkr"))
                }
            }
        }

        @Test("2024 shows all nine areas and says it has no amounts per area")
        func agreement2024() async throws {
            try await withNara { app in
                try await app.testing().test(.GET, "/overenskommelser/2024") { res in
                    #expect(res.count("<li><h3>") == 9)
                    #expect(res.text.contains(AgreementPage.Text.noAreaAmounts))
                    #expect(res.text.contains(AgreementPage.Text.noMilestones))
                }
            }
        }

        @Test("an allocation lists 21 regions and a total equal to the pot")
        func allocationPage() async throws {
            try await withNara { app in
                try await app.testing().test(.GET, "/overenskommelser/2023/fordelning/regioner") { res in
                    #expect(res.status == .ok)
                    #expect(res.count("class=\"allocation-row\"") == 21)
                    #expect(res.text.contains("id=\"summa\" data-ore=\"504300000000\""))
                    #expect(res.text.contains("31 december 2020"))
                    #expect(res.text.contains("Region Jämtland Härjedalen"))
                }
            }
        }

        @Test("the municipal pot goes to 21 county recipients and Gotland's to Region Gotland")
        func municipalPot() async throws {
            try await withNara { app in
                try await app.testing().test(.GET, "/overenskommelser/2023/fordelning/kommuner") { res in
                    #expect(res.count("class=\"allocation-row\"") == 21)
                    #expect(res.text.contains("RSS Jämtlands län"))
                    #expect(res.text.contains(Allocator.gotlandNote))
                    #expect(res.text.contains("id=\"summa\" data-ore=\"105000000000\""))
                }
            }
        }

        @Test("VFU money says it waits for reported weeks")
        func pendingPot() async throws {
            try await withNara { app in
                try await app.testing().test(.GET, "/overenskommelser/2023/fordelning/vfu") { res in
                    #expect(res.status == .ok)
                    #expect(res.text.contains("inga uppgifter har rapporterats"))
                    #expect(res.count("class=\"allocation-row\"") == 0)
                }
            }
        }

        @Test("2019: the page says plainly why Jämtland's 30,6 mnkr cannot be reproduced")
        func jamtlandCheck() async throws {
            try await withNara { app in
                try await app.testing().test(.GET, "/overenskommelser/2019/fordelning/regioner") { res in
                    #expect(res.text.contains("beloppet går inte att återskapa"))
                    #expect(res.text.contains("1 november 2018"))
                    #expect(res.text.contains("2\u{00A0}402,9\u{00A0}mnkr"))
                }
            }
        }

        @Test("a calculation sheet shows how a recipient's amount was reached")
        func calculationSheet() async throws {
            try await withNara { app in
                var amount = ""
                try await app.testing().test(.GET, "/api/v1/agreements/2023/allocations/regioner") { res in
                    let json = try JSONSerialization.jsonObject(with: Data(res.text.utf8)) as? [String: Any]
                    let lines = json?["allocations"] as? [[String: Any]] ?? []
                    let ore = lines.first { $0["code"] as? String == "23" }?["amount_ore"] as? Int64 ?? 0
                    amount = Money(ore: ore).krText
                }
                try await app.testing().test(.GET, "/overenskommelser/2023/fordelning/regioner/berakning/23?version=1") { res in
                    #expect(res.status == .ok)
                    #expect(res.text.contains("<span id=\"belopp\">\(amount)</span>"))
                    #expect(res.text.contains("131\u{00A0}155"))      // Jämtland, 31 December 2020
                    #expect(res.text.contains("10\u{00A0}379\u{00A0}295")) // Sweden, 31 December 2020
                }
            }
        }

        @Test("with a municipal table the sheet lists the county's municipalities")
        func sheetWithMunicipalities() async throws {
            try await withNara { app in
                try await app.testing().test(.GET, "/overenskommelser/2019/fordelning/regioner/berakning/23?version=1") { res in
                    #expect(res.text.contains("Östersund"))
                    #expect(res.text.contains("Härjedalen"))
                    #expect(res.count("<td>23") == 8) // Jämtland's eight municipalities
                }
            }
        }

        @Test("the population page lists the built-in tables")
        func populationPage() async throws {
            try await withNara { app in
                try await app.testing().test(.GET, "/befolkning") { res in
                    #expect(res.text.contains("10\u{00A0}230\u{00A0}185"))
                    #expect(res.text.contains("31 december 2020"))
                }
            }
        }

        @Test("unknown pages answer 404 in Swedish and never echo markup")
        func notFound() async throws {
            try await withNara { app in
                try await app.testing().test(.GET, "/overenskommelser/1999") { res in
                    #expect(res.status == .notFound)
                    #expect(res.text.contains("Det finns ingen överenskommelse för 1999."))
                }
                try await app.testing().test(.GET, "/overenskommelser/2023/fordelning/%3Cscript%3Ealert(1)%3C%2Fscript%3E") { res in
                    #expect(res.status == .notFound)
                    #expect(!res.text.contains("<script>"))
                }
                try await app.testing().test(.GET, "/overenskommelser/2023/fordelning/regioner?version=abc") { res in
                    #expect(res.status == .badRequest)
                    #expect(res.text.contains("positivt heltal"))
                }
            }
        }

        @Test("every response carries the security headers")
        func securityHeaders() async throws {
            try await withNara { app in
                try await app.testing().test(.GET, "/") { res in
                    #expect(res.headers.first(name: "X-Content-Type-Options") == "nosniff")
                    #expect(res.headers.first(name: "Content-Security-Policy")?.contains("default-src 'self'") == true)
                }
            }
        }

        @Test("pages link the stylesheet and script at versioned addresses, kept a year; a browser holding them gets a 304")
        func cachedAssets() async throws {
            try await withNara { app in
                // setup: the addresses the start page links to
                var visitor = Client(app)
                let page = try await visitor.get("/")
                let stylesheet = try #require(Self.linked(#"<link rel="stylesheet" href=""#, in: page.text))
                let script = try #require(Self.linked(#"<script src=""#, in: page.text))
                for (address, type, sample) in [(stylesheet, "text/css", ".skip-link"), (script, "text/javascript", "autosave")] {
                    // MUT: the first fetch
                    #expect(address.contains("?v="), "\(address) carries its version")
                    let first = try await visitor.get(address)
                    #expect(first.status == .ok)
                    #expect(first.headers.contentType?.description.hasPrefix(type) == true)
                    #expect(first.headers.first(name: .cacheControl) == "public, max-age=31536000, immutable")
                    #expect(first.text.contains(sample))
                    let etag = try #require(first.headers.first(name: .eTag))
                    // MUT: asked again with what the browser holds
                    let again = try await visitor.request(.GET, address, headers: ["If-None-Match": etag])
                    #expect(again.status == .notModified)
                    #expect(again.body.readableBytes == 0)
                    #expect(again.headers.first(name: .eTag) == etag)
                    // Without the version (an old page, a bookmark) it is served, but checked each time.
                    let plain = try await visitor.get(String(address.prefix { $0 != "?" }))
                    #expect(plain.status == .ok && plain.headers.first(name: .cacheControl) == "no-cache")
                    #expect(plain.text == first.text)
                    let stale = try await visitor.request(.GET, address, headers: ["If-None-Match": "\"0000\""])
                    #expect(stale.status == .ok && stale.text == first.text)
                }
            }
        }

        @Test("an allocation recomputed by an administrator is dated by the app's clock in its list of versions")
        func recomputedOnTheAppsDay() async throws {
            try await withNara { app in
                // setup: a county table for 1 November 2022, nearer to 2023 than the shipped one
                var counties = Geography.shipped.countyPopulation[.make(2020, 12, 31)]!
                counties["23", default: 0] += 10_000
                let file = "lanskod;folkmangd\r\n" + counties.keys.sorted().map { "\($0);\(counties[$0]!)" }.joined(separator: "\r\n")
                _ = try await PopulationImporter.run(bytes: Array(file.utf8), referenceDate: .make(2022, 11, 1), source: "test", by: "test",
                                                     now: app.clock.now(), on: app.db)
                app.clock = .on(.make(2024, 3, 4))
                var admin = Client(app)
                try await admin.login(Demo.admin)
                // MUT
                #expect(try await admin.post("/admin/fordelningar/2023").status == .seeOther)
                // validate
                let page = try await admin.get("/overenskommelser/2023/fordelning/regioner")
                #expect(page.text.contains("Version 2 (gällande)"))
                #expect(page.text.contains(SwedishDateTime.format(app.clock.now())))
            }
        }

        /// The address in the first `href="…"`/`src="…"` after `prefix`.
        static func linked(_ prefix: String, in html: String) -> String? {
            guard let start = html.range(of: prefix) else { return nil }
            return String(html[start.upperBound...].prefix { $0 != "\"" }).replacingOccurrences(of: "&amp;", with: "&")
        }
    }
}
