import Fluent
import Foundation

// Questionnaires, report rounds, reports, answers and submitted versions.
// All `@unchecked Sendable`: see `OrganisationModel`.

/// One version of a questionnaire definition; never changed once stored.
public final class FormDefinitionModel: Model, @unchecked Sendable {
    public static let schema = "form_definitions"
    @ID(key: .id) public var id: UUID?
    @Field(key: "form_key") public var formKey: String
    @Field(key: "version") public var version: Int
    @Field(key: "title") public var title: String
    @Field(key: "definition") public var definition: String
    @Field(key: "created_at") public var createdAt: Date
    @Field(key: "created_by") public var createdBy: String
    public init() {}
}

/// A report round: a form version asked of a recipient type for an agreement, with dates.
public final class AssignmentModel: Model, @unchecked Sendable {
    public static let schema = "assignments"
    @ID(key: .id) public var id: UUID?
    @Field(key: "form_definition_id") public var formDefinitionID: UUID
    @Field(key: "agreement_year") public var agreementYear: Int
    /// `region` or `rss` (the RSS answer for the county's municipalities).
    @Field(key: "recipient_kind") public var recipientKind: String
    @Field(key: "report_kind") public var reportKind: String
    @Field(key: "opens_on") public var opensOn: String
    @Field(key: "deadline") public var deadline: String
    @Field(key: "locked") public var locked: Bool
    @Field(key: "created_at") public var createdAt: Date
    public init() {}
}

/// One recipient's report in a round.
public final class ReportModel: Model, @unchecked Sendable {
    public static let schema = "reports"
    @ID(key: .id) public var id: UUID?
    @Field(key: "assignment_id") public var assignmentID: UUID
    @Field(key: "organisation_id") public var organisationID: UUID
    @Field(key: "state") public var state: String
    /// 1 for the first submission; each request for completion opens the next.
    @Field(key: "version") public var version: Int
    @OptionalField(key: "last_changed_at") public var lastChangedAt: Date?
    @OptionalField(key: "last_changed_by") public var lastChangedBy: String?
    @OptionalField(key: "last_section") public var lastSection: Int?
    @OptionalField(key: "submitted_at") public var submittedAt: Date?
    @OptionalField(key: "approved_at") public var approvedAt: Date?
    @OptionalField(key: "approved_by") public var approvedBy: String?
    @Field(key: "changed_after_approval") public var changedAfterApproval: Bool
    @OptionalField(key: "completion_message") public var completionMessage: String?
    public init() {}
}

/// The current answer to one question of a report, with its revision for conflict detection.
public final class AnswerModel: Model, @unchecked Sendable {
    public static let schema = "answers"
    @ID(key: .id) public var id: UUID?
    @Field(key: "report_id") public var reportID: UUID
    @Field(key: "question_id") public var questionID: String
    @Field(key: "value") public var value: String
    @Field(key: "comment") public var comment: String
    @Field(key: "revision") public var revision: Int
    @Field(key: "updated_at") public var updatedAt: Date
    @Field(key: "updated_by") public var updatedBy: String
    public init() {}
}

/// A submitted version of a report, frozen: the answers as they were, the receipt.
public final class SubmissionModel: Model, @unchecked Sendable {
    public static let schema = "submissions"
    @ID(key: .id) public var id: UUID?
    @Field(key: "report_id") public var reportID: UUID
    @Field(key: "version") public var version: Int
    @Field(key: "reference") public var reference: String
    @Field(key: "submitted_at") public var submittedAt: Date
    @Field(key: "submitted_by") public var submittedBy: String
    @Field(key: "late") public var late: Bool
    /// JSON `{question id: {value, comment}}`.
    @Field(key: "answers") public var answers: String
    public init() {}
}

/// Who has a report open, for "also editing" notices.
public final class PresenceModel: Model, @unchecked Sendable {
    public static let schema = "report_presence"
    @ID(key: .id) public var id: UUID?
    @Field(key: "report_id") public var reportID: UUID
    @Field(key: "user_id") public var userID: UUID
    @Field(key: "user_name") public var userName: String
    @Field(key: "seen_at") public var seenAt: Date
    public init() {}
}

/// A reminder sent (or listed, without mail), so each goes out once.
public final class ReminderModel: Model, @unchecked Sendable {
    public static let schema = "reminders"
    @ID(key: .id) public var id: UUID?
    @Field(key: "email") public var email: String
    @Field(key: "day") public var day: String
    @Field(key: "subject") public var subject: String
    @Field(key: "body") public var body: String
    @Field(key: "sent") public var sent: Bool
    @Field(key: "created_at") public var createdAt: Date
    public init() {}
}

/// A file attached to an answer.
public final class AttachmentModel: Model, @unchecked Sendable {
    public static let schema = "attachments"
    @ID(key: .id) public var id: UUID?
    @Field(key: "report_id") public var reportID: UUID
    @Field(key: "question_id") public var questionID: String
    @Field(key: "file_name") public var fileName: String
    @Field(key: "size") public var size: Int
    /// base64
    @Field(key: "content") public var content: String
    @Field(key: "created_at") public var createdAt: Date
    public init() {}
}

/// A questionnaire being built or changed: not asked of anyone until published as a version.
public final class FormDraftModel: Model, @unchecked Sendable {
    public static let schema = "form_drafts"
    @ID(key: .id) public var id: UUID?
    /// The questionnaire's id (`FormDefinition.id`); one draft per questionnaire.
    @Field(key: "form_key") public var formKey: String
    /// The version it was copied from; nil for a questionnaire built from nothing.
    @OptionalField(key: "base_definition_id") public var baseDefinitionID: UUID?
    /// The draft definition as JSON; may be unfinished.
    @Field(key: "definition") public var definition: String
    /// Raised by every change; a change sent for an older revision is refused.
    @Field(key: "revision") public var revision: Int
    @Field(key: "created_at") public var createdAt: Date
    @Field(key: "created_by") public var createdBy: String
    @Field(key: "updated_at") public var updatedAt: Date
    @Field(key: "updated_by") public var updatedBy: String
    public init() {}
}
