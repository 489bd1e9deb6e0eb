import Foundation
import Testing
@testable import NaraCore

@Suite("An agreement's life: draft, published, amended")
struct AgreementLifecycleTests {
    @Test("a copy of 2024 as 2027 is a draft with every date moved three years and the year in the title replaced")
    func copyMovesDates() throws {
        let a2023 = try DemoAgreements.agreement2023()
        let copy = AgreementCopy.copy(a2023, toYear: 2026)
        #expect(copy.year == 2026)
        #expect(copy.title == "Överenskommelse om en God och nära vård 2026")
        #expect(copy.milestones.map(\.date) == a2023.milestones.map { CivilDate.make($0.date.year + 3, $0.date.month, $0.date.day) })
        #expect(copy.pot("vfu")?.quantityDeadline == .make(2026, 3, 31))
        #expect(copy.pots.map(\.amount) == a2023.pots.map(\.amount))
        #expect(copy.statedReceipts.isEmpty)
        #expect(AgreementLifecycle.create(copy, existingYears: [2019, 2023, 2024]) == nil)
        #expect(AgreementLifecycle.create(copy, existingYears: [2026]) == .exists(year: 2026))
    }

    @Test("a claim falls due a counted number of days later, across months, years and leap days")
    func addingDays() {
        #expect(CivilDate.make(2027, 12, 15).adding(days: 30) == .make(2028, 1, 14))
        #expect(CivilDate.make(2024, 2, 28).adding(days: 1) == .make(2024, 2, 29))
        #expect(CivilDate.make(2023, 2, 28).adding(days: 1) == .make(2023, 3, 1))
        #expect(CivilDate.make(2024, 3, 1).adding(days: -1) == .make(2024, 2, 29))
        #expect(ReminderPlan.daysBetween(.make(2027, 6, 1), CivilDate.make(2027, 6, 1).adding(days: 400)) == 400)
    }

    @Test("29 February becomes 28 February in a year without it")
    func leapDay() throws {
        let a = Agreement(draftYear: 2024, title: "T", frame: .kronor(100), summary: "", source: "", areas: [],
                          pots: [Pot(id: "regioner", name: "Regioner", category: .regions, amount: .kronor(100), key: .populationShare)],
                          milestones: [Milestone(date: .make(2024, 2, 29), kind: .other, title: "Skottdag", responsible: "", recipient: "")])
        #expect(AgreementCopy.copy(a, toYear: 2025).milestones.first?.date == .make(2025, 2, 28))
    }

    @Test("an unreconciled draft can be saved but not published, and each difference is at its field in kronor")
    func publishNeedsReconciliation() throws {
        let draft = AgreementCopy.copy(try DemoAgreements.agreement2024(), toYear: 2027)
        let raised = Agreement(draftYear: 2027, title: draft.title, frame: draft.frame + .mnkr("100"), summary: "", source: "",
                               areas: draft.areas, pots: draft.pots, conditions: draft.conditions)
        #expect(AgreementLifecycle.editDraft(status: .draft, current: draft, new: raised) == nil)
        let refusal = try #require(AgreementLifecycle.publish(status: .draft, raised))
        #expect(refusal.problems.map(\.path) == ["frame_ore"])
        #expect(refusal.problems[0].message.contains("skillnad −100\u{00A0}000\u{00A0}000\u{00A0}kr"))
        #expect(AgreementLifecycle.publish(status: .draft, draft) == nil)
        #expect(AgreementLifecycle.publish(status: .published, draft) == .alreadyPublished(year: 2027))
    }

    @Test("area amounts against the pots are reported at the category's pot")
    func areaAmountsAgainstPots() throws {
        let a = try DemoAgreements.agreement2023()
        var pots = a.pots
        pots[0] = Pot(id: "regioner", name: "Regioner", category: .regions, amount: .mnkr("5033"), key: .populationShare)
        let changed = Agreement(draftYear: 2023, title: a.title, frame: .mnkr("6384.5"), summary: "", source: "", areas: a.areas, pots: pots)
        let problems = AgreementCheck.reconciliation(of: changed)
        #expect(problems.map(\.path) == ["pots[0].amount_ore"])
        #expect(problems[0].message.contains("skillnad +10\u{00A0}000\u{00A0}000\u{00A0}kr"))
    }

    @Test("invalid input is named at its path: milestone out of range, duplicate pot, fixed split without recipients")
    func validity() {
        let a = Agreement(draftYear: 2027, title: " ", frame: .kronor(100), summary: "", source: "", areas: [],
                          pots: [Pot(id: "skr", name: "SKR", category: .skr, amount: .kronor(50), key: .fixed([:])),
                                 Pot(id: "skr", name: "SKR igen", category: .skr, amount: .kronor(50), key: .populationShare)],
                          milestones: [Milestone(date: .make(2025, 12, 31), kind: .other, title: "För tidigt", responsible: "", recipient: ""),
                                       Milestone(date: .make(2031, 1, 1), kind: .other, title: "För sent", responsible: "", recipient: "")])
        let paths = AgreementCheck.validity(of: a).map(\.path)
        #expect(paths.contains("title"))
        #expect(paths.contains("pots[0].fixed_amounts"))
        #expect(paths.contains("pots[1].id"))
        #expect(paths.contains("pots[1].key"))
        #expect(paths.contains("milestones[0].date"))
        #expect(paths.contains("milestones[1].date"))
        #expect(MilestoneRules.allowed(.make(2026, 1, 1), year: 2027))
        #expect(MilestoneRules.allowed(.make(2030, 12, 31), year: 2027))
    }

    @Test("an amendment needs a reason, a reference and a change; the diff names the field")
    func amendment() throws {
        let a = try DemoAgreements.agreement2024()
        var pots = a.pots
        pots[0] = Pot(id: "regioner", name: "Regioner", category: .regions, amount: .mnkr("2410"), key: .populationShare, note: a.pots[0].note)
        let lowered = Agreement(draftYear: 2024, title: a.title, frame: .mnkr("3190"), summary: a.summary, source: a.source,
                                areas: a.areas, pots: pots, conditions: a.conditions, milestones: a.milestones)
        let good = Amendment(date: .make(2024, 6, 1), reason: "Sänkt anslag", reference: "S2024/01234")
        #expect(AgreementLifecycle.amend(status: .draft, current: a, new: lowered, amendment: good) == .notPublished(year: 2024))
        #expect(AgreementLifecycle.amend(status: .published, current: a, new: lowered, amendment: nil) == .amendmentRequired)
        let noReason = Amendment(date: .make(2024, 6, 1), reason: " ", reference: "S2024/01234")
        #expect(AgreementLifecycle.amend(status: .published, current: a, new: lowered, amendment: noReason)?.problems.map(\.path) == ["amendment.reason"])
        #expect(AgreementLifecycle.amend(status: .published, current: a, new: a, amendment: good) == .nothingChanged)
        #expect(AgreementLifecycle.amend(status: .published, current: a, new: lowered, amendment: good) == nil)
        let changes = AgreementDiff.changes(from: a, to: lowered)
        #expect(changes.contains(FieldChange(field: "Ram", before: "3\u{00A0}200\u{00A0}000\u{00A0}000\u{00A0}kr", after: "3\u{00A0}190\u{00A0}000\u{00A0}000\u{00A0}kr")))
        #expect(changes.contains { $0.field == "Pott ”regioner”: belopp" })
        #expect(AgreementDiff.reallocatedPots(from: a, to: lowered) == ["regioner"])
    }

    @Test("after a lowered allocation, what was paid beyond it is to be paid back; what is left may be requisitioned")
    func recipientDifference() {
        let paidInFull = RecipientDifference(code: "23", name: "Region Jämtland Härjedalen", before: .kronor(1_000), after: .kronor(900),
                                             requisitioned: .kronor(1_000), paid: .kronor(1_000))
        #expect(paidInFull.repayment == .kronor(100))
        #expect(paidInFull.mayRequisition == .zero)
        #expect(paidInFull.consequence.contains("betala tillbaka 100"))
        let notYet = RecipientDifference(code: "01", name: "Region Stockholm", before: .kronor(1_000), after: .kronor(900),
                                         requisitioned: .zero, paid: .zero)
        #expect(notYet.repayment == .zero)
        #expect(notYet.mayRequisition == .kronor(900))
        let requisitionedOnly = RecipientDifference(code: "03", name: "Region Uppsala", before: .kronor(1_000), after: .kronor(900),
                                                    requisitioned: .kronor(1_000), paid: .zero)
        #expect(requisitionedOnly.requisitionedBeyond == .kronor(100))
        #expect(requisitionedOnly.repayment == .zero)
    }

    @Test("every seed agreement survives the JSON document round trip unchanged")
    func documentRoundTrip() throws {
        for a in DemoAgreements.all() {
            let data = AgreementDocument(a, status: .published, version: 1).encoded()
            let back = try AgreementDocument.decode(data).get().agreement().get()
            #expect(back == a)
        }
    }

    @Test("a malformed document is refused with the JSON path of the problem")
    func documentErrors() throws {
        func problems(_ json: String) -> [String] {
            switch AgreementDocument.decode(Data(json.utf8)) {
            case .failure(let r): return r.problems.map(\.path)
            case .success(let d):
                if case .failure(let r) = d.agreement() { return r.problems.map(\.path) }
                return []
            }
        }
        #expect(problems(#"{"year": 2027, "title": "T", "frame_ore": "1 050,5 mnkr", "pots": []}"#) == ["frame_ore"])
        #expect(problems(#"{"year": 2027, "title": "T", "frame_ore": 100, "pots": [{"id": "a", "name": "A", "category": "regions", "amount_ore": 100}]}"#) == ["pots[0].key"])
        #expect(problems(#"{"year": 2027, "title": "T", "frame_ore": 100, "pots": [], "milestones": [{"date": "2027-13-01", "kind": "other", "title": "x"}]}"#) == ["milestones[0].date"])
        #expect(problems(#"{"year": 2027, "title": "T", "pots": []}"#) == ["frame_ore"])
        #expect(problems("not json") == [""])
    }

    @Test("the duty to manage agreements counts only in state bodies and SKR, and only for that capability")
    func agreementDuty() {
        let skr = Standing(role: .analyst, organisationKind: .skr, organisationID: "skr", managesAgreements: true)
        #expect(AccessPolicy.may(skr, .manageAgreements))
        #expect(!AccessPolicy.may(skr, .administer))
        #expect(!AccessPolicy.may(Standing(role: .analyst, organisationKind: .skr, organisationID: "skr"), .manageAgreements))
        #expect(!AccessPolicy.may(Standing(role: .recipientEditor, organisationKind: .region, organisationID: "r", managesAgreements: true), .manageAgreements))
        #expect(AccessPolicy.may(Standing(role: .administrator, organisationKind: .state, organisationID: "sos"), .manageAgreements))
    }
}
