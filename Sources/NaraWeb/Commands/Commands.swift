import Fluent
import Foundation
import NaraCore
import NaraPersistence
import Vapor

/// `nara seed`: fills an empty database with reference data and the demo agreements.
struct SeedCommand: AsyncCommand {
    struct Signature: CommandSignature {}
    let config: AppConfig
    var help: String { "Fyller en tom databas med organisationer, befolkning och demoöverenskommelser." }

    func run(using context: CommandContext, signature: Signature) async throws {
        let seeded = try await Seeder.seedIfEmpty(on: context.application.db)
        context.console.print(seeded ? "Grunddata och demoöverenskommelser har lagts in." : "Databasen har redan data; inget ändrades.")
    }
}

/// `nara import-population FILE --date YYYY-MM-DD [--replace]`: loads a population table.
struct ImportPopulationCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Argument(name: "file", help: "CSV-fil: SCB:s export (Statistikdatabasen) eller kod;folkmängd")
        var file: String
        @Option(name: "date", help: "Referensdatum för befolkningen, ÅÅÅÅ-MM-DD")
        var date: String?
        @Option(name: "source", help: "Källa som visas på beräkningarna (standard: SCB)")
        var source: String?
        @Flag(name: "dry-run", help: "Kontrollera filen utan att spara något")
        var dryRun: Bool
        @Flag(name: "replace", help: "Ersätt en tabell som redan finns för samma referensdatum och nivå")
        var replace: Bool
    }

    static let actor = "kommandoraden (nara import-population)"
    var help: String { "Läser in en befolkningstabell. En fil med fel avvisas med alla fel listade per rad; inget sparas. En tabell för ett datum som redan har en ersätts bara med --replace." }

    func run(using context: CommandContext, signature: Signature) async throws {
        guard let raw = signature.date else {
            throw CommandFailure("Ange referensdatum med --date ÅÅÅÅ-MM-DD, till exempel --date 2022-11-01.")
        }
        guard let date = CivilDate(iso: raw) else {
            throw CommandFailure("”\(raw)” är inget giltigt datum; skriv ÅÅÅÅ-MM-DD, till exempel 2022-11-01.")
        }
        guard let data = FileManager.default.contents(atPath: signature.file) else {
            throw CommandFailure("Filen ”\(signature.file)” finns inte eller går inte att läsa.")
        }
        let lines = try await Self.importFile(Array(data), named: URL(fileURLWithPath: signature.file).lastPathComponent, date: date,
                                              source: signature.source, dryRun: signature.dryRun, replace: signature.replace,
                                              now: context.application.clock.now(), on: context.application.db)
        for line in lines { context.console.print(line) }
    }

    /// The command's work without the console, so tests can run it: imports and returns what to print.
    /// - Throws: `CommandFailure` when a table for the date exists and `replace` is false;
    ///   `PopulationImportError` for a file with problems.
    static func importFile(_ bytes: [UInt8], named fileName: String, date: CivilDate, source: String?, dryRun: Bool,
                           replace: Bool, now: Date, on db: any Database) async throws -> [String] {
        let source = source ?? "SCB, folkmängd (inläst från \(fileName))"
        let outcome: PopulationImporter.Outcome
        do {
            outcome = try await PopulationImporter.run(bytes: bytes, referenceDate: date, source: source, by: actor, now: now,
                                                       dryRun: dryRun, replace: replace, file: fileName, on: db)
        } catch let exists as PopulationTableExists {
            throw CommandFailure("Det finns redan \(exists.existingDescription). Inget sparades. "
                                 + "Kör kommandot igen med --replace för att ersätta den, eller låt bli för att behålla den.")
        }
        let table = outcome.table
        let described = "\(table.values.count) \(table.level == .county ? "län" : "kommuner"), folkmängd \(SwedishNumber.grouped(table.total, separator: " ")), per \(date.swedish) (\(outcome.format == .scb ? "SCB:s exportformat" : "enkel CSV"))"
        var lines: [String] = []
        if let warning = outcome.warning { lines.append("Varning: " + warning.replacingOccurrences(of: "\u{00A0}", with: " ")) }
        if dryRun {
            lines.append("Filen är korrekt: \(described). Inget sparades (--dry-run).")
            if let existing = outcome.existing {
                let exists = PopulationTableExists(existing: existing, uses: outcome.existingUses)
                lines.append("Det finns redan \(exists.existingDescription); "
                             + (replace ? "den ersätts när du kör utan --dry-run." : "lägg till --replace för att ersätta den."))
            }
            return lines
        }
        lines.append("Inläst: \(described).")
        if let existing = outcome.existing {
            lines.append(outcome.keptOld
                ? "Den tidigare tabellen (folkmängd \(SwedishNumber.grouped(existing.total, separator: " "))) är ersatt; den finns kvar för de \(outcome.existingUses) fördelningsversioner som räknades på den."
                : "Den tidigare tabellen (folkmängd \(SwedishNumber.grouped(existing.total, separator: " "))) är ersatt och borttagen; ingen fördelning använde den.")
        }
        lines.append("Räkna om en överenskommelses fördelning på tabellen med: nara allocate ÅR --date \(date.iso)")
        return lines
    }
}

/// `nara allocate YEAR [--date YYYY-MM-DD]`: computes new allocation versions.
struct AllocateCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Argument(name: "year", help: "Överenskommelsens år")
        var year: Int
        @Option(name: "date", help: "Befolkningstabellens referensdatum (standard: närmast överenskommelsens referensdatum)")
        var date: String?
    }

    var help: String { "Räknar om fördelningen av en överenskommelse; tidigare versioner sparas." }

    func run(using context: CommandContext, signature: Signature) async throws {
        let db = context.application.db
        var tableID: UUID?
        if let raw = signature.date {
            guard let date = CivilDate(iso: raw) else { throw CommandFailure("”\(raw)” är inget giltigt datum; skriv ÅÅÅÅ-MM-DD.") }
            guard let table = try await PopulationStore.list(on: db).first(where: { $0.referenceDate == date.iso }) else {
                throw CommandFailure("Det finns ingen befolkningstabell per \(date.swedish). Läs in en med nara import-population.")
            }
            tableID = table.id
        }
        let created = try await AllocationStore.allocate(year: signature.year, tableID: tableID,
                                                         by: "kommandoraden (nara allocate)", now: context.application.clock.now(), on: db)
        if created.isEmpty {
            context.console.print("Inget att räkna om: fördelningarna använder redan den tabellen.")
        } else {
            for v in created {
                try await AuditLog.record(.allocate, entity: "allocation", id: v.id?.uuidString ?? "",
                                          after: ["år": String(signature.year), "version": String(v.version), "referensdatum": v.referenceDate ?? ""],
                                          actor: nil, actorLabel: "kommandoraden (nara allocate)", on: db)
                context.console.print("Ny version \(v.version) (befolkning per \(v.referenceDate ?? "–")).")
            }
        }
    }
}

/// A command that cannot be carried out, with a Swedish sentence.
struct CommandFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// `nara create-admin EMAIL`: the first administrator of a production installation. Prints a
/// one-time link where the person chooses a password.
struct CreateAdminCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Argument(name: "email", help: "Administratörens e-postadress")
        var email: String
        @Option(name: "name", help: "Namn (standard: e-postadressen)")
        var name: String?
    }

    let config: AppConfig
    var help: String { "Skapar en administratör vid Socialstyrelsen och skriver ut en engångslänk för att välja lösenord." }

    func run(using context: CommandContext, signature: Signature) async throws {
        let db = context.application.db
        let email = Accounts.normalise(signature.email)
        guard Accounts.isValidEmail(email) else { throw CommandFailure("”\(signature.email)” är ingen giltig e-postadress.") }
        guard let org = try await OrganisationModel.query(on: db).filter(\.$kind == OrganisationKind.state.rawValue).filter(\.$code == "SOS").first() else {
            throw CommandFailure("Socialstyrelsen finns inte i databasen; starta Nära en gång så att grunddata läggs in.")
        }
        let now = context.application.clock.now()
        let token: String = try await db.transaction { tx in
            let user: UserModel
            if let existing = try await UserModel.query(on: tx).filter(\.$email == email).first() {
                user = existing
            } else {
                user = UserModel()
                user.email = email; user.name = signature.name ?? email; user.passwordHash = nil
                user.isActive = true; user.createdAt = now
                try await user.create(on: tx)
                try await AuditLog.record(.create, entity: "person", id: user.id?.uuidString ?? "", after: ["e-post": email],
                                          actor: nil, actorLabel: "kommandoraden (nara create-admin)", on: tx)
            }
            let (invitation, token) = try await Accounts.invite(email: email, organisation: org, role: .administrator, by: user, now: now, on: tx)
            try await AuditLog.record(.invite, entity: "invitation", id: invitation.id?.uuidString ?? "",
                                      after: ["e-post": email, "organisation": org.name, "roll": Role.administrator.rawValue],
                                      actor: nil, actorLabel: "kommandoraden (nara create-admin)", on: tx)
            return token
        }
        let how = config.eid.enabled ? "logga in med e-legitimation (den kopplas då till dig)" : "välja lösenord"
        context.console.print("Administratören \(email) är skapad. Öppna länken inom sju dagar för att \(how):")
        context.console.print(config.publicURL + SiteURL.invitation(token))
    }
}

/// `nara access-rules`: every route with its access rule, as the Markdown table in
/// `docs/ACCESS.md`.
struct AccessRulesCommand: AsyncCommand {
    struct Signature: CommandSignature {}
    var help: String { "Skriver ut alla adresser med sin behörighetsregel (tabellen i docs/ACCESS.md)." }

    func run(using context: CommandContext, signature: Signature) async throws {
        context.console.print(AccessRulesCommand.table(context.application.routes.all))
    }

    static func table(_ routes: [Route]) -> String {
        var lines = ["| metod | adress | regel |", "|---|---|---|"]
        let rows = routes.map { route -> (String, String, String) in
            let path = "/" + route.path.map { c -> String in
                if case .parameter(let name) = c { return "{\(name)}" }
                return c.description
            }.joined(separator: "/")
            let stepUp = route.stepUp.map { _ in "; med e-legitimation: färsk inloggning på stegningsnivån (15 min)" } ?? ""
            return (route.method.rawValue, path, (route.accessRule?.description ?? "SAKNAS") + stepUp)
        }.sorted { ($0.1, $0.0) < ($1.1, $1.0) }
        for r in rows { lines.append("| \(r.0) | `\(r.1)` | \(r.2) |") }
        return lines.joined(separator: "\n")
    }
}

/// `nara send-reminders [--date YYYY-MM-DD]`: the day's reminders (run daily, e.g. from cron).
struct SendRemindersCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Option(name: "date", help: "Dagen att räkna påminnelser för (standard: i dag)")
        var date: String?
    }

    let config: AppConfig
    var help: String { "Skickar dagens påminnelser om rapporter som inte är inskickade (30 och 7 dagar före sista dag och dagen efter)." }

    func run(using context: CommandContext, signature: Signature) async throws {
        let now = context.application.clock.now()
        var today = ReportRules.swedishDate(now)
        if let raw = signature.date {
            guard let d = CivilDate(iso: raw) else { throw CommandFailure("”\(raw)” är inget giltigt datum; skriv ÅÅÅÅ-MM-DD.") }
            today = d
        }
        // Safe to run on several servers at once: each reminder is claimed before it is sent.
        let outcome = try await Reminders.run(today: today, config: config, now: now, on: context.application.db)
        context.console.print("\(outcome.created) påminnelser skapade, \(outcome.sent) skickade med e-post.")
        for f in outcome.failures { context.console.print("Fel: \(f)") }
        if !outcome.failures.isEmpty { throw CommandFailure("\(outcome.failures.count) påminnelser kunde inte skickas.") }
    }
}
