import Fluent
import Foundation
import NaraCore
import NaraPersistence
import Vapor

/// `nara bench-setup --editors 996 --analysts 20 --out FILE`: prepares a generated database for
/// load measurements. Opens a round on the generated questionnaire (interim report 2025, open
/// until 31 March 2027) for every region and RSS, and creates generated editors spread over those
/// recipients and generated analysts, each with a personal API token. Writes the tokens, the
/// report each editor may fill in and the questionnaire's text questions to FILE as JSON for the
/// load scripts. Run after `nara generate-scale`; never on a database with real people.
struct BenchSetupCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Option(name: "editors", help: "Antal genererade redigerare (standard 996: 332 organisationer × 3)")
        var editors: Int?
        @Option(name: "analysts", help: "Antal genererade analytiker (standard 20)")
        var analysts: Int?
        @Option(name: "out", help: "JSON-fil med nycklarna")
        var out: String?
    }

    var help: String { "Förbereder en genererad databas för belastningsmätningar: en öppen omgång, genererade personer och API-nycklar." }

    struct Output: Encodable {
        struct Editor: Encodable { let token: String; let report: String }
        let editors: [Editor]
        let analysts: [String]
        let formKey: String
        let year: Int
        let textQuestions: [String]
        let statusBoard: String
        let section: String
    }

    func run(using context: CommandContext, signature: Signature) async throws {
        let db = context.application.db
        let editors = signature.editors ?? 996, analysts = signature.analysts ?? 20
        guard (1...100_000).contains(editors), (1...1_000).contains(analysts), let out = signature.out else {
            throw CommandFailure("Ange --out FILE; --editors 1–100 000 och --analysts 1–1 000.")
        }
        guard let formModel = try await FormDefinitionModel.query(on: db).filter(\.$formKey == ScaleForm.key).first() else {
            throw CommandFailure("Kör nara generate-scale först.")
        }
        let form = try ReportService.definition(formModel)
        let now = Date()
        var reports: [ReportModel] = []
        var board = ""
        for kind in [OrganisationKind.region.rawValue, OrganisationKind.rss.rawValue] {
            let a = try await ReportService.createAssignment(definition: formModel, year: 2025, recipientKind: kind, reportKind: .interim,
                                                             opensOn: .make(2025, 1, 1), deadline: .make(2027, 3, 31), now: now, on: db)
            if board.isEmpty { board = SiteURL.statusBoard(a.id!) }
            reports += try await ReportModel.query(on: db).filter(\.$assignmentID == a.requireID()).all()
        }
        let sos = try await OrganisationModel.query(on: db).filter(\.$code == "SOS").first()
        let openReports = reports
        let (editorOut, analystOut) = try await db.transaction { tx -> ([Output.Editor], [String]) in
            var editorOut: [Output.Editor] = [], analystOut: [String] = []
            for i in 0..<(editors + analysts) {
                let isEditor = i < editors
                let report = isEditor ? openReports[i % openReports.count] : nil
                let u = UserModel()
                u.email = isEditor ? "matning-redigerare-\(i)@genererad.example" : "matning-analytiker-\(i - editors)@genererad.example"
                u.name = isEditor ? "Genererad redigerare \(i)" : "Genererad analytiker \(i - editors)"
                u.isActive = true; u.createdAt = now
                try await u.create(on: tx)
                let m = MembershipModel()
                m.userID = u.id!; m.organisationID = report?.organisationID ?? sos!.id!
                m.role = isEditor ? Role.recipientEditor.rawValue : Role.analyst.rawValue; m.createdAt = now; m.financeDirector = false
                try await m.create(on: tx)
                let token = SecretToken.generate(prefix: "nara_")
                let t = APITokenModel()
                t.userID = u.id!; t.membershipID = m.id!; t.name = "mätning"; t.tokenHash = SecretToken.hash(token)
                t.prefix = String(token.prefix(9)); t.createdAt = now
                try await t.create(on: tx)
                if let report { editorOut.append(.init(token: token, report: report.id!.uuidString)) } else { analystOut.append(token) }
            }
            return (editorOut, analystOut)
        }
        let output = Output(editors: editorOut, analysts: analystOut, formKey: form.id, year: 2024,
                            textQuestions: form.questions.filter { $0.type == .text }.map(\.id), statusBoard: board,
                            section: "/rapporter/\(reports[0].id!.uuidString)/avsnitt/2")
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        try encoder.encode(output).write(to: URL(fileURLWithPath: out))
        context.console.print("\(editors) redigerare och \(analysts) analytiker med API-nycklar i \(out); \(reports.count) öppna rapporter.")
    }
}
