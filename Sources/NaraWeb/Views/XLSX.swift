import Foundation
import ZIPFoundation

/// A single-sheet Office Open XML workbook (.xlsx): text as inline strings, numbers as numbers,
/// a bold header row. Built in memory with ZIPFoundation.
enum XLSX {
    static let contentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

    enum Cell {
        case text(String)
        case number(Decimal)
    }

    static func escape(_ s: String) -> String {
        var out = ""
        for ch in s.unicodeScalars {
            switch ch {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            default:
                // XML 1.0 forbids most control characters.
                if ch.value < 0x20 && ch != "\t" && ch != "\n" && ch != "\r" { continue }
                out.unicodeScalars.append(ch)
            }
        }
        return out
    }

    static func column(_ index: Int) -> String {
        var n = index + 1, name = ""
        while n > 0 { let r = (n - 1) % 26; name = String(UnicodeScalar(65 + r)!) + name; n = (n - 1) / 26 }
        return name
    }

    static let sheetHead = #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>"#
    static let sheetFoot = "</sheetData></worksheet>"

    /// One row's XML; `r` is 0-based, row 0 is the bold header.
    static func rowXML(_ row: [Cell], r: Int) -> String {
        var xml = "<row r=\"\(r + 1)\">"
        for (c, cell) in row.enumerated() {
            let ref = column(c) + String(r + 1)
            let style = r == 0 ? " s=\"1\"" : ""
            switch cell {
            case .text(let t): xml += "<c r=\"\(ref)\" t=\"inlineStr\"\(style)><is><t xml:space=\"preserve\">\(escape(t))</t></is></c>"
            case .number(let n): xml += "<c r=\"\(ref)\"\(style)><v>\(n)</v></c>"
            }
        }
        return xml + "</row>"
    }

    static func sheetXML(_ rows: [[Cell]]) -> String {
        sheetHead + rows.enumerated().map { rowXML($1, r: $0) }.joined() + sheetFoot
    }

    /// The workbook's bytes.
    static func workbook(sheetName: String, rows: [[Cell]]) throws -> Data {
        let files = parts(sheetName: sheetName) + [("xl/worksheets/sheet1.xml", sheetXML(rows))]
        let archive = try Archive(data: Data(), accessMode: .create)
        for (path, text) in files { try add(text, at: path, to: archive) }
        guard let bytes = archive.data else { throw XLSXError() }
        return bytes
    }

    static func add(_ text: String, at path: String, to archive: Archive) throws {
        let data = Data(text.utf8)
        try archive.addEntry(with: path, type: .file, uncompressedSize: Int64(data.count), compressionMethod: .deflate) { position, size in
            data.subdata(in: Int(position)..<Int(position) + size)
        }
    }

    /// Everything of a one-sheet workbook but the sheet.
    static func parts(sheetName: String) -> [(String, String)] {
        [
            ("[Content_Types].xml", #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/></Types>"#),
            ("_rels/.rels", #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#),
            ("xl/workbook.xml", #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name=""# + escape(String(String(sheetName.map { ":\\/?*[]".contains($0) ? "-" : $0 }).prefix(31))) + #"" sheetId="1" r:id="rId1"/></sheets></workbook>"#),
            ("xl/_rels/workbook.xml.rels", #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>"#),
            ("xl/styles.xml", #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><fonts count="2"><font><sz val="11"/><name val="Calibri"/></font><font><b/><sz val="11"/><name val="Calibri"/></font></fonts><fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills><borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs><cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/></cellXfs></styleSheet>"#),
        ]
    }

    struct XLSXError: Error {}

    /// Writes a workbook of any size to a temporary file, a row at a time: the sheet is written to
    /// disk as it grows and then compressed into the workbook from there, so memory does not
    /// grow with the number of rows.
    final class FileWriter {
        let directory: URL
        private let handle: FileHandle
        private var buffer = ""
        private(set) var rowCount = 0

        init() throws {
            directory = FileManager.default.temporaryDirectory.appendingPathComponent("nara-xlsx-" + UUID().uuidString)
            let sheetDir = directory.appendingPathComponent("xl/worksheets")
            try FileManager.default.createDirectory(at: sheetDir, withIntermediateDirectories: true)
            let sheet = sheetDir.appendingPathComponent("sheet1.xml")
            FileManager.default.createFile(atPath: sheet.path, contents: nil)
            handle = try FileHandle(forWritingTo: sheet)
            buffer = XLSX.sheetHead
        }

        func append(_ row: [Cell]) throws {
            buffer += XLSX.rowXML(row, r: rowCount)
            rowCount += 1
            if buffer.utf8.count > 1 << 20 { try flush() }
        }

        private func flush() throws {
            try handle.write(contentsOf: Data(buffer.utf8))
            buffer = ""
        }

        /// Closes the sheet and builds the workbook; returns its file (inside `directory`).
        func finish(sheetName: String) throws -> URL {
            buffer += XLSX.sheetFoot
            try flush()
            try handle.close()
            let book = directory.appendingPathComponent("book.xlsx")
            let archive = try Archive(url: book, accessMode: .create)
            for (path, text) in XLSX.parts(sheetName: sheetName) { try XLSX.add(text, at: path, to: archive) }
            try archive.addEntry(with: "xl/worksheets/sheet1.xml", relativeTo: directory, compressionMethod: .deflate)
            return book
        }

        func discard() { try? FileManager.default.removeItem(at: directory) }
    }
}
