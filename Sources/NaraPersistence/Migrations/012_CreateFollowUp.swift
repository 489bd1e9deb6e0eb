import Fluent
import SQLKit

/// Follow-up tables, their indexes and the full-text index on each engine.
public struct CreateFollowUp: AsyncMigration {
    public init() {}
    public var name: String { "012_CreateFollowUp" }

    public func prepare(on database: any Database) async throws {
        try await database.schema(FollowUpValueModel.schema)
            .field("seq", .int64, .identifier(auto: true))
            .field("report_id", .uuid, .required, .references(ReportModel.schema, "id"))
            .field("assignment_id", .uuid, .required, .references(AssignmentModel.schema, "id"))
            .field("form_key", .string, .required)
            .field("year", .int, .required)
            .field("report_kind", .string, .required)
            .field("question_id", .string, .required)
            .field("item", .int, .required)
            .field("organisation_id", .uuid, .required, .references(OrganisationModel.schema, "id"))
            .field("organisation_name", .string, .required)
            .field("organisation_kind", .string, .required)
            .field("county_code", .string, .required)
            .field("value", .string, .required)
            .field("number", .int64)
            .field("comment", .string, .required)
            .field("search_text", .string, .required)
            .field("submitted_at", .datetime, .required)
            .field("version", .int, .required)
            .field("is_generated", .bool, .required)
            .unique(on: "report_id", "question_id", "item")
            .create()
        try await database.schema(QuestionLinkModel.schema)
            .id()
            .field("from_form", .string, .required)
            .field("from_question", .string, .required)
            .field("to_form", .string, .required)
            .field("to_question", .string, .required)
            .field("created_at", .datetime, .required)
            .field("created_by", .string, .required)
            .unique(on: "from_form", "from_question", "to_form")
            .create()
        try await database.schema(IndicatorValueModel.schema)
            .id()
            .field("indicator", .string, .required)
            .field("area_code", .string, .required)
            .field("year", .int, .required)
            .field("sex", .string, .required)
            .field("value", .int64, .required)
            .field("source", .string, .required)
            .field("imported_at", .datetime, .required)
            .field("imported_by", .string, .required)
            .unique(on: "indicator", "area_code", "year", "sex")
            .create()
        try await database.schema(GoalPictureModel.schema)
            .id()
            .field("organisation_id", .uuid, .required, .references(OrganisationModel.schema, "id"))
            .field("title", .string, .required)
            .field("summary", .string, .required)
            .field("factors", .string, .required)
            .field("follow_up", .string, .required)
            .field("decided_on", .string)
            .field("decided_by", .string, .required)
            .field("updated_at", .datetime, .required)
            .field("updated_by", .string, .required)
            .unique(on: "organisation_id")
            .create()

        guard let sql = database as? any SQLDatabase else { return }
        try await sql.raw("CREATE INDEX followup_values_question ON followup_values (form_key, question_id, year)").run()
        try await sql.raw("CREATE INDEX followup_values_round ON followup_values (form_key, year, organisation_name)").run()
        try await sql.raw("CREATE INDEX followup_values_report ON followup_values (report_id)").run()
        if sql.dialect.name == "postgresql" {
            try await sql.raw("ALTER TABLE followup_values ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (to_tsvector('swedish', search_text)) STORED").run()
            try await sql.raw("CREATE INDEX followup_values_search ON followup_values USING GIN (search_vector)").run()
        } else if sql.dialect.name == "sqlite" {
            // Diacritics are kept: å, ä and ö are letters of their own in Swedish.
            try await sql.raw("CREATE VIRTUAL TABLE followup_fts USING fts5(body, tokenize = 'unicode61 remove_diacritics 0')").run()
            try await sql.raw("""
                CREATE TRIGGER followup_values_fts_insert AFTER INSERT ON followup_values WHEN NEW.search_text <> ''
                BEGIN INSERT INTO followup_fts (rowid, body) VALUES (NEW.seq, NEW.search_text); END
                """).run()
            try await sql.raw("""
                CREATE TRIGGER followup_values_fts_delete AFTER DELETE ON followup_values WHEN OLD.search_text <> ''
                BEGIN DELETE FROM followup_fts WHERE rowid = OLD.seq; END
                """).run()
        }
    }

    public func revert(on database: any Database) async throws {
        if let sql = database as? any SQLDatabase, sql.dialect.name == "sqlite" {
            try await sql.raw("DROP TRIGGER IF EXISTS followup_values_fts_insert").run()
            try await sql.raw("DROP TRIGGER IF EXISTS followup_values_fts_delete").run()
            try await sql.raw("DROP TABLE IF EXISTS followup_fts").run()
        }
        for schema in [GoalPictureModel.schema, IndicatorValueModel.schema, QuestionLinkModel.schema, FollowUpValueModel.schema] {
            try await database.schema(schema).delete()
        }
    }
}
