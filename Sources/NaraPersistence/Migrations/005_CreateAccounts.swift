import Fluent

/// People, memberships, invitations, API tokens, login attempts, pending imports.
public struct CreateAccounts: AsyncMigration {
    public init() {}
    public var name: String { "005_CreateAccounts" }

    public func prepare(on database: any Database) async throws {
        try await database.schema(UserModel.schema)
            .id()
            .field("email", .string, .required)
            .field("name", .string, .required)
            .field("password_hash", .string)
            .field("is_active", .bool, .required)
            .field("created_at", .datetime, .required)
            .unique(on: "email")
            .create()
        try await database.schema(MembershipModel.schema)
            .id()
            .field("user_id", .uuid, .required, .references(UserModel.schema, "id", onDelete: .cascade))
            .field("organisation_id", .uuid, .required, .references(OrganisationModel.schema, "id"))
            .field("role", .string, .required)
            .field("created_at", .datetime, .required)
            .unique(on: "user_id", "organisation_id")
            .create()
        try await database.schema(InvitationModel.schema)
            .id()
            .field("token_hash", .string, .required)
            .field("email", .string, .required)
            .field("organisation_id", .uuid, .required, .references(OrganisationModel.schema, "id"))
            .field("role", .string, .required)
            .field("invited_by", .uuid, .required, .references(UserModel.schema, "id"))
            .field("expires_at", .datetime, .required)
            .field("used_at", .datetime)
            .field("created_at", .datetime, .required)
            .unique(on: "token_hash")
            .create()
        try await database.schema(APITokenModel.schema)
            .id()
            .field("user_id", .uuid, .required, .references(UserModel.schema, "id", onDelete: .cascade))
            .field("membership_id", .uuid, .required, .references(MembershipModel.schema, "id", onDelete: .cascade))
            .field("name", .string, .required)
            .field("token_hash", .string, .required)
            .field("prefix", .string, .required)
            .field("created_at", .datetime, .required)
            .field("last_used_at", .datetime)
            .field("revoked_at", .datetime)
            .unique(on: "token_hash")
            .create()
        try await database.schema(LoginAttemptModel.schema)
            .id()
            .field("email", .string, .required)
            .field("address", .string, .required)
            .field("succeeded", .bool, .required)
            .field("at", .datetime, .required)
            .create()
        try await database.schema(PendingImportModel.schema)
            .id()
            .field("uploaded_by", .uuid, .required, .references(UserModel.schema, "id"))
            .field("file_name", .string, .required)
            .field("reference_date", .string, .required)
            .field("source", .string, .required)
            .field("content", .string, .required)
            .field("created_at", .datetime, .required)
            .field("applied_at", .datetime)
            .create()
    }

    public func revert(on database: any Database) async throws {
        for schema in [PendingImportModel.schema, LoginAttemptModel.schema, APITokenModel.schema,
                       InvitationModel.schema, MembershipModel.schema, UserModel.schema] {
            try await database.schema(schema).delete()
        }
    }
}
