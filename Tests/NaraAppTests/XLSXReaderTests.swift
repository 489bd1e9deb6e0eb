import Foundation
import NaraCore
import Testing
import ZIPFoundation
@testable import NaraWeb

@Suite("Reading .xlsx workbooks: shared and inline strings, numbers, booleans, cells by reference; never a crash")
struct XLSXReaderTests {
    static let main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"

    /// A workbook as Excel writes one: shared strings with rich text runs, a relation to an
    /// absolute target, cells and rows left out.
    static func excelLike(sheet: String) throws -> Data {
        let archive = try Archive(data: Data(), accessMode: .create)
        let parts = [
            ("xl/workbook.xml", #"<?xml version="1.0"?><workbook xmlns="\#(main)" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="survey" sheetId="4" r:id="rId7"/></sheets></workbook>"#),
            ("xl/_rels/workbook.xml.rels", #"<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId7" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="/xl/worksheets/ark1.xml"/></Relationships>"#),
            ("xl/sharedStrings.xml", #"<?xml version="1.0"?><sst xmlns="\#(main)" count="2" uniqueCount="2"><si><t>name</t></si><si><r><rPr><b/></rPr><t xml:space="preserve">Hej </t></r><r><t>då &amp; &lt;b&gt;</t></r><rPh><t>x</t></rPh></si></sst>"#),
            ("xl/worksheets/ark1.xml", sheet),
        ]
        for (path, text) in parts { try XLSX.add(text, at: path, to: archive) }
        return try #require(archive.data)
    }

    @Test("shared strings with rich text, inline strings, whole numbers without .0, booleans; cells and rows placed by reference, none beyond column CV")
    func reads() throws {
        let sheet = #"<worksheet xmlns="\#(Self.main)"><sheetData><row r="1"><c r="A1" t="s"><v>0</v></c><c r="C1" t="inlineStr"><is><t>typ</t></is></c></row>"#
            + #"<row r="3"><c r="B3" t="s"><v>1</v></c><c r="C3"><v>12.0</v></c><c r="D3"><v>3.5</v></c><c r="E3" t="b"><v>1</v></c><c r="F3" t="str"><v>formel</v></c><c r="XFD3" t="inlineStr"><is><t>långt bort</t></is></c></row></sheetData></worksheet>"#
        let sheets = try XLSXReader.sheets(try Self.excelLike(sheet: sheet))
        #expect(sheets == ["survey": [["name", "", "typ"], [], ["", "Hej då & <b>", "12", "3.5", "TRUE", "formel"]]])
    }

    @Test("what Nära writes it reads back, hostile text and line breaks included")
    func writesAndReads() throws {
        let nasty = "<script>alert('x')</script> \"citat\" & ''\nny rad\n\nstycke"
        let book = try XLSX.workbook(sheets: [("settings", [[.text("a"), .text(nasty)]]), ("tomt", [[.text("rubrik")]])])
        #expect(try XLSXReader.sheets(book) == ["settings": [["a", nasty]], "tomt": [["rubrik"]]])
    }

    @Test("a file that is not a workbook, or too large, is refused in Swedish")
    func refuses() throws {
        for bytes in [Data("kod;namn\n1;Ett\n".utf8), Data(), Data("PK\u{3}\u{4}trasig".utf8)] {
            #expect { try XLSXReader.sheets(bytes) } throws: { ($0 as? XLSXReader.Failure)?.message == "Filen är ingen Excel-arbetsbok (.xlsx)." }
        }
        let archive = try Archive(data: Data(), accessMode: .create)
        try XLSX.add("ingen arbetsbok", at: "readme.txt", to: archive)
        #expect { try XLSXReader.sheets(archive.data!) } throws: { ($0 as? XLSXReader.Failure)?.message == "Filen är ingen Excel-arbetsbok (.xlsx)." }
        #expect { try XLSXReader.sheets(Data(count: XLSXReader.largestFile + 1)) } throws: {
            ($0 as? XLSXReader.Failure)?.message == "Filen är för stor; en arbetsbok får vara högst 5 MB."
        }
        let rows = (1...5_001).map { #"<row r="\#($0)"><c t="inlineStr"><is><t>x</t></is></c></row>"# }.joined()
        let long = try Self.excelLike(sheet: #"<worksheet xmlns="\#(Self.main)"><sheetData>"# + rows + "</sheetData></worksheet>")
        #expect { try XLSXReader.sheets(long) } throws: {
            ($0 as? XLSXReader.Failure)?.message == "Bladet survey har fler än 5 000 rader; så stora arbetsböcker läses inte."
        }
    }
}

extension XLSXReaderTests {
    @Test("a text with line breaks wraps in the book, not in the header; a cell after an empty one names its column; spaces at the ends are kept")
    func wrapping() throws {
        #expect(XLSX.bookStyles.contains(#"<cellXfs count="12">"#) && XLSX.bookStyles.contains(#"<alignment wrapText="1" vertical="top"/></xf></cellXfs>"#))
        let row: [XLSX.Cell] = [.text("a"), .number(12), .empty, .text("två\nrader"), .text(" kant ")]
        var book = SheetWriter()
        book.wrapsText = true
        book.row([.text("rubrik\nmed radbrytning"), .empty, .number(1)])
        book.row(row)
        #expect(String(decoding: book.out.bytes, as: UTF8.self) ==
            #"<row r="1"><c s="1" t="inlineStr"><is><t>rubrik"# + "\n" + #"med radbrytning</t></is></c><c r="C1" s="1"><v>1</v></c></row>"#
            + #"<row r="2"><c t="inlineStr"><is><t>a</t></is></c><c><v>12</v></c><c r="D2" s="11" t="inlineStr"><is><t>två"# + "\n"
            + #"rader</t></is></c><c t="inlineStr"><is><t xml:space="preserve"> kant </t></is></c></row>"#)
    }
}
