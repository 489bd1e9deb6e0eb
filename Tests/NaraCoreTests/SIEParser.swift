import NaraCore

/// An SIE 4 reader written for the tests, from the format's rules (SIE filformat 4B), sharing
/// nothing with `SIEWriter`: it decodes code page 437 from its own table, splits lines on CRLF,
/// tokenises fields (quoted strings with `\"` and `\\`, `{…}` object lists), and refuses a file
/// that breaks a rule an importing program relies on.
struct SIEFile {
    struct Row { let account: Int; let objects: String; let ore: Int64; let date: CivilDate?; let text: String }
    struct Voucher { let series: String; let number: String; let date: CivilDate; let text: String; var rows: [Row] }

    /// Every item outside vouchers, in file order: label and fields.
    var items: [(label: String, fields: [String])] = []
    var accounts: [Int: String] = [:]
    var accountTypes: [Int: String] = [:]
    var vouchers: [Voucher] = []

    func first(_ label: String) -> [String]? { items.first { $0.label == label }?.fields }

    /// The sum per account over all vouchers, in öre.
    var balances: [Int: Int64] {
        vouchers.flatMap(\.rows).reduce(into: [:]) { $0[$1.account, default: 0] += $1.ore }
    }
}

struct SIEParseError: Error, CustomStringConvertible {
    let line: Int
    let message: String
    var description: String { "line \(line): \(message)" }
}

enum SIEParser {
    /// Bytes 0x80–0xFF this reader knows (code page 437's letters a Nordic text uses); any other
    /// byte in the upper half is refused, so a wrong table in the writer cannot go unnoticed.
    static let upper: [UInt8: Character] = [
        0x80: "Ç", 0x81: "ü", 0x82: "é", 0x83: "â", 0x84: "ä", 0x85: "à", 0x86: "å", 0x87: "ç", 0x88: "ê", 0x89: "ë", 0x8A: "è",
        0x8E: "Ä", 0x8F: "Å", 0x90: "É", 0x91: "æ", 0x92: "Æ", 0x93: "ô", 0x94: "ö", 0x99: "Ö", 0x9A: "Ü", 0xA0: "á", 0xE1: "ß",
    ]

    static let identification = ["#FLAGGA", "#PROGRAM", "#FORMAT", "#GEN", "#SIETYP", "#PROSA", "#FTYP", "#FNR", "#ORGNR",
                                 "#BKOD", "#ADRESS", "#FNAMN", "#RAR", "#TAXAR", "#OMFATTN", "#KPTYP", "#VALUTA"]
    static let chart = ["#KONTO", "#KTYP", "#ENHET", "#SRU", "#DIM", "#UNDERDIM", "#OBJEKT"]

    static func parse(_ bytes: [UInt8]) throws -> SIEFile {
        var file = SIEFile()
        var lines: [[UInt8]] = [], current: [UInt8] = []
        var i = 0
        while i < bytes.count {
            let b = bytes[i]
            if b == 0x0D {
                guard i + 1 < bytes.count, bytes[i + 1] == 0x0A else { throw SIEParseError(line: lines.count + 1, message: "CR without LF") }
                lines.append(current); current = []; i += 2; continue
            }
            if b == 0x0A { throw SIEParseError(line: lines.count + 1, message: "LF without CR") }
            current.append(b); i += 1
        }
        guard current.isEmpty else { throw SIEParseError(line: lines.count + 1, message: "last line without CRLF") }

        var open: SIEFile.Voucher? = nil, expectBrace = false
        var section = 0 // 0 identification, 1 chart of accounts, 2 vouchers
        for (index, raw) in lines.enumerated() {
            let n = index + 1
            func fail(_ m: String) -> SIEParseError { SIEParseError(line: n, message: m) }
            let text = try decode(raw, line: n)
            let tokens = try tokenise(text, line: n)
            guard let label = tokens.first else { continue }
            let fields = Array(tokens.dropFirst())
            if expectBrace {
                guard label == "{", fields.isEmpty else { throw fail("#VER not followed by {") }
                expectBrace = false; continue
            }
            if label == "}" {
                guard let v = open else { throw fail("} outside a voucher") }
                let sum = v.rows.reduce(Int64(0)) { $0 + $1.ore }
                guard sum == 0 else { throw fail("voucher \(v.series) \(v.number) sums to \(sum) öre, not 0") }
                file.vouchers.append(v); open = nil; continue
            }
            if label == "#TRANS" {
                guard open != nil else { throw fail("#TRANS outside a voucher") }
                guard fields.count >= 3, let account = Int(fields[0]) else { throw fail("#TRANS needs account, object list, amount") }
                guard fields[1].hasPrefix("{"), fields[1].hasSuffix("}") else { throw fail("#TRANS object list not in {}") }
                guard file.accounts[account] != nil else { throw fail("account \(account) has no #KONTO") }
                let date = fields.count > 3 && !fields[3].isEmpty ? try self.date(fields[3], line: n) : nil
                open!.rows.append(.init(account: account, objects: fields[1], ore: try ore(fields[2], line: n), date: date,
                                        text: fields.count > 4 ? fields[4] : ""))
                continue
            }
            guard open == nil else { throw fail("\(label) inside a voucher") }
            guard label.hasPrefix("#") else { throw fail("line does not start with a label") }
            if label == "#VER" {
                section = 2
                guard fields.count >= 3 else { throw fail("#VER needs series, number, date") }
                open = .init(series: fields[0], number: fields[1], date: try date(fields[2], line: n), text: fields.count > 3 ? fields[3] : "", rows: [])
                expectBrace = true; continue
            }
            if chart.contains(label) {
                guard section <= 1 else { throw fail("\(label) after the vouchers") }
                section = 1
                if label == "#KONTO" {
                    guard fields.count == 2, let number = Int(fields[0]) else { throw fail("#KONTO needs number and name") }
                    file.accounts[number] = fields[1]
                }
                if label == "#KTYP" {
                    guard fields.count == 2, let number = Int(fields[0]), ["T", "S", "K", "I"].contains(fields[1]) else { throw fail("#KTYP needs number and T/S/K/I") }
                    file.accountTypes[number] = fields[1]
                }
            } else if identification.contains(label) {
                guard section == 0 else { throw fail("\(label) after the chart of accounts or vouchers") }
            }
            file.items.append((label, fields))
        }
        guard open == nil, !expectBrace else { throw SIEParseError(line: lines.count, message: "voucher not closed") }
        try checkHeader(file)
        return file
    }

    /// The mandatory items, in the mandatory order, with the values a PC8 type 4 file must have.
    static func checkHeader(_ file: SIEFile) throws {
        let mandatory = ["#FLAGGA", "#PROGRAM", "#FORMAT", "#GEN", "#SIETYP"]
        guard file.items.prefix(5).map(\.label) == mandatory else {
            throw SIEParseError(line: 1, message: "file does not start with \(mandatory)")
        }
        guard file.first("#FLAGGA") == ["0"] else { throw SIEParseError(line: 1, message: "#FLAGGA is not 0") }
        guard let program = file.first("#PROGRAM"), program.count == 2 else { throw SIEParseError(line: 2, message: "#PROGRAM needs name and version") }
        guard file.first("#FORMAT") == ["PC8"] else { throw SIEParseError(line: 3, message: "#FORMAT is not PC8") }
        guard let gen = file.first("#GEN"), !gen.isEmpty else { throw SIEParseError(line: 4, message: "#GEN without date") }
        _ = try date(gen[0], line: 4)
        guard file.first("#SIETYP") == ["4"] else { throw SIEParseError(line: 5, message: "#SIETYP is not 4") }
        guard let name = file.first("#FNAMN"), name.count == 1 else { throw SIEParseError(line: 0, message: "#FNAMN missing") }
        for rar in file.items.filter({ $0.label == "#RAR" }) {
            guard rar.fields.count == 3 else { throw SIEParseError(line: 0, message: "#RAR needs year number, start, end") }
            guard try date(rar.fields[1], line: 0) <= date(rar.fields[2], line: 0) else { throw SIEParseError(line: 0, message: "#RAR ends before it starts") }
        }
    }

    static func decode(_ bytes: [UInt8], line: Int) throws -> String {
        var s = ""
        for b in bytes {
            if b == 0x09 || (b >= 0x20 && b < 0x7F) { s.append(Character(Unicode.Scalar(b))) }
            else if let c = upper[b] { s.append(c) }
            else { throw SIEParseError(line: line, message: "byte \(b) not expected") }
        }
        return s
    }

    /// Fields separated by spaces or tabs; `"…"` with `\"` and `\\`; `{…}` as one field.
    static func tokenise(_ text: String, line: Int) throws -> [String] {
        var tokens: [String] = []
        var chars = Array(text)[...]
        while let c = chars.first {
            if c == " " || c == "\t" { chars.removeFirst(); continue }
            if c == "\"" {
                chars.removeFirst()
                var value = ""
                var closed = false
                while let d = chars.popFirst() {
                    if d == "\\", let next = chars.first, next == "\"" || next == "\\" { value.append(next); chars.removeFirst(); continue }
                    if d == "\"" { closed = true; break }
                    value.append(d)
                }
                guard closed else { throw SIEParseError(line: line, message: "unclosed quote") }
                tokens.append(value)
            } else if c == "{" && !(tokens.isEmpty) {
                var value = ""
                var inQuote = false
                while let d = chars.popFirst() {
                    value.append(d)
                    if d == "\"" { inQuote.toggle() }
                    if d == "}" && !inQuote { break }
                }
                guard value.hasSuffix("}") else { throw SIEParseError(line: line, message: "unclosed object list") }
                tokens.append(value)
            } else {
                var value = ""
                while let d = chars.first, d != " ", d != "\t" { value.append(d); chars.removeFirst() }
                tokens.append(value)
            }
        }
        return tokens
    }

    static func date(_ s: String, line: Int) throws -> CivilDate {
        guard s.count == 8, s.allSatisfy(\.isASCII), s.allSatisfy(\.isNumber),
              let d = CivilDate(year: Int(s.prefix(4))!, month: Int(s.dropFirst(4).prefix(2))!, day: Int(s.suffix(2))!)
        else { throw SIEParseError(line: line, message: "\(s) is not a date yyyymmdd") }
        return d
    }

    /// An amount: optional minus, digits, optionally a decimal point and one or two decimals.
    static func ore(_ s: String, line: Int) throws -> Int64 {
        let negative = s.hasPrefix("-")
        let body = negative ? String(s.dropFirst()) : s
        let parts = body.split(separator: ".", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count), !parts[0].isEmpty, parts.allSatisfy({ $0.allSatisfy { $0.isASCII && $0.isNumber } }),
              parts.count == 1 || (1...2).contains(parts[1].count), let kronor = Int64(parts[0])
        else { throw SIEParseError(line: line, message: "\(s) is not an amount") }
        let decimals = parts.count == 2 ? Int64(parts[1].count == 1 ? String(parts[1]) + "0" : String(parts[1]))! : 0
        let value = kronor * 100 + decimals
        return negative ? -value : value
    }
}
