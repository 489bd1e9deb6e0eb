import Foundation
import NaraCore

/// One worksheet's `<sheetData>` rows as Office Open XML bytes. Text is an inline string, numbers
/// are plain values with a number format where they need one, an empty cell is left out. A cell
/// carries its reference (`r="D7"`) only after a cell left out, since a cell without one follows
/// the one before it; the first row is the bold header.
struct SheetWriter: TableOutput {
    var out = ByteOutput(capacity: 1 << 20)
    private(set) var rowCount = 0
    private var column = 0
    private var skipped = false
    private var moments = MomentCache()
    /// Text with a line break, below the header, wraps at its breaks (`XLSX.wrapped`).
    var wrapsText = false

    private static let columnNames: [[UInt8]] = (0..<702).map { Array(XLSX.column($0).utf8) }

    mutating func beginRow() {
        rowCount += 1
        column = 0
        skipped = false
        out.append("<row r=\"")
        out.append(integer: rowCount)
        out.append("\">")
    }

    mutating func endRow() { out.append("</row>") }

    private var isHeader: Bool { rowCount == 1 }

    /// `<c` with the reference when needed and the style; the caller writes the rest.
    private mutating func open(style: Int?) {
        out.append("<c")
        if skipped {
            out.append(" r=\"")
            if column < Self.columnNames.count { out.append(bytes: Self.columnNames[column]) } else { out.append(text: XLSX.column(column)) }
            out.append(integer: rowCount)
            out.append(byte: UInt8(ascii: "\""))
            skipped = false
        }
        if let style = style ?? (isHeader ? XLSX.Style.header : nil) {
            out.append(" s=\"")
            out.append(integer: style)
            out.append(byte: UInt8(ascii: "\""))
        }
        column += 1
    }

    mutating func empty() {
        column += 1
        skipped = true
    }

    mutating func text(_ t: String) {
        let wraps = wrapsText && !isHeader && t.utf8.contains(0x0A)
        open(style: wraps ? XLSX.wrapped : nil)
        out.append(" t=\"inlineStr\"><is><t")
        // Excel trims text at its ends unless told to keep it.
        if let first = t.utf8.first, let last = t.utf8.last, Self.isSpace(first) || Self.isSpace(last) {
            out.append(" xml:space=\"preserve\"")
        }
        out.append(byte: UInt8(ascii: ">"))
        out.append(xmlEscaped: t)
        out.append("</t></is></c>")
    }

    private static func isSpace(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D }

    mutating func joined(_ texts: [String]) {
        let written = texts.filter { !$0.isEmpty }
        guard written.count > 1 else { textOrEmpty(written.first ?? ""); return }
        open(style: nil)
        out.append(" t=\"inlineStr\"><is><t xml:space=\"preserve\">")
        for (i, t) in written.enumerated() {
            if i > 0 { out.append("; ") }
            out.append(xmlEscaped: t)
        }
        out.append("</t></is></c>")
    }

    mutating func integer(_ n: Int64) {
        open(style: nil)
        out.append("><v>")
        out.append(integer: n)
        out.append("</v></c>")
    }

    mutating func hundredths(_ n: Int64, kronor: Bool) {
        open(style: kronor ? (n % 100 == 0 ? XLSX.Style.kronor : XLSX.Style.kronorOre) : nil)
        out.append("><v>")
        out.append(hundredths: n, separator: UInt8(ascii: "."))
        out.append("</v></c>")
    }

    private mutating func number(_ value: String, style: Int?) {
        open(style: style)
        out.append("><v>")
        out.append(text: value)
        out.append("</v></c>")
    }

    mutating func cell(_ c: XLSX.Cell) {
        switch c {
        case .text(let t): text(t)
        case .number(let n): number("\(n)", style: nil)
        case .money(let kr): number("\(kr)", style: kr == kr.roundedHalfUp(0) ? XLSX.Style.kronor : XLSX.Style.kronorOre)
        case .percent(let v, let decimals):
            number("\(v)", style: XLSX.Style.percent + min(max(decimals, XLSX.Style.percentDecimals.lowerBound), XLSX.Style.percentDecimals.upperBound))
        case .day(let d): number(String(XLSX.serial(d)), style: XLSX.Style.day)
        case .time(let t): number(moments.serial(t), style: XLSX.Style.time)
        case .empty: empty()
        }
    }
}
