import Foundation

extension XLSX {
    /// A workbook of several sheets, in order: each sheet's first row is its bold header (as in
    /// `workbook(sheetName:rows:)`), text kept as written, line breaks included. `widths` gives
    /// each sheet's column widths in characters, when wanted.
    static func workbook(sheets: [(name: String, rows: [[Cell]])], widths: [String: [Int]] = [:]) throws -> Data {
        try build(parts: bookParts(sheetNames: sheets.map(\.name)),
                  sheets: sheets.map { (bookSheetHead(widths: widths[$0.name] ?? []), $0.rows, true) })
    }

    /// A sheet's head with the header row frozen and the given column widths.
    static func bookSheetHead(widths: [Int]) -> String {
        let cols = widths.isEmpty ? "" : "<cols>" + widths.enumerated().map { i, w in
            "<col min=\"\(i + 1)\" max=\"\(i + 1)\" width=\"\(w)\" customWidth=\"1\"/>"
        }.joined() + "</cols>"
        return #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">"#
            + #"<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/></sheetView></sheetViews>"#
            + cols + "<sheetData>"
    }

    /// The book's styles: `XLSX`'s, and one more that wraps text at its line breaks, top-aligned.
    static let wrapped = 2 + Style.formatted.count
    static var bookStyles: String {
        Style.xml.replacingOccurrences(of: "<cellXfs count=\"\(wrapped)\">", with: "<cellXfs count=\"\(wrapped + 1)\">")
            .replacingOccurrences(of: "</cellXfs>", with: #"<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0" applyAlignment="1"><alignment wrapText="1" vertical="top"/></xf></cellXfs>"#)
    }

    /// A sheet name Excel accepts: no `:\/?*[]`, at most 31 characters.
    static func sheetName(_ name: String) -> String {
        String(String(name.map { ":\\/?*[]".contains($0) ? "-" : $0 }).prefix(31))
    }

    /// Everything of a workbook but its sheets.
    static func bookParts(sheetNames: [String]) -> [(String, String)] {
        let indices = sheetNames.indices
        let overrides = indices.map { #"<Override PartName="/xl/worksheets/sheet\#($0 + 1).xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>"# }.joined()
        let sheets = indices.map { #"<sheet name=""# + escape(sheetName(sheetNames[$0])) + #"" sheetId="\#($0 + 1)" r:id="rId\#($0 + 1)"/>"# }.joined()
        let rels = indices.map { #"<Relationship Id="rId\#($0 + 1)" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet\#($0 + 1).xml"/>"# }.joined()
        let styles = sheetNames.count + 1
        return [
            ("[Content_Types].xml", #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>"# + overrides + #"<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/></Types>"#),
            ("_rels/.rels", #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#),
            ("xl/workbook.xml", #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>"# + sheets + "</sheets></workbook>"),
            ("xl/_rels/workbook.xml.rels", #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">"# + rels + #"<Relationship Id="rId\#(styles)" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>"#),
            ("xl/styles.xml", bookStyles),
        ]
    }
}
