import Foundation

/// Outgoing e-mail. With `NARA_MAIL_DIR` set, each message is written there as an RFC 5322
/// `.eml` file for the organisation's mail relay to pick up; without it, mail is not configured
/// and the caller shows the content on screen instead.
enum Mailer {
    /// Writes a message. - Returns: whether it was handed over.
    static func send(to: String, subject: String, body: String, config: AppConfig, now: Date = Date()) -> Bool {
        guard let directory = config.mailDirectory else { return false }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss Z"
        let encodedSubject = "=?UTF-8?B?" + Data(subject.utf8).base64EncodedString() + "?="
        let message = [
            "From: Nära <no-reply@nara.invalid>",
            "To: <\(to)>",
            "Subject: \(encodedSubject)",
            "Date: \(formatter.string(from: now))",
            "MIME-Version: 1.0",
            "Content-Type: text/plain; charset=utf-8",
            "Content-Transfer-Encoding: 8bit",
            "",
            body,
        ].joined(separator: "\r\n")
        let name = "\(Int(now.timeIntervalSince1970))-\(UUID().uuidString).eml"
        return FileManager.default.createFile(atPath: (directory as NSString).appendingPathComponent(name), contents: Data(message.utf8))
    }
}
