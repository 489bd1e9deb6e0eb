/// Where an agreement is in its life: a draft its owners edit, then published (and from then
/// on changed only by amendments, each a new version).
public enum AgreementStatus: String, Sendable, Codable, CaseIterable {
    case draft
    case published

    public var swedishName: String {
        switch self {
        case .draft: return "Utkast"
        case .published: return "Publicerad"
        }
    }
}

/// An amendment (*ändringsöverenskommelse*): why a published agreement changes.
public struct Amendment: Sendable, Equatable, Codable {
    public let date: CivilDate
    public let reason: String
    /// The amending document's reference (*diarienummer*).
    public let reference: String

    public init(date: CivilDate, reason: String, reference: String) {
        self.date = date; self.reason = reason; self.reference = reference
    }
}

/// The moves an agreement can make, each a pure function that refuses an illegal move with a
/// Swedish sentence.
public enum AgreementLifecycle {
    public enum Refusal: Error, Equatable, Sendable, CustomStringConvertible {
        case exists(year: Int)
        case invalid([AgreementProblem])
        case notDraft(year: Int)
        case alreadyPublished(year: Int)
        case notPublished(year: Int)
        case unreconciled([AgreementProblem])
        case amendmentRequired
        case amendmentIncomplete([AgreementProblem])
        case yearChanged(from: Int, to: Int)
        case nothingChanged

        public var description: String {
            switch self {
            case .exists(let y): return "Det finns redan en överenskommelse för \(y). Ändra den i stället, eller välj ett annat år."
            case .invalid(let p): return "Överenskommelsen kan inte sparas: " + p.map(\.description).joined(separator: " ")
            case .notDraft(let y): return "Överenskommelsen \(y) är publicerad och ändras bara genom en ändringsöverenskommelse."
            case .alreadyPublished(let y): return "Överenskommelsen \(y) är redan publicerad."
            case .notPublished(let y): return "Överenskommelsen \(y) är ett utkast; det ändras direkt, utan ändringsöverenskommelse."
            case .unreconciled(let p): return "Överenskommelsen går inte ihop och kan inte publiceras: " + p.map(\.message).joined(separator: " ")
            case .amendmentRequired: return "En publicerad överenskommelse ändras bara genom en ändringsöverenskommelse med datum, skäl och diarienummer."
            case .amendmentIncomplete(let p): return "Ändringsöverenskommelsen är ofullständig: " + p.map(\.message).joined(separator: " ")
            case .yearChanged(let a, let b): return "Året kan inte ändras (\(a) → \(b)). Skapa en ny överenskommelse för \(b) i stället."
            case .nothingChanged: return "Ändringen ändrar ingenting i överenskommelsen."
            }
        }

        /// The problems at their fields, for a form or an API answer.
        public var problems: [AgreementProblem] {
            switch self {
            case .invalid(let p), .unreconciled(let p), .amendmentIncomplete(let p): return p
            case .exists: return [.init("year", description)]
            case .yearChanged: return [.init("year", description)]
            case .amendmentRequired: return [.init("amendment", description)]
            default: return [.init("", description)]
            }
        }
    }

    /// Creating a draft: the year must be free and the agreement valid (it may be unreconciled).
    public static func create(_ a: Agreement, existingYears: Set<Int>) -> Refusal? {
        if existingYears.contains(a.year) { return .exists(year: a.year) }
        let invalid = AgreementCheck.validity(of: a)
        return invalid.isEmpty ? nil : .invalid(invalid)
    }

    /// Saving a changed draft.
    public static func editDraft(status: AgreementStatus, current: Agreement, new: Agreement) -> Refusal? {
        guard status == .draft else { return .notDraft(year: current.year) }
        if new.year != current.year { return .yearChanged(from: current.year, to: new.year) }
        let invalid = AgreementCheck.validity(of: new)
        return invalid.isEmpty ? nil : .invalid(invalid)
    }

    /// Publishing a draft: every sum must add up.
    public static func publish(status: AgreementStatus, _ a: Agreement) -> Refusal? {
        guard status == .draft else { return .alreadyPublished(year: a.year) }
        let problems = AgreementCheck.all(a)
        return problems.isEmpty ? nil : .unreconciled(problems)
    }

    /// Amending a published agreement: a complete amendment, a valid and reconciled result,
    /// and at least one change.
    public static func amend(status: AgreementStatus, current: Agreement, new: Agreement, amendment: Amendment?) -> Refusal? {
        guard status == .published else { return .notPublished(year: current.year) }
        if new.year != current.year { return .yearChanged(from: current.year, to: new.year) }
        guard let amendment else { return .amendmentRequired }
        let own = check(amendment, year: current.year)
        if !own.isEmpty { return .amendmentIncomplete(own) }
        let problems = AgreementCheck.all(new)
        if !problems.isEmpty { return .unreconciled(problems) }
        if AgreementDiff.changes(from: current, to: new).isEmpty { return .nothingChanged }
        return nil
    }

    /// What an amendment itself must state.
    public static func check(_ amendment: Amendment, year: Int) -> [AgreementProblem] {
        var out: [AgreementProblem] = []
        if amendment.reason.trimmed.isEmpty { out.append(.init("amendment.reason", "Skriv skälet till ändringen.")) }
        if amendment.reason.count > 2000 { out.append(.init("amendment.reason", "Skälet får vara högst 2 000 tecken.")) }
        if amendment.reference.trimmed.isEmpty { out.append(.init("amendment.reference", "Ange ändringsöverenskommelsens diarienummer eller dokument.")) }
        if !MilestoneRules.allowed(amendment.date, year: year) { out.append(.init("amendment.date", MilestoneRules.rangeMessage(year: year))) }
        return out
    }
}

/// A new year's draft from an earlier agreement.
public enum AgreementCopy {
    /// Areas, pots, conditions and milestones copied, every date moved by the difference in
    /// years (29 February becomes 28 February), the year in the title replaced. Stated receipts
    /// belong to the earlier year's outcome and are not copied.
    public static func copy(_ a: Agreement, toYear year: Int) -> Agreement {
        let shift = year - a.year
        func move(_ d: CivilDate) -> CivilDate {
            CivilDate(year: d.year + shift, month: d.month, day: d.day) ?? CivilDate(year: d.year + shift, month: d.month, day: d.day - 1) ?? d
        }
        func retitle(_ s: String) -> String { s.replacingOccurrences(of: String(a.year), with: String(year)) }
        return Agreement(
            draftYear: year, title: retitle(a.title), frame: a.frame, summary: a.summary,
            source: "", sourceReference: "", signedOn: nil, areas: a.areas,
            pots: a.pots.map { p in
                Pot(id: p.id, name: p.name, category: p.category, amount: p.amount, key: p.key,
                    statedReferenceDate: p.statedReferenceDate.map(move), note: p.note, quantityDeadline: p.quantityDeadline.map(move))
            },
            conditions: a.conditions,
            milestones: a.milestones.map { Milestone(date: move($0.date), kind: $0.kind, title: retitle($0.title), responsible: $0.responsible, recipient: $0.recipient) },
            statedReceipts: [])
    }
}

/// A recipient's position after an amendment changed its allocation.
public struct RecipientDifference: Sendable, Equatable {
    public let code: String
    public let name: String
    public let before: Money
    public let after: Money
    public let requisitioned: Money
    public let paid: Money

    public init(code: String, name: String, before: Money, after: Money, requisitioned: Money, paid: Money) {
        self.code = code; self.name = name; self.before = before; self.after = after
        self.requisitioned = requisitioned; self.paid = paid
    }

    public var change: Money { after - before }
    /// What it may still requisition under the new allocation.
    public var mayRequisition: Money { Money.max(.zero, after - requisitioned) }
    /// What it has been paid beyond its new allocation: to be paid back (never a negative payment).
    public var repayment: Money { Money.max(.zero, paid - after) }
    /// Requisitioned but not yet paid beyond the new allocation: the payer should not pay it out.
    public var requisitionedBeyond: Money { Money.max(.zero, requisitioned - Money.max(after, paid)) }

    /// One sentence for the page.
    public var consequence: String {
        if repayment.ore > 0 { return "Ska betala tillbaka \(repayment.krText): utbetalt \(paid.krText) är mer än den nya fördelningen." }
        if requisitionedBeyond.ore > 0 { return "Har rekvirerat \(requisitionedBeyond.krText) mer än den nya fördelningen; det får inte betalas ut." }
        if mayRequisition.ore > 0 { return "Får rekvirera \(mayRequisition.krText) till." }
        return "Ingen skillnad att reglera."
    }
}

extension Money {
    public static func max(_ a: Money, _ b: Money) -> Money { a < b ? b : a }
}
