/// Bytes written straight into one growing buffer, for exports that may hold millions of cells:
/// literals are copied from static storage, numbers are written digit by digit, and text is
/// escaped in runs (a run without a character that needs escaping is copied whole). Nothing is
/// built as an intermediate `String` per cell.
public struct ByteOutput: Sendable {
    /// What was written. Read it; write through the methods.
    public var bytes: [UInt8] = []

    public init(capacity: Int = 1 << 16) { bytes.reserveCapacity(capacity) }

    public var count: Int { bytes.count }
    public var isEmpty: Bool { bytes.isEmpty }

    /// Forgets what was written but keeps the memory, for the next part of a stream.
    @inlinable public mutating func removeAll() { bytes.removeAll(keepingCapacity: true) }

    @inlinable public mutating func append(_ literal: StaticString) {
        literal.withUTF8Buffer { bytes.append(contentsOf: $0) }
    }

    @inlinable public mutating func append(byte: UInt8) { bytes.append(byte) }

    @inlinable public mutating func append(bytes other: [UInt8]) { bytes.append(contentsOf: other) }

    @inlinable public mutating func append(buffer: UnsafeBufferPointer<UInt8>) { bytes.append(contentsOf: buffer) }

    /// A little-endian unsigned number of `width` bytes, as ZIP headers hold them.
    @inlinable public mutating func append(littleEndian value: UInt64, width: Int) {
        for i in 0..<width { bytes.append(UInt8(truncatingIfNeeded: value >> (8 * UInt64(i)))) }
    }

    /// Reads the bytes written so far without copying them.
    @inlinable public func withBytes<R>(_ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
        try bytes.withUnsafeBufferPointer(body)
    }

    /// Text as it is, in UTF-8.
    @inlinable public mutating func append(text: String) {
        var text = text
        text.withUTF8 { bytes.append(contentsOf: $0) }
    }

    /// A whole number in decimal digits, with `-` when negative.
    @inlinable public mutating func append(integer n: Int64) {
        if n < 0 { bytes.append(UInt8(ascii: "-")) }
        var m = n.magnitude
        let first = bytes.count
        repeat { bytes.append(UInt8(truncatingIfNeeded: m % 10) &+ 48); m /= 10 } while m > 0
        bytes[first...].reverse()
    }

    @inlinable public mutating func append(integer n: Int) { append(integer: Int64(n)) }

    /// Hundredths as a decimal number: `123456` → `1234.56`, `123450` → `1234.5`, `123400` →
    /// `1234`, `-5` → `-0.05`. `separator` is the decimal sign (`.` for XML, `,` for Swedish CSV).
    @inlinable public mutating func append(hundredths n: Int64, separator: UInt8) {
        if n < 0 { bytes.append(UInt8(ascii: "-")) }
        let m = n.magnitude
        append(integer: Int64(m / 100))
        let cents = m % 100
        guard cents != 0 else { return }
        bytes.append(separator)
        bytes.append(UInt8(cents / 10) + 48)
        if cents % 10 != 0 { bytes.append(UInt8(cents % 10) + 48) }
    }

    /// `n` with exactly two digits (`07`).
    @inlinable public mutating func append(twoDigits n: Int) {
        bytes.append(UInt8(truncatingIfNeeded: (n / 10) % 10) + 48)
        bytes.append(UInt8(truncatingIfNeeded: n % 10) + 48)
    }

    // MARK: XML

    /// What each byte becomes in XML text and attribute values: 0 copied, 1 dropped (control
    /// characters XML 1.0 forbids), 2–5 the entities below.
    @usableFromInline static let xmlClass: [UInt8] = (0..<256).map { b -> UInt8 in
        switch b {
        case 0x09, 0x0A, 0x0D: return 0
        case 0..<0x20: return 1
        case 0x26: return 2  // &
        case 0x3C: return 3  // <
        case 0x3E: return 4  // >
        case 0x22: return 5  // "
        default: return 0
        }
    }

    /// Text escaped for XML element content and attribute values: `&<>"` as entities, the control
    /// characters XML 1.0 forbids left out, everything else copied in runs.
    @inlinable public mutating func append(xmlEscaped text: String) {
        var text = text
        text.withUTF8 { utf8 in
            let table = Self.xmlClass
            var start = 0
            for i in 0..<utf8.count {
                let kind = table[Int(utf8[i])]
                if kind == 0 { continue }
                if start < i { bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[start..<i])) }
                start = i + 1
                switch kind {
                case 2: append("&amp;")
                case 3: append("&lt;")
                case 4: append("&gt;")
                case 5: append("&quot;")
                default: break
                }
            }
            if start < utf8.count { bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[start...])) }
        }
    }

    // MARK: CSV

    /// One CSV text field for Swedish Excel: quoted when it holds `;`, a quote or a line break
    /// (quotes doubled), and with a `'` before text a spreadsheet would run as a formula (`=`,
    /// `+`, `-`, `@`, a leading tab or carriage return), unless it is a whole number such as `-5`.
    @inlinable public mutating func append(csvField text: String) {
        var text = text
        text.withUTF8 { utf8 in
            guard !utf8.isEmpty else { return }
            var needsQuotes = false
            for b in utf8 where b == 0x3B || b == 0x22 || b == 0x0A || b == 0x0D { needsQuotes = true; break }
            let first = utf8[0]
            let formula = (first == 0x3D || first == 0x2B || first == 0x2D || first == 0x40 || first == 0x09 || first == 0x0D)
                && !Self.isWholeNumber(utf8)
            if needsQuotes { bytes.append(0x22) }
            if formula { bytes.append(0x27) }
            if needsQuotes {
                var start = 0
                for i in 0..<utf8.count where utf8[i] == 0x22 {
                    bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[start...i]))
                    bytes.append(0x22)
                    start = i + 1
                }
                if start < utf8.count { bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[start...])) }
                bytes.append(0x22)
            } else {
                bytes.append(contentsOf: utf8)
            }
        }
    }

    /// Whether the bytes are a whole number `Int64` would read (an optional sign, then digits).
    @usableFromInline static func isWholeNumber(_ utf8: UnsafeBufferPointer<UInt8>) -> Bool {
        var i = 0
        if i < utf8.count, utf8[i] == 0x2B || utf8[i] == 0x2D { i += 1 }
        guard i < utf8.count, utf8.count - i <= 19 else { return false }
        for b in utf8[i...] where b < 0x30 || b > 0x39 { return false }
        return Int64(String(decoding: utf8, as: UTF8.self)) != nil
    }
}
