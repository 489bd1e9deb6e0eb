import Testing
@testable import NaraCore

@Suite("Allocating the agreements' pots")
struct AllocatorTests {
    let geography = Geography.shipped

    @Test("the reference data holds 21 counties, 290 municipalities and SCB's national totals")
    func referenceData() {
        #expect(geography.counties.count == 21)
        #expect(geography.municipalities.count == 290)
        #expect(geography.countyPopulation[.make(2018, 12, 31)]?.values.reduce(0, +) == 10_230_185)
        #expect(geography.countyPopulation[.make(2019, 12, 31)]?.values.reduce(0, +) == 10_327_589)
        #expect(geography.countyPopulation[.make(2020, 12, 31)]?.values.reduce(0, +) == 10_379_295)
        #expect(geography.municipalPopulation2018.values.reduce(0, +) == 10_230_185)
        let seeds = geography.organisationSeeds
        #expect(seeds.filter { $0.kind == .region }.count == 21)
        #expect(seeds.filter { $0.kind == .rss }.count == 20)
        #expect(seeds.filter { $0.kind == .municipality }.count == 290)
        #expect(!seeds.contains { $0.kind == .rss && $0.countyCode == "09" })
    }

    @Test("a regions pot goes to all 21 regions and sums exactly")
    func regionsPot() throws {
        let a = try DemoAgreements.agreement2023()
        let table = geography.builtInPopulationTables.last!
        let result = try Allocator.allocate(a.pot("regioner")!, population: table)
        #expect(result.lines.count == 21)
        #expect(result.total == .mnkr("5043"))
        #expect(result.lines.first?.name == "Region Stockholm")
    }

    @Test("Gotland's municipal money goes to Region Gotland, and says so")
    func gotland() throws {
        let a = try DemoAgreements.agreement2023()
        let result = try Allocator.allocate(a.pot("kommuner")!, population: geography.builtInPopulationTables.last!)
        #expect(result.lines.count == 21)
        #expect(result.total == .mnkr("1050"))
        let gotland = try #require(result.lines.first { $0.code == "09" })
        #expect(gotland.name == "Region Gotland")
        #expect(gotland.note.contains("Region Gotland"))
        #expect(result.lines.filter { !$0.note.isEmpty }.count == 1)
        #expect(result.lines.first { $0.code == "23" }?.name == "RSS Jämtlands län")
    }

    @Test("a municipal table gives the same county totals as the county table of the same date")
    func municipalTableAggregates() throws {
        let municipal = geography.builtInPopulationTables.first { $0.level == .municipality }!
        #expect(municipal.countyTotals(in: geography) == geography.countyPopulation[.make(2018, 12, 31)])
    }

    @Test("Jämtland 2019: the stated 30,6 mnkr cannot be reproduced from 2 430 mnkr, and the check says why")
    func jamtland2019() throws {
        let a = try DemoAgreements.agreement2019()
        let table = geography.builtInPopulationTables.first { $0.referenceDate == .make(2018, 12, 31) }!
        let result = try Allocator.allocate(a.pot("regioner")!, population: table)
        let check = try #require(result.checks(against: a.statedReceipts).first)
        let jamtland = try #require(result.lines.first { $0.code == "23" })
        // 2 430 000 000 kr × 130 280 / 10 230 185, rounded by largest remainder.
        let exactKr = 2_430_000_000 * 130_280 / 10_230_185
        #expect(jamtland.amount.wholeKronor == exactKr || jamtland.amount.wholeKronor == exactKr + 1)
        #expect(!check.matches)
        #expect(check.receipt.amount == .mnkr("30.6"))
        // The stated amount at this share implies a pot of about 2 402,9 mnkr.
        #expect(check.impliedPot.mnkrText(maxDecimals: 1) == "2\u{00A0}402,9\u{00A0}mnkr")
    }

    @Test("fixed amounts must account for the whole pot")
    func fixed() throws {
        let a = try DemoAgreements.agreement2023()
        let result = try Allocator.allocate(a.pot("skr")!, population: nil)
        #expect(result.lines.map(\.code) == ["SKR"])
        #expect(result.total == .mnkr("51.5"))
        #expect(throws: FixedSplitError.self) { try FixedSplit.validate(["SKR": .mnkr("50")], pot: .mnkr("51.5")) }
    }

    @Test("VFU money follows reported weeks, and waits until weeks are reported")
    func quantityKey() throws {
        let pot = try DemoAgreements.agreement2023().pot("vfu")!
        #expect(throws: AllocationError.noQuantitiesReported(unit: "VFU-veckor")) { try Allocator.allocate(pot, population: nil) }
        let result = try Allocator.allocate(pot, population: nil, quantities: [
            (code: "01", name: "Region Stockholm", quantity: 1_200), (code: "0180", name: "Stockholm", quantity: 300),
            (code: "23", name: "Region Jämtland Härjedalen", quantity: 100)])
        #expect(result.total == .mnkr("250"))
        #expect(result.lines[0].amount == Money.kronor(187_500_000))
    }
}
