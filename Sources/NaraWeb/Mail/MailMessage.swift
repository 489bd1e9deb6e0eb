import Foundation

/// One plain-text e-mail Nära sends (an invitation, a reminder digest). The sender adds the
/// `From` address it is configured with.
struct MailMessage: Sendable, Equatable {
    let to: String
    let subject: String
    let body: String
    /// The `Date` header: the moment by the app's clock.
    let date: Date

    /// The message as RFC 5322 text with CRLF line ends: UTF-8 body, the subject as an encoded word.
    func rfc5322(from: String) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss Z"
        return [
            "From: Nära <\(from)>", "To: <\(to)>",
            "Subject: =?UTF-8?B?" + Data(subject.utf8).base64EncodedString() + "?=",
            "Date: \(formatter.string(from: date))", "MIME-Version: 1.0",
            "Content-Type: text/plain; charset=utf-8", "Content-Transfer-Encoding: 8bit", "",
            body.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\n", with: "\r\n"),
        ].joined(separator: "\r\n")
    }
}
