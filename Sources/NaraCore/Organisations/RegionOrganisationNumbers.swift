import Foundation

/// One region's organisation number as shipped in `region-organisation-numbers.csv`, with the
/// public page it was read on.
public struct RegionOrganisationNumber: Hashable, Sendable {
    /// Two-digit länskod of the region's county, e.g. `23`.
    public let countyCode: String
    /// `232100-0214`, as printed on the source page.
    public let number: String
    /// The address of the public page the number was read on.
    public let source: String
}

extension Geography {
    /// The regions' organisation numbers shipped in `ReferenceData/region-organisation-numbers.csv`
    /// (`lanskod,organisationsnummer,kalla`). Regions whose number could not be cited have no row.
    public static func shippedRegionOrganisationNumbers() throws -> [RegionOrganisationNumber] {
        let file = "region-organisation-numbers.csv"
        var rows: [RegionOrganisationNumber] = []
        for row in try resource(file).split(whereSeparator: \.isNewline).dropFirst() {
            let f = row.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            guard f.count == 3, !f[0].isEmpty, !f[1].isEmpty, !f[2].isEmpty else {
                throw ReferenceDataError.malformed(file, String(row))
            }
            rows.append(RegionOrganisationNumber(countyCode: f[0], number: f[1], source: f[2]))
        }
        return rows
    }
}
