import Fluent
import Foundation

/// A recipient's reported quantity for a reported-quantity pot (VFU weeks), and
/// Socialstyrelsen's decision on it. One per pot and organisation. `@unchecked Sendable` as
/// every Fluent model (reference types Swift 6 cannot check; one task uses an instance at a time).
public final class QuantityReportModel: Model, @unchecked Sendable {
    public static let schema = "quantity_reports"
    @ID(key: .id) public var id: UUID?
    @Field(key: "pot_id") public var potID: UUID
    @Field(key: "organisation_id") public var organisationID: UUID
    /// The allocation line's code: `R23` for a region, `K23` for a county's RSS.
    @Field(key: "code") public var code: String
    /// The quantity the recipient reported.
    @Field(key: "quantity") public var quantity: Int64
    /// The quantity Socialstyrelsen accepted; nil until decided.
    @OptionalField(key: "accepted_quantity") public var acceptedQuantity: Int64?
    /// `reported`, `accepted` or `adjusted` (`QuantityReportState`).
    @Field(key: "state") public var state: String
    /// Socialstyrelsen's reason for an adjustment, or a note on an acceptance.
    @Field(key: "reason") public var reason: String
    /// The recipient's own comment on the report.
    @Field(key: "comment") public var comment: String
    @OptionalField(key: "attachment_name") public var attachmentName: String?
    @OptionalField(key: "attachment_size") public var attachmentSize: Int?
    /// The attachment's bytes, base64.
    @OptionalField(key: "attachment_content") public var attachmentContent: String?
    /// Generated demo data (shown as "demodata" on the pages).
    @Field(key: "is_demo") public var isDemo: Bool
    @Field(key: "reported_at") public var reportedAt: Date
    @Field(key: "reported_by") public var reportedBy: String
    @OptionalField(key: "decided_at") public var decidedAt: Date?
    @OptionalField(key: "decided_by") public var decidedBy: String?
    public init() {}
}
