/// Every page and download path, in one place.
enum SiteURL {
    static let home = "/"
    static let population = "/befolkning"
    static let openData = "/oppna-data"
    static let stylesheet = "/static/nara.css"
    static let health = "/health"

    static func agreement(_ year: Int) -> String { "/overenskommelser/\(year)" }
    static func allocation(_ year: Int, _ pot: String, version: Int? = nil) -> String {
        "/overenskommelser/\(year)/fordelning/\(pot)" + (version.map { "?version=\($0)" } ?? "")
    }
    static func calculation(_ year: Int, _ pot: String, _ code: String, version: Int) -> String {
        "/overenskommelser/\(year)/fordelning/\(pot)/berakning/\(code)?version=\(version)"
    }

    enum API {
        static let root = "/api/v1"
        static let openAPI = "/api/v1/openapi.json"
        static let agreements = "/api/v1/agreements"
        static let populationTables = "/api/v1/population-tables"
        static let organisations = "/api/v1/organisations"
        static func agreement(_ year: Int) -> String { "/api/v1/agreements/\(year)" }
        static func allocations(_ year: Int) -> String { "/api/v1/agreements/\(year)/allocations" }
        static func allocationsCSV(_ year: Int) -> String { "/api/v1/agreements/\(year)/allocations.csv" }
        static func potJSON(_ year: Int, _ pot: String, version: Int? = nil) -> String {
            "/api/v1/agreements/\(year)/allocations/\(pot)" + (version.map { "?version=\($0)" } ?? "")
        }
        static func potCSV(_ year: Int, _ pot: String, version: Int? = nil) -> String {
            "/api/v1/agreements/\(year)/allocations/\(pot).csv" + (version.map { "?version=\($0)" } ?? "")
        }
    }
}
