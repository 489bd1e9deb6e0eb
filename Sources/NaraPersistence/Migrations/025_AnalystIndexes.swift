import Fluent
import SQLKit

/// What the analysts' pages need at ×100 (25 000 reports, 1,5 million answers), filled for the
/// answers already there:
/// - a covering index for a choice question's counts per option and county, so the tally reads
///   one index range, already grouped, and not each answer's row;
/// - an index for the recipients of a county in a year (the question page's recipient filter);
/// - an index for a round's reports by state (the status board's counts);
/// - on SQLite, the year as a column of the full-text index (a year's hits without a lookup of
///   each hit's row) and a vocabulary table to spell out a search term's words.
public struct AnalystIndexesMigration: AsyncMigration {
    public init() {}
    public var name: String { "025_AnalystIndexes" }

    public func prepare(on database: any Database) async throws {
        guard let sql = database as? any SQLDatabase else { return }
        try await sql.raw("""
            CREATE INDEX IF NOT EXISTS followup_values_tally ON followup_values (form_key, year, question_id, value, county_code, organisation_kind, item)
            """).run()
        try await sql.raw("CREATE INDEX IF NOT EXISTS followup_reports_county ON followup_reports (form_key, year, county_code, organisation_name)").run()
        try await sql.raw("CREATE INDEX IF NOT EXISTS reports_round_state ON reports (assignment_id, state)").run()
        guard sql.dialect.name == "sqlite" else { return }
        try await sql.raw("DROP TRIGGER IF EXISTS followup_values_fts_insert").run()
        try await sql.raw("DROP TABLE IF EXISTS followup_fts").run()
        try await Self.fullText(sql, year: true)
        try await sql.raw("CREATE VIRTUAL TABLE followup_fts_vocab USING fts5vocab(followup_fts, 'row')").run()
    }

    public func revert(on database: any Database) async throws {
        guard let sql = database as? any SQLDatabase else { return }
        try await sql.raw("DROP INDEX IF EXISTS followup_values_tally").run()
        try await sql.raw("DROP INDEX IF EXISTS followup_reports_county").run()
        try await sql.raw("DROP INDEX IF EXISTS reports_round_state").run()
        guard sql.dialect.name == "sqlite" else { return }
        try await sql.raw("DROP TABLE IF EXISTS followup_fts_vocab").run()
        try await sql.raw("DROP TRIGGER IF EXISTS followup_values_fts_insert").run()
        try await sql.raw("DROP TABLE IF EXISTS followup_fts").run()
        try await Self.fullText(sql, year: false)
    }

    /// The full-text index (with or without the year column), its insert trigger, and its
    /// contents from the answers there are. Diacritics are kept: å, ä and ö are letters of their own.
    static func fullText(_ sql: any SQLDatabase, year: Bool) async throws {
        let (columns, values, selected) = year ? ("body, year", "NEW.search_text, NEW.year", "search_text, year") : ("body", "NEW.search_text", "search_text")
        try await sql.raw("CREATE VIRTUAL TABLE followup_fts USING fts5(\(unsafeRaw: columns), tokenize = 'unicode61 remove_diacritics 0')").run()
        try await sql.raw("""
            CREATE TRIGGER followup_values_fts_insert AFTER INSERT ON followup_values WHEN NEW.search_text <> ''
            BEGIN INSERT INTO followup_fts (rowid, \(unsafeRaw: columns)) VALUES (NEW.seq, \(unsafeRaw: values)); END
            """).run()
        try await sql.raw("""
            INSERT INTO followup_fts (rowid, \(unsafeRaw: columns)) SELECT seq, \(unsafeRaw: selected) FROM followup_values WHERE search_text <> ''
            """).run()
    }
}
