import Fluent
import Foundation
import NaraCore
import NaraPersistence
import Testing
@testable import NaraWeb

extension AppTests {
    @Suite("Generated volume and the streamed full export")
    struct ScaleExportTests {
        @Test("generate-scale writes exactly the reports asked for; the export of every year streams them all, once each, in order, workbook and CSV cell for cell the same")
        func exactCountStreamed() async throws {
            try await withNara { app in
                // More than two slices of the export (250 reports each), so the reading resumes after a slice twice.
                let asked = 2 * FollowUpExport.slice + 101
                let factor = try GenerateScaleCommand.factor(factor: nil, reports: asked, years: 6)
                _ = try await ScaleGenerator.run(factor: factor, years: 6, questions: 6, reports: asked, on: app.db) { _ in }
                let stored = try await FollowUpReportModel.query(on: app.db).filter(\.$formKey == ScaleForm.key).count()
                #expect(stored == asked)

                var analyst = try await Client.signedIn(app, Demo.analyst)
                let path = "/uppfoljning/formular/\(ScaleForm.key)/export?ar=alla&layout=bred&format="
                let csv = ExportReader.csvRows(try await analyst.get(path + "csv").text)
                let sheet = try ExportReader.xlsxRows(Data(try await analyst.get(path + "xlsx").body.readableBytesView))
                #expect(csv.count == 1 + asked && sheet.count == 1 + asked)
                // One row per report (Region Gotland reports twice a year, as a region and for the municipal money),
                // by year, then recipient.
                let keys = csv.dropFirst().map { "\($0[0])|\($0[1])" }
                let reports = try await FollowUpReportModel.query(on: app.db).filter(\.$formKey == ScaleForm.key).all()
                #expect(keys.sorted() == reports.map { "\($0.year)|\($0.organisationName)" }.sorted())
                let years = csv.dropFirst().map(\.[0])
                #expect(years == years.sorted())
                var problems: [String] = []
                for (i, (c, x)) in zip(csv, sheet).enumerated() {
                    for (j, field) in c.enumerated() {
                        if let why = ExportEqualsPageTests.disagreement(csv: field, xlsx: j < x.count ? x[j] : nil) { problems.append("\(i + 1):\(j + 1) \(why)") }
                    }
                }
                #expect(problems.isEmpty, "\(problems.prefix(5).joined(separator: "; "))")
            }
        }

        @Test("generate-scale: --reports picks the least factor that holds them; with --factor, or out of bounds, it is refused in Swedish")
        func factorForReports() throws {
            // Each year: 21 regions and 20 RSS per factor, and Region Gotland once for the municipal money.
            #expect(try GenerateScaleCommand.factor(factor: nil, reports: 30_000, years: 6) == 122)
            #expect(try GenerateScaleCommand.factor(factor: nil, reports: 252, years: 6) == 1)
            #expect(try GenerateScaleCommand.factor(factor: nil, reports: 253, years: 6) == 2)
            #expect(try GenerateScaleCommand.factor(factor: 7, reports: nil, years: 6) == 7)
            for (factor, reports) in [(2, 300), (nil, 0), (1001, nil)] as [(Int?, Int?)] {
                #expect { try GenerateScaleCommand.factor(factor: factor, reports: reports, years: 6) } throws: {
                    ($0 as? CommandFailure)?.description.contains("ska vara") == true || ($0 as? CommandFailure)?.description.contains("inte båda") == true
                }
            }
        }
    }
}
