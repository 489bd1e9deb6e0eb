import Testing
@testable import NaraCore

@Suite("Plans and the money's way")
struct MoneyFlowTests {
    @Test("Jämtland's 2019 plan: 19 + 5,8 + 5,8 = 30,6 mnkr in fourteen lines")
    func jamtlandPlan() {
        let plan = DemoPlans.jamtland2019
        #expect(plan.lines.count == 14)
        #expect(plan.planned(area: 1) == .mnkr("19"))
        #expect(plan.planned(area: 2) == .mnkr("5.8"))
        #expect(plan.planned(area: 3) == .mnkr("5.8"))
        #expect(plan.total == .mnkr("30.6"))
        let exact = PlanRules.assess(plan, allocated: .mnkr("30.6"), areas: [1, 2, 3])
        #expect(exact.errors.isEmpty && exact.warnings.isEmpty)
    }

    @Test("a plan over the allocation is refused with the excess; under it, a warning")
    func planRules() {
        let plan = DemoPlans.jamtland2019
        let over = PlanRules.assess(plan, allocated: .mnkr("30"), areas: [1, 2, 3])
        #expect(over.errors == ["Planen summerar till 30\u{00A0}600\u{00A0}000\u{00A0}kr, 600\u{00A0}000\u{00A0}kr mer än tilldelningen 30\u{00A0}000\u{00A0}000\u{00A0}kr."])
        let under = PlanRules.assess(plan, allocated: .mnkr("31"), areas: [1, 2, 3])
        #expect(under.errors.isEmpty)
        #expect(under.warnings.count == 1)
        #expect(under.left == .mnkr("0.4"))
        let perArea = PlanRules.assess(plan, allocated: .mnkr("31"), perArea: [1: .mnkr("18")], areas: [1, 2, 3])
        #expect(perArea.errors.first?.hasPrefix("Område 1:") == true)
        let stray = PlanRules.assess(Plan(year: 2019, recipientCode: "23", lines: [PlanLine(area: 9, title: "X", amount: .kronor(1))]),
                                     allocated: .kronor(1), areas: [1, 2, 3])
        #expect(stray.errors.count == 1)
    }

    @Test("quarterly instalments sum exactly to the whole")
    func quarters() throws {
        #expect(try QuarterlySplit.split(.kronor(1_000_001)) == [.kronor(250_001), .kronor(250_000), .kronor(250_000), .kronor(250_000)])
        var g = SeededGenerator(seed: 5)
        for _ in 0..<1000 {
            let whole = Money(ore: Int64.random(in: 0...10_000_000_000, using: &g))
            let parts = try QuarterlySplit.split(whole)
            #expect(parts.sum() == whole)
            #expect(parts.max()!.ore - parts.min()!.ore <= 100 + 99)
        }
    }

    @Test("what was not used is paid back; the steps warn where they do not add up")
    func settlement() {
        #expect(Settlement.repayment(paid: .mnkr("30.6"), spent: .mnkr("28.1")) == .mnkr("2.5"))
        #expect(Settlement.repayment(paid: .mnkr("30.6"), spent: .mnkr("31")) == .zero)
        let steps = MoneySteps(allocated: .mnkr("30.6"), requisitioned: .mnkr("30.6"), paid: .mnkr("30.6"), assigned: .mnkr("10"),
                               spent: .mnkr("28.1"), repaid: .mnkr("2.5"))
        #expect(steps.balance == .zero)
        #expect(steps.warnings.isEmpty)
        let wrong = MoneySteps(allocated: .mnkr("1"), requisitioned: .mnkr("2"), paid: .mnkr("2"), spent: .mnkr("3"))
        #expect(wrong.warnings.count == 3)
        #expect((steps + wrong).allocated == .mnkr("31.6"))
    }

    @Test("an open amendment claim explains a requisition above the lowered allocation and is a warning until paid")
    func claims() {
        let open = MoneySteps(allocated: .mnkr("29.6"), requisitioned: .mnkr("30.6"), paid: .mnkr("30.6"), claimed: .mnkr("1"), claimOpen: .mnkr("1"))
        #expect(open.warnings == ["Återkrav efter ändringsöverenskommelse på 1\u{00A0}000\u{00A0}000\u{00A0}kr är ännu inte återbetalt."])
        let paid = MoneySteps(allocated: .mnkr("29.6"), requisitioned: .mnkr("30.6"), paid: .mnkr("30.6"), repaid: .mnkr("1"), claimed: .mnkr("1"))
        #expect(paid.warnings.isEmpty)
        #expect(paid.balance == .mnkr("29.6"))
        #expect(MoneySteps(allocated: .mnkr("29.6"), requisitioned: .mnkr("30.6")).warnings.count == 1)
    }

    @Test("each organisation's allocation: by county, by R/K + länskod in quantity pots, by code for national bodies")
    func allocationTable() {
        var t = AllocationTable()
        t.add(category: "regions", code: "23", amount: .kronor(100))
        t.add(category: "municipalities", code: "23", amount: .kronor(40))
        t.add(category: "municipalities", code: "09", amount: .kronor(7))
        t.add(category: "regions", code: "09", amount: .kronor(9))
        t.add(category: "joint", code: "R23", amount: .kronor(5))
        t.add(category: "joint", code: "K23", amount: .kronor(3))
        t.add(category: "joint", code: "R09", amount: .kronor(2))
        t.add(category: "skr", code: "SKR", amount: .kronor(50))
        t.add(category: "national", code: "SOS", amount: .kronor(11))
        #expect(t.allocated(kind: .region, code: "23", countyCode: "23") == .kronor(105))
        #expect(t.allocated(kind: .rss, code: "23", countyCode: "23") == .kronor(43))
        // Region Gotland carries the municipal duties: regions' and municipalities' lines and R09.
        #expect(t.allocated(kind: .region, code: "09", countyCode: "09") == .kronor(18))
        #expect(t.allocated(kind: .skr, code: "SKR", countyCode: nil) == .kronor(50))
        #expect(t.allocated(kind: .state, code: "SOS", countyCode: nil) == .kronor(11))
        #expect(t.allocated(kind: .state, code: "KAMK", countyCode: nil) == .zero)
        #expect(t.allocated(kind: .municipality, code: "2380", countyCode: "23") == .zero)
        #expect(t.total == .kronor(227))
    }

    @Test("who a milestone means, from its responsible text")
    func responsible() throws {
        #expect(ResponsibleText.kinds("Regioner och RSS") == [.region, .rss])
        #expect(ResponsibleText.kinds("SKR") == [.skr])
        #expect(ResponsibleText.kinds("Sveriges Kommuner och Regioner") == [.skr])
        #expect(ResponsibleText.kinds("Regioner och kommuner") == [.region, .rss])
        #expect(ResponsibleText.names("Socialstyrelsen och SKR", kind: .state, name: "Socialstyrelsen"))
        let a2023 = try DemoAgreements.agreement2023()
        #expect(ResponsibleText.milestone(.interimReport, in: a2023, for: .skr, name: "SKR")?.recipient == "Socialdepartementet")
        #expect(ResponsibleText.milestone(.requisition, in: a2023, for: .skr, name: "SKR")?.date == .make(2023, 12, 1))
    }
}
