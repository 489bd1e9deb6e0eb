import Fluent
import Foundation
import NaraCore
import NaraPersistence
import Vapor

/// `nara import-agreement FILE [--dry-run] [--publish]`: an agreement from its JSON document
/// (`docs/AGREEMENTS.md`), as a draft or published at once. Every problem is named by its JSON
/// path and nothing is stored.
struct ImportAgreementCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Argument(name: "file", help: "JSON-fil i samma form som GET /api/v1/agreements/{år}")
        var file: String
        @Flag(name: "dry-run", help: "Kontrollera filen utan att spara något")
        var dryRun: Bool
        @Flag(name: "publish", help: "Publicera överenskommelsen direkt (summorna måste stämma)")
        var publish: Bool
    }

    var help: String { "Läser in en överenskommelse från JSON som utkast, eller publicerad med --publish. Fel anges med sin sökväg i dokumentet; inget sparas." }

    func run(using context: CommandContext, signature: Signature) async throws {
        guard let data = FileManager.default.contents(atPath: signature.file) else {
            throw CommandFailure("Filen ”\(signature.file)” finns inte eller går inte att läsa.")
        }
        for line in try await Self.importDocument(data, dryRun: signature.dryRun, publish: signature.publish, now: context.application.clock.now(), on: context.application.db) {
            context.console.print(line)
        }
    }

    /// The command without the console: what to print, or `CommandFailure` listing every problem.
    static func importDocument(_ data: Data, dryRun: Bool, publish: Bool, now: Date, on db: any Database) async throws -> [String] {
        func fail(_ refusal: AgreementLifecycle.Refusal) -> CommandFailure {
            CommandFailure((["Överenskommelsen kan inte läsas in; inget har sparats:"]
                            + refusal.problems.map { "  \($0.path.isEmpty ? "(dokumentet)" : $0.path): \($0.message)" }).joined(separator: "\n"))
        }
        let doc: AgreementDocument
        switch AgreementDocument.decode(data) { case .failure(let r): throw fail(r); case .success(let d): doc = d }
        let a: Agreement
        switch doc.agreement() { case .failure(let r): throw fail(r); case .success(let x): a = x }
        let summary = "\(a.title): ram \(a.frame.krText), \(a.pots.count) potter, \(a.areas.count) utvecklingsområden, \(a.milestones.count) tidpunkter."
        let unreconciled = AgreementCheck.reconciliation(of: a)
        if dryRun {
            let years = Set(try await AgreementStore.list(includeDrafts: true, on: db).map(\.year))
            if let refusal = AgreementLifecycle.create(a, existingYears: years) { throw fail(refusal) }
            if publish, let refusal = AgreementLifecycle.publish(status: .draft, a) { throw fail(refusal) }
            return ["Filen är korrekt (inget sparat): " + summary]
                + (unreconciled.isEmpty ? ["Alla summor stämmer."] : ["Summor som inte stämmer (utkastet kan sparas men inte publiceras):"] + unreconciled.map { "  \($0.path): \($0.message)" })
        }
        if publish {
            switch try await AgreementService.createAndPublish(a, tableID: nil, by: .commandLine, now: now, on: db) {
            case .failure(let r): throw fail(r)
            case .success(let p): return ["Överenskommelsen \(a.year) är inläst och publicerad: " + summary, "\(p.allocations) fördelningar är beräknade."]
            }
        }
        switch try await AgreementService.create(a, by: .commandLine, now: now, on: db) {
        case .failure(let r): throw fail(r)
        case .success:
            return ["Överenskommelsen \(a.year) är inläst som utkast: " + summary]
                + (unreconciled.isEmpty ? ["Alla summor stämmer; publicera under Administration → Överenskommelser eller med --publish."]
                                        : ["\(unreconciled.count) summor stämmer inte än:"] + unreconciled.map { "  \($0.path): \($0.message)" })
        }
    }
}

/// `nara export-agreement YEAR [--output FILE]`: the agreement's JSON document, drafts included.
struct ExportAgreementCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Argument(name: "year", help: "Överenskommelsens år")
        var year: Int
        @Option(name: "output", help: "Skriv till filen i stället för standard ut")
        var output: String?
    }

    var help: String { "Skriver en överenskommelse som JSON, i samma form som import-agreement och API:t tar." }

    func run(using context: CommandContext, signature: Signature) async throws {
        let db = context.application.db
        guard let model = try await AgreementStore.model(year: signature.year, includeDrafts: true, on: db) else {
            throw CommandFailure("Det finns ingen överenskommelse för \(signature.year).")
        }
        let a = try await AgreementStore.load(model, on: db)
        let data = AgreementDocument(a, status: AgreementStatus(rawValue: model.status) ?? .published, version: model.version).encoded()
        if let output = signature.output {
            guard FileManager.default.createFile(atPath: output, contents: data) else { throw CommandFailure("Kan inte skriva ”\(output)”.") }
            context.console.print("Överenskommelsen \(signature.year) är skriven till \(output).")
        } else {
            context.console.print(String(decoding: data, as: UTF8.self))
        }
    }
}
