import Foundation

/// The kinds of report an agreement asks for.
public enum ReportKind: String, Codable, Sendable, CaseIterable {
    case interim
    case final
    case actionPlan = "action_plan"
    case vfu

    public var swedishName: String {
        switch self {
        case .interim: return "Delredovisning"
        case .final: return "Slutredovisning"
        case .actionPlan: return "Handlingsplan"
        case .vfu: return "Redovisning av VFU-veckor"
        }
    }
}

/// What a report's status reads as on the task list and the status board.
public enum ReportStatus: String, Sendable, CaseIterable {
    case notStarted = "not_started"
    case started
    case submitted
    case late
    case completionRequested = "completion_requested"
    case approved

    public var swedishName: String {
        switch self {
        case .notStarted: return "Ej påbörjad"
        case .started: return "Påbörjad"
        case .submitted: return "Inskickad"
        case .late: return "Försenad"
        case .completionRequested: return "Komplettering begärd"
        case .approved: return "Godkänd"
        }
    }
}

/// Deadlines and what they allow, with time injected as `today` (a date in Sweden).
public enum ReportRules {
    /// The status a report shows.
    public static func status(state: ReportState, hasAnswers: Bool, deadline: CivilDate, today: CivilDate) -> ReportStatus {
        switch state {
        case .submitted: return .submitted
        case .approved: return .approved
        case .completionRequested: return .completionRequested
        case .draft: return today > deadline ? .late : (hasAnswers ? .started : .notStarted)
        }
    }

    /// Whether answers can be changed: the report is open (a draft or asked for completion),
    /// the round has opened, and the administrator has not locked it.
    public static func canEdit(state: ReportState, opensOn: CivilDate, today: CivilDate, locked: Bool) -> Bool {
        state.isOpen && today >= opensOn && !locked
    }

    /// Submitting stays possible after the deadline (the report is then marked late), unless
    /// the period is locked.
    public static func canSubmit(state: ReportState, opensOn: CivilDate, today: CivilDate, locked: Bool) -> Bool {
        (try? ReportLifecycle.submit(from: state, opensOn: opensOn, today: today, locked: locked).get()) != nil
    }

    /// Whether a submission on `submittedOn` was after the deadline.
    public static func wasLate(submittedOn: CivilDate, deadline: CivilDate) -> Bool { submittedOn > deadline }

    static let swedishCalendar: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "Europe/Stockholm") ?? .current
        return calendar
    }()

    /// The date in Sweden at an instant.
    public static func swedishDate(_ instant: Date) -> CivilDate {
        let c = swedishCalendar.dateComponents([.year, .month, .day], from: instant)
        return CivilDate(year: c.year ?? 2000, month: c.month ?? 1, day: c.day ?? 1) ?? .make(2000, 1, 1)
    }
}

/// When reminders go out: 30 and 7 days before the deadline and the day after it.
public enum ReminderPlan {
    public enum Moment: String, Sendable, CaseIterable {
        case thirtyDaysBefore = "30"
        case sevenDaysBefore = "7"
        case dayAfter = "after"

        public var swedishPhrase: String {
            switch self {
            case .thirtyDaysBefore: return "om 30 dagar"
            case .sevenDaysBefore: return "om 7 dagar"
            case .dayAfter: return "i går"
            }
        }
    }

    /// The reminder due on `today` for a report with this deadline, if any.
    public static func due(today: CivilDate, deadline: CivilDate) -> Moment? {
        let days = daysBetween(today, deadline)
        switch days {
        case 30: return .thirtyDaysBefore
        case 7: return .sevenDaysBefore
        case -1: return .dayAfter
        default: return nil
        }
    }

    /// Whole days from `a` to `b`.
    public static func daysBetween(_ a: CivilDate, _ b: CivilDate) -> Int {
        func dayNumber(_ d: CivilDate) -> Int {
            // Days since a fixed epoch (proleptic Gregorian), exact.
            let y = d.month <= 2 ? d.year - 1 : d.year
            let era = (y >= 0 ? y : y - 399) / 400
            let yoe = y - era * 400
            let mp = (d.month + 9) % 12
            let doy = (153 * mp + 2) / 5 + d.day - 1
            let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
            return era * 146_097 + doe
        }
        return dayNumber(b) - dayNumber(a)
    }
}
