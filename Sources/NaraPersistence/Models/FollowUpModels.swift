import Fluent
import Foundation

// Follow-up: submitted answers laid out for analysis, question links across years,
// indicators and regions' goal pictures. All `@unchecked Sendable`: see `OrganisationModel`.

/// One submitted answer (for multiple choice: one chosen option) of the latest submitted
/// version of a report, with what analysts filter and group by beside it. Written when a report
/// is submitted, in the same transaction; the full-text index follows it (SQLite FTS5 through
/// triggers keyed on `seq`, PostgreSQL through a generated `tsvector` column).
public final class FollowUpValueModel: Model, @unchecked Sendable {
    public static let schema = "followup_values"
    @ID(custom: "seq", generatedBy: .database) public var id: Int?
    @Field(key: "report_id") public var reportID: UUID
    @Field(key: "assignment_id") public var assignmentID: UUID
    @Field(key: "form_key") public var formKey: String
    @Field(key: "year") public var year: Int
    @Field(key: "report_kind") public var reportKind: String
    @Field(key: "question_id") public var questionID: String
    @Field(key: "item") public var item: Int
    @Field(key: "organisation_id") public var organisationID: UUID
    @Field(key: "organisation_name") public var organisationName: String
    @Field(key: "organisation_kind") public var organisationKind: String
    @Field(key: "county_code") public var countyCode: String
    @Field(key: "value") public var value: String
    @OptionalField(key: "number") public var number: Int64?
    @Field(key: "comment") public var comment: String
    @Field(key: "search_text") public var searchText: String
    @Field(key: "submitted_at") public var submittedAt: Date
    @Field(key: "version") public var version: Int
    @Field(key: "is_generated") public var generated: Bool
    public init() {}
}

/// One report laid out for follow-up: written with its answers, one row per report.
public final class FollowUpReportModel: Model, @unchecked Sendable {
    public static let schema = "followup_reports"
    @ID(custom: "report_id", generatedBy: .user) public var id: UUID?
    @Field(key: "assignment_id") public var assignmentID: UUID
    @Field(key: "form_key") public var formKey: String
    @Field(key: "year") public var year: Int
    @Field(key: "report_kind") public var reportKind: String
    @Field(key: "organisation_id") public var organisationID: UUID
    @Field(key: "organisation_name") public var organisationName: String
    @Field(key: "organisation_kind") public var organisationKind: String
    @Field(key: "county_code") public var countyCode: String
    @Field(key: "submitted_at") public var submittedAt: Date
    @Field(key: "version") public var version: Int
    @Field(key: "is_generated") public var generated: Bool
    public init() {}
}

/// "This question in that form answers the same as that question in this one": links questions
/// of different questionnaires (or ids) so a trend can follow them across years.
public final class QuestionLinkModel: Model, @unchecked Sendable {
    public static let schema = "question_links"
    @ID(key: .id) public var id: UUID?
    @Field(key: "from_form") public var fromForm: String
    @Field(key: "from_question") public var fromQuestion: String
    @Field(key: "to_form") public var toForm: String
    @Field(key: "to_question") public var toQuestion: String
    @Field(key: "created_at") public var createdAt: Date
    @Field(key: "created_by") public var createdBy: String
    public init() {}
}

/// One indicator value per indicator, area (county or municipality code), year and sex.
public final class IndicatorValueModel: Model, @unchecked Sendable {
    public static let schema = "indicator_values"
    @ID(key: .id) public var id: UUID?
    @Field(key: "indicator") public var indicator: String
    @Field(key: "area_code") public var areaCode: String
    @Field(key: "year") public var year: Int
    @Field(key: "sex") public var sex: String
    /// Hundredths.
    @Field(key: "value") public var value: Int64
    @Field(key: "source") public var source: String
    @Field(key: "imported_at") public var importedAt: Date
    @Field(key: "imported_by") public var importedBy: String
    public init() {}
}

/// A region's goal picture for the shift to close care and how it is followed up.
public final class GoalPictureModel: Model, @unchecked Sendable {
    public static let schema = "goal_pictures"
    @ID(key: .id) public var id: UUID?
    @Field(key: "organisation_id") public var organisationID: UUID
    @Field(key: "title") public var title: String
    @Field(key: "summary") public var summary: String
    /// JSON list of strings.
    @Field(key: "factors") public var factors: String
    @Field(key: "follow_up") public var followUp: String
    @OptionalField(key: "decided_on") public var decidedOn: String?
    @Field(key: "decided_by") public var decidedBy: String
    @Field(key: "updated_at") public var updatedAt: Date
    @Field(key: "updated_by") public var updatedBy: String
    public init() {}
}
