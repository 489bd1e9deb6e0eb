import Fluent
import Foundation
import NaraCore
import NaraPersistence
import NIOCore
import SQLKit
import Vapor

/// The full export of a questionnaire's answers in a year: wide (one row per recipient, one
/// column per question) or long (one row per answer), as CSV streamed while it is read, or as
/// an Excel workbook written to a temporary file and streamed from there. Reports are read a
/// slice at a time, so memory stays flat whatever the volume.
enum FollowUpExport {
    enum Layout: String { case wide = "bred", long = "lang" }
    static let slice = 200

    struct ReportHead: Sendable {
        let id: UUID
        let organisation: String
        let county: String
        let kind: String
        let submittedAt: Date
        let version: Int
        let year: Int
    }

    /// One slice of the reports to export, by year and recipient; `year` nil for every year.
    /// Read from the one-row-per-report table a slice at a time, so an export never holds the
    /// list of every report.
    static func heads(formKey: String, year: Int?, offset: Int, limit: Int, on db: any Database) async throws -> [ReportHead] {
        let q = FollowUpStore.sql(db).select()
            .columns("report_id", "organisation_name", "county_code", "organisation_kind", "submitted_at", "version", "year")
            .from(FollowUpReportModel.schema).where("form_key", .equal, SQLBind(formKey))
        if let year { q.where("year", .equal, SQLBind(year)) }
        let rows = try await q.orderBy("year").orderBy("organisation_name").orderBy("report_id").limit(limit).offset(offset).all()
        return try rows.map {
            ReportHead(id: try $0.decode(column: "report_id", as: UUID.self), organisation: try $0.decode(column: "organisation_name", as: String.self),
                       county: try $0.decode(column: "county_code", as: String.self), kind: try $0.decode(column: "organisation_kind", as: String.self),
                       submittedAt: try $0.decode(column: "submitted_at", as: Date.self), version: try $0.decode(column: "version", as: Int.self),
                       year: try $0.decode(column: "year", as: Int.self))
        }
    }

    /// Calls `body` with each slice of reports and their answers, in export order.
    static func eachSlice(formKey: String, year: Int?, on db: any Database, _ body: ([ReportHead], [UUID: [Item]]) async throws -> Void) async throws {
        var offset = 0
        while true {
            let part = try await heads(formKey: formKey, year: year, offset: offset, limit: slice, on: db)
            if part.isEmpty { return }
            try await body(part, try await items(part.map(\.id), on: db))
            if part.count < slice { return }
            offset += part.count
        }
    }

    struct Item: Sendable { let question: String; let value: String; let number: Int64?; let comment: String }

    static func items(_ reports: [UUID], on db: any Database) async throws -> [UUID: [Item]] {
        let rows = try await FollowUpStore.sql(db).select().columns("report_id", "question_id", "item", "value", "number", "comment")
            .from(FollowUpValueModel.schema).where("report_id", .in, SQLBind.group(reports))
            .orderBy("report_id").orderBy("question_id").orderBy("item").all()
        var out: [UUID: [Item]] = [:]
        for r in rows {
            out[try r.decode(column: "report_id", as: UUID.self), default: []].append(
                Item(question: try r.decode(column: "question_id", as: String.self), value: try r.decode(column: "value", as: String.self),
                     number: try r.decode(column: "number", as: Int64?.self), comment: try r.decode(column: "comment", as: String.self)))
        }
        return out
    }

    /// A number the way a spreadsheet should hold it: kronor for amounts, per cent for percentages.
    static func spreadsheetNumber(_ n: Int64, _ q: Question?) -> Decimal {
        switch q?.type {
        case .amount, .percent: return Decimal(n) / 100
        default: return Decimal(n)
        }
    }

    /// An answer's number as a cell: kronor with the kronor format for amounts.
    static func spreadsheetCell(_ n: Int64, _ q: Question?) -> XLSX.Cell {
        q?.type == .amount ? .money(spreadsheetNumber(n, q)) : .number(spreadsheetNumber(n, q))
    }

    /// Text as a cell; nothing written is an empty cell.
    static func textCell(_ t: String) -> XLSX.Cell { t.isEmpty ? .empty : .text(t) }

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

    static func rows(_ layout: Layout, _ def: FormDefinition, head: ReportHead, items: [Item]) -> [[XLSX.Cell]] {
        let county = Geography.shipped.county(head.county)?.name ?? head.county
        let kind = OrganisationKind(rawValue: head.kind)?.swedishName ?? head.kind
        let lead: [XLSX.Cell] = [.number(Decimal(head.year)), .text(head.organisation), .text(county), .text(kind), .time(head.submittedAt), .number(Decimal(head.version))]
        switch layout {
        case .wide:
            let byQuestion = Dictionary(grouping: items, by: \.question)
            var row = lead
            for q in def.questions where q.type != .file {
                let answer = byQuestion[q.id] ?? []
                if answer.count == 1, let n = answer[0].number { row.append(spreadsheetCell(n, q)) } else {
                    row.append(textCell(answer.map(\.value).filter { !$0.isEmpty }.joined(separator: "; ")))
                }
                if q.comment != nil { row.append(textCell(answer.first?.comment ?? "")) }
            }
            return [row]
        case .long:
            return items.map { item in
                let q = def.question(item.question)
                return lead + [.text(q?.number ?? ""), .text(item.question), .text(q?.text ?? ""), textCell(item.value),
                               item.number.map { spreadsheetCell($0, q) } ?? .empty, textCell(item.comment)]
            }
        }
    }

    static func csvLine(_ cells: [XLSX.Cell]) -> String {
        CSVWriter.line(cells.map(CSVWriter.cell))
    }

    static func respond(_ req: Request, formKey: String, year: Int?, definition def: FormDefinition, layout: Layout, format: String) async throws -> Response {
        let filename = "nara-\(formKey)-\(year.map(String.init) ?? "alla-ar")-\(layout.rawValue)"
        let db = req.analysisDB
        let pool = req.application.threadPool
        // Exports take turns (see `ExportGate`); the rows are built and written in the thread
        // pool, not on the threads that run every request's tasks.
        if format == "xlsx" {
            await ExportGate.shared.acquire()
            defer { Task { await ExportGate.shared.release() } }
            let writer = try XLSX.FileWriter()
            do {
                try writer.append(header(layout, def).map { .text($0) })
                try await eachSlice(formKey: formKey, year: year, on: db) { part, items in
                    try await pool.runIfActive {
                        for h in part { for row in rows(layout, def, head: h, items: items[h.id] ?? []) { try writer.append(row) } }
                    }
                }
                let sheetName = "Svar \(year.map(String.init) ?? "alla år")"
                let book = try await pool.runIfActive { try writer.finish(sheetName: sheetName) }
                let response = try await req.fileio.streamFile(at: book.path, mediaType: .init(type: "application", subType: "vnd.openxmlformats-officedocument.spreadsheetml.sheet")) { _ in
                    writer.discard()
                }
                response.headers.replaceOrAdd(name: .contentDisposition, value: "attachment; filename=\"\(filename).xlsx\"")
                return response
            } catch {
                writer.discard()
                throw error
            }
        }
        let headers = CSVWriter.headers(filename: filename + ".csv")
        let head = CSVWriter.byteOrderMark + csvLine(header(layout, def).map { .text($0) })
        return Response(status: .ok, headers: headers, body: .init(asyncStream: { writer in
            // Taken once the body is being sent, so a response never sent holds no turn.
            await ExportGate.shared.acquire()
            do {
                try await writer.writeBuffer(ByteBuffer(string: head))
                try await eachSlice(formKey: formKey, year: year, on: db) { part, items in
                    let chunk = try await pool.runIfActive {
                        var chunk = ""
                        for h in part { for row in rows(layout, def, head: h, items: items[h.id] ?? []) { chunk += csvLine(row) } }
                        return chunk
                    }
                    try await writer.writeBuffer(ByteBuffer(string: chunk))
                }
                try await writer.write(.end)
            } catch {
                try? await writer.write(.error(error))
            }
            await ExportGate.shared.release()
        }))
    }
}

extension XLSX.FileWriter: @unchecked Sendable {}

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
