import Fluent

/// Agreements with their areas, area amounts, pots, conditions, milestones and stated receipts.
public struct CreateAgreements: AsyncMigration {
    public init() {}
    public var name: String { "003_CreateAgreements" }

    public func prepare(on database: any Database) async throws {
        let agreement = AgreementModel.schema
        try await database.schema(agreement)
            .id()
            .field("year", .int, .required)
            .field("title", .string, .required)
            .field("frame_ore", .int64, .required)
            .field("summary", .string, .required)
            .field("source", .string, .required)
            .unique(on: "year")
            .create()
        try await database.schema(AreaModel.schema)
            .id()
            .field("agreement_id", .uuid, .required, .references(agreement, "id", onDelete: .cascade))
            .field("number", .int, .required)
            .field("title", .string, .required)
            .field("summary", .string, .required)
            .field("stated_total_ore", .int64)
            .unique(on: "agreement_id", "number")
            .create()
        try await database.schema(AreaAmountModel.schema)
            .id()
            .field("area_id", .uuid, .required, .references(AreaModel.schema, "id", onDelete: .cascade))
            .field("position", .int, .required)
            .field("category", .string, .required)
            .field("purpose", .string, .required)
            .field("amount_ore", .int64, .required)
            .create()
        try await database.schema(PotModel.schema)
            .id()
            .field("agreement_id", .uuid, .required, .references(agreement, "id", onDelete: .cascade))
            .field("position", .int, .required)
            .field("slug", .string, .required)
            .field("name", .string, .required)
            .field("category", .string, .required)
            .field("amount_ore", .int64, .required)
            .field("key_kind", .string, .required)
            .field("key_detail", .string, .required)
            .field("stated_reference_date", .string)
            .field("note", .string, .required)
            .unique(on: "agreement_id", "slug")
            .create()
        try await database.schema(ConditionModel.schema)
            .id()
            .field("agreement_id", .uuid, .required, .references(agreement, "id", onDelete: .cascade))
            .field("position", .int, .required)
            .field("text", .string, .required)
            .create()
        try await database.schema(MilestoneModel.schema)
            .id()
            .field("agreement_id", .uuid, .required, .references(agreement, "id", onDelete: .cascade))
            .field("position", .int, .required)
            .field("date", .string, .required)
            .field("kind", .string, .required)
            .field("title", .string, .required)
            .field("responsible", .string, .required)
            .field("recipient", .string, .required)
            .create()
        try await database.schema(StatedReceiptModel.schema)
            .id()
            .field("agreement_id", .uuid, .required, .references(agreement, "id", onDelete: .cascade))
            .field("pot_slug", .string, .required)
            .field("code", .string, .required)
            .field("amount_ore", .int64, .required)
            .field("source", .string, .required)
            .field("reference_date", .string)
            .create()
    }

    public func revert(on database: any Database) async throws {
        for schema in [StatedReceiptModel.schema, MilestoneModel.schema, ConditionModel.schema, PotModel.schema,
                       AreaAmountModel.schema, AreaModel.schema, AgreementModel.schema] {
            try await database.schema(schema).delete()
        }
    }
}
