import Fluent
import Foundation
import NaraCore
import NaraPersistence
import NIOCore
import SQLKit
import Vapor

/// The full export of a questionnaire's answers in a year (or every year): wide (one row per
/// recipient, one column per question) or long (one row per answer), as CSV or as an Excel
/// workbook. Both are streamed while they are read: reports are read a slice at a time (the next
/// slice is read while this one is written), written as bytes (`FollowUpExportRows`) and, for a
/// workbook, deflated into a ZIP stream (`ZipStream`). Memory stays flat whatever the volume, and
/// nothing is written to disk.
enum FollowUpExport {
    enum Layout: String { case wide = "bred", long = "lang" }
    static let slice = 250

    struct ReportHead: Sendable {
        let id: UUID
        let organisation: String
        let county: String
        let kind: String
        let submittedAt: Date
        let version: Int
        let year: Int
    }

    struct Item: Sendable { let question: String; let value: String; let number: Int64?; let comment: String }

    /// One slice: its reports in export order, their answers (by report, then question and
    /// item) and where each report's answers are in `items` (by the report's place in `heads`).
    struct Slice: Sendable {
        let heads: [ReportHead]
        let items: [Item]
        let ranges: [Range<Int>]
    }

    /// The slice of reports after `after` in export order (year, recipient, report), by year and
    /// recipient; `year` nil for every year. Read from the one-row-per-report table along its
    /// index, so the thousandth slice costs what the first does.
    static func heads(formKey: String, year: Int?, after: ReportHead?, limit: Int, on db: any Database) async throws -> [ReportHead] {
        let q = FollowUpStore.sql(db).select()
            .columns("report_id", "organisation_name", "county_code", "organisation_kind", "submitted_at", "version", "year")
            .from(FollowUpReportModel.schema).where("form_key", .equal, SQLBind(formKey))
        if let year { q.where("year", .equal, SQLBind(year)) }
        if let after {
            q.where(SQLBinaryExpression(SQLGroupExpression([SQLColumn("year"), SQLColumn("organisation_name"), SQLColumn("report_id")] as [any SQLExpression]),
                                        .greaterThan,
                                        SQLGroupExpression([SQLBind(after.year), SQLBind(after.organisation), SQLBind(after.id)] as [any SQLExpression])))
        }
        let rows = try await q.orderBy("year").orderBy("organisation_name").orderBy("report_id").limit(limit).all()
        return try rows.map {
            ReportHead(id: try $0.decode(column: "report_id", as: UUID.self), organisation: try $0.decode(column: "organisation_name", as: String.self),
                       county: try $0.decode(column: "county_code", as: String.self), kind: try $0.decode(column: "organisation_kind", as: String.self),
                       submittedAt: try $0.decode(column: "submitted_at", as: Date.self), version: try $0.decode(column: "version", as: Int.self),
                       year: try $0.decode(column: "year", as: Int.self))
        }
    }

    static func slice(formKey: String, year: Int?, after: ReportHead?, on db: any Database) async throws -> Slice {
        let heads = try await heads(formKey: formKey, year: year, after: after, limit: slice, on: db)
        guard !heads.isEmpty else { return Slice(heads: [], items: [], ranges: []) }
        let (items, ranges) = try await FollowUpExportReader.items(for: heads, on: db)
        return Slice(heads: heads, items: items, ranges: ranges)
    }

    /// A number the way a spreadsheet should hold it: kronor for amounts, per cent for percentages.
    static func spreadsheetNumber(_ n: Int64, _ q: Question?) -> Decimal {
        switch q?.type {
        case .amount, .percent: return Decimal(n) / 100
        default: return Decimal(n)
        }
    }

    static func header(_ layout: Layout, _ def: FormDefinition) -> [String] {
        switch layout {
        case .wide:
            var h = ["År", "Mottagare", "Län", "Typ", "Inskickad", "Version"]
            for q in def.questions where q.type != .file {
                h.append("\(q.number). \(q.text.count > 60 ? String(q.text.prefix(59)) + "…" : q.text)")
                if q.comment != nil { h.append("\(q.number). kommentar") }
            }
            return h
        case .long:
            return ["År", "Mottagare", "Län", "Typ", "Inskickad", "Version", "Fråga", "Fråga-id", "Frågetext", "Svar", "Tal", "Kommentar"]
        }
    }

    static func respond(_ req: Request, formKey: String, year: Int?, definition def: FormDefinition, layout: Layout, format: String) async throws -> Response {
        let filename = "nara-\(formKey)-\(year.map(String.init) ?? "alla-ar")-\(layout.rawValue)"
        let db = req.analysisDB
        let pool = req.application.threadPool
        let workbook = format == "xlsx"
        let sheetName = "Svar \(year.map(String.init) ?? "alla år")"
        let now = req.now
        let logger = req.logger
        var headers: HTTPHeaders
        if workbook {
            headers = HTTPHeaders()
            headers.replaceOrAdd(name: .contentType, value: XLSX.contentType)
            headers.replaceOrAdd(name: .contentDisposition, value: "attachment; filename=\"\(filename).xlsx\"")
        } else {
            headers = CSVWriter.headers(filename: filename + ".csv")
        }
        return Response(status: .ok, headers: headers, body: .init(asyncStream: { writer in
            // Exports take turns (see `ExportGate`), taken once the body is being sent, so a
            // response never sent holds no turn. Rows are written and compressed in the thread
            // pool, not on the threads that run every request's tasks.
            await ExportGate.shared.acquire()
            do {
                let rows = try FollowUpExportRows(layout: layout, definition: def, workbook: workbook, sheetName: sheetName, modified: now)
                try await writer.writeBuffer(ByteBuffer(bytes: try rows.start()))
                var next: Task<Slice, any Error>? = Task { try await slice(formKey: formKey, year: year, after: nil, on: db) }
                while let pending = next {
                    let part = try await pending.value
                    if part.heads.isEmpty { break }
                    next = part.heads.count == slice ? Task { try await slice(formKey: formKey, year: year, after: part.heads.last, on: db) } : nil
                    let bytes = try await pool.runIfActive { try rows.write(part) }
                    if !bytes.isEmpty { try await writer.writeBuffer(ByteBuffer(bytes: bytes)) }
                }
                try await writer.writeBuffer(ByteBuffer(bytes: try rows.finish()))
                try await writer.write(.end)
            } catch {
                logger.error("The export of \(formKey) stopped: \(String(describing: error))")
                try? await writer.write(.error(error))
            }
            await ExportGate.shared.release()
        }))
    }
}

/// Lets one full export run at a time. An export keeps a core busy for seconds at large volumes;
/// on a small server two at once would leave nothing for the people saving answers. The others
/// wait their turn, in order. The gate is per server, on purpose: it protects that server's
/// cores, so N app servers run up to N exports at once (the database serves each from its own
/// connection); a waiting export holds no state anyone else needs.
actor ExportGate {
    static let shared = ExportGate()
    private var busy = false
    private var waiting: [CheckedContinuation<Void, Never>] = []

    func acquire() async {
        if !busy { busy = true; return }
        await withCheckedContinuation { waiting.append($0) }
    }

    func release() {
        if waiting.isEmpty { busy = false } else { waiting.removeFirst().resume() }
    }
}
