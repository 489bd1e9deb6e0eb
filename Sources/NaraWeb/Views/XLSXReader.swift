import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import ZIPFoundation

/// Reads an Office Open XML workbook (.xlsx) into its sheets' cells as text, by sheet name: shared
/// strings (rich text runs joined), inline strings, numbers (whole numbers without `.0`) and
/// booleans, each cell in the column its reference (`C7`) names; cells not there are "".
/// Anything that is not a workbook is refused with a Swedish sentence, never a crash.
enum XLSXReader {
    /// The largest workbook read, and the most rows a sheet may have.
    static let largestFile = 5 * 1024 * 1024
    static let mostRows = 5_000
    /// Cells right of this many columns are left out (a questionnaire's sheets use 15), so a
    /// stray cell at column XFD cannot make every row 16 384 cells long.
    static let mostColumns = 100
    /// The most a part may hold once unpacked (a zip bomb stops here).
    static let largestPart = 50 * 1024 * 1024

    struct Failure: Error, CustomStringConvertible {
        let message: String
        var description: String { message }
        static let notWorkbook = Failure(message: "Filen är ingen Excel-arbetsbok (.xlsx).")
    }

    static func sheets(_ data: Data) throws -> [String: [[String]]] {
        guard data.count <= largestFile else {
            throw Failure(message: "Filen är för stor; en arbetsbok får vara högst \(largestFile / 1024 / 1024) MB.")
        }
        guard data.count > 4, data.prefix(2) == Data("PK".utf8), let archive = try? Archive(data: data, accessMode: .read) else {
            throw Failure.notWorkbook
        }
        func part(_ path: String) throws -> Data? {
            guard let entry = archive[path] else { return nil }
            guard entry.uncompressedSize <= UInt64(largestPart) else { throw Failure(message: "Arbetsboken är för stor för att läsas.") }
            var out = Data()
            // The size a zip declares may lie: stop when what is unpacked grows past the limit.
            do {
                _ = try archive.extract(entry, skipCRC32: false) { chunk in
                    out.append(chunk)
                    if out.count > largestPart { throw Failure(message: "Arbetsboken är för stor för att läsas.") }
                }
            } catch let failure as Failure { throw failure } catch { throw Failure.notWorkbook }
            return out
        }
        guard let workbook = try part("xl/workbook.xml") else { throw Failure.notWorkbook }
        let relations = try part("xl/_rels/workbook.xml.rels").map(parseRelations) ?? [:]
        let shared = try part("xl/sharedStrings.xml").map(parseSharedStrings) ?? []
        var out: [String: [[String]]] = [:]
        for (name, rid) in try parseSheetList(workbook) {
            guard let target = relations[rid] else { continue }
            let path = target.hasPrefix("/") ? String(target.dropFirst()) : "xl/" + target
            guard let xml = try part(path) else { continue }
            out[name] = try parseSheet(xml, shared: shared, name: name)
        }
        return out
    }

    /// Runs an XMLParser over a part with a delegate; a malformed part is not a workbook.
    static func run(_ data: Data, _ delegate: some XMLParserDelegate) throws {
        let parser = XMLParser(data: data)
        parser.delegate = delegate
        parser.shouldProcessNamespaces = false
        parser.shouldResolveExternalEntities = false
        guard parser.parse() else {
            if let stop = (delegate as? SheetParser)?.stop { throw stop }
            throw Failure.notWorkbook
        }
    }

    /// A name without its namespace prefix (`x:row` → `row`).
    static func local(_ name: String) -> String { name.split(separator: ":").last.map(String.init) ?? name }

    final class Collector: NSObject, XMLParserDelegate {
        let onStart: (String, [String: String]) -> Void
        init(_ onStart: @escaping (String, [String: String]) -> Void) { self.onStart = onStart }
        func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String] = [:]) {
            onStart(XLSXReader.local(name), attributes)
        }
    }

    /// Sheet names and their relation ids, in the workbook's order.
    static func parseSheetList(_ data: Data) throws -> [(String, String)] {
        var sheets: [(String, String)] = []
        try run(data, Collector { name, attributes in
            guard name == "sheet", let sheet = attributes["name"] else { return }
            let rid = attributes.first { local($0.key) == "id" && $0.key != "sheetId" }?.value
            if let rid { sheets.append((sheet, rid)) }
        })
        return sheets
    }

    static func parseRelations(_ data: Data) throws -> [String: String] {
        var relations: [String: String] = [:]
        try run(data, Collector { name, attributes in
            if name == "Relationship", let id = attributes["Id"], let target = attributes["Target"] { relations[id] = target }
        })
        return relations
    }

    /// The shared strings, each `<si>` as one text (rich text runs joined; phonetic runs left out).
    static func parseSharedStrings(_ data: Data) throws -> [String] {
        let parser = TextParser(item: "si")
        try run(data, parser)
        return parser.items
    }

    static func parseSheet(_ data: Data, shared: [String], name: String) throws -> [[String]] {
        let parser = SheetParser(shared: shared, name: name)
        try run(data, parser)
        return parser.rows
    }

    /// Collects the text of `<t>` inside each `item`, outside `<rPh>` (phonetic hints).
    final class TextParser: NSObject, XMLParserDelegate {
        let item: String
        var items: [String] = []
        var current = "", inText = false, phonetic = false

        init(item: String) { self.item = item }

        func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String] = [:]) {
            switch XLSXReader.local(name) {
            case item: current = ""
            case "t": inText = true
            case "rPh": phonetic = true
            default: break
            }
        }

        func parser(_ parser: XMLParser, foundCharacters string: String) { if inText && !phonetic { current += string } }

        func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
            switch XLSXReader.local(name) {
            case item: items.append(current)
            case "t": inText = false
            case "rPh": phonetic = false
            default: break
            }
        }
    }

    /// Reads `<row>`/`<c>` into a grid; a cell's place comes from its reference when it has one.
    final class SheetParser: NSObject, XMLParserDelegate {
        let shared: [String]
        let name: String
        var rows: [[String]] = []
        var stop: Failure?
        private var rowIndex = -1, column = 0
        private var type = "", value = "", text = "", inValue = false, inText = false, inInline = false, phonetic = false

        init(shared: [String], name: String) { self.shared = shared; self.name = name }

        /// `C7` → (column 2, row 6), 0-based.
        static func reference(_ ref: String) -> (column: Int, row: Int)? {
            var column = 0, digits = ""
            for ch in ref.uppercased() {
                if let a = ch.asciiValue, a >= 65, a <= 90, digits.isEmpty { column = column * 26 + Int(a - 64) }
                else if ch.isASCII, ch.isNumber { digits.append(ch) } else { return nil }
            }
            guard column > 0, column <= 16_384, let row = Int(digits), row >= 1 else { return nil }
            return (column - 1, row - 1)
        }

        func parser(_ parser: XMLParser, didStartElement element: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String] = [:]) {
            switch XLSXReader.local(element) {
            case "row":
                let r = attributes["r"].flatMap(Int.init).map { $0 - 1 } ?? rowIndex + 1
                rowIndex = max(r, rowIndex + 1)
                column = 0
                if rowIndex >= XLSXReader.mostRows {
                    stop = Failure(message: "Bladet \(name) har fler än 5 000 rader; så stora arbetsböcker läses inte.")
                    parser.abortParsing()
                }
            case "c":
                if let ref = attributes["r"].flatMap(Self.reference) { column = ref.column; if ref.row > rowIndex { rowIndex = ref.row } }
                type = attributes["t"] ?? "n"; value = ""; text = ""
            case "v": inValue = true
            case "is": inInline = true
            case "t": inText = true
            case "rPh": phonetic = true
            default: break
            }
        }

        func parser(_ parser: XMLParser, foundCharacters string: String) {
            if inValue { value += string } else if inInline && inText && !phonetic { text += string }
        }

        func parser(_ parser: XMLParser, didEndElement element: String, namespaceURI: String?, qualifiedName: String?) {
            switch XLSXReader.local(element) {
            case "v": inValue = false
            case "is": inInline = false
            case "t": inText = false
            case "rPh": phonetic = false
            case "c":
                if rowIndex >= 0 && rowIndex < XLSXReader.mostRows { place(cellText()) }
                column += 1
            default: break
            }
        }

        func cellText() -> String {
            switch type {
            case "s": return Int(value.trimmingCharacters(in: .whitespaces)).flatMap { $0 >= 0 && $0 < shared.count ? shared[$0] : nil } ?? ""
            case "inlineStr": return text
            case "b": return value == "1" ? "TRUE" : "FALSE"
            case "str", "e": return value
            default: return XLSXReader.number(value)
            }
        }

        func place(_ s: String) {
            guard !s.isEmpty, column < XLSXReader.mostColumns else { return }
            while rows.count <= rowIndex { rows.append([]) }
            while rows[rowIndex].count <= column { rows[rowIndex].append("") }
            rows[rowIndex][column] = s
        }
    }

    /// A stored number as people typed it: `12`, not `12.0`; `1E-3` kept as Excel wrote it when not whole.
    static func number(_ raw: String) -> String {
        let v = raw.trimmingCharacters(in: .whitespaces)
        guard let d = Double(v), d.isFinite else { return v }
        if d == d.rounded(), abs(d) < 1e15 { return String(Int64(d)) }
        return v
    }
}
