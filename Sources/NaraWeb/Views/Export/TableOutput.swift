import Foundation
import NaraCore

/// Where a downloadable table's rows are written, cell by cell, as bytes: a worksheet
/// (`SheetWriter`) or a CSV file (`CSVRowWriter`). An export writes its rows once, against this,
/// and gets both formats; the typed cells (`XLSX.Cell`) go through `cell(_:)`, the hot paths of
/// large exports through the direct methods, which build no value per cell.
protocol TableOutput {
    var out: ByteOutput { get set }
    mutating func beginRow()
    mutating func endRow()
    /// Text; empty text is an empty text cell.
    mutating func text(_ t: String)
    /// Text, or an empty cell when there is none.
    mutating func textOrEmpty(_ t: String)
    /// Several texts in one cell, the non-empty ones joined by `; `; an empty cell when none.
    mutating func joined(_ texts: [String])
    mutating func integer(_ n: Int64)
    /// Hundredths as a number (`4550` → 45,5), kronor with the kronor format when `kronor`.
    mutating func hundredths(_ n: Int64, kronor: Bool)
    mutating func empty()
    mutating func cell(_ c: XLSX.Cell)
}

extension TableOutput {
    mutating func row(_ cells: [XLSX.Cell]) {
        beginRow()
        for c in cells { cell(c) }
        endRow()
    }

    mutating func textOrEmpty(_ t: String) { if t.isEmpty { empty() } else { text(t) } }
}

/// A moment in Swedish time, to the minute (`2026-11-30 14:05`), and as Excel's serial day with
/// the time as its fraction; kept for the last moment asked, since a table's rows often share one.
struct MomentCache {
    private var last: (Date, [UInt8], String)?

    mutating func local(_ t: Date) -> [UInt8] { entry(t).1 }
    mutating func serial(_ t: Date) -> String { entry(t).2 }

    private mutating func entry(_ t: Date) -> (Date, [UInt8], String) {
        if let last, last.0 == t { return last }
        let made = (t, Array(CSVWriter.localTime(t).utf8), "\(XLSX.serial(t))")
        last = made
        return made
    }
}
