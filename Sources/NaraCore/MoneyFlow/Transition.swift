/// Why a state cannot move as asked, as a sentence for the person who asked.
public struct TransitionRefusal: Error, Equatable, Sendable, CustomStringConvertible {
    public let description: String
    /// Whether the refusal concerns who is acting (separation of duties) rather than the state.
    public let isAboutPerson: Bool

    public init(_ description: String, aboutPerson: Bool = false) {
        self.description = description
        self.isAboutPerson = aboutPerson
    }
}

/// Who acts on a money item: the person's stable id (their account) and name for messages.
public struct ActingPerson: Equatable, Sendable {
    public let id: String
    public let name: String

    public init(id: String, name: String) {
        self.id = id
        self.name = name
    }
}

/// A state stored as a code that each kind of money item names in Swedish.
public protocol StoredState: RawRepresentable, CaseIterable, Sendable where RawValue == String {
    /// What the state reads as on pages and in the audit trail.
    var swedishName: String { get }
}

extension StoredState {
    /// The state a stored code names; an unknown code is a broken row, not a user error.
    public static func stored(_ code: String) throws -> Self {
        guard let state = Self(rawValue: code) else { throw TransitionRefusal("Okänt tillstånd i databasen: \(code).") }
        return state
    }
}
