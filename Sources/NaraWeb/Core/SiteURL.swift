import Foundation

/// Every page and download path, in one place.
enum SiteURL {
    static let home = "/"
    static let population = "/befolkning"
    static let openData = "/oppna-data"
    static let stylesheet = "/static/nara.css"
    static let health = "/health"
    static let login = "/logga-in"
    static let logout = "/logga-ut"
    static let account = "/konto"
    static let switchOrganisation = "/konto/organisation"
    static let tokens = "/konto/api-nycklar"
    static func revokeToken(_ id: UUID) -> String { "/konto/api-nycklar/\(id.uuidString)/aterkalla" }
    static func invitation(_ token: String) -> String { "/inbjudan/\(token)" }
    static func organisation(_ id: UUID) -> String { "/organisationer/\(id.uuidString)" }
    static let reports = "/rapporter"
    static func report(_ id: UUID) -> String { "/rapporter/\(id.uuidString)" }
    static func section(_ id: UUID, _ index: Int) -> String { "/rapporter/\(id.uuidString)/avsnitt/\(index + 1)" }
    static func check(_ id: UUID) -> String { "/rapporter/\(id.uuidString)/kontrollera" }
    static func submit(_ id: UUID) -> String { "/rapporter/\(id.uuidString)/skicka-in" }
    static func receipt(_ id: UUID, _ version: Int) -> String { "/rapporter/\(id.uuidString)/kvitto/\(version)" }
    static func printView(_ id: UUID, version: Int? = nil) -> String { "/rapporter/\(id.uuidString)/utskrift" + (version.map { "?version=\($0)" } ?? "") }
    static func versions(_ id: UUID) -> String { "/rapporter/\(id.uuidString)/versioner" }
    static func approve(_ id: UUID) -> String { "/rapporter/\(id.uuidString)/godkann" }
    static func requestCompletion(_ id: UUID) -> String { "/rapporter/\(id.uuidString)/komplettering" }
    static func resolveConflict(_ id: UUID) -> String { "/rapporter/\(id.uuidString)/konflikt" }
    static func attachment(_ report: UUID, _ id: UUID) -> String { "/rapporter/\(report.uuidString)/bilagor/\(id.uuidString)" }
    static let accessibility = "/tillganglighet"
    static let followUp = "/uppfoljning"
    static func statusBoard(_ id: UUID) -> String { "/uppfoljning/\(id.uuidString)" }
    static func statusBoardCSV(_ id: UUID) -> String { "/uppfoljning/\(id.uuidString)/status.csv" }
    static let adminForms = "/admin/formular"
    static func adminForm(_ id: UUID) -> String { "/admin/formular/\(id.uuidString)" }
    static let adminAssignments = "/admin/omgangar"
    static func adminLock(_ id: UUID) -> String { "/admin/omgangar/\(id.uuidString)/las" }
    static let adminReminders = "/admin/paminnelser"
    static let script = "/static/nara.js"
    static func plan(_ org: UUID, _ year: Int) -> String { "/organisationer/\(org.uuidString)/planer/\(year)" }
    static func funds(_ org: UUID, _ year: Int) -> String { "/organisationer/\(org.uuidString)/medel/\(year)" }
    static func requisition(_ org: UUID, _ year: Int) -> String { "/organisationer/\(org.uuidString)/medel/\(year)/rekvisition" }
    static func attest(_ org: UUID, _ year: Int, _ r: UUID) -> String { "/organisationer/\(org.uuidString)/medel/\(year)/rekvisition/\(r.uuidString)/attestera" }
    static func financialReport(_ org: UUID, _ year: Int) -> String { "/organisationer/\(org.uuidString)/medel/\(year)/redovisning" }
    static func attestReport(_ org: UUID, _ year: Int) -> String { "/organisationer/\(org.uuidString)/medel/\(year)/redovisning/attestera" }
    static func repayment(_ org: UUID, _ year: Int) -> String { "/organisationer/\(org.uuidString)/medel/\(year)/aterbetalning" }
    static let payer = "/utbetalningar"
    static func payerApprove(_ r: UUID) -> String { "/utbetalningar/rekvisitioner/\(r.uuidString)/godkann" }
    static func payerReject(_ r: UUID) -> String { "/utbetalningar/rekvisitioner/\(r.uuidString)/avsla" }
    static func payerPaid(_ p: UUID) -> String { "/utbetalningar/betalningar/\(p.uuidString)/utbetald" }
    static let paymentFile = "/utbetalningar/betalfil.csv"
    static func moneyOverview(_ year: Int) -> String { "/overenskommelser/\(year)/medel" }
    static func moneyCSV(_ year: Int) -> String { "/overenskommelser/\(year)/medel/tabell.csv" }
    static let admin = "/admin"
    static let adminOrganisations = "/admin/organisationer"
    static let adminNewProvider = "/admin/organisationer/ny"
    static func adminEditOrganisation(_ id: UUID) -> String { "/admin/organisationer/\(id.uuidString)" }
    static let adminPeople = "/admin/personer"
    static let adminInvite = "/admin/personer/bjud-in"
    static func adminToggleActive(_ id: UUID) -> String { "/admin/personer/\(id.uuidString)/aktiv" }
    static func adminChangeRole(_ id: UUID) -> String { "/admin/medlemskap/\(id.uuidString)/roll" }
    static let adminPopulation = "/admin/befolkning"
    static func adminApplyImport(_ id: UUID) -> String { "/admin/befolkning/\(id.uuidString)/spara" }
    static func adminAllocate(_ year: Int) -> String { "/admin/fordelningar/\(year)" }
    static let adminAudit = "/admin/logg"
    static let adminAgreements = "/admin/overenskommelser"
    static func adminAgreement(_ year: Int) -> String { "/admin/overenskommelser/\(year)" }
    static func adminPublish(_ year: Int) -> String { "/admin/overenskommelser/\(year)/publicera" }
    static func agreementVersions(_ year: Int) -> String { "/overenskommelser/\(year)/versioner" }
    static func agreementVersion(_ year: Int, _ version: Int) -> String { "/overenskommelser/\(year)/versioner/\(version)" }

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
        static let me = "/api/v1/me"
        static func money(_ year: Int) -> String { "/api/v1/agreements/\(year)/money" }
        static func plan(_ year: Int, _ code: String) -> String { "/api/v1/agreements/\(year)/plans/\(code)" }
        static func answer(_ report: UUID, _ question: String) -> String { "/api/v1/reports/\(report.uuidString)/answers/\(question)" }
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
