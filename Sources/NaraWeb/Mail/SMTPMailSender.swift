import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Sends mail through an SMTP relay (`NARA_SMTP_HOST`, `NARA_SMTP_PORT`, from `NARA_MAIL_FROM`).
struct SMTPMailSender: MailSender {
    let setting: AppConfig.SMTPSetting

    init(_ setting: AppConfig.SMTPSetting) { self.setting = setting }

    func send(_ message: MailMessage) async throws {
        let setting = setting, text = message.rfc5322(from: setting.from)
        // The client blocks on its socket: off the tasks that serve requests.
        try await Task.detached {
            try SMTPClient.send(host: setting.host, port: setting.port, from: setting.from, to: message.to, message: text)
        }.value
    }
}

/// A minimal SMTP client for a local mail relay (no TLS, no login): EHLO, MAIL FROM, RCPT TO,
/// DATA, QUIT. No mail library is available to the project, so this speaks the protocol's few
/// commands itself; the relay does the rest.
enum SMTPClient {
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    /// Sends one message. Blocking; call it off the event loop.
    static func send(host: String, port: Int, from: String, to: String, message: String) throws {
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var result: UnsafeMutablePointer<addrinfo>?
        guard getaddrinfo(host, String(port), &hints, &result) == 0, let info = result else {
            throw Failure(description: "okänd e-postserver \(host)")
        }
        defer { freeaddrinfo(result) }
        let fd = socket(info.pointee.ai_family, info.pointee.ai_socktype, info.pointee.ai_protocol)
        guard fd >= 0 else { throw Failure(description: "kunde inte öppna en anslutning") }
        defer { close(fd) }
        var timeout = timeval(tv_sec: 10, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        guard connect(fd, info.pointee.ai_addr, info.pointee.ai_addrlen) == 0 else {
            throw Failure(description: "kunde inte ansluta till \(host):\(port)")
        }
        var buffer = ""
        func readReply() throws -> Int {
            while true {
                if let end = buffer.range(of: "\r\n") {
                    let line = String(buffer[..<end.lowerBound])
                    buffer.removeSubrange(..<end.upperBound)
                    if line.count >= 4, line[line.index(line.startIndex, offsetBy: 3)] == "-" { continue }
                    return Int(line.prefix(3)) ?? 0
                }
                var chunk = [UInt8](repeating: 0, count: 1024)
                let n = recv(fd, &chunk, chunk.count, 0)
                guard n > 0 else { throw Failure(description: "e-postservern svarade inte") }
                buffer += String(decoding: chunk[0..<n], as: UTF8.self)
            }
        }
        func write(_ text: String) throws {
            let bytes = Array(text.utf8)
            var sent = 0
            while sent < bytes.count {
                let n = bytes[sent...].withUnsafeBufferPointer { Glibc.send(fd, $0.baseAddress, $0.count, 0) }
                guard n > 0 else { throw Failure(description: "kunde inte skicka till e-postservern") }
                sent += n
            }
        }
        func command(_ text: String, expect: Int) throws {
            try write(text + "\r\n")
            let code = try readReply()
            guard code / 100 == expect / 100 else { throw Failure(description: "e-postservern svarade \(code) på \(text.prefix(10))") }
        }
        guard try readReply() == 220 else { throw Failure(description: "e-postservern hälsade inte") }
        try command("EHLO nara", expect: 250)
        try command("MAIL FROM:<\(from)>", expect: 250)
        try command("RCPT TO:<\(to)>", expect: 250)
        try command("DATA", expect: 354)
        // Dot-stuffing: a line starting with "." gets another.
        let body = message.replacingOccurrences(of: "\r\n.", with: "\r\n..")
        try command(body + "\r\n.", expect: 250)
        try? command("QUIT", expect: 221)
    }
}
