import Foundation
import NaraPersistence
import Testing
import VaporTesting
@testable import NaraWeb

/// A test browser: keeps the session cookie, reads the CSRF token from pages, posts forms.
struct Client {
    let app: Application
    var cookie: String?
    var csrf: String?
    var bearer: String?
    /// Requests go over a real socket from 127.0.0.1 (for the client address rules), not in memory.
    var overSocket = false

    init(_ app: Application) { self.app = app }

    @discardableResult
    mutating func request(_ method: HTTPMethod, _ path: String, form: [String: String]? = nil, withCSRF: Bool = true,
                          headers extra: HTTPHeaders = [:]) async throws -> TestingHTTPResponse {
        var headers = extra
        if let cookie { headers.replaceOrAdd(name: .cookie, value: "nara_session=\(cookie)") }
        if let bearer { headers.bearerAuthorization = BearerAuthorization(token: bearer) }
        var body = form
        if method != .GET, withCSRF, let csrf, body != nil { body?["_csrf"] = csrf }
        var captured: TestingHTTPResponse?
        let tester = try overSocket ? app.testing(method: .running(hostname: "127.0.0.1", port: 0)) : app.testing()
        try await tester.test(method, path, headers: headers, beforeRequest: { req in
            if let body { try req.content.encode(body, as: .urlEncodedForm) }
        }, afterResponse: { res in captured = res })
        let res = captured!
        if let value = res.headers.setCookie?["nara_session"] {
            cookie = value.string.isEmpty ? nil : value.string
        }
        if let token = Client.csrfToken(in: res.body.string) { csrf = token }
        return res
    }

    mutating func get(_ path: String) async throws -> TestingHTTPResponse { try await request(.GET, path) }

    mutating func post(_ path: String, _ form: [String: String] = [:], withCSRF: Bool = true) async throws -> TestingHTTPResponse {
        try await request(.POST, path, form: form, withCSRF: withCSRF)
    }

    /// Signs in through the real form. - Returns: the response to the form post.
    @discardableResult
    mutating func login(_ email: String, _ password: String = AppConfig.demoPassword) async throws -> TestingHTTPResponse {
        try await get("/logga-in")
        let res = try await post("/logga-in", ["email": email, "password": password])
        // Signing in starts a new session with a new CSRF token; read it off a page.
        if res.status == .seeOther { try await get("/konto") }
        return res
    }

    /// A client signed in as `email` with the demo password.
    static func signedIn(_ app: Application, _ email: String) async throws -> Client {
        var client = Client(app)
        try await client.login(email)
        return client
    }

    /// A client that calls the API with a personal token `email` made on *Mitt konto*.
    static func withToken(_ app: Application, _ email: String) async throws -> Client {
        var c = Client(app)
        try await c.login(email)
        let page = try await c.post("/konto/api-nycklar", ["name": "test"])
        var api = Client(app)
        api.bearer = Client.element("ny-nyckel", in: page.text)
        return api
    }

    static func csrfToken(in html: String) -> String? {
        guard let range = html.range(of: "name=\"_csrf\" value=\"") else { return nil }
        let rest = html[range.upperBound...]
        return rest.firstIndex(of: "\"").map { String(rest[..<$0]) }
    }

    /// The value of an element with the given id (its text), for reading tokens and links off pages.
    static func element(_ id: String, in html: String) -> String? {
        guard let start = html.range(of: "id=\"\(id)\">") else { return nil }
        let rest = html[start.upperBound...]
        return rest.firstIndex(of: "<").map { String(rest[..<$0]) }
    }
}

/// Demo people the tests sign in as.
enum Demo {
    static let admin = "admin@socialstyrelsen.example"
    static let analyst = "analytiker@socialstyrelsen.example"
    static let payer = "utbetalare@kammarkollegiet.example"
    static let secondPayer = "utbetalare2@kammarkollegiet.example"
    /// The region's other finance director, who attests what the region editor makes.
    static let financeDirector = "ekonomichef@regionjh.example"
    static let regionEditor = "redigerare@regionjh.example"
    static let regionViewer = "lasare@regionjh.example"
    static let rssEditor = "redigerare@rss-jamtland.example"
    static let provider = "vardgivare@exempelvardcentralen.example"
}
