import Fluent

/// Financial reports, their lines, and repayments.
public struct CreateFinancialReports: AsyncMigration {
    public init() {}
    public var name: String { "010_CreateFinancialReports" }

    public func prepare(on database: any Database) async throws {
        try await database.schema(FinancialReportModel.schema)
            .id()
            .field("agreement_year", .int, .required)
            .field("organisation_id", .uuid, .required, .references(OrganisationModel.schema, "id"))
            .field("version", .int, .required)
            .field("state", .string, .required)
            .field("repayment_ore", .int64, .required)
            .field("due_date", .string, .required)
            .field("updated_at", .datetime, .required)
            .field("updated_by", .string, .required)
            .field("attested_at", .datetime)
            .field("attested_by", .string)
            .unique(on: "agreement_year", "organisation_id", "version")
            .create()
        try await database.schema(FinancialReportLineModel.schema)
            .id()
            .field("report_id", .uuid, .required, .references(FinancialReportModel.schema, "id", onDelete: .cascade))
            .field("position", .int, .required)
            .field("area", .int, .required)
            .field("title", .string, .required)
            .field("planned_ore", .int64, .required)
            .field("spent_ore", .int64, .required)
            .create()
        try await database.schema(RepaymentModel.schema)
            .id()
            .field("agreement_year", .int, .required)
            .field("organisation_id", .uuid, .required, .references(OrganisationModel.schema, "id"))
            .field("amount_ore", .int64, .required)
            .field("paid_on", .string, .required)
            .field("recorded_by", .string, .required)
            .field("created_at", .datetime, .required)
            .create()
    }

    public func revert(on database: any Database) async throws {
        try await database.schema(RepaymentModel.schema).delete()
        try await database.schema(FinancialReportLineModel.schema).delete()
        try await database.schema(FinancialReportModel.schema).delete()
    }
}
