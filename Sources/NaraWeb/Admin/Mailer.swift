import Foundation

/// Outgoing e-mail. With `NARA_MAIL_DIR` set, each message is written there as an RFC 5322
/// `.eml` file for the organisation's mail relay to pick up; without it, mail is not configured
/// and the caller shows the content on screen instead.
enum Mailer {
    /// Writes a message. - Returns: whether it was handed over.
    static func send(to: String, subject: String, body: String, config: AppConfig, now: Date = Date()) -> Bool {
        guard let directory = config.mailDirectory else { return false }
        let message = Mail.rfc5322(from: "no-reply@nara.invalid", to: to, subject: subject, body: body, now: now)
        let name = "\(Int(now.timeIntervalSince1970))-\(UUID().uuidString).eml"
        return FileManager.default.createFile(atPath: (directory as NSString).appendingPathComponent(name), contents: Data(message.utf8))
    }
}
