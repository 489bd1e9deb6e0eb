import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A local SMTP server for tests: accepts connections on a free loopback port, answers every
/// command with success and records the conversation.
final class SMTPSink: @unchecked Sendable {
    let port: Int
    private let fd: Int32
    private let lock = NSLock()
    private var transcripts: [String] = []
    private var thread: Thread?
    private var running = true

    init() throws {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var yes: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        addr.sin_port = 0
        var len = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, len) } }
        listen(fd, 8)
        _ = withUnsafeMutablePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &len) } }
        self.fd = fd
        port = Int(UInt16(bigEndian: addr.sin_port))
        let t = Thread { [unowned self] in self.serve() }
        thread = t
        t.start()
    }

    private func serve() {
        while running {
            let client = accept(fd, nil, nil)
            guard client >= 0 else { return }
            var transcript = ""
            func reply(_ s: String) { _ = s.withCString { send(client, $0, strlen($0), 0) } }
            reply("220 sink ready\r\n")
            var buffer = "", inData = false
            loop: while true {
                var chunk = [UInt8](repeating: 0, count: 4096)
                let n = recv(client, &chunk, chunk.count, 0)
                if n <= 0 { break }
                buffer += String(decoding: chunk[0..<n], as: UTF8.self)
                while let r = buffer.range(of: "\r\n") {
                    let line = String(buffer[..<r.lowerBound])
                    buffer.removeSubrange(..<r.upperBound)
                    transcript += line + "\n"
                    if inData {
                        if line == "." { inData = false; reply("250 queued\r\n") }
                        continue
                    }
                    let cmd = line.uppercased()
                    if cmd.hasPrefix("DATA") { inData = true; reply("354 go ahead\r\n") }
                    else if cmd.hasPrefix("QUIT") { reply("221 bye\r\n"); break loop }
                    else { reply("250 ok\r\n") }
                }
            }
            close(client)
            lock.lock(); transcripts.append(transcript); lock.unlock()
        }
    }

    /// Stops the server and returns one transcript per connection.
    func finish() -> [String] {
        running = false
        shutdown(fd, Int32(SHUT_RDWR))
        close(fd)
        lock.lock(); defer { lock.unlock() }
        return transcripts
    }
}
