import Testing
@testable import NaraCore

@Suite("Money is read and written the Swedish way, exactly")
struct MoneyTests {
    @Test("amounts as documents and people write them")
    func parsesSwedishAmounts() throws {
        #expect(try MoneyParser.parse("1 050,5 mnkr") == Money(ore: 105_050_000_000))
        #expect(try MoneyParser.parse("5,8 mkr") == Money.kronor(5_800_000))
        #expect(try MoneyParser.parse("30 600 000 kr") == Money.kronor(30_600_000))
        #expect(try MoneyParser.parse("1 050 000,50") == Money(ore: 105_000_050))
        #expect(try MoneyParser.parse("0,8 mnkr") == Money.kronor(800_000))
        #expect(try MoneyParser.parse("6 394,5 miljoner kronor") == Money.kronor(6_394_500_000))
        #expect(try MoneyParser.parse("1\u{00A0}050\u{00A0}000 kr") == Money.kronor(1_050_000))
        #expect(try MoneyParser.parse("250 tkr") == Money.kronor(250_000))
        #expect(try MoneyParser.parse("1,8", defaultUnit: .mnkr) == Money.kronor(1_800_000))
        #expect(try MoneyParser.parse("-250 kr") == Money.kronor(-250))
        #expect(try MoneyParser.parse("5,8 mkr.") == Money.kronor(5_800_000))
        #expect(try MoneyParser.parse("5.8 mnkr") == Money.kronor(5_800_000))
    }

    @Test("ambiguous or malformed input is refused with a reason")
    func refusesAmbiguousInput() {
        #expect(throws: MoneyParseError.ambiguousSeparator("1.050")) { try MoneyParser.parse("1.050") }
        #expect(throws: MoneyParseError.mixedSeparators("1.050,5")) { try MoneyParser.parse("1.050,5") }
        #expect(throws: MoneyParseError.badGrouping("1 05 000")) { try MoneyParser.parse("1 05 000") }
        #expect(throws: MoneyParseError.tooPrecise("1,005 kr", .kr)) { try MoneyParser.parse("1,005 kr") }
        #expect(throws: MoneyParseError.empty) { try MoneyParser.parse("  ") }
        #expect(throws: MoneyParseError.notANumber("tio kronor")) { try MoneyParser.parse("tio kronor") }
        #expect(throws: MoneyParseError.notANumber("<script>")) { try MoneyParser.parse("<script>") }
        #expect(throws: MoneyParseError.tooLarge("99999999999999999999 kr")) { try MoneyParser.parse("99999999999999999999 kr") }
        let message = MoneyParseError.ambiguousSeparator("1.050").description
        #expect(message.contains("komma"))
    }

    @Test("formatting in sv-SE")
    func formats() {
        #expect(Money.mnkr("1050.5").mnkrText() == "1\u{00A0}050,5\u{00A0}mnkr")
        #expect(Money.mnkr("6394.5").mnkrText() == "6\u{00A0}394,5\u{00A0}mnkr")
        #expect(Money.kronor(30_600_000).krText == "30\u{00A0}600\u{00A0}000\u{00A0}kr")
        #expect(Money(ore: 105_000_050).krText == "1\u{00A0}050\u{00A0}000,50\u{00A0}kr")
        #expect(Money(ore: 3_094_571_600).mnkrText(maxDecimals: 1) == "30,9\u{00A0}mnkr")
        #expect(Money(ore: 105_000_050).csvKronor == "1050000,50")
        #expect(Money(ore: -5).csvKronor == "-0,05")
    }

    @Test("what is formatted reads back to the same amount")
    func roundTrips() throws {
        var generator = SeededGenerator(seed: 7)
        for _ in 0..<500 {
            let money = Money(ore: Int64.random(in: -1_000_000_000_000...1_000_000_000_000, using: &generator))
            #expect(try MoneyParser.parse(money.krText.replacingOccurrences(of: "−", with: "-")) == money)
            #expect(try MoneyParser.parse(money.mnkrText().replacingOccurrences(of: "−", with: "-")) == money)
        }
    }
}

/// A small deterministic generator (SplitMix64) so randomised tests repeat exactly.
struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
