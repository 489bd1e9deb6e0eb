import Fluent
import Foundation
import NaraCore

/// Fills the regions' organisation numbers from the shipped reference data.
public enum OrganisationNumberStore {
    /// Sets `org_number` on each region organisation whose number is empty and whose county has a
    /// row in `region-organisation-numbers.csv`. A stored number is never overwritten, so running
    /// it again (at every start) changes nothing. One transaction.
    /// - Returns: how many organisations got a number.
    @discardableResult
    public static func fillRegionNumbers(on db: any Database,
                                         numbers: [RegionOrganisationNumber]? = nil) async throws -> Int {
        let rows = try numbers ?? Geography.shippedRegionOrganisationNumbers()
        let byCounty = Dictionary(rows.map { ($0.countyCode, $0.number) }, uniquingKeysWith: { first, _ in first })
        return try await db.transaction { tx in
            let regions = try await OrganisationModel.query(on: tx)
                .filter(\.$kind == OrganisationKind.region.rawValue)
                .all()
            var filled = 0
            for region in regions {
                let stored = region.orgNumber?.trimmingCharacters(in: .whitespaces) ?? ""
                guard stored.isEmpty, let number = byCounty[region.code] else { continue }
                region.orgNumber = number
                try await region.save(on: tx)
                filled += 1
            }
            return filled
        }
    }
}
