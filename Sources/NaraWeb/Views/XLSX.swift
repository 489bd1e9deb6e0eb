import Foundation
import NaraCore
import ZIPFoundation

/// A single-sheet Office Open XML workbook (.xlsx): text as inline strings, numbers, amounts,
/// shares and dates as numbers with a number format (so Excel sums and sorts them), an empty
/// cell left out, a bold header row. Written by `SheetWriter` into a `ZipStream`.
enum XLSX {
    static let contentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

    /// One cell's typed value: what a download holds, whatever the page shows.
    enum Cell: Sendable {
        case text(String)
        case number(Decimal)
        /// Kronor, formatted `# ##0 kr` (with öre only when there are any).
        case money(Decimal)
        /// A fraction (0,667 for 66,7 %), formatted as per cent with `decimals` decimals.
        case percent(Decimal, decimals: Int)
        /// A day, formatted `yyyy-mm-dd`.
        case day(CivilDate)
        /// A moment, in Swedish time, formatted `yyyy-mm-dd hh:mm`.
        case time(Date)
        /// Nothing: the cell is left out.
        case empty

        /// An amount of money in kronor.
        static func kronor(_ m: Money) -> Cell { .money(Decimal(m.ore) / 100) }
    }

    /// The cell formats of `styles.xml`, by their index in `cellXfs`.
    enum Style {
        static let header = 1
        static let kronor = 2
        static let kronorOre = 3
        static let day = 4
        static let time = 5
        /// Per cent with 0…4 decimals: `percent + decimals`.
        static let percent = 6
        static let percentDecimals = 0...4

        static let numberFormats = [(164, "#,##0 &quot;kr&quot;"), (165, "#,##0.00 &quot;kr&quot;"), (166, "yyyy-mm-dd"), (167, "yyyy-mm-dd hh:mm"),
                                    (168, "0 %"), (169, "0.0 %"), (170, "0.00 %"), (171, "0.000 %"), (172, "0.0000 %")]
        /// `cellXfs` from index 2 on, in `Style` order: the number format of each.
        static let formatted = [164, 165, 166, 167, 168, 169, 170, 171, 172]

        static var xml: String {
            let fmts = numberFormats.map { "<numFmt numFmtId=\"\($0.0)\" formatCode=\"\($0.1)\"/>" }.joined()
            let xfs = formatted.map { "<xf numFmtId=\"\($0)\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\" applyNumberFormat=\"1\"/>" }.joined()
            return #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">"#
                + "<numFmts count=\"\(numberFormats.count)\">\(fmts)</numFmts>"
                + #"<fonts count="2"><font><sz val="11"/><name val="Calibri"/></font><font><b/><sz val="11"/><name val="Calibri"/></font></fonts><fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills><borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>"#
                + "<cellXfs count=\"\(2 + formatted.count)\">"
                + #"<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>"#
                + xfs + #"</cellXfs><cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>"#
        }
    }

    /// Excel's serial day: days since 30 December 1899 (so 1 = 31 December 1899, as Excel counts
    /// from 1900 on).
    static func serial(_ d: CivilDate) -> Int {
        // Days from civil (Howard Hinnant's algorithm), relative to 1899-12-30.
        func days(_ y: Int, _ m: Int, _ d: Int) -> Int {
            let y = m <= 2 ? y - 1 : y
            let era = (y >= 0 ? y : y - 399) / 400
            let yoe = y - era * 400
            let doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1
            let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
            return era * 146_097 + doe
        }
        return days(d.year, d.month, d.day) - days(1899, 12, 30)
    }

    /// A moment as Excel's serial day with the time of day in Swedish time as its fraction, to
    /// the second.
    static func serial(_ t: Date) -> Decimal {
        let c = SwedishDateTime.calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: t)
        let day = CivilDate(year: c.year ?? 1970, month: c.month ?? 1, day: c.day ?? 1) ?? .make(1970, 1, 1)
        let seconds = (c.hour ?? 0) * 3600 + (c.minute ?? 0) * 60 + (c.second ?? 0)
        var fraction = Decimal(seconds) / 86_400, rounded = Decimal()
        NSDecimalRound(&rounded, &fraction, 10, .plain)
        return Decimal(serial(day)) + rounded
    }

    /// Text for XML, by `ByteOutput`'s rules: `&<>"` as entities, forbidden control characters left out.
    static func escape(_ s: String) -> String {
        var out = ByteOutput(capacity: s.utf8.count)
        out.append(xmlEscaped: s)
        return String(decoding: out.bytes, as: UTF8.self)
    }

    static func column(_ index: Int) -> String {
        var n = index + 1, name = ""
        while n > 0 { let r = (n - 1) % 26; name = String(UnicodeScalar(65 + r)!) + name; n = (n - 1) / 26 }
        return name
    }

    static let sheetHead = #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>"#
    static let sheetFoot = "</sheetData></worksheet>"

    /// The time a small workbook's parts are stamped with, so the same table gives the same bytes.
    static let stamp = Date(timeIntervalSince1970: 315_532_800)  // 1980-01-01, ZIP's first day

    /// The workbook's bytes.
    static func workbook(sheetName: String, rows: [[Cell]]) throws -> Data {
        try build(parts: parts(sheetName: sheetName), sheets: [(sheetHead, rows, false)])
    }

    /// A workbook of `parts` and sheets (`sheet1.xml`, …), each its head, its rows and whether text
    /// with line breaks wraps, written by `SheetWriter` into a `ZipStream` in memory.
    static func build(parts: [(String, String)], sheets: [(head: String, rows: [[Cell]], wraps: Bool)]) throws -> Data {
        var out = ByteOutput()
        let zip = ZipStream(modified: stamp)
        for (path, text) in parts { try zip.add(path, text: text, into: &out) }
        for (i, sheet) in sheets.enumerated() {
            try zip.begin("xl/worksheets/sheet\(i + 1).xml", into: &out)
            var writer = SheetWriter()
            writer.wrapsText = sheet.wraps
            writer.out.append(text: sheet.head)
            for row in sheet.rows { writer.row(row) }
            writer.out.append(text: sheetFoot)
            try zip.write(writer.out, into: &out)
            try zip.end(into: &out)
        }
        try zip.finish(into: &out)
        return Data(out.bytes)
    }

    /// One entry added to a ZIPFoundation archive (the tests build foreign workbooks with it).
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
            ("xl/styles.xml", Style.xml),
        ]
    }
}

extension Decimal {
    /// Rounded half away from zero to `scale` decimals.
    func roundedHalfUp(_ scale: Int) -> Decimal {
        var value = self, out = Decimal()
        NSDecimalRound(&out, &value, scale, .plain)
        return out
    }
}
