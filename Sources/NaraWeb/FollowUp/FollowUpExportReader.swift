import Fluent
import Foundation
import NaraPersistence
import PostgresNIO
import SQLiteNIO
import SQLKit

/// Reads a slice's answers for the full export. On SQLite the rows are taken as SQLite steps
/// them, on its own thread, with no decoding through `Codable`: at 1,5 million answers the
/// generic row decoding (and parsing each row's report id as a UUID) cost more than writing and
/// compressing the whole workbook. On PostgreSQL the rows are decoded by PostgresNIO's typed
/// decoding, all five columns at once. Any other database goes through SQLKit.
enum FollowUpExportReader {
    static func items(for heads: [FollowUpExport.ReportHead], on db: any Database) async throws -> (items: [FollowUpExport.Item], ranges: [Range<Int>]) {
        if let sqlite = db as? any SQLiteDatabase {
            let collector = Collector(heads)
            let marks = Array(repeating: "?", count: heads.count).joined(separator: ",")
            let sql = "SELECT report_id, question_id, value, number, comment FROM \(FollowUpValueModel.schema) WHERE report_id IN (\(marks))"
                + " ORDER BY report_id, question_id, item"
            let binds = heads.map { SQLiteData.text($0.id.uuidString) }
            try await sqlite.withConnection { connection in
                try await connection.query(sql, binds) { row in collector.add(row) }
            }
            return collector.finish()
        }
        if let postgres = db as? any PostgresDatabase {
            var binds = PostgresBindings()
            binds.append(heads.map(\.id))
            let query = PostgresQuery(unsafeSQL: "SELECT report_id, question_id, value, number, comment FROM \(FollowUpValueModel.schema)"
                                      + " WHERE report_id = ANY($1) ORDER BY report_id, question_id, item", binds: binds)
            let index = Dictionary(heads.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { a, _ in a })
            let count = heads.count
            return try await postgres.withConnection { connection in
                connection.eventLoop.makeFutureWithTask {
                    var items: [FollowUpExport.Item] = []
                    var ranges = Array(repeating: 0..<0, count: count)
                    var current: UUID?, start = 0
                    let rows = try await connection.query(query, logger: connection.logger)
                    for try await (report, question, value, number, comment) in rows.decode((UUID, String, String, Int64?, String).self) {
                        if report != current {
                            if let current, let i = index[current] { ranges[i] = start..<items.count }
                            current = report
                            start = items.count
                        }
                        items.append(.init(question: question, value: value, number: number, comment: comment))
                    }
                    if let current, let i = index[current] { ranges[i] = start..<items.count }
                    return (items, ranges)
                }
            }.get()
        }
        let rows = try await FollowUpStore.sql(db).select().columns("report_id", "question_id", "item", "value", "number", "comment")
            .from(FollowUpValueModel.schema).where("report_id", .in, SQLBind.group(heads.map(\.id)))
            .orderBy("report_id").orderBy("question_id").orderBy("item").all()
        let index = Dictionary(heads.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { a, _ in a })
        var items: [FollowUpExport.Item] = []
        items.reserveCapacity(rows.count)
        var ranges = Array(repeating: 0..<0, count: heads.count)
        var current: UUID?, start = 0
        func close() { if let current, let i = index[current] { ranges[i] = start..<items.count } }
        for r in rows {
            let report = try r.decode(column: "report_id", as: UUID.self)
            if report != current { close(); current = report; start = items.count }
            items.append(.init(question: try r.decode(column: "question_id", as: String.self), value: try r.decode(column: "value", as: String.self),
                               number: try r.decode(column: "number", as: Int64?.self), comment: try r.decode(column: "comment", as: String.self)))
        }
        close()
        return (items, ranges)
    }

    /// Gathers rows as SQLite delivers them, one after the other on one thread.
    private final class Collector: @unchecked Sendable {
        private let index: [String: Int]
        private var items: [FollowUpExport.Item] = []
        private var ranges: [Range<Int>]
        private var current: String?
        private var start = 0

        init(_ heads: [FollowUpExport.ReportHead]) {
            index = Dictionary(heads.enumerated().map { ($1.id.uuidString, $0) }, uniquingKeysWith: { a, _ in a })
            ranges = Array(repeating: 0..<0, count: heads.count)
            items.reserveCapacity(heads.count * 64)
        }

        private func close() {
            if let current, let i = index[current] { ranges[i] = start..<items.count }
        }

        func add(_ row: SQLiteRow) {
            let report = row.column("report_id")?.string ?? ""
            if report != current { close(); current = report; start = items.count }
            var number: Int64?
            if case .integer(let n)? = row.column("number") { number = Int64(n) }
            items.append(.init(question: row.column("question_id")?.string ?? "", value: row.column("value")?.string ?? "",
                               number: number, comment: row.column("comment")?.string ?? ""))
        }

        func finish() -> ([FollowUpExport.Item], [Range<Int>]) {
            close()
            return (items, ranges)
        }
    }
}
