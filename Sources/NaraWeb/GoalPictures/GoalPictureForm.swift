import Foundation
import NaraCore
import Vapor

/// What a region's goal picture form sends, read into a `GoalPicture` with its problems.
struct GoalPictureForm: Content {
    var title: String?
    var summary: String?
    var factors: String?
    var followup: String?
    var decided_on: String?
    var decided_by: String?

    /// A form that cannot be saved: the picture as read, to show again, and the problems.
    struct Refusal: Error {
        let picture: GoalPicture
        let errors: [FieldError]
    }

    var decidedText: String { (decided_on ?? "").trimmingCharacters(in: .whitespaces) }

    /// The picture as the person wrote it: trimmed, one success factor per line.
    var picture: GoalPicture {
        GoalPicture(title: (title ?? "").trimmingCharacters(in: .whitespacesAndNewlines),
                    summary: (summary ?? "").replacingOccurrences(of: "\r\n", with: "\n").trimmingCharacters(in: .whitespacesAndNewlines),
                    factors: (factors ?? "").split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty },
                    followUp: (followup ?? "").replacingOccurrences(of: "\r\n", with: "\n").trimmingCharacters(in: .whitespacesAndNewlines),
                    decidedOn: CivilDate(iso: decidedText), decidedBy: (decided_by ?? "").trimmingCharacters(in: .whitespacesAndNewlines))
    }

    /// The picture's own problems, and a decision date that cannot be read.
    var problems: [FieldError] {
        let picture = self.picture
        var errors = picture.problems().map { FieldError(field: $0.key, message: $0.value) }.sorted { $0.field < $1.field }
        if !decidedText.isEmpty && picture.decidedOn == nil {
            errors.append(FieldError(field: "decided_on", message: "Skriv datumet som ÅÅÅÅ-MM-DD, till exempel 2022-11-30."))
        }
        return errors
    }
}
