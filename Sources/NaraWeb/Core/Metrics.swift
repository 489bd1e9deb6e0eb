import Fluent
import Foundation
import NIOConcurrencyHelpers
import SQLKit
import Vapor

/// Counters for `/metrics`, kept in memory per server (Prometheus adds them up across servers).
/// Requests are counted by route pattern (`/rapporter/:report`), never by the path itself, so the
/// number of series stays bounded; requests no route matched count as `unmatched`.
final class Metrics: Sendable {
    /// Upper bounds of the latency buckets, in seconds.
    static let buckets: [Double] = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10]

    struct Histogram: Sendable { var counts: [Int]; var sum: Double; var count: Int }
    struct State: Sendable {
        var requests: [String: Int] = [:]          // "method\u{1F}route\u{1F}status"
        var latency: [String: Histogram] = [:]     // "method\u{1F}route"
        var saves: [String: Int] = [:]             // result
        var inFlight = 0
    }
    private let state = NIOLockedValueBox(State())
    /// When this process started: real time, whatever the app's clock says (Prometheus compares it across servers).
    let started = Date()

    func begin() { state.withLockedValue { $0.inFlight += 1 } }

    func record(method: String, route: String, status: Int, seconds: Double) {
        state.withLockedValue { s in
            s.inFlight -= 1
            s.requests["\(method)\u{1F}\(route)\u{1F}\(status)", default: 0] += 1
            var h = s.latency["\(method)\u{1F}\(route)"] ?? Histogram(counts: Array(repeating: 0, count: Self.buckets.count), sum: 0, count: 0)
            for (i, bound) in Self.buckets.enumerated() where seconds <= bound { h.counts[i] += 1 }
            h.sum += seconds
            h.count += 1
            s.latency["\(method)\u{1F}\(route)"] = h
            if let result = Self.saveResult(method: method, route: route, status: status) { s.saves[result, default: 0] += 1 }
        }
    }

    /// An answer save is the autosave (`PUT …/answers/:question`) or a section posted without
    /// JavaScript; 200/303 saved it, 409 was a conflict, anything else refused it.
    static func saveResult(method: String, route: String, status: Int) -> String? {
        let isSave = (method == "PUT" && route == "/api/v1/reports/:report/answers/:question")
            || (method == "POST" && route == "/rapporter/:report/avsnitt/:section")
        guard isSave else { return nil }
        switch status {
        case 200..<400: return "saved"
        case 409: return "conflict"
        default: return "refused"
        }
    }

    /// The Prometheus text exposition (version 0.0.4) of everything counted, with the database facts.
    func exposition(database: DatabaseFacts) -> String {
        let s = state.withLockedValue { $0 }
        var out = ""
        func line(_ text: String) { out += text + "\n" }
        line("# HELP nara_http_requests_total HTTP requests answered, by method, route pattern and status.")
        line("# TYPE nara_http_requests_total counter")
        for (key, n) in s.requests.sorted(by: { $0.key < $1.key }) {
            let p = key.split(separator: "\u{1F}", omittingEmptySubsequences: false).map(String.init)
            line("nara_http_requests_total{method=\"\(p[0])\",route=\"\(Self.escape(p[1]))\",status=\"\(p[2])\"} \(n)")
        }
        line("# HELP nara_http_request_duration_seconds Time from a request's head to its response, by method and route pattern.")
        line("# TYPE nara_http_request_duration_seconds histogram")
        for (key, h) in s.latency.sorted(by: { $0.key < $1.key }) {
            let p = key.split(separator: "\u{1F}", omittingEmptySubsequences: false).map(String.init)
            let labels = "method=\"\(p[0])\",route=\"\(Self.escape(p[1]))\""
            for (i, bound) in Self.buckets.enumerated() {
                line("nara_http_request_duration_seconds_bucket{\(labels),le=\"\(Self.number(bound))\"} \(h.counts[i])")
            }
            line("nara_http_request_duration_seconds_bucket{\(labels),le=\"+Inf\"} \(h.count)")
            line("nara_http_request_duration_seconds_sum{\(labels)} \(Self.number(h.sum))")
            line("nara_http_request_duration_seconds_count{\(labels)} \(h.count)")
        }
        line("# HELP nara_http_requests_in_flight Requests being answered now.")
        line("# TYPE nara_http_requests_in_flight gauge")
        line("nara_http_requests_in_flight \(s.inFlight)")
        line("# HELP nara_answer_saves_total Answer saves (autosave and section form): saved, conflict (stale revision) or refused.")
        line("# TYPE nara_answer_saves_total counter")
        for result in ["saved", "conflict", "refused"] { line("nara_answer_saves_total{result=\"\(result)\"} \(s.saves[result] ?? 0)") }
        line("# HELP nara_database_up Whether the database answered SELECT 1 at this scrape.")
        line("# TYPE nara_database_up gauge")
        line("nara_database_up{engine=\"\(database.engine)\"} \(database.up ? 1 : 0)")
        line("# HELP nara_database_ping_seconds How long SELECT 1 took at this scrape.")
        line("# TYPE nara_database_ping_seconds gauge")
        line("nara_database_ping_seconds \(Self.number(database.pingSeconds))")
        line("# HELP nara_database_pool_max_connections Connections this server may hold to the database (per event loop times event loops).")
        line("# TYPE nara_database_pool_max_connections gauge")
        line("nara_database_pool_max_connections \(database.maxConnections)")
        if !database.serverConnections.isEmpty {
            line("# HELP nara_database_server_connections Connections to this database on the PostgreSQL server (every Nära server), by state.")
            line("# TYPE nara_database_server_connections gauge")
            for (state, n) in database.serverConnections.sorted(by: { $0.key < $1.key }) {
                line("nara_database_server_connections{state=\"\(Self.escape(state))\"} \(n)")
            }
        }
        line("# HELP nara_process_resident_memory_bytes Resident memory of this server.")
        line("# TYPE nara_process_resident_memory_bytes gauge")
        line("nara_process_resident_memory_bytes \(Self.residentMemory())")
        line("# HELP nara_process_start_time_seconds When this server started, in seconds since 1970.")
        line("# TYPE nara_process_start_time_seconds gauge")
        line("nara_process_start_time_seconds \(Self.number(started.timeIntervalSince1970))")
        return out
    }

    static func escape(_ s: String) -> String {
        s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"").replacingOccurrences(of: "\n", with: "\\n")
    }

    static func number(_ d: Double) -> String { d == d.rounded() && abs(d) < 1e15 ? String(Int64(d)) : String(d) }

    static func residentMemory() -> Int {
        guard let text = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8),
              let pages = text.split(separator: " ").dropFirst().first.flatMap({ Int($0) }) else { return 0 }
        return pages * Int(sysconf(Int32(_SC_PAGESIZE)))
    }
}

/// What `/metrics` reports about the database, read at each scrape.
struct DatabaseFacts: Sendable {
    var engine: String
    var up: Bool
    var pingSeconds: Double
    var maxConnections: Int
    var serverConnections: [String: Int]

    static func read(_ req: Request) async -> DatabaseFacts {
        let sql = req.db as! any SQLDatabase
        let engine = sql.dialect.name
        let loops = req.application.eventLoopGroup.makeIterator().reduce(0) { n, _ in n + 1 }
        let perLoop = engine == "postgresql" ? 8 : 1
        let started = ContinuousClock.now
        let up = (try? await sql.raw("SELECT 1 AS one").first()) != nil
        let ping = MetricsMiddleware.seconds(since: started)
        var server: [String: Int] = [:]
        if up, engine == "postgresql", let rows = try? await sql.raw("""
            SELECT COALESCE(state, 'unknown') AS state, COUNT(*) AS n FROM pg_stat_activity
            WHERE datname = current_database() GROUP BY 1
            """).all() {
            for row in rows {
                if let state = try? row.decode(column: "state", as: String.self), let n = try? row.decode(column: "n", as: Int.self) { server[state] = n }
            }
        }
        return DatabaseFacts(engine: engine, up: up, pingSeconds: ping, maxConnections: loops * perLoop, serverConnections: server)
    }
}

struct MetricsKey: StorageKey { typealias Value = Metrics }

/// Counts every request for `/metrics`; the outermost middleware, so it sees the status the
/// error middleware rendered.
struct MetricsMiddleware: AsyncMiddleware {
    let metrics: Metrics

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let started = ContinuousClock.now
        metrics.begin()
        let method = request.method.rawValue
        func route() -> String {
            guard let r = request.route else { return "unmatched" }
            return "/" + r.path.map(\.description).joined(separator: "/")
        }
        do {
            let response = try await next.respond(to: request)
            metrics.record(method: method, route: route(), status: Int(response.status.code), seconds: Self.seconds(since: started))
            return response
        } catch {
            let status = (error as? any AbortError)?.status.code ?? 500
            metrics.record(method: method, route: route(), status: Int(status), seconds: Self.seconds(since: started))
            throw error
        }
    }

    static func seconds(since start: ContinuousClock.Instant) -> Double {
        let d = ContinuousClock.now - start
        return Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18
    }
}

/// `/ready` (the database answers) and `/metrics` (Prometheus), beside `/health` (the process answers).
struct OperationsRoutes: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.on(.GET, "ready", rule: .everyone, use: Self.ready)
        routes.on(.GET, "metrics", rule: .everyone, use: Self.metrics)
    }

    /// 200 when the database answers `SELECT 1` within two seconds, 503 otherwise: a load
    /// balancer sends this server no traffic until it is ready.
    @Sendable static func ready(req: Request) async throws -> Response {
        let sql = req.db as! any SQLDatabase
        let answered = await withTaskGroup(of: Bool.self) { group in
            group.addTask { (try? await sql.raw("SELECT 1 AS one").first()) != nil }
            group.addTask { try? await Task.sleep(for: .seconds(2)); return false }
            let first = await group.next() ?? false
            group.cancelAll()
            return first
        }
        let body = answered ? #"{"status":"ready"}"# : #"{"status":"unavailable","reason":"Databasen svarar inte."}"#
        let response = Response(status: answered ? .ok : .serviceUnavailable, body: .init(string: body))
        response.headers.contentType = .json
        response.headers.cacheControl = .init(noStore: true)
        return response
    }

    /// The Prometheus text format, only when `NARA_METRICS=true` (404 otherwise).
    @Sendable static func metrics(req: Request) async throws -> Response {
        guard req.application.storage[AppConfigKey.self]?.metricsEnabled == true,
              let metrics = req.application.storage[MetricsKey.self] else { throw Abort(.notFound) }
        let text = metrics.exposition(database: await DatabaseFacts.read(req))
        let response = Response(status: .ok, body: .init(string: text))
        response.headers.replaceOrAdd(name: .contentType, value: "text/plain; version=0.0.4; charset=utf-8")
        response.headers.cacheControl = .init(noStore: true)
        return response
    }
}
