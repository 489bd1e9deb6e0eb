import Foundation
import Testing
@testable import NaraCore

@Suite("Questionnaires, answers and deadlines")
struct ReportingTests {
    @Test("the reference questionnaire has every section and numbered question of the seed, 1 to 16b")
    func referenceForm() throws {
        let form = try ReferenceForms.municipalFinalReport2022()
        let expected = ["1", "2", "3", "4", "5a", "5b", "6", "7", "8a", "8b", "9a", "9b", "10a", "10b", "11a", "11b",
                        "12a", "12b", "13a", "13b", "14", "15a", "15b", "16a", "16b"]
        #expect(form.questions.map(\.number) == expected)
        #expect(form.questions.map(\.id) == expected.map { "q" + $0 })
        #expect(form.sections.count == 9)
        #expect(form.instruction?.contains("jämställdhetsperspektivet") == true)
        // Against the seed itself: every question text and option appears there verbatim.
        let seedURL = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("shared/seeds/002_d60446f7c2fbcbb5.txt")
        if let seed = try? String(contentsOf: seedURL, encoding: .utf8).replacingOccurrences(of: "**", with: "") {
            for q in form.questions {
                #expect(seed.contains(q.text), "question \(q.number) differs from the seed")
                for o in q.options ?? [] { #expect(seed.contains(o), "option \(o) differs from the seed") }
            }
            let numbered = seed.split(separator: "\n").compactMap { line -> String? in
                let l = line.trimmingCharacters(in: .whitespaces)
                guard let dot = l.firstIndex(of: "."), l[l.startIndex..<dot].count <= 3, l.first?.isNumber == true else { return nil }
                return String(l[l.startIndex..<dot])
            }
            #expect(numbered == expected)
        }
        let choices = form.questions.filter { $0.type == .singleChoice }
        #expect(choices.map(\.number) == ["1", "2", "4", "9a"])
        #expect(choices.allSatisfy { $0.comment?.label == "Lämna gärna en kommentar här:" && $0.options?.count == 4 })
        #expect(form.sections.filter { $0.introduction.first?.hasPrefix("Från Överenskommelsen") == true }.count >= 7)
    }

    @Test("a broken definition is refused with every problem listed by path")
    func validatorPaths() throws {
        let json = """
        {"id": "test", "version": 1, "title": "Test", "sections": [
          {"id": "a", "heading": "A", "questions": [
            {"id": "q1", "number": "1", "text": "Ett", "type": "single_choice", "options": []},
            {"id": "q1", "number": "2", "text": "Två", "type": "text", "maxLength": 0},
            {"id": "q3", "number": "3", "text": "Tre", "type": "file", "accept": ["exe"]},
            {"id": "q4", "number": "4", "text": "Fyra", "type": "table", "rows": [], "columns": [{"id": "c", "label": "C", "type": "färg"}]},
            {"id": "q5", "number": "5", "text": "Fem", "type": "text", "showIf": {"question": "q9", "equals": "Ja"}}
          ]},
          {"id": "a", "heading": "", "questions": [{"id": "q6", "text": "Sex", "type": "okänd"}]}
        ]}
        """
        do {
            _ = try FormValidator.parse(json)
            Issue.record("expected problems")
        } catch let e as FormDefinitionError {
            // The unknown type is found first, structurally.
            #expect(e.problems.map(\.description) == ["sections[1].questions[0].type: okänd typ ”okänd”; tillåtna: single_choice, multiple_choice, text, integer, amount, percent, date, table, file"])
        }
        do {
            _ = try FormValidator.parse(json.replacingOccurrences(of: "\"okänd\"", with: "\"text\""))
            Issue.record("expected problems")
        } catch let e as FormDefinitionError {
            let d = e.problems.map(\.description)
            #expect(d.contains("sections[0].questions[0].options: tom lista"))
            #expect(d.contains("sections[0].questions[1].id: ”q1” finns redan"))
            #expect(d.contains("sections[0].questions[1].maxLength: ska vara mellan 1 och 100 000"))
            #expect(d.contains { $0.hasPrefix("sections[0].questions[2].accept: ”exe”") })
            #expect(d.contains("sections[0].questions[2].maxBytes: saknas"))
            #expect(d.contains("sections[0].questions[3].rows: tom lista"))
            #expect(d.contains("sections[0].questions[3].columns[0].type: ska vara text, integer eller amount"))
            #expect(d.contains("sections[0].questions[4].showIf.question: ”q9” är ingen tidigare fråga"))
            #expect(d.contains("sections[1].id: ”a” finns redan"))
            #expect(d.contains("sections[1].heading: tom"))
        }
        #expect(throws: FormDefinitionError.self) { try FormValidator.parse("not json") }
    }

    static let form = FormDefinition(id: "alla-typer", version: 1, title: "Alla typer", sections: [
        FormSection(id: "s", heading: "S", questions: [
            Question(id: "val", number: "1", text: "Val", type: .singleChoice, required: true, options: ["Ja", "Nej"], comment: .init(label: "Kommentar")),
            Question(id: "flera", number: "2", text: "Flera", type: .multipleChoice, options: ["A", "B", "C"], maxChoices: 2),
            Question(id: "fri", number: "3", text: "Fri", type: .text, maxLength: 10),
            Question(id: "tal", number: "4", text: "Tal", type: .integer, min: 0, max: 1000),
            Question(id: "belopp", number: "5", text: "Belopp", type: .amount),
            Question(id: "pct", number: "6", text: "Procent", type: .percent),
            Question(id: "dag", number: "7", text: "Datum", type: .date),
            Question(id: "tab", number: "8", text: "Tabell", type: .table, rows: [.init(id: "r1", label: "Insats 1")],
                     columns: [.init(id: "kr", label: "Belopp", type: "amount"), .init(id: "n", label: "Antal", type: "integer")]),
            Question(id: "villkor", number: "9", text: "Om ja", type: .text, required: true, showIf: .init(question: "val", equals: "Ja")),
            Question(id: "fil", number: "10", text: "Fil", type: .file, accept: ["pdf"], maxBytes: 1000),
        ])])

    func parse(_ id: String, _ input: AnswerInput) -> Result<String, AnswerError> {
        AnswerParser.parse(input, for: Self.form.question(id)!)
    }

    @Test("every question type reads what people type and refuses what it cannot read")
    func everyType() {
        #expect(FormValidator.validate(Self.form).isEmpty)
        #expect(parse("val", .text("Ja")) == .success("Ja"))
        #expect(parse("val", .text("Kanske")) == .failure(AnswerError("Välj ett av alternativen.")))
        #expect(parse("flera", .choices(["C", "A"])) == .success("[\"A\",\"C\"]"))
        #expect(parse("flera", .choices(["A", "B", "C"])) == .failure(AnswerError("Välj högst 2 alternativ.")))
        #expect(parse("flera", .choices(["X"])) == .failure(AnswerError("Välj bland alternativen.")))
        #expect(parse("fri", .text("kort")) == .success("kort"))
        #expect(parse("fri", .text("alldeles för lång")).isFailure)
        #expect(parse("tal", .text("1 000")) == .success("1000"))
        #expect(parse("tal", .text("1001")) == .failure(AnswerError("Talet får inte vara större än 1\u{00A0}000.")))
        #expect(parse("tal", .text("12,5")).isFailure)
        #expect(parse("belopp", .text("5,8 mnkr")) == .success("580000000"))
        #expect(parse("belopp", .text("1.050")).isFailure)
        #expect(parse("pct", .text("12,5 %")) == .success("1250"))
        #expect(parse("pct", .text("120")).isFailure)
        #expect(parse("dag", .text("2024-03-31")) == .success("2024-03-31"))
        #expect(parse("dag", .text("31/3")).isFailure)
        #expect(parse("tab", .cells(["r1": ["kr": "1 000", "n": "3"]])) == .success("{\"r1\":{\"kr\":\"100000\",\"n\":\"3\"}}"))
        #expect(parse("tab", .cells(["r1": ["kr": "mycket"]])) .isFailure)
        #expect(AnswerFormatter.display("580000000", for: Self.form.question("belopp")!) == "5\u{00A0}800\u{00A0}000\u{00A0}kr")
        #expect(AnswerFormatter.display("1250", for: Self.form.question("pct")!) == "12,50\u{00A0}%")
        #expect(AnswerFormatter.display("2024-03-31", for: Self.form.question("dag")!) == "31 mars 2024")
        #expect(AnswerFormatter.editable("580000000", for: Self.form.question("belopp")!) == "5 800 000")
    }

    @Test("conditional questions count only when shown")
    func conditions() {
        let missing = FormLogic.missingRequired(Self.form, answers: ["val": "Nej"])
        #expect(missing.isEmpty)
        #expect(FormLogic.missingRequired(Self.form, answers: ["val": "Ja"]).map(\.id) == ["villkor"])
        #expect(FormLogic.missingRequired(Self.form, answers: [:]).map(\.id) == ["val"])
    }

    @Test("deadline rules, with the date injected")
    func deadlines() {
        let deadline = CivilDate.make(2024, 3, 31), opens = CivilDate.make(2024, 1, 1)
        #expect(ReportRules.status(state: .draft, hasAnswers: false, deadline: deadline, today: .make(2024, 3, 1)) == .notStarted)
        #expect(ReportRules.status(state: .draft, hasAnswers: true, deadline: deadline, today: .make(2024, 3, 31)) == .started)
        #expect(ReportRules.status(state: .draft, hasAnswers: true, deadline: deadline, today: .make(2024, 4, 1)) == .late)
        #expect(ReportRules.status(state: .submitted, hasAnswers: true, deadline: deadline, today: .make(2024, 4, 1)) == .submitted)
        #expect(ReportRules.canSubmit(state: .draft, opensOn: opens, today: .make(2024, 4, 10), locked: false))
        #expect(!ReportRules.canSubmit(state: .draft, opensOn: opens, today: .make(2024, 4, 10), locked: true))
        #expect(!ReportRules.canEdit(state: .draft, opensOn: opens, today: .make(2023, 12, 31), locked: false))
        #expect(!ReportRules.canEdit(state: .submitted, opensOn: opens, today: .make(2024, 2, 1), locked: false))
        #expect(ReportRules.canEdit(state: .completionRequested, opensOn: opens, today: .make(2024, 5, 1), locked: false))
        #expect(ReportRules.wasLate(submittedOn: .make(2024, 4, 1), deadline: deadline))
        #expect(!ReportRules.wasLate(submittedOn: deadline, deadline: deadline))
        #expect(ReportRules.swedishDate(Date(timeIntervalSince1970: 1_711_929_600 - 1800)) == .make(2024, 4, 1)) // 23:30 UTC = 01:30 in Sweden
    }

    @Test("reminders fall 30 and 7 days before the deadline and the day after")
    func reminders() {
        let deadline = CivilDate.make(2024, 3, 31)
        #expect(ReminderPlan.due(today: .make(2024, 3, 1), deadline: deadline) == .thirtyDaysBefore)
        #expect(ReminderPlan.due(today: .make(2024, 3, 24), deadline: deadline) == .sevenDaysBefore)
        #expect(ReminderPlan.due(today: .make(2024, 4, 1), deadline: deadline) == .dayAfter)
        #expect(ReminderPlan.due(today: .make(2024, 3, 30), deadline: deadline) == nil)
        #expect(ReminderPlan.daysBetween(.make(2023, 12, 31), .make(2024, 3, 1)) == 61)
    }
}

extension Result {
    var isFailure: Bool { if case .failure = self { return true }; return false }
}
