import Fluent
import Foundation
import NaraCore
import SQLKit
import Vapor

/// Why a money action was refused: what the person is told, and how the page and the API
/// answer. Thrown inside a use case's transaction, it rolls back everything the action wrote.
struct MoneyRefusal: Error, Sendable, CustomStringConvertible {
    enum Kind: Sendable {
        /// The item does not exist, or belongs to someone the person may not act for.
        case notFound
        /// What the person typed is wrong; `field` names the form field.
        case invalid
        /// The item is not in a state that allows the action (or just changed).
        case state
        /// This person may not do it to this item (separation of duties). Answered 409: the
        /// person has the right in general (403 is for that), but not on an item they made.
        case person
    }

    let kind: Kind
    let description: String
    /// The form field the message belongs at, when it is about something typed.
    let field: String?

    init(_ kind: Kind, _ description: String, field: String? = nil) {
        self.kind = kind; self.description = description; self.field = field
    }

    init(_ refusal: TransitionRefusal, field: String? = nil) {
        self.init(refusal.isAboutPerson ? .person : (field == nil ? .state : .invalid), refusal.description, field: field)
    }

    /// Another server or tab changed the item between reading it and the conditional update.
    static let changedMeanwhile = MoneyRefusal(.state, "Någon annan har just ändrat detta. Ladda om sidan och se hur det står nu.")

    /// The HTTP status the API answers with.
    var status: HTTPResponseStatus {
        switch kind {
        case .notFound: return .notFound
        case .invalid: return .unprocessableEntity
        case .state: return .conflict
        case .person: return .conflict
        }
    }

    var abort: Abort { Abort(status, reason: description) }

    /// The message at its field, for a page that shows the form again.
    var fieldError: FieldError? { field.map { FieldError(field: $0, message: description) } }

    /// The page again (`render`) with this refusal: at its field, or in the summary linked to
    /// `anchor` (the row of the item acted on). An item not found is an error page instead.
    func shown(anchor: String, _ render: ([FieldError], HTTPResponseStatus) async throws -> Response) async throws -> Response {
        if kind == .notFound { throw abort }
        return try await render([fieldError ?? FieldError(field: anchor, message: description)], kind == .invalid ? .unprocessableEntity : status)
    }
}

extension Result where Failure == TransitionRefusal {
    /// The new state, or the refusal thrown as a money refusal.
    func orRefuse(field: String? = nil) throws -> Success {
        switch self {
        case .success(let s): return s
        case .failure(let r): throw MoneyRefusal(r, field: field)
        }
    }
}

extension Actor {
    /// The person as the domain's separation-of-duties rules compare them: by account.
    var person: ActingPerson {
        ActingPerson(id: principal?.user.id?.uuidString ?? "label:" + label, name: principal?.user.name ?? label)
    }

    /// The person's name for "made by" and "attested by" columns.
    var displayName: String { principal?.user.name ?? label }
}

/// A conditional update: changes a row's state only while it still has the state it was read
/// in. Two servers acting on one item at once both read the old state; the database lets exactly
/// one update through, and the other finds no row and is told the item just changed.
enum StateClaim {
    /// - Returns: nothing; throws `MoneyRefusal.changedMeanwhile` when the row has moved on.
    static func claim(_ table: String, column: String = "state", id: UUID, from: String, to: String, on db: any Database) async throws {
        let sql = db as! any SQLDatabase
        let rows = try await sql.raw("""
            UPDATE \(ident: table) SET \(ident: column) = \(bind: to) WHERE id = \(bind: id) AND \(ident: column) = \(bind: from) RETURNING id
            """).all()
        if rows.isEmpty { throw MoneyRefusal.changedMeanwhile }
    }

    /// Numbers payments one at a time across servers: PostgreSQL takes a transaction-scoped
    /// advisory lock; SQLite's write transaction already holds the only write lock.
    static func lockPaymentNumbering(year: Int, on db: any Database) async throws {
        let sql = db as! any SQLDatabase
        guard sql.dialect.name == "postgresql" else { return }
        try await sql.raw("SELECT pg_advisory_xact_lock(\(bind: 47_110_000 + year))").run()
    }
}

/// Readable values for audit entries: amounts in kronor and dates as Swedes write them.
enum AuditText {
    static func kr(_ ore: Int64) -> String { Money(ore: ore).krText }
    static func day(_ iso: String) -> String { CivilDate(iso: iso)?.swedish ?? iso }
}
