import Fluent
import SQLKit

/// Requisitions and payments, and the finance director's duty on memberships.
public struct CreateMoney: AsyncMigration {
    public init() {}
    public var name: String { "009_CreateMoney" }

    public func prepare(on database: any Database) async throws {
        try await database.schema(MembershipModel.schema)
            .field("finance_director", .bool, .required, .custom(SQLRaw("DEFAULT FALSE")))
            .update()
        try await database.schema(RequisitionModel.schema)
            .id()
            .field("agreement_year", .int, .required)
            .field("organisation_id", .uuid, .required, .references(OrganisationModel.schema, "id"))
            .field("state", .string, .required)
            .field("amount_ore", .int64, .required)
            .field("areas", .string, .required)
            .field("created_at", .datetime, .required)
            .field("created_by", .string, .required)
            .field("attested_at", .datetime)
            .field("attested_by", .string)
            .field("decided_at", .datetime)
            .field("decided_by", .string)
            .field("reason", .string)
            .create()
        try await database.schema(PaymentModel.schema)
            .id()
            .field("agreement_year", .int, .required)
            .field("organisation_id", .uuid, .required, .references(OrganisationModel.schema, "id"))
            .field("requisition_id", .uuid, .references(RequisitionModel.schema, "id"))
            .field("provider_request_id", .uuid)
            .field("amount_ore", .int64, .required)
            .field("areas", .string, .required)
            .field("payment_date", .string, .required)
            .field("reference", .string, .required)
            .field("status", .string, .required)
            .field("paid_at", .datetime)
            .field("created_by", .string, .required)
            .create()
    }

    public func revert(on database: any Database) async throws {
        try await database.schema(PaymentModel.schema).delete()
        try await database.schema(RequisitionModel.schema).delete()
        try await database.schema(MembershipModel.schema).deleteField("finance_director").update()
    }
}
