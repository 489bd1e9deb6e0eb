import CNaraZlib
import NaraCore

/// Raw deflate (RFC 1951, as ZIP entries hold it) over zlib, fed a part at a time, with the
/// CRC-32 of what went in. Level 1 by default: on a large export it compresses about three times
/// faster than zlib's default level, for files about half again as large (still a tenth of the
/// XML), and a download's time is spent compressing, not sending.
final class Deflater {
    private let stream: UnsafeMutablePointer<z_stream>
    private var chunk = [UInt8](repeating: 0, count: 1 << 16)
    private(set) var crc: UInt32 = 0
    private(set) var bytesIn: UInt64 = 0
    private(set) var bytesOut: UInt64 = 0

    init(level: Int32 = 1) throws {
        stream = .allocate(capacity: 1)
        stream.initialize(to: z_stream())
        let status = deflateInit2_(stream, level, Z_DEFLATED, -MAX_WBITS, 8, Z_DEFAULT_STRATEGY, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size))
        guard status == Z_OK else {
            stream.deallocate()
            throw ExportFailure.compression
        }
    }

    deinit {
        deflateEnd(stream)
        stream.deallocate()
    }

    /// Compresses `input`, appending what deflate gives out to `out`; `finish` ends the stream.
    func deflate(_ input: UnsafeBufferPointer<UInt8>, finish: Bool, into out: inout ByteOutput) throws {
        if input.count > 0 {
            crc = UInt32(crc32(UInt(crc), input.baseAddress, UInt32(input.count)))
            bytesIn += UInt64(input.count)
        }
        stream.pointee.next_in = UnsafeMutablePointer(mutating: input.baseAddress)
        stream.pointee.avail_in = UInt32(input.count)
        let flush = finish ? Z_FINISH : Z_NO_FLUSH
        while true {
            let (status, produced) = chunk.withUnsafeMutableBufferPointer { buffer -> (Int32, Int) in
                stream.pointee.next_out = buffer.baseAddress
                stream.pointee.avail_out = UInt32(buffer.count)
                let status = CNaraZlib.deflate(stream, flush)
                return (status, buffer.count - Int(stream.pointee.avail_out))
            }
            if produced > 0 {
                chunk.withUnsafeBufferPointer { out.append(buffer: UnsafeBufferPointer(rebasing: $0[0..<produced])) }
                bytesOut += UInt64(produced)
            }
            if status == Z_STREAM_END { return }
            guard status == Z_OK || status == Z_BUF_ERROR else { throw ExportFailure.compression }
            // Without finishing, deflate is done with this input once it leaves output room unused.
            if !finish && stream.pointee.avail_in == 0 && stream.pointee.avail_out > 0 { return }
        }
    }

    func deflate(_ input: ByteOutput, finish: Bool, into out: inout ByteOutput) throws {
        try input.withBytes { try deflate($0, finish: finish, into: &out) }
    }
}

/// Why an export could not be written, in Swedish.
enum ExportFailure: Error, CustomStringConvertible {
    case compression
    case tooLarge

    var description: String {
        switch self {
        case .compression: return "Filen kunde inte komprimeras. Försök igen om en stund."
        case .tooLarge: return "Exporten blev större än 4 GB, som en Excelfil kan rymma. Välj ett år i taget."
        }
    }
}
