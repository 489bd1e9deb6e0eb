import Fluent
import SQLKit

/// Decision letters (*beslut om utbetalning*): one per approved requisition, numbered per year.
/// The unique constraints are the guard against a second letter or a reused number: a clash
/// fails the approval's transaction as a whole.
public struct DecisionLettersMigration: AsyncMigration {
    public init() {}
    public var name: String { "024_DecisionLetters" }

    public func prepare(on database: any Database) async throws {
        try await database.schema(DecisionLetterModel.schema)
            .id()
            .field("requisition_id", .uuid, .required, .references(RequisitionModel.schema, "id"))
            .field("reference", .string, .required)
            .field("agreement_year", .int, .required)
            .field("sequence", .int, .required)
            .field("organisation_id", .uuid, .required, .references(OrganisationModel.schema, "id"))
            .field("decided_on", .string, .required)
            .field("content", .string, .required)
            .field("content_sha256", .string, .required)
            .field("created_at", .datetime, .required)
            .unique(on: "requisition_id")
            .unique(on: "reference")
            .unique(on: "agreement_year", "sequence")
            .create()
        let sql = database as! any SQLDatabase
        try await sql.raw("CREATE INDEX decision_letters_by_recipient ON decision_letters (organisation_id, agreement_year)").run()
    }

    public func revert(on database: any Database) async throws {
        try await database.schema(DecisionLetterModel.schema).delete()
    }
}
