import Fluent
import Foundation
import NaraCore
import NaraPersistence
import Testing
import VaporTesting
@testable import NaraWeb

extension AppTests {
    /// Years that say what they mean: a report names its agreement and period, a year's questionnaire speaks of
    /// that year, and a lägesbild exists only for a year with an agreement.
    @Suite("Years: a report's agreement and period, the questionnaire's year, a lägesbild only with an agreement")
    struct ReportYearTests {
        static let covers = "Överenskommelse 2023 · Slutredovisning · avser 1 januari–31 december 2023"

        @Test("the 2023 final report says 2023 on the task list, its page, its questions, its receipt and its print view")
        func finalReport2023() async throws {
            try await withNara { app in
                let report = try await AppTests.ReportFlowTests.rssReport(app)
                let id = report.id!.uuidString
                var editor = try await Client.signedIn(app, Demo.rssEditor)
                let tasks = try await editor.get("/rapporter")
                #expect(tasks.text.contains("Slutredovisning 2023: Slutredovisning av kommunernas arbete inom ramen för god och nära vård 2023"))
                #expect(tasks.text.contains(Self.covers))
                #expect(!tasks.text.contains("vård 2022"))
                let page = try await editor.get("/rapporter/\(id)")
                #expect(page.text.contains(Self.covers))
                #expect(page.text.contains("God och nära vård 2023") || page.text.contains("god och nära vård 2023"))
                let section = try await editor.get("/rapporter/\(id)/avsnitt/2")
                #expect(section.text.contains("under 2023"))
                #expect(!section.text.contains("under 2022"))
                // The round asks a version of the same questionnaire: same key and question ids, its own text.
                let ctx = try #require(try await ReportService.load(report.id!, on: app.db))
                let reference = try ReferenceForms.municipalFinalReport2022()
                #expect(ctx.definitionModel.formKey == ReferenceForms.municipalFinalReportKey)
                #expect(ctx.definitionModel.version == 2)
                #expect(ctx.definition.questions.map(\.id) == reference.questions.map(\.id))

                try await AppTests.ReportFlowTests.fillRequired(&editor, report)
                let submitted = try await editor.post("/rapporter/\(id)/skicka-in")
                let receipt = try await editor.get(submitted.headers.first(name: .location)!)
                #expect(receipt.text.contains(Self.covers))
                let print = try await editor.get("/rapporter/\(id)/utskrift?version=1")
                #expect(print.text.contains(Self.covers))
                #expect(print.text.contains("vård 2023"))
                #expect(!print.text.contains("under 2022"))
            }
        }

        @Test("a database seeded before asks the 2023 round in 2022's wording: the next start moves it to its 2023 version, once, audited")
        func olderDatabaseIsAligned() async throws {
            try await withNara { app in
                let db = app.db
                let round = try #require(try await AssignmentModel.query(on: db).filter(\.$agreementYear == 2023).first())
                let v1 = try #require(try await FormDefinitionModel.query(on: db).filter(\.$version == 1).first())
                let v2 = round.formDefinitionID
                round.formDefinitionID = try v1.requireID()
                try await round.update(on: db)
                try await ReportService.seedReference(on: db)
                try await ReportService.seedReference(on: db)
                #expect(try await AssignmentModel.find(round.id, on: db)?.formDefinitionID == v2)
                #expect(try await FormDefinitionModel.query(on: db).count() == 2)
                let moves = try await AuditEntryModel.query(on: db).filter(\.$entityType == "assignment").filter(\.$action == "update").count()
                #expect(moves == 1)
                var editor = try await Client.signedIn(app, Demo.rssEditor)
                #expect(try await editor.get("/rapporter").text.contains("vård 2023"))
            }
        }

        @Test("a new round for 2024 from the 2022 questionnaire asks a 2024 version of it, made once, with the same question ids")
        func newRoundUsesItsYear() async throws {
            try await withNara { app in
                let db = app.db
                let v1 = try #require(try await FormDefinitionModel.query(on: db).filter(\.$version == 1).first())
                var admin = try await Client.signedIn(app, Demo.admin)
                try await admin.get("/admin/formular")
                let fields = ["form": v1.id!.uuidString, "year": "2024", "recipients": "region", "kind": "final",
                              "opens": "2025-01-01", "deadline": "2025-03-31", "reviewer": "Socialstyrelsen"]
                #expect(try await admin.post("/admin/omgangar", fields).status == .seeOther)
                #expect(try await admin.post("/admin/omgangar", fields).status == .seeOther)
                let rounds = try await AssignmentModel.query(on: db).filter(\.$agreementYear == 2024).all()
                #expect(rounds.count == 2)
                let used = try #require(try await FormDefinitionModel.find(rounds[0].formDefinitionID, on: db))
                #expect(rounds[1].formDefinitionID == used.id)
                #expect(used.formKey == v1.formKey)
                #expect(used.title.hasSuffix("vård 2024"))
                #expect(try ReportService.definition(used).questions.map(\.id) == ReportService.definition(v1).questions.map(\.id))
                #expect(try await FormDefinitionModel.query(on: db).filter(\.$formKey == v1.formKey).count() == 3)
            }
        }

        @Test("a lägesbild only for a year with a published agreement: 2022's answers exist, but 2022 is neither linked nor found")
        func dashboardOnlyWithAgreement() async throws {
            try await withNara { app in
                try await FollowUpDemo.seed(on: app.db)
                #expect(try await AssignmentModel.query(on: app.db).filter(\.$agreementYear == 2022).count() == 1)
                var analyst = try await Client.signedIn(app, Demo.analyst)
                let home = try await analyst.get("/uppfoljning")
                #expect(home.status == .ok)
                #expect(home.text.contains("href=\"/uppfoljning/overenskommelser/2023\""))
                #expect(!home.text.contains("/uppfoljning/overenskommelser/2022"))
                #expect(!home.text.contains("Lägesbild 2022"))
                let missing = try await analyst.get("/uppfoljning/overenskommelser/2022")
                #expect(missing.status == .notFound)
                #expect(missing.text.contains("Det finns ingen publicerad överenskommelse för 2022"))
                #expect(missing.text.contains("lang=\"sv\""))
                #expect(try await analyst.get("/uppfoljning/overenskommelser/2023").status == .ok)
                #expect(try await analyst.get("/uppfoljning/overenskommelser/2031").status == .notFound)
            }
        }
    }
}
