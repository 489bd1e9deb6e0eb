import Fluent
import Foundation
import NaraCore
import NaraPersistence
import Testing
import VaporTesting
@testable import NaraWeb

extension AppTests.RefusedFormTests {
    typealias Flow = AppTests.ReportFlowTests

    @Test("reports: a section, submitting, approving and asking for completion come back to their page")
    func reportForms() async throws {
        try await withNara { app in
            let db = app.db
            let report = try await Flow.rssReport(app)
            let id = report.id!.uuidString
            var editor = try await Client.signedIn(app, Demo.rssEditor)
            var analyst = try await Client.signedIn(app, Demo.analyst)

            // Section page (SectionPage): an answer longer than the question allows is refused at its question and kept.
            let section = try await editor.get("/rapporter/\(id)/avsnitt/1")
            var fields = FormScraper.fields(in: section.text)
            let long = Self.hostile + String(repeating: "å", count: 10_001)
            fields["value_q3"] = long
            fields["action"] = "stay"
            let refusedSection = try await editor.post("/rapporter/\(id)/avsnitt/1", fields)
            Self.expectRefused(refusedSection, field: "q-q3")
            Self.expectKept(refusedSection, "value_q3", long)
            #expect(try await AnswerModel.query(on: db).filter(\.$reportID == report.id!).filter(\.$questionID == "q3").first()?.value ?? "" == "")

            // Report page (ReportOverviewPage): approving a report that is not submitted.
            let approve = try await analyst.post("/rapporter/\(id)/godkann")
            Self.expectRefused(approve, .conflict, field: "granska", control: false)
            #expect(approve.text.contains("Bara en inskickad rapport kan godkännas."))

            // Check page (CheckPage): submitting with answers missing lists them; a second submission is refused there.
            let early = try await editor.post("/rapporter/\(id)/skicka-in")
            #expect(early.status == .seeOther)
            Self.expectRefused(try await editor.get(early.headers.first(name: .location)!), field: "fraga-q3", control: false)
            try await Flow.fillRequired(&editor, report)
            #expect(try await editor.post("/rapporter/\(id)/skicka-in").status == .seeOther)
            // The same check page, open in another tab, submits again.
            let again = try await editor.post("/rapporter/\(id)/skicka-in")
            Self.expectRefused(again, .conflict, field: "skicka-in", control: false)
            #expect(try await SubmissionModel.query(on: db).filter(\.$reportID == report.id!).count() == 1)

            // Report page, the reviewer's form: an empty message, a message too long; what was typed is kept.
            let before = try await Self.audits(db)
            try await analyst.get("/rapporter/\(id)")
            let empty = try await analyst.post("/rapporter/\(id)/komplettering", ["message": "  "])
            Self.expectRefused(empty, field: "message")
            #expect(!empty.text.contains("Till startsidan</a></p>"))
            let tooLong = Self.hostile + String(repeating: "x", count: 5_000)
            let refused = try await analyst.post("/rapporter/\(id)/komplettering", ["message": tooLong])
            Self.expectRefused(refused, field: "message")
            Self.expectKept(refused, "message", tooLong)
            let after = try #require(try await ReportModel.find(report.id, on: db))
            #expect(after.state == ReportState.submitted.rawValue && after.version == 1 && after.completionMessage == nil)
            #expect(try await Self.audits(db) == before)
        }
    }

    @Test("a section sent after the period was locked comes back read-only with what was typed and why (409)")
    func lockedSection() async throws {
        try await withNara { app in
            let report = try await Flow.rssReport(app)
            let id = report.id!.uuidString
            var editor = try await Client.signedIn(app, Demo.rssEditor)
            let section = try await editor.get("/rapporter/\(id)/avsnitt/1")
            var fields = FormScraper.fields(in: section.text)
            fields["value_q3"] = Self.hostile
            fields["action"] = "stay"
            // Meanwhile Socialstyrelsen locks the period.
            var admin = try await Client.signedIn(app, Demo.admin)
            try await admin.get("/admin/formular")
            #expect(try await admin.post("/admin/omgangar/\(report.assignmentID.uuidString)/las").status == .seeOther)
            let refused = try await editor.post("/rapporter/\(id)/avsnitt/1", fields)
            // The reason stands at the section's first question, a choice: at its group, not one input.
            Self.expectRefused(refused, .conflict, field: "q-q1", control: false)
            #expect(refused.text.contains("id=\"q-q1-error\""))
            Self.expectKept(refused, "value_q3", Self.hostile)
            #expect(refused.text.contains("Det du skrev står kvar nedan"))
            #expect(try await AnswerModel.query(on: app.db).filter(\.$reportID == report.id!).count() == 0)
        }
    }

    @Test("a region's goal picture and reported quantities come back with what was typed")
    func goalPictureAndQuantities() async throws {
        try await withNara { app in
            let db = app.db
            app.clock = .on(.make(2023, 3, 30))
            var editor = try await Client.signedIn(app, Demo.regionEditor)
            let before = try await Self.audits(db)
            // Goal picture page (OwnGoalPicturePage): no name, a decision date that is not one.
            try await editor.get("/malbild")
            let goal = try await editor.post("/malbild", ["title": "", "summary": Self.hostile, "decided_on": Self.malformed, "decided_by": Self.hostile])
            Self.expectRefused(goal, field: "decided_on")
            Self.expectRefused(goal, field: "title")
            Self.expectKept(goal, "decided_on", Self.malformed)
            Self.expectKept(goal, "summary", Self.hostile)
            Self.expectKept(goal, "decided_by", Self.hostile)

            // Quantity page (QuantityReportPage): a number that is not one, a comment too long.
            let region = try await OrganisationModel.query(on: db).filter(\.$kind == "region").filter(\.$code == "23").first()!
            let path = "/organisationer/\(region.id!.uuidString)/antal/2023/vfu"
            try await editor.get(path)
            let comment = Self.hostile + String(repeating: "x", count: 2_001)
            let quantity = try await editor.post(path, ["quantity": Self.malformed, "comment": comment])
            Self.expectRefused(quantity, field: "comment")
            Self.expectKept(quantity, "quantity", Self.malformed)
            let bad = try await editor.post(path, ["quantity": Self.malformed, "comment": Self.hostile])
            Self.expectRefused(bad, field: "quantity")
            Self.expectKept(bad, "comment", Self.hostile)
            #expect(try await Self.audits(db) == before)

            // Decision page (QuantityDecisionPage): an adjusted number that is not one, without a reason.
            #expect(try await editor.post(path, ["quantity": "120"]).status == .seeOther)
            var admin = try await Client.signedIn(app, Demo.admin)
            let decisionPath = "/overenskommelser/2023/antal/vfu/\(region.id!.uuidString)"
            try await admin.get(decisionPath)
            let decided = try await Self.audits(db)
            let decision = try await admin.post(decisionPath, ["decision": "adjust", "quantity": Self.malformed, "reason": Self.hostile])
            Self.expectRefused(decision, field: "quantity")
            Self.expectKept(decision, "quantity", Self.malformed)
            Self.expectKept(decision, "reason", Self.hostile)
            // Review page (QuantityReviewPage): allocating before the deadline.
            Self.expectRefused(try await admin.post("/overenskommelser/2023/antal/vfu/fordela"), field: "allocation", control: false)
            #expect(try await Self.audits(db) == decided)
        }
    }
}
