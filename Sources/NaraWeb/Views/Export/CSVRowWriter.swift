import Foundation
import NaraCore

/// CSV rows as bytes, by `CSVWriter`'s rules for Swedish Excel: `;` between fields, CRLF after
/// each row, a decimal comma, text quoted and guarded against formulas as `ByteOutput` writes it.
/// The byte order mark is the caller's, once per file.
struct CSVRowWriter: TableOutput {
    var out = ByteOutput(capacity: 1 << 20)
    private var first = true
    private var moments = MomentCache()

    mutating func beginRow() { first = true }

    mutating func endRow() { out.append("\r\n") }

    private mutating func separate() {
        if first { first = false } else { out.append(byte: UInt8(ascii: ";")) }
    }

    mutating func text(_ t: String) {
        separate()
        out.append(csvField: t)
    }

    mutating func joined(_ texts: [String]) {
        let written = texts.filter { !$0.isEmpty }
        if written.count <= 1 { text(written.first ?? ""); return }
        text(written.joined(separator: "; "))
    }

    mutating func integer(_ n: Int64) {
        separate()
        out.append(integer: n)
    }

    mutating func hundredths(_ n: Int64, kronor: Bool) {
        separate()
        out.append(hundredths: n, separator: UInt8(ascii: ","))
    }

    mutating func empty() { separate() }

    mutating func cell(_ c: XLSX.Cell) {
        switch c {
        case .text(let t): text(t)
        case .number(let n), .money(let n): separate(); out.append(text: CSVWriter.number(n))
        case .percent(let v, let decimals): separate(); out.append(text: CSVWriter.fixed(v * 100, decimals: decimals))
        case .day(let d): separate(); out.append(text: d.iso)
        case .time(let t): separate(); out.append(bytes: moments.local(t))
        case .empty: separate()
        }
    }
}
