import Testing
@testable import NaraCore

@Suite("Money's states: every move and every refusal")
struct MoneyStateTests {
    let rut = ActingPerson(id: "rut", name: "Rut Redigerare")
    let eva = ActingPerson(id: "eva", name: "Eva Ekonomichef")
    let karl = ActingPerson(id: "karl", name: "Karl Utbetalare")
    let greta = ActingPerson(id: "greta", name: "Greta Granskare")
    let limit = Money.mnkr("50")

    func requisition(_ state: RequisitionState, _ amount: Money = .mnkr("30.6"), firstApprovedBy: ActingPerson? = nil) -> RequisitionFacts {
        RequisitionFacts(state: state, amount: amount, createdBy: rut, firstApprovedBy: firstApprovedBy)
    }

    @Test("a draft is attested by a finance director other than the person who made it")
    func attest() throws {
        #expect(try RequisitionTransitions.attest(requisition(.draft), by: eva).get() == .attested)
        let own = RequisitionTransitions.attest(requisition(.draft), by: rut)
        #expect(own == .failure(TransitionRefusal("Du gjorde rekvisitionen och kan därför inte attestera den själv. En annan ekonomichef i organisationen ska attestera den.", aboutPerson: true)))
        for state in [RequisitionState.attested, .awaitingSecondApproval, .approved, .rejected] {
            guard case .failure(let refusal) = RequisitionTransitions.attest(requisition(state), by: eva) else { Issue.record("\(state) attested again"); continue }
            #expect(!refusal.isAboutPerson)
            #expect(refusal.description.hasPrefix("Rekvisitionen är"))
        }
    }

    @Test("up to the limit one payer approves; above it the first approval waits for another payer")
    func approve() throws {
        #expect(try RequisitionTransitions.approve(requisition(.attested, limit), by: karl, secondApprovalLimit: limit).get() == .approved)
        let large = Money.mnkr("51.5")
        #expect(try RequisitionTransitions.approve(requisition(.attested, large), by: karl, secondApprovalLimit: limit).get() == .awaitingSecondApproval)
        let waiting = requisition(.awaitingSecondApproval, large, firstApprovedBy: karl)
        #expect(try RequisitionTransitions.approve(waiting, by: greta, secondApprovalLimit: limit).get() == .approved)
        guard case .failure(let same) = RequisitionTransitions.approve(waiting, by: karl, secondApprovalLimit: limit) else { Issue.record("one payer approved twice"); return }
        #expect(same.isAboutPerson)
        #expect(same.description.contains("50\u{00A0}000\u{00A0}000\u{00A0}kr"))
        for (state, text) in [(RequisitionState.draft, "inte attesterad"), (.approved, "redan godkänd"), (.rejected, "avslagen")] {
            guard case .failure(let refusal) = RequisitionTransitions.approve(requisition(state), by: karl, secondApprovalLimit: limit) else { Issue.record("\(state) approved"); continue }
            #expect(refusal.description.contains(text))
        }
    }

    @Test("a payer rejects, with a reason, only what awaits a decision")
    func reject() throws {
        #expect(try RequisitionTransitions.reject(requisition(.attested), reason: "Fel konto").get() == .rejected)
        #expect(try RequisitionTransitions.reject(requisition(.awaitingSecondApproval, firstApprovedBy: karl), reason: "Fel konto").get() == .rejected)
        #expect(RequisitionTransitions.reject(requisition(.attested), reason: "  ") == .failure(TransitionRefusal("Skriv varför rekvisitionen avslås.")))
        #expect(RequisitionTransitions.reject(requisition(.attested), reason: String(repeating: "x", count: 2001)) == .failure(TransitionRefusal("Skälet får vara högst 2 000 tecken.")))
        for state in [RequisitionState.draft, .approved, .rejected] {
            if case .success = RequisitionTransitions.reject(requisition(state), reason: "Fel konto") { Issue.record("\(state) rejected") }
        }
    }

    @Test("a payment and a repayment claim are paid once")
    func paidOnce() throws {
        #expect(try PaymentState.planned.markPaid().get() == .paid)
        #expect(PaymentState.paid.markPaid() == .failure(TransitionRefusal("Betalningen är redan utbetald.")))
        #expect(try RepaymentClaimState.open.markPaid().get() == .paid)
        #expect(RepaymentClaimState.paid.markPaid() == .failure(TransitionRefusal("Återkravet är redan markerat som betalt.")))
    }

    @Test("a financial report: a draft is edited, an attested version is followed by the next, and whoever saved it does not attest it")
    func financialReport() throws {
        #expect(FinancialReportTransitions.save(latest: nil) == .newVersion(1))
        #expect(FinancialReportTransitions.save(latest: (.draft, 2)) == .editDraft)
        #expect(FinancialReportTransitions.save(latest: (.attested, 2)) == .newVersion(3))
        #expect(try FinancialReportTransitions.attest(latest: (.draft, rut), by: eva).get() == .attested)
        guard case .failure(let own) = FinancialReportTransitions.attest(latest: (.draft, rut), by: rut) else { Issue.record("own report attested"); return }
        #expect(own.isAboutPerson)
        if case .success = FinancialReportTransitions.attest(latest: (.attested, rut), by: eva) { Issue.record("attested twice") }
        if case .success = FinancialReportTransitions.attest(latest: nil, by: eva) { Issue.record("nothing attested") }
    }

    @Test("a quarter's requests fit its instalment; a decision is made once, a rejection with a reason")
    func quarters() throws {
        #expect(QuarterRequestRules.check(quarter: 1, amount: .kronor(250_001), instalment: .kronor(250_001), alreadyRequested: .zero) == nil)
        #expect(QuarterRequestRules.check(quarter: 1, amount: .kronor(2), instalment: .kronor(250_001), alreadyRequested: .kronor(250_000))?.description
                == "Kvartal 1: högst 1\u{00A0}kr kan äskas.")
        #expect(QuarterRequestRules.check(quarter: 5, amount: .kronor(1), instalment: .kronor(1), alreadyRequested: .zero)?.description == "Välj kvartal.")
        #expect(QuarterRequestRules.check(quarter: 2, amount: .zero, instalment: .kronor(1), alreadyRequested: .zero) != nil)
        #expect(try QuarterRequestRules.decide(.submitted, approve: true, reason: "").get() == .approved)
        #expect(try QuarterRequestRules.decide(.submitted, approve: false, reason: "Inte i planen").get() == .rejected)
        #expect(QuarterRequestRules.decide(.submitted, approve: false, reason: " ") == .failure(TransitionRefusal("Skriv varför äskandet avslås.")))
        #expect(QuarterRequestRules.decide(.approved, approve: true, reason: "") == .failure(TransitionRefusal("Äskandet är redan beslutat (godkänt).")))
    }

    @Test("onward assignments and repayments never exceed the step before them")
    func limits() throws {
        #expect(OnwardAssignmentRules.check(amount: .mnkr("1"), paid: .mnkr("30.6"), alreadyAssigned: .mnkr("29.6")) == nil)
        #expect(OnwardAssignmentRules.check(amount: .kronor(1), paid: .mnkr("30.6"), alreadyAssigned: .mnkr("30.6"))?.description
                == "Uppdragen får inte överstiga det som betalats ut (30\u{00A0}600\u{00A0}000\u{00A0}kr); 0\u{00A0}kr återstår.")
        #expect(RepaymentRules.check(amount: .mnkr("1.8"), claim: .mnkr("1.8"), alreadyRepaid: .zero) == nil)
        #expect(RepaymentRules.check(amount: .kronor(1), claim: .mnkr("1.8"), alreadyRepaid: .mnkr("1.8"))?.description
                == "Återbetalningen är större än kravet som återstår (0\u{00A0}kr).")
        #expect(RepaymentRules.check(amount: .kronor(1), claim: .zero, alreadyRepaid: .zero)?.description.hasPrefix("Det finns inget krav") == true)
    }

    @Test("every stored code has a Swedish name and reads back")
    func codes() throws {
        for s in RequisitionState.allCases { #expect(try RequisitionState.stored(s.rawValue) == s); #expect(!s.swedishName.isEmpty) }
        for s in ProviderRequestState.allCases { #expect(try ProviderRequestState.stored(s.rawValue) == s) }
        #expect(throws: TransitionRefusal.self) { try PaymentState.stored("sent") }
    }
}
