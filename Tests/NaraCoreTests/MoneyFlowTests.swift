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
}
