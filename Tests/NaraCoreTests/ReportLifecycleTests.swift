import NaraCore
import Testing

@Suite("A report's life: every move a pure function, every illegal one refused in Swedish")
struct ReportLifecycleTests {
    let opens = CivilDate.make(2024, 1, 1)

    @Test("a draft or a reopened report can be submitted once the round is open, even after the deadline")
    func submitLegal() {
        for state in [ReportState.draft, .completionRequested] {
            #expect(ReportLifecycle.submit(from: state, opensOn: opens, today: .make(2024, 1, 1), locked: false) == .success(.submitted))
            #expect(ReportLifecycle.submit(from: state, opensOn: opens, today: .make(2025, 6, 1), locked: false) == .success(.submitted))
        }
    }

    @Test("submitting is refused when already submitted or approved, before the round opens, and while it is locked")
    func submitRefused() {
        for state in [ReportState.submitted, .approved] {
            let refusal = ReportLifecycle.submit(from: state, opensOn: opens, today: .make(2024, 2, 1), locked: false)
            #expect(refusal == .failure(.alreadySubmitted))
            #expect(ReportLifecycle.Refusal.alreadySubmitted.description == "Rapporten är redan inskickad.")
        }
        #expect(ReportLifecycle.submit(from: .draft, opensOn: opens, today: .make(2023, 12, 31), locked: false) == .failure(.notOpen(opensOn: opens)))
        #expect(ReportLifecycle.Refusal.notOpen(opensOn: opens).description == "Rapporteringen har inte öppnat; den öppnar 1 januari 2024.")
        for state in ReportState.allCases {
            #expect(ReportLifecycle.submit(from: state, opensOn: opens, today: .make(2024, 2, 1), locked: true) == .failure(.locked))
        }
        #expect(ReportLifecycle.Refusal.locked.description.contains("låst"))
    }

    @Test("only a submitted report can be approved, and only once")
    func approve() {
        #expect(ReportLifecycle.approve(from: .submitted) == .success(.approved))
        #expect(ReportLifecycle.approve(from: .approved) == .failure(.alreadyApproved))
        #expect(ReportLifecycle.approve(from: .draft) == .failure(.approveNotSubmitted))
        #expect(ReportLifecycle.approve(from: .completionRequested) == .failure(.approveNotSubmitted))
        #expect(ReportLifecycle.Refusal.approveNotSubmitted.description == "Bara en inskickad rapport kan godkännas.")
        #expect(ReportLifecycle.Refusal.alreadyApproved.description == "Rapporten är redan godkänd.")
    }

    @Test("completion is asked of a submitted or approved report, with a message of at most 5 000 characters")
    func requestCompletion() {
        for state in [ReportState.submitted, .approved] {
            #expect(ReportLifecycle.requestCompletion(from: state, message: "Beskriv 5b.") == .success(.completionRequested))
            #expect(ReportLifecycle.requestCompletion(from: state, message: "") == .failure(.completionMessage))
            #expect(ReportLifecycle.requestCompletion(from: state, message: String(repeating: "x", count: 5_001)) == .failure(.completionMessage))
            #expect(ReportLifecycle.requestCompletion(from: state, message: String(repeating: "x", count: 5_000)) == .success(.completionRequested))
        }
        for state in [ReportState.draft, .completionRequested] {
            #expect(ReportLifecycle.requestCompletion(from: state, message: "Beskriv 5b.") == .failure(.completionNotSubmitted))
        }
        #expect(ReportLifecycle.Refusal.completionMessage.description == "Skriv vad mottagaren behöver komplettera (högst 5 000 tecken).")
        #expect(ReportLifecycle.Refusal.completionNotSubmitted.description == "Bara en inskickad rapport kan kompletteras.")
    }

    @Test("every state has a Swedish name, and only a draft or a reopened report is open for answers")
    func names() {
        #expect(ReportState.allCases.map(\.swedishName) == ["Utkast", "Inskickad", "Komplettering begärd", "Godkänd"])
        #expect(ReportState.allCases.filter(\.isOpen) == [.draft, .completionRequested])
    }
}
