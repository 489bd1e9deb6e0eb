import Fluent
import SQLKit

/// One row per report laid out for follow-up, beside its answers in `followup_values`: what a
/// count of reports, the recipient filter and an export's list of reports read, without a
/// `DISTINCT` over every answer of a year. Filled from the answers already laid out.
public struct CreateFollowUpReports: AsyncMigration {
    public init() {}
    public var name: String { "013_CreateFollowUpReports" }

    public func prepare(on database: any Database) async throws {
        try await database.schema(FollowUpReportModel.schema)
            .field("report_id", .uuid, .identifier(auto: false), .references(ReportModel.schema, "id"))
            .field("assignment_id", .uuid, .required, .references(AssignmentModel.schema, "id"))
            .field("form_key", .string, .required)
            .field("year", .int, .required)
            .field("report_kind", .string, .required)
            .field("organisation_id", .uuid, .required, .references(OrganisationModel.schema, "id"))
            .field("organisation_name", .string, .required)
            .field("organisation_kind", .string, .required)
            .field("county_code", .string, .required)
            .field("submitted_at", .datetime, .required)
            .field("version", .int, .required)
            .field("is_generated", .bool, .required)
            .create()
        guard let sql = database as? any SQLDatabase else { return }
        try await sql.raw("CREATE INDEX followup_reports_round ON followup_reports (form_key, year, organisation_name, report_id)").run()
        try await sql.raw("""
            INSERT INTO followup_reports (report_id, assignment_id, form_key, year, report_kind, organisation_id, organisation_name,
                organisation_kind, county_code, submitted_at, version, is_generated)
            SELECT report_id, assignment_id, form_key, year, report_kind, organisation_id, organisation_name,
                organisation_kind, county_code, submitted_at, version, is_generated
            FROM followup_values WHERE item = 0 AND seq IN (SELECT MIN(seq) FROM followup_values GROUP BY report_id)
            """).run()
        // Counting answers per question reads the first item of each answer.
        try await sql.raw("CREATE INDEX followup_values_first ON followup_values (form_key, year, question_id, item)").run()
    }

    public func revert(on database: any Database) async throws {
        if let sql = database as? any SQLDatabase { try await sql.raw("DROP INDEX IF EXISTS followup_values_first").run() }
        try await database.schema(FollowUpReportModel.schema).delete()
    }
}
