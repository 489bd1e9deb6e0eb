import Foundation
import NIOConcurrencyHelpers
import Testing
import VaporTesting
@testable import NaraWeb

extension AppTests {
    @Suite("Running several servers: readiness, metrics, JSON logs")
    struct OperationsTests {
        @Test("/ready answers 200 when the database answers")
        func ready() async throws {
            try await withNara { app in
                try await app.testing().test(.GET, "/ready") { res in
                    #expect(res.status == .ok)
                    #expect(res.body.string.contains("ready"))
                }
            }
        }

        @Test("/metrics is off unless NARA_METRICS=true")
        func metricsOff() async throws {
            try await withNara { app in
                try await app.testing().test(.GET, "/metrics") { res in #expect(res.status == .notFound) }
            }
        }

        @Test("/metrics counts requests by route pattern, latency and saves in Prometheus text")
        func metrics() async throws {
            try await withNara({ $0.metricsEnabled = true }) { app in
                // setup
                try await app.testing().test(.GET, "/overenskommelser/2023") { _ in }
                try await app.testing().test(.GET, "/finns-inte") { _ in }
                // MUT
                try await app.testing().test(.GET, "/metrics") { res in
                    // validate
                    #expect(res.status == .ok)
                    #expect(res.headers.first(name: .contentType)?.hasPrefix("text/plain; version=0.0.4") == true)
                    let text = res.body.string
                    #expect(text.contains(#"nara_http_requests_total{method="GET",route="/overenskommelser/:year",status="200"} 1"#))
                    #expect(text.contains(#"nara_http_requests_total{method="GET",route="unmatched",status="404"} 1"#))
                    #expect(text.contains(#"nara_http_request_duration_seconds_bucket{method="GET",route="/overenskommelser/:year",le="+Inf"} 1"#))
                    #expect(text.contains(#"nara_answer_saves_total{result="saved"} 0"#))
                    #expect(text.contains("nara_database_up{engine="))
                }
            }
        }

        @Test("an autosave counts as a save, a stale one as a conflict")
        func saveResults() {
            let route = "/api/v1/reports/:report/answers/:question"
            #expect(Metrics.saveResult(method: "PUT", route: route, status: 200) == "saved")
            #expect(Metrics.saveResult(method: "PUT", route: route, status: 409) == "conflict")
            #expect(Metrics.saveResult(method: "GET", route: route, status: 200) == nil)
        }

        @Test("nara transfer copies tables after the tables they refer to, and refuses a cycle")
        func transferOrder() throws {
            typealias Key = DatabaseTransfer.ForeignKey
            let keys = [Key(table: "memberships", column: "organisation_id", parent: "organisations", parentColumn: "id"),
                        Key(table: "memberships", column: "user_id", parent: "users", parentColumn: "id"),
                        Key(table: "organisations", column: "parent_id", parent: "organisations", parentColumn: "id")]
            let order = try DatabaseTransfer.dependencyOrder(["memberships", "users", "organisations"], keys)
            #expect(order == ["organisations", "users", "memberships"])
            let cycle = [Key(table: "a", column: "b_id", parent: "b", parentColumn: "id"), Key(table: "b", column: "a_id", parent: "a", parentColumn: "id")]
            #expect(throws: CommandFailure.self) { try DatabaseTransfer.dependencyOrder(["a", "b"], cycle) }
        }

        @Test("a log line is one JSON object, even with a line break in the message")
        func jsonLog() throws {
            // setup
            let lines = NIOLockedValueBox<[String]>([])
            var logger = Logger(label: "test") { label in
                JSONLogHandler(label: label, level: .info) { line in lines.withLockedValue { $0.append(line) } }
            }
            logger[metadataKey: "request-id"] = "abc"
            // MUT
            logger.notice("två\nrader \"citat\"")
            // validate
            let line = try #require(lines.withLockedValue { $0 }.first)
            #expect(!line.contains("\n"))
            let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: String])
            #expect(object["message"] == "två\nrader \"citat\"")
            #expect(object["level"] == "notice")
            #expect(object["request-id"] == "abc")
            #expect(object["logger"] == "test")
        }
    }
}
