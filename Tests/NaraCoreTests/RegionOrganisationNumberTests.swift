import Foundation
import Testing
@testable import NaraCore

@Suite("Region organisation numbers (reference data)")
struct RegionOrganisationNumberTests {
    @Test("every shipped number is NNNNNN-NNNN with a correct Luhn check digit")
    func numbersAreWellFormed() throws {
        let rows = try Geography.shippedRegionOrganisationNumbers()
        #expect(!rows.isEmpty)
        for row in rows {
            #expect(row.number.wholeMatch(of: /[0-9]{6}-[0-9]{4}/) != nil, "\(row.countyCode): \(row.number)")
            #expect(OrganisationNumber.luhnValid(row.number.replacingOccurrences(of: "-", with: "")), "\(row.countyCode): \(row.number)")
            #expect(OrganisationNumber(row.number)?.formatted == row.number)
        }
    }

    @Test("every row names a county that exists, once, and cites a web page")
    func rowsNameCountiesAndSources() throws {
        let rows = try Geography.shippedRegionOrganisationNumbers()
        let geography = Geography.shipped
        for row in rows {
            #expect(geography.county(row.countyCode) != nil, "unknown länskod \(row.countyCode)")
            #expect(row.source.hasPrefix("https://") || row.source.hasPrefix("http://"), "\(row.countyCode): \(row.source)")
        }
        #expect(Set(rows.map(\.countyCode)).count == rows.count, "a county appears twice")
        #expect(Set(rows.map(\.number)).count == rows.count, "two regions share a number")
    }
}
