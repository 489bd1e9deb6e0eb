import Foundation

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
    /// Fill an empty database with reference and demo data at start.
    public var seedDemoData: Bool

    public init(database: DatabaseSetting, seedDemoData: Bool = true) {
        self.database = database
        self.seedDemoData = seedDemoData
    }

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
        var seed = true
        if let raw = environment["NARA_DEMO_DATA"] {
            switch raw.lowercased() {
            case "1", "true", "ja", "yes", "on": seed = true
            case "0", "false", "nej", "no", "off": seed = false
            default: problems.append("NARA_DEMO_DATA: ange true eller false (fick ”\(raw)”).")
            }
        }
        if !problems.isEmpty { throw ConfigError(problems: problems) }
        return AppConfig(database: database, seedDemoData: seed)
    }
}

/// Settings that stop the start, every problem named.
public struct ConfigError: Error, CustomStringConvertible {
    public let problems: [String]
    public var description: String {
        "Nära kan inte starta; inställningarna har fel:\n" + problems.map { "  • " + $0 }.joined(separator: "\n")
    }
}
