import Foundation
import Testing
@testable import NaraCore

@Suite("Decision letters: the decision's content, its number and its stored form")
struct DecisionLetterTests {
    static func facts(total: Money = Money(ore: 3_094_571_601), areas: [DecisionLetter.AreaPart]? = nil, first: String? = nil) -> DecisionLetter.Facts {
        // An odd öre split three ways by the requisition rule, as a real requisition is.
        let plan = Plan(year: 2019, recipientCode: "23", lines: [PlanLine(area: 1, title: "A", amount: .kronor(1)), PlanLine(area: 2, title: "B", amount: .kronor(1)),
                                PlanLine(area: 3, title: "C", amount: .kronor(1))])
        let split = (try? RequisitionRules.byArea(total, plan: plan)) ?? [:]
        let parts = areas ?? split.keys.sorted(by: >).map { DecisionLetter.AreaPart(number: $0, title: "Område \($0)", amount: split[$0]!) }
        return .init(reference: DecisionReference(year: 2019, sequence: 1).description, decidedOn: .make(2019, 6, 20),
                     recipient: .init(name: "Region Jämtland Härjedalen", code: "23", kind: "Region"), agreementYear: 2019,
                     agreementTitle: "Överenskommelse om en God och nära vård 2019", agreementReference: "S2019/00123/FS",
                     requisitionedOn: .make(2019, 6, 1), total: total, areas: parts, paymentDate: .make(2019, 6, 28),
                     paymentReference: "KAMK-GNV-2019-23-0001", conditions: ["Medlen får användas under 2019.", "Redovisa senast 31 mars 2020 \"inom ramen\"."],
                     repaymentDue: .make(2020, 3, 31), decidedBy: "Karl Utbetalare", firstApprovedBy: first)
    }

    @Test("the parts per development area sum exactly to the decision's amount, in area order")
    func partsSumToWhole() throws {
        let letter = try DecisionLetter.make(Self.facts())
        #expect(letter.areas.map(\.amount).sum() == letter.total)
        #expect(letter.areas.map(\.number) == [1, 2, 3])
        #expect(letter.decision.contains(letter.total.krText))
        #expect(letter.repayment.contains("31 mars 2020"))
    }

    @Test("parts that do not sum to the whole, or a zero amount, make no letter")
    func refusesParts() {
        let wrong = [DecisionLetter.AreaPart(number: 1, title: "A", amount: .kronor(10)), .init(number: 2, title: "B", amount: .kronor(5))]
        #expect(throws: DecisionLetter.Problem.partsDoNotSum(total: .kronor(16), parts: .kronor(15))) {
            try DecisionLetter.make(Self.facts(total: .kronor(16), areas: wrong))
        }
        let negative = [DecisionLetter.AreaPart(number: 1, title: "A", amount: .kronor(20)), .init(number: 2, title: "B", amount: .kronor(-4))]
        #expect(throws: DecisionLetter.Problem.self) { try DecisionLetter.make(Self.facts(total: .kronor(16), areas: negative)) }
        #expect(throws: DecisionLetter.Problem.notPositive) { try DecisionLetter.make(Self.facts(total: .zero, areas: [])) }
    }

    @Test("reference numbers: prefix, agreement year, a four-digit sequence per year, read back")
    func referenceFormat() {
        #expect(DecisionReference(year: 2019, sequence: 1).description == "KAMK-2019-0001")
        #expect(DecisionReference(year: 2024, sequence: 12_345).description == "KAMK-2024-12345")
        #expect(DecisionReference.next(year: 2020, after: nil).description == "KAMK-2020-0001")
        #expect(DecisionReference.next(year: 2020, after: 41).description == "KAMK-2020-0042")
        #expect(DecisionReference("KAMK-2019-0007") == DecisionReference(year: 2019, sequence: 7))
        for bad in ["KAMK-2019-7", "KAMK-19-0007", "kamk-2019-0001", "KAMK-2019-+001", "KAMK-2019-0000", "KAMK-2019", "KAMK-2019-0001-1", ""] {
            #expect(DecisionReference(bad) == nil, "\(bad)")
        }
        let many = (1...300).map { DecisionReference(year: 2019, sequence: $0).description }
        #expect(Set(many).count == 300)
        #expect(many.sorted() == many)
    }

    @Test("the stored JSON reads back to the same letter and is always the same bytes")
    func jsonRoundTrip() throws {
        for first in [nil, "Greta Godkännare"] {
            let letter = try DecisionLetter.make(Self.facts(first: first))
            let stored = letter.json
            let read = try DecisionLetter.read(json: stored)
            #expect(read == letter)
            #expect(read.json == stored)
            #expect(read.firstApprovedBy == first)
            // Amounts in öre, days as ISO dates, keys sorted.
            #expect(stored.contains("\"total\":3094571601"))
            #expect(stored.contains("\"decidedOn\":\"2019-06-20\""))
            let keys = try #require(try JSONSerialization.jsonObject(with: Data(stored.utf8)) as? [String: Any]).keys.sorted()
            let order = keys.compactMap { stored.range(of: "\"\($0)\":")?.lowerBound }
            #expect(order == order.sorted())
        }
        #expect(throws: (any Error).self) { try DecisionLetter.read(json: "{\"format\":1}") }
    }

    @Test("two approvers: the letter names both")
    func twoApprovers() throws {
        let letter = try DecisionLetter.make(Self.facts(first: "Greta Godkännare"))
        #expect(letter.deciders.contains("Karl Utbetalare"))
        #expect(letter.deciders.contains("Greta Godkännare"))
        #expect(try DecisionLetter.make(Self.facts()).deciders == "Karl Utbetalare")
    }
}
