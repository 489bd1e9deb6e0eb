import Testing
@testable import NaraCore

@Suite("SIE 4: a recipient's grant as vouchers its bookkeeping can import")
struct SIETests {
    static let plan = GrantAccountPlan.municipalBAS

    /// A year with every kind of event: allocation, two requisitions (one rejected), a payment
    /// made the next January, a report attested twice, an amendment's claim, a repayment.
    static let events = GrantEvents(
        year: 2019,
        allocation: .init(date: .make(2019, 2, 15), amount: .kronor(100_000)),
        requisitions: [.init(attestedOn: .make(2019, 6, 3), amount: .kronor(60_000)),
                       .init(attestedOn: .make(2019, 9, 2), amount: Money(ore: 1_000_050), rejectedOn: .make(2019, 9, 20))],
        payments: [.init(date: .make(2020, 1, 15), amount: .kronor(60_000), reference: "KAMK-GNV-2019-23-0001")],
        reports: [.init(version: 2, attestedOn: .make(2020, 4, 1), used: .kronor(55_000), repayment: .kronor(3_000)),
                  .init(version: 1, attestedOn: .make(2020, 3, 2), used: .kronor(50_000), repayment: .kronor(10_000))],
        claims: [.init(date: .make(2020, 2, 1), amount: .kronor(2_000), reason: "Sänkt ram")],
        repayments: [.init(date: .make(2020, 4, 20), amount: .kronor(5_000))])

    static func file(_ e: GrantEvents = events, name: String = "Region Jämtland Härjedalen", orgNumber: String? = "232100-0214") throws -> [UInt8] {
        SIEWriter.bytes(try GrantBookkeeping.document(e, plan: plan, organisation: name, organisationNumber: orgNumber,
                                                      generated: .make(2020, 5, 4), programVersion: "1.0"))
    }

    @Test("the file parses by the format's rules and every voucher balances")
    func parsesAndBalances() throws {
        let sie = try SIEParser.parse(try Self.file())
        #expect(sie.items.prefix(5).map(\.label) == ["#FLAGGA", "#PROGRAM", "#FORMAT", "#GEN", "#SIETYP"])
        #expect(sie.first("#PROGRAM") == ["Nära", "1.0"])
        #expect(sie.first("#GEN")?.first == "20200504")
        #expect(sie.first("#FNAMN") == ["Region Jämtland Härjedalen"])
        #expect(sie.first("#ORGNR") == ["232100-0214"])
        let text = String(decoding: try Self.file(), as: UTF8.self)
        #expect(text.contains("\r\n#ORGNR 232100-0214\r\n") && text.contains("\r\n#KPTYP EUBAS97\r\n"))
        let odd = try SIEParser.parse(try Self.file(orgNumber: "SE 232100 0214"))
        #expect(odd.first("#ORGNR") == ["SE 232100 0214"])
        #expect(sie.first("#RAR") == ["0", "20190101", "20191231"])
        #expect(sie.first("#VALUTA") == ["SEK"])
        // Allocation, 2 requisitions, 1 rejection, 1 payment, 2 report versions, 1 claim, 1 repayment.
        #expect(sie.vouchers.count == 9)
        #expect(sie.vouchers.map(\.number) == (1...9).map { String($0) })
        #expect(sie.vouchers.allSatisfy { $0.series == "N" })
        let dates = sie.vouchers.map(\.date)
        #expect(dates == dates.sorted())
        // Every account used is declared with its name and type; no account is declared unused.
        let used = Set(sie.vouchers.flatMap(\.rows).map(\.account))
        #expect(Set(sie.accounts.keys) == used)
        #expect(sie.accountTypes[1930] == "T" && sie.accountTypes[3311] == "I" && sie.accountTypes[2891] == "S")
        #expect(sie.accounts[2972] == Self.plan.unearnedGrant.name)
    }

    @Test("what the accounts hold at the end follows from the events")
    func balancesFollowTheEvents() throws {
        let balances = try SIEParser.parse(try Self.file()).balances
        let p = Self.plan
        // Bank: paid in less paid back.
        #expect(balances[p.bank.number] == Money.kronor(60_000 - 5_000).ore)
        // Granted: the allocation less what is requisitioned (the rejected one came back); an
        // amendment's claim moves money from granted to owed.
        #expect(balances[p.grantedReceivable.number] == Money.kronor(100_000 - 60_000 + 2_000).ore)
        // Prepaid: the allocation less what the latest report settled (used or to be repaid).
        #expect(balances[p.unearnedGrant.number] == -Money.kronor(100_000 - 55_000 - 3_000).ore)
        #expect(balances[p.requisitionedReceivable.number] == 0)
        // Revenue is what the latest attested report says was used (a credit).
        #expect(balances[p.grantRevenue.number] == -Money.kronor(55_000).ore)
        // Owed: the latest report's repayment and the claim, less what was paid back.
        #expect(balances[p.repaymentLiability.number] == -Money.kronor(3_000 + 2_000 - 5_000).ore)
        #expect(balances.values.reduce(0, +) == 0)
    }

    @Test("events after the agreement year keep their own day; the fiscal year stays the agreement year")
    func datesOutsideTheYear() throws {
        let sie = try SIEParser.parse(try Self.file())
        let payment = try #require(sie.vouchers.first { $0.text.contains("KAMK-GNV-2019-23-0001") })
        #expect(payment.date == .make(2020, 1, 15))
        #expect(payment.rows.allSatisfy { $0.date == .make(2020, 1, 15) })
        #expect(payment.rows.first { $0.account == Self.plan.bank.number }?.ore == Money.kronor(60_000).ore)
    }

    @Test("only what happened is booked: an allocation alone is one voucher, nothing at all is a valid empty file")
    func onlyWhatHappened() throws {
        let alone = try SIEParser.parse(try Self.file(GrantEvents(year: 2019, allocation: .init(date: .make(2019, 1, 1), amount: .kronor(5)))))
        #expect(alone.vouchers.count == 1)
        #expect(alone.vouchers[0].rows.map(\.ore).sorted() == [-500, 500])
        let nothing = try SIEParser.parse(try Self.file(GrantEvents(year: 2019, allocation: nil), orgNumber: nil))
        #expect(nothing.vouchers.isEmpty && nothing.accounts.isEmpty)
        #expect(nothing.first("#ORGNR") == nil)
    }

    @Test("a voucher that does not balance is refused, and so is one without rows")
    func unbalancedRefused() {
        let bank = Self.plan.bank, revenue = Self.plan.grantRevenue
        #expect(throws: SIEError.unbalanced("x", by: Money(ore: 1))) {
            try SIEVoucher(series: "N", number: 1, date: .make(2019, 1, 1), text: "x", transactions: [.init(bank, Money(ore: 101)), .init(revenue, Money(ore: -100))])
        }
        #expect(throws: SIEError.empty("y")) { try SIEVoucher(series: "N", number: 1, date: .make(2019, 1, 1), text: "y", transactions: []) }
    }

    @Test("amounts: a decimal point, two decimals, a minus for credit, exactly back")
    func amounts() throws {
        for ore: Int64 in [0, 1, -1, 5, -5, 99, 100, -100, 123_456_789, -3_094_571_600, 105_050_000_000] {
            let text = SIEWriter.amount(Money(ore: ore))
            #expect(try SIEParser.ore(text, line: 0) == ore, "\(text)")
            #expect(!text.contains(",") && !text.contains(" "))
        }
        #expect(SIEWriter.amount(Money(ore: -5)) == "-0.05")
    }

    @Test("Swedish letters are code page 437 bytes; lines end in CRLF")
    func codePage() throws {
        // The letters' places in code page 437 (IBM's table), written out here independently.
        #expect(CP437.encode("åäöÅÄÖéü") == [0x86, 0x84, 0x94, 0x8F, 0x8E, 0x99, 0x82, 0x81])
        #expect(CP437.encode("ø€—") == Array("???".utf8))
        let bytes = try Self.file()
        #expect(Array(bytes.prefix(11)) == Array("#FLAGGA 0\r\n".utf8))
        #expect(!bytes.contains(0xC3)) // no UTF-8 lead byte of å, ä, ö
    }

    @Test("hostile names survive: quotes, backslashes, braces, line breaks, characters PC8 lacks")
    func hostileNames() throws {
        let name = "Region \"Test\" \\ {1930} #VER\r\nny rad\t\\\"slut\\"
        let sie = try SIEParser.parse(try Self.file(name: name))
        #expect(sie.first("#FNAMN") == ["Region \"Test\" \\ {1930} #VER ny rad \\\"slut\\"])
        #expect(sie.vouchers.count == 9)
        let claim = GrantEvents(year: 2019, allocation: nil, claims: [.init(date: .make(2019, 5, 1), amount: .kronor(1), reason: "}\n#TRANS 1930 {} 99 ø")])
        let read = try SIEParser.parse(try Self.file(claim))
        #expect(read.vouchers.count == 1)
        #expect(read.vouchers[0].text == "Återkrav efter ändringsöverenskommelse: } #TRANS 1930 {} 99 ?")
        #expect(read.vouchers[0].rows.count == 2)
    }

    @Test("the test reader refuses files that break the rules (so that its yes means something)")
    func readerRefuses() throws {
        // Byte for byte as text (each byte one character), edited, and back to the same bytes.
        let bytes = try Self.file(GrantEvents(year: 2019, allocation: .init(date: .make(2019, 1, 1), amount: .kronor(5))))
        let good = String(String.UnicodeScalarView(bytes.map { Unicode.Scalar($0) }))
        func refused(_ text: String) -> Bool { (try? SIEParser.parse(text.unicodeScalars.map { UInt8($0.value) })) == nil }
        #expect(!refused(good))
        #expect(refused(good.replacingOccurrences(of: "-5.00", with: "-5.01")))
        #expect(refused(good.replacingOccurrences(of: "\r\n", with: "\n")))
        #expect(refused(good.replacingOccurrences(of: "#FORMAT PC8", with: "#FORMAT UTF8")))
        #expect(refused(good.replacingOccurrences(of: "#KONTO 1631", with: "#KONTO 1639")))
        #expect(refused(good.replacingOccurrences(of: "20190101 \"", with: "20190230 \"")))
        #expect(refused(good.replacingOccurrences(of: "5.00", with: "5,00")))
        #expect(refused(good.replacingOccurrences(of: "}\r\n", with: "")))
        #expect(refused(good.replacingOccurrences(of: "#FLAGGA 0\r\n#PROGRAM", with: "#PROGRAM")))
        #expect(refused(good + "#TRANS 1930 {} 1.00\r\n"))
        #expect(refused(good + "#KONTO 1000 \"Sent\"\r\n"))
    }
}
