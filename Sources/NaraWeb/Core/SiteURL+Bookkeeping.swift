import Foundation

extension SiteURL {
    /// A recipient's grant transactions for one agreement year as an SIE 4 file.
    static func bookkeeping(_ org: UUID, _ year: Int) -> String { "/organisationer/\(org.uuidString)/medel/\(year)/bokforing.se" }
}
