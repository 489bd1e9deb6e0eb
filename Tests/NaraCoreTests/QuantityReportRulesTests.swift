import Testing
@testable import NaraCore

@Suite("QuantityReport rules: reporting, decisions and allocation by accepted quantities")
struct QuantityReportRulesTests {
    static let vfu = Pot(id: "vfu", name: "VFU-veckor", category: .joint, amount: .mnkr("250"),
                         key: .reportedQuantity(unit: "VFU-veckor"), quantityDeadline: .make(2023, 3, 31))
    static let jamtland = QuantityRecipient(kind: .region, countyCode: "23")!
    static let dayBefore = CivilDate.make(2023, 3, 30)

    func report(_ raw: String, on day: CivilDate = dayBefore, by r: QuantityRecipient? = jamtland,
                current: QuantityReportState? = nil, allocated: Bool = false, pot: Pot = vfu) -> Result<Int64, QuantityRefusal> {
        QuantityRules.report(pot, by: r, raw: raw, today: day, current: current, allocated: allocated)
    }

    @Test("codes are R or K and the länskod; a joint pot names 21 regions and 20 RSS, a municipal pot Region Gotland for Gotland")
    func recipients() {
        #expect(Self.jamtland.code == "R23")
        #expect(QuantityRecipient(kind: .rss, countyCode: "23")?.code == "K23")
        #expect(QuantityRecipient(code: "K23") == QuantityRecipient(kind: .rss, countyCode: "23"))
        #expect(QuantityRecipient(code: "23") == nil)
        #expect(QuantityRecipient(kind: .municipality, countyCode: "23") == nil)
        let joint = QuantityRecipient.named(by: .joint)
        #expect(joint.count == 41)
        #expect(!joint.contains { $0.code == "K09" })
        #expect(QuantityRecipient.named(by: .regions).count == 21)
        let municipal = QuantityRecipient.named(by: .municipalities).map(\.code)
        #expect(municipal.count == 21)
        #expect(municipal.contains("R09") && !municipal.contains("R23") && municipal.contains("K23"))
        #expect(QuantityRecipient.named(by: .skr).isEmpty)
    }

    @Test("a whole number is read as people type it; anything else is refused with a Swedish sentence")
    func parsing() {
        #expect(QuantityRules.parseQuantity("120") == .success(120))
        #expect(QuantityRules.parseQuantity(" 1 200 ") == .success(1_200))
        #expect(QuantityRules.parseQuantity("1\u{00A0}200") == .success(1_200))
        #expect(QuantityRules.parseQuantity("0") == .success(0))
        #expect(QuantityRules.parseQuantity("") == .failure(.quantityMissing))
        #expect(QuantityRules.parseQuantity("12,5") == .failure(.quantityNotWhole))
        #expect(QuantityRules.parseQuantity("12.0") == .failure(.quantityNotWhole))
        #expect(QuantityRules.parseQuantity("-3") == .failure(.quantityNegative))
        #expect(QuantityRules.parseQuantity("−3") == .failure(.quantityNegative))
        #expect(QuantityRules.parseQuantity("1e3") == .failure(.quantityMissing))
        #expect(QuantityRules.parseQuantity("tolv") == .failure(.quantityMissing))
        #expect(QuantityRules.parseQuantity("1000001") == .failure(.quantityTooLarge))
        #expect(QuantityRules.parseQuantity("99999999999999999999999") == .failure(.quantityTooLarge))
        #expect(QuantityRefusal.quantityNotWhole.description.contains("heltal"))
    }

    @Test("a report is received until the deadline day inclusive, and refused the day after")
    func deadline() {
        #expect(report("120") == .success(120))
        #expect(report("120", on: .make(2023, 3, 31)) == .success(120))
        let late = report("120", on: .make(2023, 4, 1))
        #expect(late == .failure(.deadlinePassed(.make(2023, 3, 31))))
        if case .failure(let e) = late {
            #expect(e.description == "Sista dag att rapportera var 31 mars 2023. Rapporten kan inte tas emot efter sista dagen.")
            #expect(e.field == "quantity")
        }
        // The deadline is checked before the number, so a late report is told why first.
        #expect(report("-3", on: .make(2023, 4, 1)) == .failure(.deadlinePassed(.make(2023, 3, 31))))
    }

    @Test("only a recipient the pot names reports, only to a quantity pot with a deadline, and not once decided or allocated")
    func whoAndWhen() {
        #expect(report("5", by: nil) == .failure(.notNamed(pot: "VFU-veckor")))
        let regionsOnly = Pot(id: "x", name: "Regioner", category: .regions, amount: .mnkr("1"), key: .reportedQuantity(unit: "veckor"),
                              quantityDeadline: .make(2023, 3, 31))
        #expect(report("5", by: QuantityRecipient(kind: .rss, countyCode: "23"), pot: regionsOnly) == .failure(.notNamed(pot: "Regioner")))
        let population = Pot(id: "p", name: "P", category: .joint, amount: .mnkr("1"), key: .populationShare)
        #expect(report("5", pot: population) == .failure(.notQuantityPot))
        let noDeadline = Pot(id: "n", name: "N", category: .joint, amount: .mnkr("1"), key: .reportedQuantity(unit: "veckor"))
        #expect(report("5", pot: noDeadline) == .failure(.noDeadline))
        #expect(report("5", current: .reported) == .success(5))
        #expect(report("5", current: .accepted) == .failure(.alreadyDecided(.accepted)))
        #expect(report("5", allocated: true) == .failure(.potAllocated))
    }

    @Test("accept only a waiting report; adjust needs another whole number and a reason; nothing changes after allocation")
    func decisions() {
        #expect(QuantityRules.accept(current: .reported, allocated: false) == nil)
        #expect(QuantityRules.accept(current: .accepted, allocated: false) == .alreadyDecided(.accepted))
        #expect(QuantityRules.accept(current: .adjusted, allocated: false) == .alreadyDecided(.adjusted))
        #expect(QuantityRules.accept(current: .reported, allocated: true) == .potAllocated)
        #expect(QuantityRules.adjust(reported: 120, raw: "100", reason: "20 veckor avsåg fel termin", allocated: false) == .success(100))
        #expect(QuantityRules.adjust(reported: 120, raw: "100", reason: "  ", allocated: false) == .failure(.reasonRequired))
        #expect(QuantityRules.adjust(reported: 120, raw: "120", reason: "x", allocated: false) == .failure(.sameAsReported))
        #expect(QuantityRules.adjust(reported: 120, raw: "-1", reason: "x", allocated: false) == .failure(.quantityNegative))
        #expect(QuantityRules.adjust(reported: 120, raw: "100", reason: "x", allocated: true) == .failure(.potAllocated))
        #expect(QuantityRefusal.reasonRequired.field == "reason")
        #expect(QuantityRefusal.alreadyDecided(.accepted).description.contains("godkänd"))
    }

    static func r(_ code: String, _ reported: Int64, _ accepted: Int64?, _ state: QuantityReportState) -> QuantityReport {
        QuantityReport(recipient: QuantityRecipient(code: code)!, name: code, reported: reported, accepted: accepted, state: state)
    }

    @Test("after the deadline the pot is split by accepted quantities only, exactly, and non-reporters get nothing")
    func allocation() throws {
        let reports = [Self.r("K23", 100, 100, .accepted), Self.r("R23", 300, 200, .adjusted), Self.r("R01", 50, 0, .adjusted)]
        let result = try QuantityRules.allocate(Self.vfu, reports: reports, today: .make(2023, 4, 1)).get()
        #expect(result.lines.map(\.code) == ["R23", "K23"])
        #expect(result.lines.map(\.weight) == [200, 100])
        #expect(result.total == .mnkr("250"))
        // 250 000 000 kr × 200 ÷ 300 = 166 666 666,67 kr → 166 666 667 kr by the largest remainder.
        #expect(result.lines[0].amount == .kronor(166_666_667))
        #expect(result.lines[1].amount == .kronor(83_333_333))
        let without = QuantityRules.withoutShare(Self.vfu, reports: reports).map(\.code)
        #expect(without.count == 39)
        #expect(without.contains("R01") && !without.contains("R23"))

        #expect(QuantityRules.allocate(Self.vfu, reports: reports, today: .make(2023, 3, 31)).failureValue == .beforeDeadlineEnds(.make(2023, 3, 31)))
        let waiting = reports + [Self.r("R03", 10, nil, .reported)]
        #expect(QuantityRules.allocate(Self.vfu, reports: waiting, today: .make(2023, 4, 1)).failureValue == .undecided(1))
        #expect(QuantityRules.allocate(Self.vfu, reports: [Self.r("R01", 50, 0, .adjusted)], today: .make(2023, 4, 1)).failureValue == .nothingAccepted)
        #expect(QuantityRules.allocate(Self.vfu, reports: [], today: .make(2023, 4, 1)).failureValue == .nothingAccepted)
    }

    @Test("odd quantities still sum exactly to the pot", arguments: [[1, 1, 1], [7, 13, 29, 3], [999_999, 1, 2]])
    func exactSums(weights: [Int64]) throws {
        let codes = ["R01", "R03", "K14", "R25"]
        let reports = weights.enumerated().map { Self.r(codes[$0.offset], $0.element, $0.element, .accepted) }
        let result = try QuantityRules.allocate(Self.vfu, reports: reports, today: .make(2023, 4, 1)).get()
        #expect(result.total == Self.vfu.amount)
    }
}

fileprivate extension Result {
    var failureValue: Failure? {
        if case .failure(let e) = self { return e }
        return nil
    }
}
