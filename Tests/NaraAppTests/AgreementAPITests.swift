import Fluent
import Foundation
import NaraCore
import NaraPersistence
import Testing
import VaporTesting
@testable import NaraWeb

extension AppTests {
    @Suite("Agreements through the API and the command line")
    struct AgreementAPITests {
        static func token(_ app: Application, _ email: String) async throws -> Client { try await Client.withToken(app, email) }

        static func send(_ app: Application, _ client: Client, _ method: HTTPMethod, _ path: String, _ body: Data) async throws -> TestingHTTPResponse {
            var headers = HTTPHeaders()
            headers.contentType = .json
            headers.bearerAuthorization = BearerAuthorization(token: client.bearer!)
            var captured: TestingHTTPResponse?
            try await app.testing().test(method, path, headers: headers, body: ByteBuffer(data: body)) { captured = $0 }
            return captured!
        }

        static func document(_ res: TestingHTTPResponse) throws -> AgreementDocument {
            try JSONDecoder().decode(AgreementDocument.self, from: Data(res.body.string.utf8))
        }

        static func paths(_ res: TestingHTTPResponse) -> [String] {
            let json = try? JSONSerialization.jsonObject(with: Data(res.body.string.utf8)) as? [String: Any]
            return (json?["problems"] as? [[String: Any]])?.compactMap { $0["path"] as? String } ?? []
        }

        @Test("GET → POST as a new year → publish gives the same agreement")
        func roundTrip() async throws {
            try await withNara { app in
                let admin = try await Self.token(app, Demo.admin)
                var get = admin
                var original = try Self.document(try await get.get("/api/v1/agreements/2024"))
                #expect(original.status == .published)
                original.year = 2029
                original.title = original.title.replacingOccurrences(of: "2024", with: "2029")
                let created = try await Self.send(app, admin, .POST, "/api/v1/agreements", original.encoded())
                #expect(created.status == .created)
                #expect(try Self.document(created).status == .draft)
                let published = try await Self.send(app, admin, .POST, "/api/v1/agreements/2029/publish", Data())
                #expect(published.status == .ok)
                var back = try Self.document(try await get.get("/api/v1/agreements/2029"))
                #expect(back.status == .published)
                #expect(back.version == 1)
                back.status = original.status; back.version = original.version
                #expect(back == original)
                // Its allocations sum exactly to each pot.
                for pot in back.pots {
                    if let v = try await AllocationQueries.load(year: 2029, pot: pot.id, version: nil, on: app.db), v.version != nil {
                        #expect(v.total.ore == pot.amountOre)
                    }
                }
                // Posting the same year again is a conflict; publishing twice too.
                #expect(try await Self.send(app, admin, .POST, "/api/v1/agreements", original.encoded()).status == .conflict)
                #expect(try await Self.send(app, admin, .POST, "/api/v1/agreements/2029/publish", Data()).status == .conflict)
            }
        }

        @Test("a published agreement changes through the API only with an amendment; bad documents are refused by JSON path")
        func amendmentsAndRefusals() async throws {
            try await withNara { app in
                let admin = try await Self.token(app, Demo.admin)
                var get = admin
                var doc = try Self.document(try await get.get("/api/v1/agreements/2024"))
                doc.frameOre -= 1_000_000_000; doc.pots[0].amountOre -= 1_000_000_000
                let without = try await Self.send(app, admin, .PUT, "/api/v1/agreements/2024", doc.encoded())
                #expect(without.status == .unprocessableEntity)
                #expect(Self.paths(without) == ["amendment"])
                doc.amendment = Amendment(date: .make(2024, 9, 1), reason: "Sänkt ram", reference: "S2024/09999")
                let amended = try await Self.send(app, admin, .PUT, "/api/v1/agreements/2024", doc.encoded())
                #expect(amended.status == .ok)
                #expect(try Self.document(amended).version == 2)
                #expect(try await AllocationQueries.load(year: 2024, pot: "regioner", version: nil, on: app.db)?.total.ore == doc.pots[0].amountOre)

                let malformed = try await Self.send(app, admin, .POST, "/api/v1/agreements",
                                                    Data(#"{"year": 2030, "title": "T", "frame_ore": "1 050 mnkr", "pots": []}"#.utf8))
                #expect(malformed.status == .unprocessableEntity)
                #expect(Self.paths(malformed) == ["frame_ore"])
                let noKey = try await Self.send(app, admin, .POST, "/api/v1/agreements",
                                                Data(#"{"year": 2030, "title": "T", "frame_ore": 100, "pots": [{"id": "a", "name": "A", "category": "regions", "amount_ore": 100}]}"#.utf8))
                #expect(Self.paths(noKey) == ["pots[0].key"])
                let tooEarly = try await Self.send(app, admin, .POST, "/api/v1/agreements",
                                                   Data(#"{"year": 2030, "title": "T", "frame_ore": 100, "pots": [], "milestones": [{"date": "2027-12-31", "kind": "other", "title": "x"}]}"#.utf8))
                #expect(Self.paths(tooEarly) == ["milestones[0].date"])
                #expect(try await AgreementStore.model(year: 2030, includeDrafts: true, on: app.db) == nil)

                let analyst = try await Self.token(app, Demo.analyst)
                #expect(try await Self.send(app, analyst, .POST, "/api/v1/agreements", doc.encoded()).status == .forbidden)
            }
        }

        @Test("import-agreement reads the export of export-agreement; a broken file stores nothing")
        func commands() async throws {
            try await withNara { app in
                let a = try #require(try await AgreementStore.load(year: 2023, on: app.db))
                var doc = AgreementDocument(AgreementCopy.copy(a, toYear: 2028), status: .draft, version: nil)
                let broken = doc.encoded().dropLast(20)
                do {
                    _ = try await ImportAgreementCommand.importDocument(Data(broken), dryRun: false, publish: true, now: Date(), on: app.db)
                    Issue.record("a broken file was accepted")
                } catch let failure as CommandFailure {
                    #expect(failure.description.contains("inget har sparats"))
                }
                doc.frameOre += 100
                do {
                    _ = try await ImportAgreementCommand.importDocument(doc.encoded(), dryRun: false, publish: true, now: Date(), on: app.db)
                    Issue.record("an unreconciled agreement was published")
                } catch let failure as CommandFailure {
                    #expect(failure.description.contains("frame_ore"))
                }
                #expect(try await AgreementStore.model(year: 2028, includeDrafts: true, on: app.db) == nil)
                doc.frameOre -= 100
                let dry = try await ImportAgreementCommand.importDocument(doc.encoded(), dryRun: true, publish: true, now: Date(), on: app.db)
                #expect(dry.first?.contains("inget sparat") == true)
                #expect(try await AgreementStore.model(year: 2028, includeDrafts: true, on: app.db) == nil)
                let done = try await ImportAgreementCommand.importDocument(doc.encoded(), dryRun: false, publish: true, now: Date(), on: app.db)
                #expect(done.first?.contains("publicerad") == true)
                let stored = try #require(try await AgreementStore.load(year: 2028, on: app.db))
                #expect(stored == AgreementCopy.copy(a, toYear: 2028))
            }
        }

        @Test("an amendment to an allocated quantity pot splits it again on the same accepted reports, exactly")
        func amendedQuantityPot() async throws {
            try await withNara { app in
                app.clock = .on(.make(2023, 4, 2))
                let db = app.db
                let potID = try #require(try await QuantityQueries.load(year: 2023, pot: "vfu", on: db)?.potID)
                for (code, weeks) in [("01", Int64(120)), ("23", 70)] {
                    let org = try #require(try await OrganisationModel.query(on: db).filter(\.$kind == "region").filter(\.$code == code).first())
                    let r = QuantityReportModel()
                    r.potID = potID; r.organisationID = org.id!; r.code = "R" + code; r.quantity = weeks; r.acceptedQuantity = weeks
                    r.state = "accepted"; r.reason = ""; r.comment = ""; r.isDemo = false; r.reportedAt = Date(); r.reportedBy = "test"
                    try await r.create(on: db)
                }
                guard case .success = try await QuantityReportService.allocate(potID: potID, year: 2023, today: .make(2023, 4, 2), by: .commandLine,
                                                                               now: Date(), on: db) else { Issue.record("not allocated"); return }
                let admin = try await Self.token(app, Demo.admin)
                var get = admin
                var doc = try Self.document(try await get.get("/api/v1/agreements/2023"))
                let vfu = try #require(doc.pots.firstIndex { $0.id == "vfu" })
                doc.pots[vfu].amountOre -= 5_000_000_000; doc.frameOre -= 5_000_000_000
                // The area that carries the joint money follows the pot.
                for i in doc.areas!.indices { for j in (doc.areas![i].amounts ?? []).indices where doc.areas![i].amounts![j].category == "joint" {
                    doc.areas![i].amounts![j].amountOre -= 5_000_000_000; doc.areas![i].statedTotalOre! -= 5_000_000_000 } }
                doc.amendment = Amendment(date: .make(2023, 5, 1), reason: "Färre VFU-medel", reference: "S2023/00777")
                let amended = try await Self.send(app, admin, .PUT, "/api/v1/agreements/2023", doc.encoded())
                #expect(amended.status == .ok, "\(amended.body.string)")
                let v = try #require(try await AllocationQueries.load(year: 2023, pot: "vfu", version: nil, on: db))
                #expect(v.version?.version == 2)
                #expect(v.total.ore == doc.pots[vfu].amountOre)
                #expect(v.lines.map(\.weight) == [120, 70])
            }
        }

        @Test("two creations of one year at the same moment: one draft, the other told the year exists")
        func racingCreates() async throws {
            try await withNara { app in
                let a = try #require(try await AgreementStore.load(year: 2024, on: app.db))
                let draft = AgreementCopy.copy(a, toYear: 2031)
                let db = app.db
                let outcomes = try await withThrowingTaskGroup(of: Bool.self) { group in
                    for _ in 0..<4 {
                        group.addTask {
                            if case .success = try await AgreementService.create(draft, by: .commandLine, now: Date(), on: db) { return true }
                            return false
                        }
                    }
                    return try await group.reduce(into: [Bool]()) { $0.append($1) }
                }
                #expect(outcomes.filter { $0 }.count == 1)
                #expect(try await AgreementModel.query(on: db).filter(\.$year == 2031).count() == 1)
            }
        }
    }
}
