import Foundation
import NaraCore
import Testing
import VaporTesting
@testable import NaraWeb

extension AppTests {
    @Suite("The JSON API and open data")
    struct APITests {
        func json(_ res: TestingHTTPResponse) throws -> Any {
            try JSONSerialization.jsonObject(with: Data(res.text.utf8))
        }

        @Test("/health answers 200")
        func health() async throws {
            try await withNara { app in
                try await app.testing().test(.GET, "/health") { res in #expect(res.status == .ok) }
            }
        }

        @Test("agreements list with frames in öre")
        func agreements() async throws {
            try await withNara { app in
                try await app.testing().test(.GET, "/api/v1/agreements") { res in
                    let list = try #require(try json(res) as? [[String: Any]])
                    #expect(list.map { $0["year"] as? Int } == [2019, 2023, 2024])
                    #expect(list.map { $0["frame_ore"] as? Int64 } == [243_000_000_000, 639_450_000_000, 320_000_000_000])
                }
            }
        }

        @Test("an agreement carries its areas and pots")
        func agreement() async throws {
            try await withNara { app in
                try await app.testing().test(.GET, "/api/v1/agreements/2023") { res in
                    let a = try #require(try json(res) as? [String: Any])
                    let areas = try #require(a["areas"] as? [[String: Any]])
                    let pots = try #require(a["pots"] as? [[String: Any]])
                    #expect(areas.count == 4)
                    #expect(pots.map { $0["category"] as? String } == ["regions", "municipalities", "joint", "skr"])
                    #expect(pots.compactMap { $0["amount_ore"] as? Int64 }.reduce(0, +) == a["frame_ore"] as? Int64)
                }
            }
        }

        @Test("allocations: every pot's lines sum to its amount; codes are länskoder")
        func allocations() async throws {
            try await withNara { app in
                try await app.testing().test(.GET, "/api/v1/agreements/2023/allocations") { res in
                    let body = try #require(try json(res) as? [String: Any])
                    #expect(body["year"] as? Int == 2023)
                    let pots = try #require(body["pots"] as? [[String: Any]])
                    #expect(pots.count == 4)
                    for pot in pots {
                        let lines = pot["allocations"] as? [[String: Any]] ?? []
                        let sum = lines.compactMap { $0["amount_ore"] as? Int64 }.reduce(0, +)
                        if pot["status"] as? String == "allocated" {
                            #expect(sum == pot["amount_ore"] as? Int64)
                        } else {
                            #expect(pot["id"] as? String == "vfu")
                            #expect(lines.isEmpty)
                        }
                        for key in ["id", "name", "category", "amount_ore", "key", "reference_date", "allocations"] {
                            #expect(pot.keys.contains(key), "missing \(key)")
                        }
                    }
                    let regions = try #require(pots.first { $0["id"] as? String == "regioner" })
                    #expect(regions["reference_date"] as? String == "2020-12-31")
                    let lines = try #require(regions["allocations"] as? [[String: Any]])
                    #expect(lines.count == 21)
                    #expect(lines.allSatisfy { ($0["code"] as? String)?.count == 2 })
                    let shares = lines.compactMap { $0["share"] as? Double }.reduce(0, +)
                    #expect(abs(shares - 1) < 1e-9)
                }
            }
        }

        @Test("the CSV opens in Swedish Excel: BOM, semicolons, decimal comma, exact sums")
        func csv() async throws {
            try await withNara { app in
                try await app.testing().test(.GET, "/api/v1/agreements/2023/allocations.csv") { res in
                    #expect(res.status == .ok)
                    #expect(res.headers.contentType?.description.hasPrefix("text/csv") == true)
                    let bytes = Array(res.body.readableBytesView)
                    #expect(Array(bytes.prefix(3)) == [0xEF, 0xBB, 0xBF])
                    let rows = String(decoding: bytes.dropFirst(3), as: UTF8.self)
                        .components(separatedBy: "\r\n").filter { !$0.isEmpty }.map { $0.components(separatedBy: ";") }
                    #expect(rows[0] == AllocationCSV.header)
                    #expect(rows.count == 1 + 21 + 21 + 1)
                    let regionOre = rows.dropFirst().filter { $0[1] == "regioner" }.compactMap { Int64($0[10]) }.reduce(0, +)
                    #expect(regionOre == Money.mnkr("5043").ore)
                    #expect(rows[1][9].contains(","))
                }
                try await app.testing().test(.GET, "/api/v1/agreements/2023/allocations/kommuner.csv?version=1") { res in
                    #expect(res.headers.first(name: .contentDisposition)?.contains("nara-fordelning-2023-kommuner-v1.csv") == true)
                    #expect(res.text.contains("Region Gotland"))
                }
            }
        }

        @Test("errors under /api are JSON with a reason")
        func apiErrors() async throws {
            try await withNara { app in
                try await app.testing().test(.GET, "/api/v1/agreements/1999") { res in
                    #expect(res.status == .notFound)
                    let body = try #require(try json(res) as? [String: Any])
                    #expect(body["error"] as? Bool == true)
                    #expect((body["reason"] as? String)?.contains("1999") == true)
                }
                try await app.testing().test(.GET, "/api/v1/organisations?kind=<x>") { res in
                    #expect(res.status == .badRequest)
                }
            }
        }

        @Test("organisations: 21 regions, 20 RSS, 290 municipalities, the national bodies")
        func organisations() async throws {
            try await withNara { app in
                for (kind, count) in [("region", 21), ("rss", 20), ("municipality", 290), ("state", 3), ("skr", 1)] {
                    try await app.testing().test(.GET, "/api/v1/organisations?kind=\(kind)") { res in
                        let list = try json(res) as? [Any]
                        #expect(list?.count == count, "\(kind)")
                    }
                }
            }
        }

        @Test("the OpenAPI document describes every API route")
        func openAPICoversRoutes() async throws {
            try await withNara { app in
                var documented: Set<String> = []
                try await app.testing().test(.GET, "/api/v1/openapi.json") { res in
                    let doc = try #require(try json(res) as? [String: Any])
                    #expect(doc["openapi"] as? String == "3.1.0")
                    documented = Set((doc["paths"] as? [String: Any])?.keys.map { $0 } ?? [])
                }
                let routes = app.routes.all.map { "/" + $0.path.map { component -> String in
                    if case .parameter(let name) = component { return "{\(name)}" }
                    return component.description
                }.joined(separator: "/") }.filter { $0.hasPrefix("/api/") || $0 == "/health" }
                #expect(!routes.isEmpty)
                for route in routes { #expect(documented.contains(route), "\(route) is not in openapi.json") }
                #expect(documented.contains("/api/v1/agreements/{year}/allocations/{pot}.csv"))
                // Every reference resolves and the keywords are spelled as OpenAPI spells them.
                try await app.testing().test(.GET, "/api/v1/openapi.json") { res in
                    let text = res.body.string
                    let doc = try #require(try json(res) as? [String: Any])
                    let schemas = ((doc["components"] as? [String: Any])?["schemas"] as? [String: Any]) ?? [:]
                    let refs = text.components(separatedBy: "\"#/components/schemas/").dropFirst().map { String($0.prefix { $0 != "\"" }) }
                    #expect(!refs.isEmpty)
                    for r in Set(refs) { #expect(schemas[r] != nil, "$ref to \(r) does not resolve") }
                    #expect(text.contains("\"operationId\"") && !text.contains("\"operation_id\"") && text.contains("\"securitySchemes\""))
                }
            }
        }
    }
}
