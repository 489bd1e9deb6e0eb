import Testing
@testable import NaraCore

@Suite("Agreements check themselves")
struct AgreementTests {
    @Test("the 2023 figures reconcile: frame, categories and areas")
    func figures2023() throws {
        let a = try DemoAgreements.agreement2023()
        #expect(a.frame == .mnkr("6394.5"))
        func category(_ c: RecipientCategory) -> Money { a.pots.filter { $0.category == c }.map(\.amount).sum() }
        #expect(category(.regions) == .mnkr("5043"))
        #expect(category(.municipalities) == .mnkr("1050"))
        #expect(category(.joint) == .mnkr("250"))
        #expect(category(.skr) == .mnkr("51.5"))
        #expect(category(.regions) + category(.municipalities) + category(.joint) + category(.skr) == a.frame)
        #expect(a.areas.count == 4)
        #expect(a.areas[0].amounts.map(\.amount) == [.mnkr("2389"), .mnkr("750")])
        #expect(a.areas[0].amounts.map(\.amount).sum() == .mnkr("3139"))
        #expect(a.areas[1].amounts.map(\.amount) == ["1999", "200", "400", "100", "100", "250"].map(Money.mnkr))
        #expect(a.areas[1].amounts.map(\.amount).sum() == .mnkr("3049"))
        #expect(a.areas[2].amounts.map(\.amount).sum() == .mnkr("70"))
        #expect(a.areas[3].amounts.map(\.amount).sum() == .mnkr("85"))
    }

    @Test("the 2023 deadlines are those the agreement states")
    func milestones2023() throws {
        let a = try DemoAgreements.agreement2023()
        let byKind = Dictionary(grouping: a.milestones.filter { $0.responsible == "Regioner och RSS" || $0.kind == .quantityReport }, by: \.kind)
        #expect(byKind[.requisition]?.map(\.date) == [.make(2023, 12, 1)])
        #expect(byKind[.finalReport]?.first?.date == .make(2024, 3, 31))
        #expect(byKind[.finalReport]?.first?.recipient == "Socialstyrelsen och SKR")
        #expect(byKind[.financialReport]?.first?.date == .make(2024, 3, 31))
        #expect(byKind[.financialReport]?.first?.recipient == "Kammarkollegiet")
        #expect(byKind[.quantityReport]?.first?.date == .make(2023, 3, 31))
    }

    @Test("2024 has nine areas and no invented amounts; 2019 has three")
    func areas2024And2019() throws {
        let a = try DemoAgreements.agreement2024()
        #expect(a.areas.count == 9)
        #expect(a.areas.allSatisfy { $0.amounts.isEmpty && $0.statedTotal == nil })
        #expect(a.pots.map(\.amount) == [.mnkr("2420"), .mnkr("750"), .mnkr("30")])
        #expect(try DemoAgreements.agreement2019().areas.count == 3)
    }

    @Test("an agreement that does not reconcile is refused with the difference named")
    func refusesUnreconciled() {
        do {
            _ = try Agreement(year: 2030, title: "Test", frame: .mnkr("100"), summary: "", source: "",
                              areas: [DevelopmentArea(number: 1, title: "Ett", summary: "", statedTotal: .mnkr("60"),
                                                      amounts: [AreaAmount(.regions, .mnkr("50"))])],
                              pots: [Pot(id: "regioner", name: "Regioner", category: .regions, amount: .mnkr("90"), key: .populationShare)])
            Issue.record("expected a refusal")
        } catch let error as AgreementError {
            #expect(error.problems.count == 3)
            #expect(error.problems[0].contains("Potterna summerar till 90\u{00A0}000\u{00A0}000\u{00A0}kr men ramen är 100\u{00A0}000\u{00A0}000\u{00A0}kr (skillnad −10\u{00A0}000\u{00A0}000\u{00A0}kr)"))
            #expect(error.problems[1].contains("Områdets belopp summerar till 50\u{00A0}000\u{00A0}000\u{00A0}kr"))
            #expect(error.problems[2].contains("Utvecklingsområdenas belopp till regioner"))
        } catch {
            Issue.record("unexpected error \(error)")
        }
    }
}
