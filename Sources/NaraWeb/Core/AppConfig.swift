import Foundation
import NaraCore
import NIOCore

/// The settings Nära reads once at start, from the environment.
public struct AppConfig: Sendable, Equatable {
    /// Where the data lives.
    public enum DatabaseSetting: Sendable, Equatable {
        /// An SQLite file (created if missing).
        case sqliteFile(String)
        /// An in-memory SQLite database (tests).
        case sqliteMemory
        /// A PostgreSQL server.
        case postgres(URL)
    }

    public var database: DatabaseSetting
    /// Demo mode: create demo people for every role in an empty database and print their
    /// addresses and password at start. Default on with the embedded database, off otherwise.
    public var demoMode: Bool
    /// The address people reach Nära on (`https://…` turns on Secure cookies); used in
    /// invitation links. Set (by `NARA_PUBLIC_URL`, or assigned after start-up) it wins over the
    /// address a request came in on.
    public var publicURL: String { didSet { publicURLIsSet = true } }
    /// Whether `publicURL` was given rather than the default: without it, invitation links use
    /// the scheme and `Host` of the administrator's own request.
    public var publicURLIsSet = false
    /// Minutes of inactivity after which a session ends.
    public var sessionMinutes: Int
    /// A folder where outgoing e-mail is written as `.eml` files for a mail relay to pick up;
    /// nil means mail is not configured (invitation links are then only shown on screen).
    public var mailDirectory: String?
    /// bcrypt cost; 12 unless set (tests use the minimum to run fast).
    public var bcryptCost: Int
    /// An SMTP relay for reminders and invitations (`NARA_SMTP_HOST`, `NARA_SMTP_PORT`), and the
    /// sender (`NARA_MAIL_FROM`); nil means reminders are listed on an admin page instead.
    public var smtp: SMTPSetting?
    /// The reverse proxies whose `X-Forwarded-For` is believed (`NARA_TRUSTED_PROXIES`, IP
    /// addresses); from anyone else the header is ignored and the socket's address counts.
    public var trustedProxies: Set<String> = []
    /// Whether `/metrics` answers (`NARA_METRICS=true`); off by default, since it tells anyone who
    /// can reach it how the server is used. Scrape each server directly, never through nginx.
    public var metricsEnabled = false
    /// Requisitions above this amount need two payers' approvals (`NARA_SECOND_APPROVAL_ORE`,
    /// in öre; 50 mnkr unless set).
    public var secondApprovalLimit: Int64 = 5_000_000_000
    /// A demo or test server that replays a grant year runs as if today were this day
    /// (`NARA_TODAY=2019-06-01`); refused outside demo mode.
    public var demoToday: CivilDate?
    /// Sign-in with e-ID over OpenID Connect (`NARA_OIDC_*`), `docs/ACCESS.md`.
    public var eid = EIDSettings()
    /// The headless browser that prints pages to PDF (`NARA_PDF_BROWSER`, else a Chromium on the
    /// `PATH`); nil when the server has none, and the PDF links answer 503.
    public var pdfBrowser: String? = PDFRenderer.locate(configured: nil, path: ProcessInfo.processInfo.environment["PATH"])

    public struct SMTPSetting: Sendable, Equatable {
        public var host: String
        public var port: Int
        public var from: String
        public init(host: String, port: Int, from: String) { self.host = host; self.port = port; self.from = from }
    }

    public init(database: DatabaseSetting, demoMode: Bool = true, publicURL: String = "http://127.0.0.1:8080",
                sessionMinutes: Int = 30, mailDirectory: String? = nil, bcryptCost: Int = 12) {
        self.database = database
        self.demoMode = demoMode
        self.publicURL = publicURL
        self.sessionMinutes = sessionMinutes
        self.mailDirectory = mailDirectory
        self.bcryptCost = bcryptCost
    }

    /// Whether cookies must only travel over HTTPS (and browsers are told to use HTTPS only).
    public var secureCookies: Bool { publicURL.lowercased().hasPrefix("https://") }

    /// Whether `text` is an IPv4 or IPv6 address, as a socket writes it.
    static func isIPAddress(_ text: String) -> Bool {
        (try? SocketAddress(ipAddress: text, port: 0)) != nil
    }

    /// A yes/no setting: `true`/`false` and their usual spellings; nil for anything else.
    static func flag(_ raw: String) -> Bool? {
        switch raw.lowercased() {
        case "1", "true", "ja", "yes", "on": return true
        case "0", "false", "nej", "no", "off": return false
        default: return nil
        }
    }

    /// The demo password printed at start and listed in the README.
    public static let demoPassword = "Demo-Nara-2026"

    /// The default file when `DATABASE_URL` is unset, relative to the working directory.
    public static let defaultSQLitePath = "data/nara.sqlite"

    /// Reads the settings.
    /// - Parameter environment: the process environment (injected for tests).
    /// - Throws: `ConfigError` naming every problem found.
    public static func read(from environment: [String: String]) throws -> AppConfig {
        var problems: [String] = []
        var database = DatabaseSetting.sqliteFile(defaultSQLitePath)
        if let raw = environment["DATABASE_URL"]?.trimmingCharacters(in: .whitespaces), !raw.isEmpty {
            if raw == "sqlite::memory:" || raw == "sqlite://:memory:" {
                database = .sqliteMemory
            } else if raw.hasPrefix("sqlite://") {
                let path = String(raw.dropFirst("sqlite://".count))
                if path.hasPrefix("/") && path.count > 1 {
                    database = .sqliteFile(path)
                } else {
                    problems.append("DATABASE_URL: en SQLite-adress ska ha en absolut sökväg, till exempel sqlite:///var/lib/nara/nara.sqlite (fick ”\(raw)”).")
                }
            } else if raw.hasPrefix("postgres://") || raw.hasPrefix("postgresql://") {
                if let url = URL(string: raw), url.host != nil, !(url.host ?? "").isEmpty {
                    database = .postgres(url)
                } else {
                    problems.append("DATABASE_URL: PostgreSQL-adressen går inte att läsa; skriv postgres://användare:lösenord@värd:5432/databas.")
                }
            } else {
                problems.append("DATABASE_URL: okänd databas ”\(raw.prefix(20))…”; använd postgres://… eller sqlite:///absolut/sökväg.sqlite, eller lämna den tom för data/nara.sqlite.")
            }
        }
        var demo: Bool
        if case .postgres = database { demo = false } else { demo = true }
        if let raw = environment["NARA_DEMO"] {
            if let value = flag(raw) { demo = value } else {
                problems.append("NARA_DEMO: ange true eller false (fick ”\(raw)”).")
            }
        }
        var publicURL = "http://127.0.0.1:8080"
        if let raw = environment["NARA_PUBLIC_URL"], !raw.isEmpty {
            if let url = URL(string: raw), let scheme = url.scheme?.lowercased(), ["http", "https"].contains(scheme), url.host != nil {
                publicURL = raw.hasSuffix("/") ? String(raw.dropLast()) : raw
            } else {
                problems.append("NARA_PUBLIC_URL: ange en fullständig adress, till exempel https://nara.example.se (fick ”\(raw)”).")
            }
        }
        var minutes = 30
        if let raw = environment["NARA_SESSION_MINUTES"] {
            if let m = Int(raw), (5...1440).contains(m) { minutes = m } else {
                problems.append("NARA_SESSION_MINUTES: ange ett heltal mellan 5 och 1440 (fick ”\(raw)”).")
            }
        }
        var mailDirectory: String?
        if let raw = environment["NARA_MAIL_DIR"], !raw.isEmpty {
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: raw, isDirectory: &isDirectory), isDirectory.boolValue {
                mailDirectory = raw
            } else {
                problems.append("NARA_MAIL_DIR: mappen ”\(raw)” finns inte.")
            }
        }
        var smtp: SMTPSetting?
        if let host = environment["NARA_SMTP_HOST"], !host.isEmpty {
            let port = environment["NARA_SMTP_PORT"].map { Int($0) } ?? 25
            let from = environment["NARA_MAIL_FROM"] ?? ""
            if port == nil || !(1...65535).contains(port!) { problems.append("NARA_SMTP_PORT: ange ett portnummer, till exempel 25.") }
            if !from.contains("@") { problems.append("NARA_MAIL_FROM: ange avsändaradressen, till exempel nara@socialstyrelsen.se.") }
            smtp = SMTPSetting(host: host, port: port ?? 25, from: from)
        }
        var trustedProxies: Set<String> = []
        if let raw = environment["NARA_TRUSTED_PROXIES"] {
            for item in raw.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }) where !item.isEmpty {
                if isIPAddress(item) { trustedProxies.insert(item) } else {
                    problems.append("NARA_TRUSTED_PROXIES: ”\(item.prefix(60))” är ingen IP-adress; ange proxyservrarnas adresser med komma emellan, till exempel 10.0.0.5,10.0.0.6.")
                }
            }
        }
        var metrics = false
        if let raw = environment["NARA_METRICS"] {
            if let value = raw.isEmpty ? false : flag(raw) { metrics = value } else {
                problems.append("NARA_METRICS: ange true eller false (fick ”\(raw.prefix(20))”).")
            }
        }
        var secondApproval: Int64 = 5_000_000_000
        if let raw = environment["NARA_SECOND_APPROVAL_ORE"]?.trimmingCharacters(in: .whitespaces), !raw.isEmpty {
            if let value = Int64(raw), value >= 0 { secondApproval = value } else {
                problems.append("NARA_SECOND_APPROVAL_ORE: ange gränsen för andra godkännande i öre som ett heltal, till exempel 5000000000 för 50 mnkr (fick ”\(raw.prefix(30))”).")
            }
        }
        var demoToday: CivilDate?
        if let raw = environment["NARA_TODAY"]?.trimmingCharacters(in: .whitespaces), !raw.isEmpty {
            if let day = CivilDate(iso: raw) {
                if demo { demoToday = day } else { problems.append("NARA_TODAY gäller bara i demoläge (NARA_DEMO=true); en riktig server går efter den riktiga klockan.") }
            } else { problems.append("NARA_TODAY: ange dagen som ÅÅÅÅ-MM-DD (fick ”\(raw.prefix(20))”).") }
        }
        let (eid, eidProblems) = EIDSettings.read(from: environment, demo: demo)
        problems += eidProblems
        let configuredBrowser = environment["NARA_PDF_BROWSER"]?.trimmingCharacters(in: .whitespaces)
        let pdfBrowser = PDFRenderer.locate(configured: configuredBrowser, path: environment["PATH"])
        if let configuredBrowser, !configuredBrowser.isEmpty, pdfBrowser == nil {
            problems.append("NARA_PDF_BROWSER: ”\(configuredBrowser.prefix(200))” är inget körbart program (ange sökvägen till Chromium).")
        }
        if !problems.isEmpty { throw ConfigError(problems: problems) }
        var config = AppConfig(database: database, demoMode: demo, publicURL: publicURL, sessionMinutes: minutes,
                               mailDirectory: mailDirectory)
        config.smtp = smtp
        config.trustedProxies = trustedProxies
        config.metricsEnabled = metrics
        config.secondApprovalLimit = secondApproval
        config.demoToday = demoToday
        config.eid = eid
        config.pdfBrowser = pdfBrowser
        config.publicURLIsSet = environment["NARA_PUBLIC_URL"].map { !$0.isEmpty } ?? false
        return config
    }
}

/// Settings that stop the start, every problem named.
public struct ConfigError: Error, CustomStringConvertible {
    public let problems: [String]
    public var description: String {
        "Nära kan inte starta; inställningarna har fel:\n" + problems.map { "  • " + $0 }.joined(separator: "\n")
    }
}
