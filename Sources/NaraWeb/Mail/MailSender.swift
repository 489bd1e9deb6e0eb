import Foundation
import Vapor

/// Something that hands mail over for delivery: the SMTP relay, a directory a relay reads, or
/// (in tests) a list in memory.
protocol MailSender: Sendable {
    /// Hands one message over.
    /// - Throws: when it could not be handed over; the caller decides whether to retry or tell.
    func send(_ message: MailMessage) async throws
}

/// Chooses the sender from the settings, in this one place: an SMTP relay (`NARA_SMTP_HOST`)
/// when one is set, else a directory of `.eml` files (`NARA_MAIL_DIR`), else none: then pages
/// show what would have been sent (an invitation's link) and reminders are listed for the
/// administrator.
enum MailSetup {
    static func sender(for config: AppConfig) -> (any MailSender)? {
        if let smtp = config.smtp { return SMTPMailSender(smtp) }
        if let directory = config.mailDirectory { return MailDirectorySender(directory: directory) }
        return nil
    }
}

struct MailSenderKey: StorageKey { typealias Value = any MailSender }

extension Application {
    /// The sender `configure` chose (`MailSetup`); tests may put a `RecordingMailSender` here.
    var mail: (any MailSender)? {
        get { storage[MailSenderKey.self] }
        set { storage[MailSenderKey.self] = newValue }
    }
}

extension Request {
    /// Sends a message through the application's sender.
    /// - Returns: whether it was handed over: false when mail is not configured, or when the
    ///   send failed (logged as a warning; the page then shows what would have been sent).
    func sendMail(_ message: MailMessage) async -> Bool {
        guard let sender = application.mail else { return false }
        do {
            try await sender.send(message)
            return true
        } catch {
            logger.warning("E-post till \(message.to) kunde inte skickas: \(error)")
            return false
        }
    }
}
