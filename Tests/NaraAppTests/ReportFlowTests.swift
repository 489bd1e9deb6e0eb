import Fluent
import Foundation
import NaraCore
import NaraPersistence
import Testing
import VaporTesting
@testable import NaraWeb

extension AppTests {
    @Suite("Reports: filling in, conflicts, submitting, completion")
    struct ReportFlowTests {
        static func rssReport(_ app: Application, county: String = "23") async throws -> ReportModel {
            let rss = try await OrganisationModel.query(on: app.db).filter(\.$kind == "rss").filter(\.$code == county).first()!
            return try await ReportModel.query(on: app.db).filter(\.$organisationID == rss.requireID()).first()!
        }

        static func put(_ client: inout Client, _ report: ReportModel, _ q: String, _ body: [String: Any]) async throws -> TestingHTTPResponse {
            var headers = HTTPHeaders()
            headers.contentType = .json
            headers.replaceOrAdd(name: "X-CSRF-Token", value: client.csrf ?? "")
            if let cookie = client.cookie { headers.replaceOrAdd(name: .cookie, value: "nara_session=\(cookie)") }
            let data = try JSONSerialization.data(withJSONObject: body)
            var captured: TestingHTTPResponse?
            try await client.app.testing().test(.PUT, "/api/v1/reports/\(report.id!.uuidString)/answers/\(q)", headers: headers,
                                                body: ByteBuffer(data: data)) { captured = $0 }
            return captured!
        }

        static func json(_ res: TestingHTTPResponse) -> [String: Any] {
            (try? JSONSerialization.jsonObject(with: Data(res.body.string.utf8))) as? [String: Any] ?? [:]
        }

        @Test("an RSS editor fills in without JavaScript, finds her answers again, and sees errors at the field")
        func sectionForm() async throws {
            try await withNara { app in
                let report = try await Self.rssReport(app)
                var editor = Client(app)
                try await editor.login(Demo.rssEditor)
                let tasks = try await editor.get("/rapporter")
                #expect(tasks.text.contains("Slutredovisning"))
                #expect(tasks.text.contains("Försenad") || tasks.text.contains("Ej påbörjad"))
                let section = try await editor.get("/rapporter/\(report.id!.uuidString)/avsnitt/1")
                #expect(section.status == .ok)
                #expect(section.text.contains("Från Överenskommelsen") || section.text.contains("Målbild"))
                let saved = try await editor.post("/rapporter/\(report.id!.uuidString)/avsnitt/1", [
                    "value_q1": "Ja", "revision_q1": "0", "comment_q1": "Beslutad i <b>länsrådet</b> 2021.",
                    "value_q3": "Uppföljning i samverkansrådet varje kvartal.", "revision_q3": "0", "action": "stay"])
                #expect(saved.status == .seeOther)
                let again = try await editor.get("/rapporter/\(report.id!.uuidString)/avsnitt/1")
                #expect(again.text.contains("value=\"Ja\" checked=\"checked\""))
                #expect(again.text.contains("Beslutad i &lt;b&gt;länsrådet&lt;/b&gt; 2021."))
                #expect(again.text.contains("Uppföljning i samverkansrådet varje kvartal."))
                // A choice that is not an option is refused at the field, with a summary linking to it.
                let bad = try await editor.post("/rapporter/\(report.id!.uuidString)/avsnitt/1", ["value_q2": "Kanske", "revision_q2": "0", "action": "stay"])
                #expect(bad.status == .unprocessableEntity)
                #expect(bad.text.contains("href=\"#q-q2\""))
                #expect(bad.text.contains("Välj ett av alternativen."))
            }
        }

        @Test("two editors: a stale save is refused with the current answer, never silently overwritten")
        func conflict() async throws {
            try await withNara { app in
                let report = try await Self.rssReport(app)
                var first = Client(app), second = Client(app)
                try await first.login(Demo.rssEditor)
                try await second.login(Demo.rssEditor)
                let a = try await Self.put(&first, report, "q3", ["value": "Första versionen", "revision": 0])
                #expect(a.status == .ok)
                let revision = (Self.json(a)["answer"] as? [String: Any])?["revision"] as? Int
                #expect(revision == 1)
                let b = try await Self.put(&second, report, "q3", ["value": "Andra, utan att ha sett den första", "revision": 0])
                #expect(b.status == .conflict)
                let current = Self.json(b)["current"] as? [String: Any]
                #expect(current?["value"] as? String == "Första versionen")
                #expect(current?["updated_by"] as? String == "Siri Samverkan")
                let stored = try await AnswerModel.query(on: app.db).filter(\.$questionID == "q3").first()
                #expect(stored?.value == "Första versionen")
                // Choosing one's own after seeing theirs: save against their revision.
                let c = try await Self.put(&second, report, "q3", ["value": "Andra, vald", "revision": 1])
                #expect(c.status == .ok)
                // The form without JavaScript shows the conflict screen with both values.
                let page = try await first.post("/rapporter/\(report.id!.uuidString)/avsnitt/1", ["value_q3": "Tredje", "revision_q3": "1", "action": "stay"])
                #expect(page.status == .conflict)
                #expect(page.text.contains("Svaret har ändrats av någon annan"))
                #expect(page.text.contains("Tredje"))
                #expect(page.text.contains("Andra, vald"))
                // Another organisation's editor cannot save here at all.
                var foreign = Client(app)
                try await foreign.login(Demo.regionEditor)
                #expect(try await Self.put(&foreign, report, "q3", ["value": "Intrång", "revision": 2]).status == .forbidden)
            }
        }

        static func fillRequired(_ client: inout Client, _ report: ReportModel) async throws {
            let form = try ReferenceForms.municipalFinalReport2022()
            for q in form.questions where q.required || q.id == "q9b" {
                let value = q.type == .singleChoice ? q.options![0] : "Svar på fråga \(q.number)."
                let current = try await client.get("/api/v1/reports/\(report.id!.uuidString)/answers/\(q.id)")
                let revision = json(current)["revision"] as? Int ?? 0
                let res = try await put(&client, report, q.id, ["value": value, "revision": revision])
                #expect(res.status == .ok, "\(q.id): \(res.body.string)")
            }
        }

        /// The status board's "Ändrad efter godkännande" for `recipient`'s row (`Ja` or `Nej`).
        static func changedAfterApproval(_ recipient: String, on board: String) -> String? {
            guard let rows = ExportReader.htmlTable("statustavla", in: board), let column = rows.first?.firstIndex(of: "Ändrad efter godkännande")
            else { return nil }
            return rows.first { $0.first == recipient }.flatMap { column < $0.count ? $0[column] : nil }
        }

        @Test("submit: missing answers are listed; then a receipt, a frozen version, a print view; completion reopens as version 2")
        func submitAndComplete() async throws {
            try await withNara { app in
                let report = try await Self.rssReport(app)
                let id = report.id!.uuidString
                var editor = Client(app)
                try await editor.login(Demo.rssEditor)
                _ = try await Self.put(&editor, report, "q1", ["value": "Ja", "revision": 0, "comment": "En kommentar"])
                let early = try await editor.post("/rapporter/\(id)/skicka-in")
                #expect(early.headers.first(name: .location) == "/rapporter/\(id)/kontrollera?fel=1")
                let check = try await editor.get("/rapporter/\(id)/kontrollera?fel=1")
                #expect(check.status == .unprocessableEntity)
                #expect(check.text.contains("href=\"#fraga-q2\""))

                try await Self.fillRequired(&editor, report)
                let submitted = try await editor.post("/rapporter/\(id)/skicka-in")
                #expect(submitted.status == .seeOther)
                let receipt = try await editor.get(submitted.headers.first(name: .location)!)
                let reference = try #require(Client.element("referens", in: receipt.text))
                #expect(reference.hasPrefix("GNV-2023-SR-23-1-"))
                #expect(receipt.text.contains("Siri Samverkan"))
                // Frozen: no more saving.
                #expect(try await Self.put(&editor, report, "q3", ["value": "Ändring", "revision": 1]).status == .conflict)
                let print = try await editor.get("/rapporter/\(id)/utskrift?version=1")
                #expect(print.text.contains(reference))
                #expect(print.text.contains("Svar på fråga 5a."))
                #expect(print.text.contains("En kommentar"))

                // The analyst sees it on the status board and asks for completion.
                var analyst = Client(app)
                try await analyst.login(Demo.analyst)
                let assignment = try await AssignmentModel.query(on: app.db).first()!
                let board = try await analyst.get("/uppfoljning/\(assignment.id!.uuidString)?county=23")
                #expect(board.text.contains("RSS Jämtlands län"))
                #expect(board.text.contains("Inskickad"))
                let csv = try await analyst.get("/uppfoljning/\(assignment.id!.uuidString)/status.csv")
                #expect(csv.text.contains("RSS Jämtlands län;Jämtlands län;Inskickad"))
                #expect(try await analyst.post("/rapporter/\(id)/komplettering", ["message": "Beskriv resultaten i 5b."]).status == .seeOther)

                let reopened = try await editor.get("/rapporter/\(id)")
                #expect(reopened.text.contains("Beskriv resultaten i 5b."))
                let answer5b = try await Self.put(&editor, report, "q5b", ["value": "Resultaten följs upp i länsrapporten.", "revision": 0])
                #expect(answer5b.status == .ok)
                #expect(try await editor.post("/rapporter/\(id)/skicka-in").status == .seeOther)
                let diff = try await editor.get("/rapporter/\(id)/versioner")
                #expect(diff.text.contains("Ändringar mellan version 1 och 2"))
                #expect(diff.text.contains("Resultaten följs upp i länsrapporten."))
                #expect(try await editor.get("/rapporter/\(id)/utskrift?version=1").text.contains(reference))

                // Approve; a change after approval would be flagged, but the report is frozen until reopened.
                #expect(try await analyst.post("/rapporter/\(id)/godkann").status == .seeOther)
                let approvedBoard = try await analyst.get("/uppfoljning/\(assignment.id!.uuidString)?county=23").text
                #expect(approvedBoard.contains("Godkänd"))
                #expect(Self.changedAfterApproval("RSS Jämtlands län", on: approvedBoard) == "Nej")
                // Reopened after approval and changed: flagged on the status board.
                #expect(try await analyst.post("/rapporter/\(id)/komplettering", ["message": "Ett förtydligande till."]).status == .seeOther)
                let current5b = Self.json(try await editor.get("/api/v1/reports/\(id)/answers/q5b"))["revision"] as? Int ?? 0
                #expect(try await Self.put(&editor, report, "q5b", ["value": "Förtydligat.", "revision": current5b]).status == .ok)
                let flaggedBoard = try await analyst.get("/uppfoljning/\(assignment.id!.uuidString)?county=23").text
                #expect(Self.changedAfterApproval("RSS Jämtlands län", on: flaggedBoard) == "Ja")
                let actions = try await AuditEntryModel.query(on: app.db).filter(\.$entityType == "report").all().map(\.action)
                #expect(actions.filter { $0 == "submit" }.count == 2)
                #expect(actions.contains("approve"))
                // Editors cannot approve.
                #expect(try await editor.post("/rapporter/\(id)/godkann").status == .forbidden)
            }
        }

        @Test("two submissions, approvals or requests for completion of one report at once: one happens, the other is refused in Swedish")
        func movesAtOnce() async throws {
            try await withNara { app in
                // setup: a filled-in report, read twice as two people would have it open
                let report = try await Self.rssReport(app)
                var editor = Client(app)
                try await editor.login(Demo.rssEditor)
                try await Self.fillRequired(&editor, report)
                let id = try report.requireID(), db = app.db, now = app.clock.now()
                let first = try #require(try await ReportService.load(id, on: db)), second = try #require(try await ReportService.load(id, on: db))
                // MUT: both submit at once
                async let a = ReportService.submit(first, by: "A", today: .make(2024, 3, 1), now: now, on: db)
                async let b = ReportService.submit(second, by: "B", today: .make(2024, 3, 1), now: now, on: db)
                let submitted = try await [a, b]
                // validate: one submission, the other told why
                #expect(submitted.filter { if case .success = $0 { true } else { false } }.count == 1)
                #expect(submitted.contains { if case .failure(.closed("Rapporten är redan inskickad.")) = $0 { true } else { false } })
                #expect(try await SubmissionModel.query(on: db).filter(\.$reportID == id).count() == 1)

                // Two approvals at once: one audit entry, one refusal.
                let r1 = try #require(try await ReportService.load(id, on: db)), r2 = try #require(try await ReportService.load(id, on: db))
                async let x = ReportService.approve(r1, by: .commandLine, now: now, on: db)
                async let y = ReportService.approve(r2, by: .commandLine, now: now, on: db)
                let approved = try await [x, y]
                #expect(approved.filter { $0 == .success(.approved) }.count == 1)
                #expect(approved.contains(.failure(.alreadyApproved)))
                #expect(try await AuditEntryModel.query(on: db).filter(\.$entityType == "report").filter(\.$action == "approve").count() == 1)

                // Two requests for completion at once open one new version, not two.
                let c1 = try #require(try await ReportService.load(id, on: db)), c2 = try #require(try await ReportService.load(id, on: db))
                async let p = ReportService.requestCompletion(c1, message: "Beskriv 5b.", by: .commandLine, now: now, on: db)
                async let q = ReportService.requestCompletion(c2, message: "Beskriv 5b.", by: .commandLine, now: now, on: db)
                let reopened = try await [p, q]
                #expect(reopened.filter { $0 == .success(2) }.count == 1)
                #expect(reopened.contains(.failure(.completionNotSubmitted)))
                #expect(try await ReportModel.find(id, on: db)?.version == 2)

                // Through the page: approving a report that is not submitted says so.
                var analyst = Client(app)
                try await analyst.login(Demo.analyst)
                let refused = try await analyst.post("/rapporter/\(id.uuidString)/godkann")
                #expect(refused.status == .conflict && refused.text.contains("Bara en inskickad rapport kan godkännas."))
                let empty = try await analyst.post("/rapporter/\(id.uuidString)/komplettering", ["message": " "])
                #expect(empty.status == .conflict && empty.text.contains("Bara en inskickad rapport kan kompletteras."))
            }
        }

        @Test("a locked period refuses changes and submission; after the deadline the report is late but can be submitted")
        func lockAndLateness() async throws {
            try await withNara { app in
                let report = try await Self.rssReport(app, county: "01")
                var editor = Client(app)
                // An editor for RSS Stockholm, created directly.
                let user = UserModel()
                user.email = "redigerare@storsthlm.example"; user.name = "Stina Sthlm"; user.isActive = true; user.createdAt = Date()
                user.passwordHash = try Bcrypt.hash(AppConfig.demoPassword, cost: 4)
                try await user.create(on: app.db)
                let m = MembershipModel()
                m.userID = user.id!; m.organisationID = report.organisationID; m.role = Role.recipientEditor.rawValue; m.createdAt = Date(); m.financeDirector = false
                try await m.create(on: app.db)
                try await editor.login(user.email)
                let overview = try await editor.get("/rapporter/\(report.id!.uuidString)")
                // The seeded round's deadline (31 March 2024) has passed.
                #expect(overview.text.contains("Sista dag har passerat"))
                #expect(try await Self.put(&editor, report, "q1", ["value": "Nej, och inget förslag finns framtaget", "revision": 0]).status == .ok)

                var admin = Client(app)
                try await admin.login(Demo.admin)
                let assignment = try await AssignmentModel.query(on: app.db).first()!
                #expect(try await admin.post("/admin/omgangar/\(assignment.id!.uuidString)/las").status == .seeOther)
                #expect(try await Self.put(&editor, report, "q1", ["value": "Ja", "revision": 1]).status == .conflict)
                #expect(try await editor.post("/rapporter/\(report.id!.uuidString)/skicka-in").status == .conflict)
                #expect(try await SubmissionModel.query(on: app.db).count() == 0)
            }
        }

        @Test("attachments are checked by type, content and size")
        func attachments() {
            let q = Question(id: "bilaga", number: "1", text: "Bilaga", type: .file, accept: ["pdf", "xlsx"], maxBytes: 100)
            func part(_ name: String, _ bytes: [UInt8]) -> FormBody.Part { .init(name: "file_bilaga", filename: name, contentType: nil, data: Data(bytes)) }
            #expect((try? Attachments.check(part("plan.pdf", Array("%PDF-1.7 ...".utf8)), for: q).get()) != nil)
            #expect((try? Attachments.check(part("plan.xlsx", [0x50, 0x4B, 0x03, 0x04, 1, 2]), for: q).get()) != nil)
            #expect((try? Attachments.check(part("plan.docx", [0x50, 0x4B, 0x03, 0x04]), for: q).get()) == nil)
            #expect((try? Attachments.check(part("plan.pdf", Array("MZ not a pdf".utf8)), for: q).get()) == nil)
            #expect((try? Attachments.check(part("stor.pdf", Array("%PDF".utf8) + [UInt8](repeating: 0, count: 200)), for: q).get()) == nil)
        }

        @Test("the API lists the caller's forms and reports; each question has its id")
        func api() async throws {
            try await withNara { app in
                var editor = Client(app)
                try await editor.login(Demo.rssEditor)
                let forms = try await editor.get("/api/v1/forms")
                let list = try #require((try JSONSerialization.jsonObject(with: Data(forms.body.string.utf8))) as? [[String: Any]])
                #expect(list.count == 1)
                #expect(list[0]["form_id"] as? String == "kommuner-slutredovisning-2022")
                let form = try await editor.get(list[0]["url"] as! String)
                let definition = try JSONDecoder().decode(FormDefinition.self, from: Data(form.body.string.utf8))
                #expect(definition.questions.count == 25)
                let reports = try await editor.get("/api/v1/reports")
                #expect(reports.body.string.contains("\"organisation\":\"RSS Jämtlands län\""))
                var regionEditor = Client(app)
                try await regionEditor.login(Demo.regionEditor)
                #expect(try await regionEditor.get("/api/v1/forms").body.string == "[]")
            }
        }

        @Test("administrators upload definitions: errors listed by path; a change becomes a new version")
        func uploadDefinitions() async throws {
            try await withNara { app in
                var admin = Client(app)
                try await admin.login(Demo.admin)
                try await admin.get("/admin/formular")
                let bad = try await admin.post("/admin/formular", ["definition": "{\"id\": \"x\", \"version\": 1, \"title\": \"X\", \"sections\": [{\"id\": \"s\", \"heading\": \"S\", \"questions\": [{\"id\": \"q\", \"text\": \"Q\", \"type\": \"single_choice\", \"options\": []}]}]}"])
                #expect(bad.status == .unprocessableEntity)
                #expect(bad.text.contains("sections[0].questions[0].options: tom lista"))
                var form = try ReferenceForms.municipalFinalReport2022()
                form.title += " (reviderad)"
                let json = String(decoding: try JSONEncoder().encode(form), as: UTF8.self)
                let ok = try await admin.post("/admin/formular", ["definition": json])
                #expect(ok.status == .seeOther)
                let versions = try await FormDefinitionModel.query(on: app.db).filter(\.$formKey == form.id).sort(\.$version).all()
                // 1: the reference (2022), 2: its 2023 version for the 2023 round, 3: the upload.
                #expect(versions.map(\.version) == [1, 2, 3])
                #expect(versions[0].title == "Slutredovisning av kommunernas arbete inom ramen för god och nära vård 2022")
                #expect(versions[1].title == "Slutredovisning av kommunernas arbete inom ramen för god och nära vård 2023")
                let preview = try await admin.get(ok.headers.first(name: .location)!)
                #expect(preview.text.contains("(reviderad)"))
                #expect(preview.text.contains("Lämna gärna en kommentar här:"))
            }
        }

        @Test("reminders: one digest per editor per day, sent to a local SMTP server")
        func remindersOverSMTP() async throws {
            try await withNara { app in
                let assignment = try await AssignmentModel.query(on: app.db).first()!
                let sink = try SMTPSink()
                var config = app.storage[AppConfigKey.self]!
                config.smtp = .init(host: "127.0.0.1", port: sink.port, from: "nara@socialstyrelsen.example")
                // 7 days before the deadline of 31 March 2024.
                let outcome = try await Reminders.run(today: .make(2024, 3, 24), config: config, on: app.db)
                #expect(outcome.failures.isEmpty)
                // Only Siri edits for an RSS in the demo data (Rut is a viewer there), so one digest.
                #expect(outcome.sent == 1)
                let messages = sink.finish()
                #expect(messages.contains { $0.contains("RCPT TO:<redigerare@rss-jamtland.example>") })
                #expect(messages.contains { $0.contains("Slutredovisning 2023 för RSS Jämtlands län") })
                #expect(try await Reminders.run(today: .make(2024, 3, 24), config: config, on: app.db).created == 0)
                #expect(try await Reminders.run(today: .make(2024, 3, 25), config: config, on: app.db).created == 0)
                _ = assignment
            }
        }
    }
}
