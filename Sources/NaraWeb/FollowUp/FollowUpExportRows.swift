import Foundation
import NaraCore

/// Writes a follow-up export's rows as bytes, a slice of reports at a time: into a worksheet
/// deflated into a ZIP stream, or into CSV. Used by one export at a time, one call after the
/// other (never two at once), hence `@unchecked Sendable`.
final class FollowUpExportRows: @unchecked Sendable {
    private let layout: FollowUpExport.Layout
    private let definition: FormDefinition
    private let sheetName: String
    private var sheet: SheetWriter?
    private var csv: CSVRowWriter?
    private let zip: ZipStream?
    private var out = ByteOutput(capacity: 1 << 18)

    /// The columns of the wide layout, in order: each question (not files) and whether a comment
    /// column follows it.
    private let questions: [Question]
    private let column: [String: Int]
    /// Where each question's answers are in the report being written: start and count, by column.
    private var starts: [Int]
    private var counts: [Int]
    private let countyNames: [String: String]
    private var kindNames: [String: String] = [:]

    init(layout: FollowUpExport.Layout, definition: FormDefinition, workbook: Bool, sheetName: String, modified: Date) throws {
        self.layout = layout
        self.definition = definition
        self.sheetName = sheetName
        if workbook { sheet = SheetWriter(); zip = ZipStream(modified: modified) } else { csv = CSVRowWriter(); zip = nil }
        questions = definition.questions.filter { $0.type != .file }
        column = Dictionary(questions.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { a, _ in a })
        starts = Array(repeating: 0, count: questions.count)
        counts = Array(repeating: 0, count: questions.count)
        countyNames = Dictionary(Geography.shipped.counties.map { ($0.code, $0.name) }, uniquingKeysWith: { a, _ in a })
    }

    /// The file's beginning: the workbook's parts and the sheet's head, or the byte order mark;
    /// and the header row.
    func start() throws -> [UInt8] {
        let header = FollowUpExport.header(layout, definition).map { XLSX.Cell.text($0) }
        if var sheet, let zip {
            for (path, text) in XLSX.parts(sheetName: sheetName) { try zip.add(path, text: text, into: &out) }
            try zip.begin("xl/worksheets/sheet1.xml", into: &out)
            sheet.out.append(text: XLSX.sheetHead)
            sheet.row(header)
            self.sheet = sheet
        } else if var csv {
            csv.out.append(text: CSVWriter.byteOrderMark)
            csv.row(header)
            self.csv = csv
        }
        return try drain()
    }

    /// One slice's rows; returns the bytes to send now.
    func write(_ part: FollowUpExport.Slice) throws -> [UInt8] {
        if var sheet {
            for (i, head) in part.heads.enumerated() { rows(&sheet, head, part.ranges[i], part) }
            self.sheet = sheet
        } else if var csv {
            for (i, head) in part.heads.enumerated() { rows(&csv, head, part.ranges[i], part) }
            self.csv = csv
        }
        return try drain()
    }

    /// The rest: the sheet's end and the archive's directory.
    func finish() throws -> [UInt8] {
        sheet?.out.append(text: XLSX.sheetFoot)
        var bytes = try drain()
        if let zip {
            try zip.end(into: &out)
            try zip.finish(into: &out)
            bytes += out.bytes
            out.removeAll()
        }
        return bytes
    }

    /// Takes what the writer holds: deflated into the archive, or as it is for CSV.
    private func drain() throws -> [UInt8] {
        if var sheet, let zip {
            try zip.write(sheet.out, into: &out)
            sheet.out.removeAll()
            self.sheet = sheet
            let bytes = out.bytes
            out.removeAll()
            return bytes
        }
        guard var csv else { return [] }
        let bytes = out.bytes + csv.out.bytes
        out.removeAll()
        csv.out.removeAll()
        self.csv = csv
        return bytes
    }

    private func lead<W: TableOutput>(_ w: inout W, _ head: FollowUpExport.ReportHead) {
        w.beginRow()
        w.integer(Int64(head.year))
        w.text(head.organisation)
        w.text(countyNames[head.county] ?? head.county)
        w.text(kindName(head.kind))
        w.cell(.time(head.submittedAt))
        w.integer(Int64(head.version))
    }

    private func kindName(_ raw: String) -> String {
        if let name = kindNames[raw] { return name }
        let name = OrganisationKind(rawValue: raw)?.swedishName ?? raw
        kindNames[raw] = name
        return name
    }

    /// A number as the spreadsheet holds it: kronor for amounts, per cent for percentages, both
    /// stored in hundredths.
    private func number<W: TableOutput>(_ w: inout W, _ n: Int64, _ q: Question?) {
        switch q?.type {
        case .amount: w.hundredths(n, kronor: true)
        case .percent: w.hundredths(n, kronor: false)
        default: w.integer(n)
        }
    }

    private func rows<W: TableOutput>(_ w: inout W, _ head: FollowUpExport.ReportHead, _ range: Range<Int>, _ part: FollowUpExport.Slice) {
        let items = part.items
        switch layout {
        case .wide:
            for i in counts.indices { counts[i] = 0 }
            for i in range {
                guard let c = column[items[i].question] else { continue }
                if counts[c] == 0 { starts[c] = i }
                counts[c] += 1
            }
            lead(&w, head)
            for (c, q) in questions.enumerated() {
                let n = counts[c], first = starts[c]
                if n == 1, let value = items[first].number {
                    number(&w, value, q)
                } else if n == 1 {
                    w.textOrEmpty(items[first].value)
                } else if n == 0 {
                    w.empty()
                } else {
                    w.joined(items[first..<first + n].map(\.value))
                }
                if q.comment != nil { if n > 0 { w.textOrEmpty(items[first].comment) } else { w.empty() } }
            }
            w.endRow()
        case .long:
            for i in range {
                let item = items[i]
                let q = column[item.question].map { questions[$0] } ?? definition.question(item.question)
                lead(&w, head)
                w.text(q?.number ?? "")
                w.text(item.question)
                w.text(q?.text ?? "")
                w.textOrEmpty(item.value)
                if let n = item.number { number(&w, n, q) } else { w.empty() }
                w.textOrEmpty(item.comment)
                w.endRow()
            }
        }
    }
}
