import Fluent
import Foundation
import NaraCore
import NaraPersistence

/// Reminders to editors of reports not yet submitted: 30 and 7 days before the deadline and the
/// day after it, one digest per person per day. Sent over SMTP when configured, otherwise listed
/// on the administration page.
enum Reminders {
    struct Outcome: Sendable {
        let created: Int
        let sent: Int
        let failures: [String]
    }

    static func run(today: CivilDate, config: AppConfig, now: Date = Date(), on db: any Database) async throws -> Outcome {
        var digests: [String: [String]] = [:]
        var names: [String: String] = [:]
        for a in try await AssignmentModel.query(on: db).filter(\.$locked == false).all() {
            guard let deadline = CivilDate(iso: a.deadline), let moment = ReminderPlan.due(today: today, deadline: deadline) else { continue }
            let open = try await ReportModel.query(on: db).filter(\.$assignmentID == a.requireID())
                .filter(\.$state ~~ [ReportState.draft.rawValue, ReportState.completionRequested.rawValue]).all()
            let kind = ReportKind(rawValue: a.reportKind)?.swedishName ?? a.reportKind
            for report in open {
                guard let org = try await OrganisationModel.find(report.organisationID, on: db) else { continue }
                let editors = try await MembershipModel.query(on: db).filter(\.$organisationID == report.organisationID)
                    .filter(\.$role == Role.recipientEditor.rawValue).all()
                for m in editors {
                    guard let user = try await UserModel.find(m.userID, on: db), user.isActive else { continue }
                    let when = moment == .dayAfter ? "Sista dag var i går, \(deadline.swedish)" : "Sista dag är \(moment.swedishPhrase), \(deadline.swedish)"
                    digests[user.email, default: []].append("– \(kind) \(a.agreementYear) för \(org.name). \(when).\n  \(config.publicURL)\(SiteURL.report(report.id!))")
                    names[user.email] = user.name
                }
            }
        }
        var created = 0, sent = 0
        var failures: [String] = []
        for (email, lines) in digests.sorted(by: { $0.key < $1.key }) {
            if try await ReminderModel.query(on: db).filter(\.$email == email).filter(\.$day == today.iso).first() != nil { continue }
            let subject = "Påminnelse: rapporter att lämna i Nära"
            let body = "Hej \(names[email] ?? "")!\n\nDe här rapporterna är inte inskickade ännu:\n\n" + lines.joined(separator: "\n") +
                "\n\nSvaren sparas medan du skriver; logga in och fortsätt där du slutade.\n\nNära\n"
            let r = ReminderModel()
            r.email = email; r.day = today.iso; r.subject = subject; r.body = body; r.sent = false; r.createdAt = now
            if let smtp = config.smtp {
                do {
                    let message = Mail.rfc5322(from: smtp.from, to: email, subject: subject, body: body, now: now)
                    try await Task.detached { try SMTPClient.send(host: smtp.host, port: smtp.port, from: smtp.from, to: email, message: message) }.value
                    r.sent = true
                    sent += 1
                } catch { failures.append("\(email): \(error)") }
            }
            try await r.create(on: db)
            created += 1
        }
        return Outcome(created: created, sent: sent, failures: failures)
    }
}

enum Mail {
    static func rfc5322(from: String, to: String, subject: String, body: String, now: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss Z"
        return [
            "From: Nära <\(from)>", "To: <\(to)>",
            "Subject: =?UTF-8?B?" + Data(subject.utf8).base64EncodedString() + "?=",
            "Date: \(formatter.string(from: now))", "MIME-Version: 1.0",
            "Content-Type: text/plain; charset=utf-8", "Content-Transfer-Encoding: 8bit", "",
            body.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\n", with: "\r\n"),
        ].joined(separator: "\r\n")
    }
}
