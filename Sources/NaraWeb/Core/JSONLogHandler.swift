import Foundation
import NaraCore
import Logging
import NIOConcurrencyHelpers

/// Logs as one JSON object per line on standard output, for a log collector (production mode):
/// `{"time":"2026-11-29T23:50:00.123Z","level":"notice","logger":"codes.vapor.application","message":"…",…}`
/// with the metadata (request id, and so on) as further string fields.
struct JSONLogHandler: LogHandler {
    let label: String
    var logLevel: Logger.Level
    var metadata: Logger.Metadata = [:]
    var metadataProvider: Logger.MetadataProvider?
    /// Where the lines go; standard output unless a test collects them.
    let write: @Sendable (String) -> Void

    init(label: String, level: Logger.Level, metadataProvider: Logger.MetadataProvider? = nil,
         write: @escaping @Sendable (String) -> Void = JSONLogHandler.standardOutput) {
        self.label = label
        self.logLevel = level
        self.metadataProvider = metadataProvider
        self.write = write
    }

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(level: Logger.Level, message: Logger.Message, metadata explicit: Logger.Metadata?, source: String,
             file: String, function: String, line: UInt) {
        var fields = metadata
        if let provided = metadataProvider?.get() { fields.merge(provided) { _, new in new } }
        if let explicit { fields.merge(explicit) { _, new in new } }
        var out = "{\"time\":\(Self.quote(Self.timestamp(Date()))),\"level\":\(Self.quote(level.rawValue)),"
            + "\"logger\":\(Self.quote(label)),\"message\":\(Self.quote(message.description))"
        for (key, value) in fields.sorted(by: { $0.key < $1.key }) where !["time", "level", "logger", "message"].contains(key) {
            out += ",\(Self.quote(key)):\(Self.quote(value.description))"
        }
        if level >= .error { out += ",\"source\":\(Self.quote("\(file):\(line)"))" }
        write(out + "}")
    }

    private static let lock = NIOLock()
    @Sendable static func standardOutput(_ line: String) {
        lock.withLock { FileHandle.standardOutput.write(Data((line + "\n").utf8)) }
    }

    static func timestamp(_ date: Date) -> String {
        date.formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true, timeZone: TimeZone(identifier: "UTC")!))
    }

    /// A JSON string literal (`JSONText.quoted`), so a message with a line break still makes one line.
    static func quote(_ s: String) -> String { JSONText.quoted(s) }
}
