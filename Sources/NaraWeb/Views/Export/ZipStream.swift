import Foundation
import NaraCore

/// A ZIP archive (as an .xlsx workbook is) written front to back, so it can be sent while it is
/// made: each entry's local header, its deflated data, then a data descriptor with its CRC and
/// sizes (known only at its end), and at last the central directory. Nothing is read back, so
/// no temporary file is needed and memory does not grow with the archive.
///
/// ZIPFoundation, which reads workbooks here, writes only to a file or to memory it can seek in;
/// this writer exists for the one thing it cannot do, streaming. Sizes stay below 4 GiB (no
/// ZIP64): beyond that it refuses with a Swedish sentence.
final class ZipStream {
    private struct Entry {
        let name: [UInt8]
        let offset: UInt64
        var crc: UInt32 = 0
        var compressed: UInt64 = 0
        var size: UInt64 = 0
    }

    private var entries: [Entry] = []
    private var written: UInt64 = 0
    private var open: (entry: Entry, deflater: Deflater)?
    private let dosTime: UInt64
    private let dosDate: UInt64
    private let level: Int32

    /// - Parameter modified: the time every entry is stamped with, in Swedish time.
    init(modified: Date, level: Int32 = 1) {
        let c = SwedishDateTime.calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: modified)
        dosTime = UInt64(((c.hour ?? 0) << 11) | ((c.minute ?? 0) << 5) | ((c.second ?? 0) / 2))
        dosDate = UInt64((max(0, (c.year ?? 1980) - 1980) << 9) | ((c.month ?? 1) << 5) | (c.day ?? 1))
        self.level = level
    }

    private static let flags: UInt64 = 0x0808  // sizes in a data descriptor; names in UTF-8

    /// A whole small entry at once (the workbook's parts).
    func add(_ name: String, text: String, into out: inout ByteOutput) throws {
        try begin(name, into: &out)
        var body = ByteOutput(capacity: text.utf8.count)
        body.append(text: text)
        try write(body, into: &out)
        try end(into: &out)
    }

    /// Starts an entry whose data follows in `write` calls.
    func begin(_ name: String, into out: inout ByteOutput) throws {
        precondition(open == nil, "an entry is already open")
        let entry = Entry(name: Array(name.utf8), offset: written)
        let start = out.count
        out.append(littleEndian: 0x0403_4b50, width: 4)
        out.append(littleEndian: 20, width: 2)
        out.append(littleEndian: Self.flags, width: 2)
        out.append(littleEndian: 8, width: 2)
        out.append(littleEndian: dosTime, width: 2)
        out.append(littleEndian: dosDate, width: 2)
        out.append(littleEndian: 0, width: 12)  // CRC and sizes: in the data descriptor
        out.append(littleEndian: UInt64(entry.name.count), width: 2)
        out.append(littleEndian: 0, width: 2)
        out.append(bytes: entry.name)
        written += UInt64(out.count - start)
        open = (entry, try Deflater(level: level))
    }

    /// More of the open entry's data.
    func write(_ data: ByteOutput, into out: inout ByteOutput) throws {
        guard let (_, deflater) = open else { preconditionFailure("no entry is open") }
        let before = out.count
        try deflater.deflate(data, finish: false, into: &out)
        try count(out.count - before)
    }

    /// Ends the open entry with its data descriptor.
    func end(into out: inout ByteOutput) throws {
        guard var (entry, deflater) = open else { preconditionFailure("no entry is open") }
        let before = out.count
        try deflater.deflate(ByteOutput(capacity: 0), finish: true, into: &out)
        try count(out.count - before)
        entry.crc = deflater.crc
        entry.compressed = deflater.bytesOut
        entry.size = deflater.bytesIn
        guard entry.size < 0xFFFF_FFFF, entry.compressed < 0xFFFF_FFFF else { throw ExportFailure.tooLarge }
        let start = out.count
        out.append(littleEndian: 0x0807_4b50, width: 4)
        out.append(littleEndian: UInt64(entry.crc), width: 4)
        out.append(littleEndian: entry.compressed, width: 4)
        out.append(littleEndian: entry.size, width: 4)
        written += UInt64(out.count - start)
        entries.append(entry)
        open = nil
    }

    /// The central directory and the end record: the archive is complete.
    func finish(into out: inout ByteOutput) throws {
        precondition(open == nil, "an entry is still open")
        let directoryStart = written
        let start = out.count
        for e in entries {
            out.append(littleEndian: 0x0201_4b50, width: 4)
            out.append(littleEndian: 20, width: 2)  // made by: version 2.0
            out.append(littleEndian: 20, width: 2)  // needed: version 2.0 (deflate)
            out.append(littleEndian: Self.flags, width: 2)
            out.append(littleEndian: 8, width: 2)
            out.append(littleEndian: dosTime, width: 2)
            out.append(littleEndian: dosDate, width: 2)
            out.append(littleEndian: UInt64(e.crc), width: 4)
            out.append(littleEndian: e.compressed, width: 4)
            out.append(littleEndian: e.size, width: 4)
            out.append(littleEndian: UInt64(e.name.count), width: 2)
            out.append(littleEndian: 0, width: 8)  // extra and comment lengths, disk, internal attributes
            out.append(littleEndian: 0, width: 4)  // external attributes
            out.append(littleEndian: e.offset, width: 4)
            out.append(bytes: e.name)
        }
        let directorySize = UInt64(out.count - start)
        guard directoryStart + directorySize < 0xFFFF_FFFF, entries.count < 0xFFFF else { throw ExportFailure.tooLarge }
        out.append(littleEndian: 0x0605_4b50, width: 4)
        out.append(littleEndian: 0, width: 4)  // this disk, the directory's disk
        out.append(littleEndian: UInt64(entries.count), width: 2)
        out.append(littleEndian: UInt64(entries.count), width: 2)
        out.append(littleEndian: directorySize, width: 4)
        out.append(littleEndian: directoryStart, width: 4)
        out.append(littleEndian: 0, width: 2)
        written += UInt64(out.count - start)
    }

    private func count(_ n: Int) throws {
        written += UInt64(n)
        guard written < 0xFFFF_FFFF else { throw ExportFailure.tooLarge }
    }
}
