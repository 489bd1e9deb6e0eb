import Foundation

/// A sender that only remembers what it was given: for tests (`app.mail = RecordingMailSender()`)
/// and for trying Nära without a mail relay.
actor RecordingMailSender: MailSender {
    /// Every message handed over, oldest first.
    private(set) var sent: [MailMessage] = []

    func send(_ message: MailMessage) async throws {
        sent.append(message)
    }

    /// The messages sent to one address.
    func messages(to address: String) -> [MailMessage] {
        sent.filter { $0.to == address }
    }
}
