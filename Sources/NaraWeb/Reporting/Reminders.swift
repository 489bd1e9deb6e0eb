import Fluent
import Foundation
import NaraCore
import NaraPersistence
import SQLKit

/// Reminders to editors of reports not yet submitted: 30 and 7 days before the deadline and the
/// day after it, one digest per person per day. Sent over SMTP when configured, otherwise listed
/// on the administration page. Each reminder is claimed in the database before it is sent
/// (`ReminderClaim`), so two runs at once send it once; a failed send is tried three times and
/// left for the next run the same day.
enum Reminders {
    struct Outcome: Sendable {
        let created: Int
        let sent: Int
        let failures: [String]
    }

    static func run(today: CivilDate, config: AppConfig, now: Date = NaraClock.system.now(), on db: any Database) async throws -> Outcome {
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
            let subject = "Påminnelse: rapporter att lämna i Nära"
            let body = "Hej \(names[email] ?? "")!\n\nDe här rapporterna är inte inskickade ännu:\n\n" + lines.joined(separator: "\n") +
                "\n\nSvaren sparas medan du skriver; logga in och fortsätt där du slutade.\n\nNära\n"
            // Claimed in the database before it is sent: of two runs at the same moment (or on two
            // servers) only one gets the row, so each reminder goes out once.
            let claim: UUID?
            if let id = try await ReminderClaim.create(email: email, day: today, subject: subject, body: body, now: now,
                                                       claim: config.smtp != nil, on: db) {
                created += 1
                claim = id
            } else if config.smtp != nil {
                // An earlier send of today's reminder failed (or its run died): retry it.
                claim = try await ReminderClaim.reclaim(email: email, day: today, now: now, on: db)
            } else { claim = nil }
            guard let id = claim, let smtp = config.smtp else { continue }
            let message = MailMessage(to: email, subject: subject, body: body, date: now)
            var lastError: (any Error)?
            for attempt in 0..<3 {
                if attempt > 0 { try? await Task.sleep(for: .seconds(attempt)) }
                do {
                    try await SMTPMailSender(smtp).send(message)
                    lastError = nil
                    break
                } catch { lastError = error }
            }
            if let error = lastError {
                failures.append("\(email): \(error)")
                try await ReminderClaim.release(id, sent: false, on: db)
            } else {
                try await ReminderClaim.release(id, sent: true, on: db)
                sent += 1
            }
        }
        return Outcome(created: created, sent: sent, failures: failures)
    }
}

/// A reminder's row as its claim: inserted (or taken back after a failure) by one run only.
enum ReminderClaim {
    /// How long a run holds a reminder it is sending; a run that dies leaves it to the next after this.
    static let lease: TimeInterval = 600

    /// Inserts the day's reminder for `email` unless it exists.
    /// - Returns: its id when this run inserted it, nil when it was there already.
    static func create(email: String, day: CivilDate, subject: String, body: String, now: Date, claim: Bool, on db: any Database) async throws -> UUID? {
        let id = UUID()
        let until: Date? = claim ? now.addingTimeInterval(lease) : nil
        let row = try await db.gatedWrite { db in try await (db as! any SQLDatabase).raw("""
            INSERT INTO reminders (id, email, day, subject, body, sent, created_at, claimed_until)
            VALUES (\(bind: id), \(bind: email), \(bind: day.iso), \(bind: subject), \(bind: body), \(bind: false), \(bind: now), \(bind: until))
            ON CONFLICT (email, day) DO NOTHING RETURNING id
            """).first().map { _ in true } }
        return row == nil ? nil : id
    }

    /// Takes an unsent reminder whose claim has lapsed (or was released after a failed send).
    static func reclaim(email: String, day: CivilDate, now: Date, on db: any Database) async throws -> UUID? {
        try await db.gatedWrite { db in try await (db as! any SQLDatabase).raw("""
            UPDATE reminders SET claimed_until = \(bind: now.addingTimeInterval(lease))
            WHERE email = \(bind: email) AND day = \(bind: day.iso) AND sent = \(bind: false)
            AND (claimed_until IS NULL OR claimed_until < \(bind: now)) RETURNING id
            """).first()?.decode(column: "id", as: UUID.self) }
    }

    /// Ends the claim: sent, or left for the next run to retry.
    static func release(_ id: UUID, sent: Bool, on db: any Database) async throws {
        try await db.gatedWrite { db in try await (db as! any SQLDatabase).raw("""
            UPDATE reminders SET sent = \(bind: sent), claimed_until = NULL WHERE id = \(bind: id)
            """).run() }
    }
}
