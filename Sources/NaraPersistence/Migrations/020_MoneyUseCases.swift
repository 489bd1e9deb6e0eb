import Fluent
import SQLKit

/// What the money's use cases need from the schema: one payment per requisition and one per
/// approved quarter (unique, so no second payment can be stored whatever the code does), who
/// made a requisition or saved a financial report by account (separation of duties), and the
/// first of two payers' approvals above the second-approval limit.
public struct MoneyUseCasesMigration: AsyncMigration {
    public init() {}
    public var name: String { "020_MoneyUseCases" }

    public func prepare(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        try await sql.raw("CREATE UNIQUE INDEX payments_one_per_requisition ON payments (requisition_id)").run()
        try await sql.raw("CREATE UNIQUE INDEX payments_one_per_provider_request ON payments (provider_request_id)").run()
        // SQLite adds one column per statement.
        try await database.schema(RequisitionModel.schema).field("created_by_id", .uuid).update()
        try await database.schema(RequisitionModel.schema).field("first_approved_at", .datetime).update()
        try await database.schema(RequisitionModel.schema).field("first_approved_by", .string).update()
        try await database.schema(RequisitionModel.schema).field("first_approved_by_id", .uuid).update()
        try await database.schema(RequisitionModel.schema).field("attested_by_id", .uuid).update()
        try await database.schema(FinancialReportModel.schema).field("updated_by_id", .uuid).update()
        try await database.schema(FinancialReportModel.schema).field("attested_by_id", .uuid).update()
    }

    public func revert(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        try await sql.raw("DROP INDEX payments_one_per_requisition").run()
        try await sql.raw("DROP INDEX payments_one_per_provider_request").run()
        for field in ["created_by_id", "first_approved_at", "first_approved_by", "first_approved_by_id", "attested_by_id"] {
            try await database.schema(RequisitionModel.schema).deleteField(.string(field)).update()
        }
        for field in ["updated_by_id", "attested_by_id"] {
            try await database.schema(FinancialReportModel.schema).deleteField(.string(field)).update()
        }
    }
}
