import Foundation
import Testing
@testable import NaraCore

@Suite("A questionnaire drafted in Excel: written as sheets, read back, every problem named by cell")
struct FormWorkbookTests {
    static func sheets(_ d: FormDefinition) -> [String: [[String]]] {
        Dictionary(uniqueKeysWithValues: FormWorkbook.sheets(for: d).map { ($0.name, $0.rows) })
    }

    static func refused(_ sheets: [String: [[String]]]) -> [WorkbookProblem] {
        do { _ = try FormWorkbook.definition(from: sheets); return [] } catch let e as FormWorkbookError { return e.problems } catch { return [] }
    }

    /// Uses every type and every key.
    static let everything = FormDefinition(
        id: "allt-test", version: 3, title: "Allt i ett formulär 2024", introduction: ["Första stycket.", "Andra stycket\nmed radbrytning."],
        instruction: "Tänk på jämställdheten.", sections: [
            FormSection(id: "val", heading: "Val", introduction: ["Inledning."], questions: [
                Question(id: "q1", number: "1", text: "Ett val?", type: .singleChoice, required: true, help: "Välj ett.",
                         options: ["Ja", "Nej", "Delvis"], comment: .init(label: "Kommentar:")),
                Question(id: "q2", number: "2a", text: "Flera val?", type: .multipleChoice, options: ["A", "B", "C"], maxChoices: 2,
                         showIf: .init(question: "q1", equals: "Ja")),
                Question(id: "q3", number: "2b", text: "Varför?", type: .text, maxLength: 500, showIf: .init(question: "q2", in: ["A", "C"])),
            ]),
            FormSection(id: "tal", heading: "Tal och annat", questions: [
                Question(id: "q4", number: "3", text: "Hur många?", type: .integer, min: -5, max: 1_000),
                Question(id: "q5", number: "4", text: "Hur mycket?", type: .amount, required: true, min: 0, max: 5_000_000),
                Question(id: "q6", number: "5", text: "Andel?", type: .percent),
                Question(id: "q7", number: "6", text: "När?", type: .date),
                Question(id: "q8", number: "7", text: "Tabell", type: .table,
                         rows: [.init(id: "r1", label: "Rad ett"), .init(id: "r2", label: "Rad två")],
                         columns: [.init(id: "c1", label: "Namn", type: "text"), .init(id: "c2", label: "Antal", type: "integer"),
                                   .init(id: "c3", label: "Kronor", type: "amount")]),
                Question(id: "q9", number: "8", text: "Bilaga", type: .file, accept: ["pdf", "docx"], maxBytes: 10_485_760),
            ]),
        ])

    @Test("the reference questionnaire written as sheets reads back as an equal definition")
    func referenceRoundTrip() throws {
        let form = try ReferenceForms.municipalFinalReport2022()
        let sheets = FormWorkbook.sheets(for: form)
        #expect(sheets.map(\.name) == ["settings", "sections", "survey", "choices", "tables"])
        #expect(sheets[2].rows.count == form.questions.count + 1)
        #expect(sheets[4].rows == [FormWorkbook.tablesHeader])
        // The condition on 9b is written in XLSForm's syntax.
        let q9b = try #require(sheets[2].rows.first { $0[1] == "q9b" })
        #expect(q9b[7].hasPrefix("selected(${q9a}, 'I alla länets kommuner') or selected(${q9a}, "))
        #expect(q9b[3] == "text")
        #expect(sheets[2].rows.first { $0[1] == "q1" }?[3] == "select_one")
        #expect(try FormWorkbook.definition(from: Self.sheets(form)) == form)
    }

    @Test("a definition with every type and key reads back equal")
    func everythingRoundTrip() throws {
        #expect(FormValidator.validate(Self.everything).isEmpty)
        let sheets = Self.sheets(Self.everything)
        #expect(sheets["survey"]?[2][7] == "${q1} = 'Ja'")
        #expect(sheets["survey"]?[9][13] == "pdf, docx")
        #expect(sheets["tables"]?.count == 6)
        #expect(try FormWorkbook.definition(from: sheets) == Self.everything)
    }

    @Test("hostile text — markup, quotes, line breaks, apostrophes in options and conditions — reads back as written")
    func hostileRoundTrip() throws {
        let nasty = "<script>alert('x')</script> \"citat\" & 'apostrof'\nny rad"
        let form = FormDefinition(id: "fientlig", version: 1, title: nasty, introduction: [nasty], instruction: nasty, sections: [
            FormSection(id: "s", heading: nasty, introduction: [nasty], questions: [
                Question(id: "q1", number: "1", text: nasty, type: .singleChoice, help: nasty, options: ["Don't know", nasty, "='=1+1'"],
                         comment: .init(label: nasty)),
                Question(id: "q2", number: "2", text: nasty, type: .text, showIf: .init(question: "q1", in: ["Don't know", nasty])),
                Question(id: "q3", number: "3", text: "x", type: .text, showIf: .init(question: "q1", equals: "='=1+1'")),
            ])])
        let sheets = Self.sheets(form)
        #expect(sheets["survey"]?[2][7] == "selected(${q1}, 'Don''t know') or selected(${q1}, '<script>alert(''x'')</script> \"citat\" & ''apostrof''\nny rad')")
        #expect(try FormWorkbook.definition(from: sheets) == form)
    }

    /// A small workbook with exactly three mistakes: `min` above `max` (row 3), a condition on a
    /// later question (row 4) and a duplicate question id (row 6).
    static let threeMistakes: [String: [[String]]] = [
        "settings": [FormWorkbook.settingsHeader, ["tre-fel", "1", "Tre fel", "", ""]],
        "sections": [FormWorkbook.sectionsHeader, ["s1", "Första", ""], ["s2", "Andra", ""]],
        "survey": [FormWorkbook.surveyHeader,
                   ["s1", "q1", "1", "select_one", "Finns en plan?", "", "yes", "", "", "", "", "", "", "", ""],
                   ["s1", "q2", "2", "integer", "Hur många?", "", "", "", "", "", "", "100", "10", "", ""],
                   ["s1", "q3", "3", "text", "Beskriv", "", "", "${q4} = 'Ja'", "", "", "", "", "", "", ""],
                   ["s2", "q4", "4", "select_one", "Till sist?", "", "", "", "", "", "", "", "", "", ""],
                   ["s2", "q1", "5", "text", "Samma id igen", "", "", "", "", "", "", "", "", "", ""]],
        "choices": [FormWorkbook.choicesHeader, ["q1", "Ja"], ["q1", "Nej"], ["q4", "Ja"], ["q4", "Nej"]],
        "tables": [FormWorkbook.tablesHeader],
    ]

    @Test("a workbook with three mistakes is refused with exactly three problems, each at its cell")
    func threeMistakesNamed() {
        let problems = Self.refused(Self.threeMistakes)
        #expect(problems.count == 3)
        #expect(problems.map(\.sheet) == ["survey", "survey", "survey"])
        #expect(problems.map(\.row) == [3, 4, 6])
        #expect(problems.map(\.column) == ["L", "H", "B"])
        #expect(problems.map(\.header) == ["min", "relevant", "name"])
        #expect(problems[0].description == "Blad survey, rad 3, kolumn L (min): min (100) är större än max (10)")
        #expect(problems[1].message.contains("”q4”") && problems[1].message.contains("senare"))
        #expect(problems[2].message == "frågan ”q1” finns redan på rad 2; varje fråga behöver ett eget id")
    }

    @Test("an empty section and a choice question without options are named at their rows")
    func emptySectionAndNoOptions() {
        var sheets = Self.threeMistakes
        sheets["sections"] = [FormWorkbook.sectionsHeader, ["s1", "Första", ""], ["tom", "Tomt avsnitt", ""]]
        sheets["survey"] = [FormWorkbook.surveyHeader, ["s1", "q1", "1", "select_one", "Finns en plan?"]]
        sheets["choices"] = [FormWorkbook.choicesHeader]
        let problems = Self.refused(sheets)
        #expect(problems.count == 2)
        #expect(problems.first { $0.sheet == "sections" }?.description == "Blad sections, rad 3, kolumn A (section): avsnittet ”tom” har inga frågor i bladet survey")
        #expect(problems.first { $0.sheet == "survey" }?.description
                == "Blad survey, rad 2, kolumn D (type): valfrågan har inga alternativ; lägg till dem i bladet choices med list_name ”q1”")
    }

    @Test("bad cells are all named while reading: unknown type, a word as a number, a malformed condition, an unknown list and section")
    func badCells() {
        var sheets = Self.threeMistakes
        sheets["survey"] = [FormWorkbook.surveyHeader,
                            ["s1", "q1", "1", "select_one", "Finns en plan?"],
                            ["s1", "q2", "2", "singel", "Okänd typ"],
                            ["s1", "q3", "3", "integer", "Ord", "", "", "", "", "", "", "tio"],
                            ["s2", "q4", "4", "text", "Trasigt villkor", "", "kanske", "${q1} == Ja"],
                            ["s9", "q5", "5", "text", "Okänt avsnitt"]]
        sheets["choices"] = [FormWorkbook.choicesHeader, ["q1", "Ja"], ["q1", "Nej"], ["q99", "Vad?"]]
        let problems = Self.refused(sheets)
        let described = problems.map(\.description)
        #expect(described.contains("Blad survey, rad 3, kolumn D (type): okänd typ ”singel”; tillåtna: select_one, select_multiple, text, integer, amount, percent, date, table, file"))
        #expect(described.contains("Blad survey, rad 4, kolumn L (min): ”tio” är inget heltal"))
        #expect(described.contains("Blad survey, rad 5, kolumn G (required): ”kanske” ska vara yes eller tomt"))
        #expect(problems.contains { $0.row == 5 && $0.header == "relevant" && $0.message.hasPrefix("villkoret kan inte läsas") })
        #expect(described.contains("Blad survey, rad 6, kolumn A (section): avsnittet ”s9” finns inte i bladet sections"))
        #expect(described.contains("Blad choices, rad 4, kolumn A (list_name): det finns ingen fråga ”q99” i bladet survey"))
        #expect(problems.count == 6)
    }

    @Test("a limit in a column that does not belong to the question's type is named, not stored unused")
    func misplacedLimits() {
        var sheets = Self.threeMistakes
        sheets["survey"] = [FormWorkbook.surveyHeader,
                            ["s1", "q1", "1", "select_one", "Finns en plan?", "", "", "", "", "", "", "5", "", "pdf", ""],
                            ["s2", "q4", "2", "select_one", "Till sist?"]]
        #expect(Self.refused(sheets).map(\.description) == [
            "Blad survey, rad 2, kolumn L (min): min gäller bara frågor av typen integer och amount; lämna cellen tom för select_one",
            "Blad survey, rad 2, kolumn N (accept): accept gäller bara frågor av typen file; lämna cellen tom för select_one",
        ])
    }

    @Test("columns are found by header name, in any order and case; unknown columns are ignored; a missing one is named")
    func columnsByName() throws {
        var sheets = Self.sheets(Self.everything)
        // Reverse the survey's columns, shout one header and add a column of notes.
        sheets["survey"] = sheets["survey"]!.enumerated().map { i, row in
            var r = Array(row.reversed()) + [i == 0 ? "anteckningar" : "något"]
            if i == 0 { r[r.count - 2] = " SECTION " }
            return r
        }
        #expect(try FormWorkbook.definition(from: sheets) == Self.everything)
        // Without the column `name` (third from the end) the sheet cannot be read at all.
        sheets["survey"] = sheets["survey"]!.map { row in row.enumerated().filter { $0.offset != row.count - 3 }.map(\.element) }
        let problems = Self.refused(sheets)
        #expect(problems.map(\.description) == ["Blad survey, rad 1: kolumnen ”name” saknas i rubrikraden"])
    }

    @Test("XLSForm's conditions and types are read; Nära's own type names too")
    func parsing() {
        guard case .success(let c) = RelevantParser.parse("selected( ${q9a} , \"A\" ) OR selected(${q9a}, 'It''s B')") else { Issue.record("not parsed"); return }
        #expect(c == Question.Condition(question: "q9a", in: ["A", "It's B"]))
        guard case .failure(let m) = RelevantParser.parse("${a} = 'x' or ${b} = 'y'") else { Issue.record("parsed"); return }
        #expect(m == "ett villkor kan bara gälla en fråga, här både ”a” och ”b”")
        #expect(FormWorkbook.type(named: "Select_One") == .singleChoice)
        #expect(FormWorkbook.type(named: "multiple_choice") == .multipleChoice)
        #expect(FormWorkbook.type(named: "singel") == nil)
        #expect(FormWorkbook.columnLetter(0) == "A" && FormWorkbook.columnLetter(14) == "O" && FormWorkbook.columnLetter(27) == "AB")
    }
}
