import Fluent

/// Questionnaire drafts: what an administrator builds before it is published as a version. One
/// draft per questionnaire (unique key), edited under a revision number so two people's changes
/// never overwrite each other.
public struct FormDraftsMigration: AsyncMigration {
    public init() {}
    public var name: String { "021_FormDrafts" }

    public func prepare(on database: any Database) async throws {
        try await database.schema(FormDraftModel.schema)
            .id()
            .field("form_key", .string, .required)
            .field("base_definition_id", .uuid)
            .field("definition", .string, .required)
            .field("revision", .int, .required)
            .field("created_at", .datetime, .required)
            .field("created_by", .string, .required)
            .field("updated_at", .datetime, .required)
            .field("updated_by", .string, .required)
            .unique(on: "form_key")
            .create()
    }

    public func revert(on database: any Database) async throws {
        try await database.schema(FormDraftModel.schema).delete()
    }
}
