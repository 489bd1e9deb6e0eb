import Fluent

/// Versioned allocations and their lines.
public struct CreateAllocations: AsyncMigration {
    public init() {}
    public var name: String { "004_CreateAllocations" }

    public func prepare(on database: any Database) async throws {
        try await database.schema(AllocationModel.schema)
            .id()
            .field("pot_id", .uuid, .required, .references(PotModel.schema, "id", onDelete: .cascade))
            .field("version", .int, .required)
            .field("is_current", .bool, .required)
            .field("population_table_id", .uuid, .references(PopulationTableModel.schema, "id"))
            .field("reference_date", .string)
            .field("total_ore", .int64, .required)
            .field("total_weight", .int64)
            .field("leftover_units", .int64, .required)
            .field("computed_at", .datetime, .required)
            .field("computed_by", .string, .required)
            .unique(on: "pot_id", "version")
            .create()
        try await database.schema(AllocationLineModel.schema)
            .id()
            .field("allocation_id", .uuid, .required, .references(AllocationModel.schema, "id", onDelete: .cascade))
            .field("position", .int, .required)
            .field("code", .string, .required)
            .field("name", .string, .required)
            .field("weight", .int64)
            .field("amount_ore", .int64, .required)
            .field("floor_units", .int64)
            .field("remainder_numerator", .int64)
            .field("remainder_rank", .int)
            .field("received_extra_unit", .bool, .required)
            .field("residual_ore", .int64, .required)
            .field("note", .string, .required)
            .unique(on: "allocation_id", "code")
            .create()
    }

    public func revert(on database: any Database) async throws {
        try await database.schema(AllocationLineModel.schema).delete()
        try await database.schema(AllocationModel.schema).delete()
    }
}

/// Every migration, in order.
public enum NaraMigrations {
    public static let all: [any Migration] = [
        CreateOrganisations(), CreatePopulation(), CreateAgreements(), CreateAllocations(),
        CreateAccounts(), CreateAudit(), SessionRecord.migration, CreateReporting(), CreatePlans(), CreateMoney(), CreateFinancialReports(), CreateFundAssignments(), CreateFollowUp(),
        CreateFollowUpReports(), AgreementLifecycleMigration(),
        CreateQuantityReports(),
        RoundReviewerMigration(),
        SharedStateMigration(),
        AgreementManagerDutyMigration(),
        FinanceDirectorInvitationMigration(),
        MoneyUseCasesMigration(),
        FormDraftsMigration(),
        EIDSignInMigration(),
        OrganisationNumbersMigration(),
        DecisionLettersMigration(),
        AnalystIndexesMigration(),
        ContentVersionMigration(),
    ]
}
