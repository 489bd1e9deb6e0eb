import Fluent

/// The duty to manage agreements (*hantera överenskommelser*) on a membership: administrators
/// have it by their role; an administrator can give it to others, e.g. the ministry's or SKR's staff.
public struct AgreementManagerDutyMigration: AsyncMigration {
    public init() {}
    public var name: String { "018_AgreementManagerDuty" }

    public func prepare(on database: any Database) async throws {
        try await database.schema(MembershipModel.schema).field("agreement_manager", .bool).update()
    }

    public func revert(on database: any Database) async throws {
        try await database.schema(MembershipModel.schema).deleteField("agreement_manager").update()
    }
}
