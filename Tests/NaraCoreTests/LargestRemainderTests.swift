import Foundation
import Testing
@testable import NaraCore

@Suite("Largest-remainder splits always sum to the whole")
struct LargestRemainderTests {
    @Test("random pots and populations: exact sums, fair parts, deterministic")
    func invariantsHoldForRandomInputs() throws {
        var g = SeededGenerator(seed: 2023)
        for round in 0..<2_000 {
            let count = Int.random(in: 1...300, using: &g)
            let claims = (0..<count).map { i in
                Claim(code: String(format: "%04d", i), weight: Int64.random(in: 0...2_500_000, using: &g))
            } + [Claim(code: "9999", weight: 1)]
            let unit: Int64 = round % 5 == 0 ? 1 : 100
            let total = Money(ore: Int64.random(in: 0...1_000_000_000_000, using: &g))
            let split = try LargestRemainder.split(total, over: claims, unitOre: unit)
            #expect(split.lines.map(\.amount).sum() == total)
            let totalWeight = claims.reduce(0) { $0 + $1.weight }
            for line in split.lines {
                // Each part is its quota rounded down or up by one unit (plus the residual öre).
                let floorOre = line.floorUnits * unit
                #expect(line.amount.ore - line.residualOre == floorOre || line.amount.ore - line.residualOre == floorOre + unit)
                let exactTimesWeight = Double(total.ore / unit) * Double(line.weight) / Double(totalWeight)
                #expect(abs(Double(line.amount.ore - line.residualOre) / Double(unit) - exactTimesWeight) < 1.0001)
            }
            #expect(split.lines.filter(\.receivedExtraUnit).count == Int(split.leftoverUnits))
            #expect(try LargestRemainder.split(total, over: claims.reversed(), unitOre: unit).lines
                .sorted { $0.code < $1.code }.map(\.amount) == split.lines.sorted { $0.code < $1.code }.map(\.amount))
        }
    }

    @Test("equal remainders go to the lowest code first")
    func tiesByCode() throws {
        let split = try LargestRemainder.split(.kronor(100), over: [
            Claim(code: "03", weight: 1), Claim(code: "01", weight: 1), Claim(code: "02", weight: 1)])
        #expect(split.lines.map(\.amount) == [.kronor(33), .kronor(34), .kronor(33)])
        #expect(split.line("01")?.receivedExtraUnit == true)
    }

    @Test("a pot that is not whole kronor still sums exactly")
    func residualOre() throws {
        let split = try LargestRemainder.split(Money(ore: 1_000_07), over: [Claim(code: "a", weight: 2), Claim(code: "b", weight: 1)])
        #expect(split.lines.map(\.amount).sum() == Money(ore: 1_000_07))
        #expect(split.lines.map(\.residualOre).reduce(0, +) == 7)
    }

    @Test("pots of billions and weights of millions do not overflow")
    func largeValues() throws {
        let split = try LargestRemainder.split(Money(ore: 900_000_000_000_000), over: [
            Claim(code: "a", weight: 9_000_000_000), Claim(code: "b", weight: 3)], unitOre: 1)
        #expect(split.lines.map(\.amount).sum() == Money(ore: 900_000_000_000_000))
    }

    @Test("impossible splits are refused with a reason")
    func refusals() {
        #expect(throws: SplitError.noClaims) { try LargestRemainder.split(.kronor(1), over: []) }
        #expect(throws: SplitError.zeroTotalWeight) { try LargestRemainder.split(.kronor(1), over: [Claim(code: "a", weight: 0)]) }
        #expect(throws: SplitError.duplicateCode("a")) {
            try LargestRemainder.split(.kronor(1), over: [Claim(code: "a", weight: 1), Claim(code: "a", weight: 2)])
        }
        #expect(throws: SplitError.negativeWeight(code: "a")) { try LargestRemainder.split(.kronor(1), over: [Claim(code: "a", weight: -1)]) }
    }
}
