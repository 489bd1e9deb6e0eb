import Fluent
import SQLKit

/// Agreements kept by their owners: status (draft or published) and version on the agreement,
/// the source's reference and signing date, a quantity pot's deadline, every published version
/// as a document, and the repayment claims an amendment creates.
public struct AgreementLifecycleMigration: AsyncMigration {
    public init() {}
    public var name: String { "014_AgreementLifecycle" }

    public func prepare(on database: any Database) async throws {
        // SQLite adds one column per statement.
        let agreement = AgreementModel.schema
        try await database.schema(agreement).field("status", .string, .required, .custom(SQLRaw("DEFAULT 'published'"))).update()
        try await database.schema(agreement).field("version", .int, .required, .custom(SQLRaw("DEFAULT 1"))).update()
        try await database.schema(agreement).field("source_reference", .string, .required, .custom(SQLRaw("DEFAULT ''"))).update()
        try await database.schema(agreement).field("signed_on", .string).update()
        try await database.schema(agreement).field("updated_at", .datetime).update()
        try await database.schema(agreement).field("updated_by", .string, .required, .custom(SQLRaw("DEFAULT ''"))).update()
        try await database.schema(PotModel.schema)
            .field("quantity_deadline", .string)
            .update()
        if let sql = database as? any SQLDatabase {
            // The seed's VFU report was stored under an earlier name.
            try await sql.raw("UPDATE milestones SET kind = 'quantityReport' WHERE kind = 'vfuReport'").run()
        }
        try await database.schema(AgreementVersionModel.schema)
            .id()
            .field("agreement_id", .uuid, .required, .references(AgreementModel.schema, "id", onDelete: .cascade))
            .field("version", .int, .required)
            .field("kind", .string, .required)
            .field("amendment_date", .string)
            .field("reason", .string, .required)
            .field("reference", .string, .required)
            .field("document", .string, .required)
            .field("changes", .string, .required)
            .field("created_at", .datetime, .required)
            .field("created_by", .string, .required)
            .unique(on: "agreement_id", "version")
            .create()
        try await database.schema(RepaymentClaimModel.schema)
            .id()
            .field("agreement_year", .int, .required)
            .field("organisation_id", .uuid, .required, .references(OrganisationModel.schema, "id"))
            .field("agreement_version", .int, .required)
            .field("amount_ore", .int64, .required)
            .field("due_date", .string, .required)
            .field("reason", .string, .required)
            .field("state", .string, .required)
            .field("created_at", .datetime, .required)
            .field("created_by", .string, .required)
            // One claim per recipient and amendment: an amendment applied twice cannot claim twice.
            .unique(on: "agreement_year", "organisation_id", "agreement_version")
            .create()
    }

    public func revert(on database: any Database) async throws {
        try await database.schema(RepaymentClaimModel.schema).delete()
        try await database.schema(AgreementVersionModel.schema).delete()
        try await database.schema(PotModel.schema).deleteField("quantity_deadline").update()
        for field in ["status", "version", "source_reference", "signed_on", "updated_at", "updated_by"] {
            try await database.schema(AgreementModel.schema).deleteField(.string(field)).update()
        }
    }
}
