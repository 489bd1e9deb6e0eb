import Fluent

/// Who reviews a report round: the body its milestone names as the report's recipient
/// (`Socialdepartementet` for SKR's reports). Empty for rounds created before.
public struct RoundReviewerMigration: AsyncMigration {
    public init() {}
    public var name: String { "016_RoundReviewer" }

    public func prepare(on database: any Database) async throws {
        try await database.schema(AssignmentModel.schema).field("reviewer", .string).update()
    }

    public func revert(on database: any Database) async throws {
        try await database.schema(AssignmentModel.schema).deleteField("reviewer").update()
    }
}
