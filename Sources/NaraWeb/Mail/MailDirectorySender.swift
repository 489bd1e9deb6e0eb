import Foundation

/// Writes each message as an RFC 5322 `.eml` file into a directory (`NARA_MAIL_DIR`) for the
/// organisation's mail relay to pick up.
struct MailDirectorySender: MailSender {
    let directory: String
    var from = "no-reply@nara.invalid"

    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    func send(_ message: MailMessage) async throws {
        let name = "\(Int(message.date.timeIntervalSince1970))-\(UUID().uuidString).eml"
        let path = (directory as NSString).appendingPathComponent(name)
        guard FileManager.default.createFile(atPath: path, contents: Data(message.rfc5322(from: from).utf8)) else {
            throw Failure(description: "kunde inte skriva \(path)")
        }
    }
}
