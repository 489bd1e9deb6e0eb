import Foundation
import Testing
@testable import NaraCore

@Suite("The questionnaire builder's rules: every edit gives a draft or Swedish messages at the fields")
struct FormEditingTests {
    func applied(_ edits: [FormEdit], to start: FormDefinition = FormDefinition(id: "test", version: 1, title: "Test 2024", sections: [])) throws -> FormDefinition {
        try edits.reduce(start) { d, e in try FormEditing.apply(e, to: d).get() }
    }

    func choice(_ number: String, _ text: String, options: [String], comment: String = "") -> QuestionInput {
        var i = QuestionInput()
        i.number = number; i.text = text; i.type = QuestionType.singleChoice.rawValue; i.required = true
        i.options = options.joined(separator: "\n"); i.comment = comment
        return i
    }

    func refusal(_ edit: FormEdit, on d: FormDefinition) -> EditRefusal? {
        if case .failure(let r) = FormEditing.apply(edit, to: d) { return r }
        return nil
    }

    @Test("the reference questionnaire's first section, built from nothing, equals the shipped one's questions 1 and 3")
    func buildsFirstSection() throws {
        let reference = try ReferenceForms.municipalFinalReport2022()
        let section = reference.sections[0]
        let q1 = try #require(reference.question("q1")), q3 = try #require(reference.question("q3"))
        var text = QuestionInput()
        text.number = "3"; text.text = q3.text; text.type = "text"; text.required = q3.required; text.maxLength = q3.maxLength.map(String.init) ?? ""
        text.help = q3.help ?? ""
        let d = try applied([
            .addSection(heading: section.heading, introduction: Paragraphs.write(section.introduction)),
            .addQuestion(section: 0, QuestionInput(q1)),
            .addQuestion(section: 0, text),
        ])
        #expect(d.sections.count == 1 && d.sections[0].heading == section.heading && d.sections[0].introduction == section.introduction)
        #expect(d.question("q1") == q1)
        #expect(d.question("q3") == q3)
        #expect(FormEditing.publishProblems(d).isEmpty)
    }

    @Test("editing a question without changing anything keeps it exactly, for every question of the reference")
    func unchangedEditKeepsQuestion() throws {
        let reference = try ReferenceForms.municipalFinalReport2022()
        for q in reference.questions {
            let after = try FormEditing.apply(.updateQuestion(id: q.id, QuestionInput(q)), to: reference).get()
            #expect(after == reference, "question \(q.id)")
        }
    }

    @Test("a choice question without options, min above max, a word in min and a duplicate id are refused at their fields")
    func refusedAtFields() throws {
        let d = try applied([.addSection(heading: "Målbild", introduction: ""), .addQuestion(section: 0, choice("1", "Finns en målbild?", options: ["Ja", "Nej"]))])
        let empty = refusal(.addQuestion(section: 0, choice("2", "Fråga", options: [])), on: d)
        #expect(empty?.fields.map(\.field) == ["options"])
        #expect(empty?.fields.first?.message == "En valfråga behöver minst ett svarsalternativ; skriv ett per rad.")

        var limits = QuestionInput()
        limits.number = "2"; limits.text = "Antal"; limits.type = "integer"; limits.min = "10"; limits.max = "5"
        #expect(refusal(.addQuestion(section: 0, limits), on: d)?.fields.map(\.field) == ["min"])
        limits.min = "tio"
        #expect(refusal(.addQuestion(section: 0, limits), on: d)?.fields.first?.message == "Skriv ett heltal, till exempel 10.")

        var duplicate = choice("1b", "Igen", options: ["Ja"])
        duplicate.id = "q1"
        #expect(refusal(.addQuestion(section: 0, duplicate), on: d)?.fields.first?.message == "Id:t ”q1” används redan av en annan fråga; välj ett annat.")
        #expect(refusal(.addSection(heading: "  ", introduction: ""), on: d)?.fields.map(\.field) == ["heading"])
    }

    @Test("a condition must name an earlier choice question and one of its options")
    func conditions() throws {
        let d = try applied([.addSection(heading: "Målbild", introduction: ""),
                             .addQuestion(section: 0, choice("1", "Finns en målbild?", options: ["Ja", "Delvis", "Nej"])),
                             .addQuestion(section: 0, choice("2", "Är den beslutad?", options: ["Ja", "Nej"]))])
        var shown = QuestionInput()
        shown.number = "3"; shown.text = "Beskriv målbilden"; shown.type = "text"
        shown.conditionQuestion = "q1"; shown.conditionValues = "Ja\nDelvis"
        let with = try FormEditing.apply(.addQuestion(section: 0, shown), to: d).get()
        #expect(with.question("q3")?.showIf == Question.Condition(question: "q1", in: ["Ja", "Delvis"]))

        shown.conditionValues = "Kanske"
        #expect(refusal(.addQuestion(section: 0, shown), on: d)?.fields.first?.message == "”Kanske” är inget svarsalternativ i fråga 1.")
        shown.conditionQuestion = "q9"; shown.conditionValues = "Ja"
        #expect(refusal(.addQuestion(section: 0, shown), on: d)?.fields.first?.message == "Villkoret gäller en fråga som inte finns (”q9”).")
        // Question 1 made to depend on question 2, which comes after it.
        var first = QuestionInput(d.question("q1")!)
        first.conditionQuestion = "q2"; first.conditionValues = "Ja"
        let later = refusal(.updateQuestion(id: "q1", first), on: d)
        #expect(later?.fields.map(\.field) == ["conditionQuestion"])
        #expect(later?.fields.first?.message.contains("står efter den här") == true)
    }

    @Test("a question others depend on cannot be removed, lose the option they name, or move after them")
    func dependents() throws {
        var shown = QuestionInput()
        shown.number = "2"; shown.text = "Beskriv"; shown.type = "text"; shown.conditionQuestion = "q1"; shown.conditionValues = "Ja"
        let d = try applied([.addSection(heading: "A", introduction: ""), .addQuestion(section: 0, choice("1", "Finns?", options: ["Ja", "Nej"])),
                             .addQuestion(section: 0, shown)])
        #expect(refusal(.removeQuestion(id: "q1"), on: d)?.message == "Fråga 1 kan inte tas bort: fråga 2 visas utifrån svaret på den. Ändra villkoret i fråga 2 först.")
        #expect(refusal(.moveQuestion(id: "q2", up: true), on: d)?.message == "Fråga 2 kan inte flyttas dit: den visas utifrån svaret på fråga 1 och måste stå efter den.")
        #expect(refusal(.moveQuestion(id: "q1", up: false), on: d)?.message == "Fråga 1 kan inte flyttas dit: fråga 2 visas utifrån svaret på fråga 1 och måste stå efter den.")
        let fewer = refusal(.updateQuestion(id: "q1", choice("1", "Finns?", options: ["Nej"])), on: d)
        #expect(fewer?.message == "Ändringen skulle göra fråga 2 felaktig: ”Ja” är inget svarsalternativ i fråga 1.")
        let removed = try FormEditing.apply(.removeQuestion(id: "q2"), to: d).get()
        #expect(removed.questions.map(\.id) == ["q1"])
    }

    @Test("questions move within and across sections; sections move; an empty section stops publishing")
    func moves() throws {
        let d = try applied([.addSection(heading: "Målbild för nära vård", introduction: ""), .addSection(heading: "Målbild för nära vård", introduction: "Från Överenskommelsen: text."),
                             .addQuestion(section: 0, choice("1", "Ett", options: ["Ja"])), .addQuestion(section: 0, choice("2", "Två", options: ["Ja"]))])
        #expect(d.sections.map(\.id) == ["malbild-for-nara", "malbild-for-nara-2"])
        #expect(FormEditing.publishProblems(d).map(\.message) == ["Avsnittet ”Målbild för nära vård” har inga frågor; lägg till en fråga eller ta bort avsnittet."])
        let down = try FormEditing.apply(.moveQuestion(id: "q2", up: false), to: d).get()
        #expect(down.sections[0].questions.map(\.id) == ["q1"] && down.sections[1].questions.map(\.id) == ["q2"])
        #expect(FormEditing.publishProblems(down).isEmpty)
        let swapped = try FormEditing.apply(.moveSection(index: 1, up: true), to: down).get()
        #expect(swapped.questions.map(\.id) == ["q2", "q1"])
        let up = try FormEditing.apply(.moveQuestion(id: "q1", up: true), to: d).get()
        #expect(up == d) // the first question of the first section stays where it is
    }

    @Test("a table's rows and columns, and a file question's types and size, are read from the form")
    func tableAndFile() throws {
        var t = QuestionInput()
        t.number = "7"; t.text = "Medel per kommun"; t.type = "table"; t.rows = "r1: Kommun A\nr2: Kommun B"; t.columns = "belopp: Belopp: belopp\nnot: Kommentar: fritext"
        let d = try applied([.addSection(heading: "A", introduction: ""), .addQuestion(section: 0, t)])
        #expect(d.question("q7")?.columns == [.init(id: "belopp", label: "Belopp", type: "amount"), .init(id: "not", label: "Kommentar", type: "text")])
        t.columns = "belopp Belopp"
        #expect(refusal(.addQuestion(section: 0, t), on: d)?.fields.map(\.field) == ["columns"])
        var f = QuestionInput()
        f.number = "8"; f.text = "Bifoga planen"; f.type = "file"; f.accept = ["pdf", "exe"]; f.maxMegabytes = "2,5"
        let withFile = try FormEditing.apply(.addQuestion(section: 0, f), to: d).get()
        #expect(withFile.question("q8")?.accept == ["pdf"] && withFile.question("q8")?.maxBytes == 2_621_440)
        f.accept = []
        #expect(refusal(.addQuestion(section: 0, f), on: d)?.fields.first?.message == "Välj minst en filtyp.")
    }

    @Test("years standing on their own are marked; references and dates are not")
    func marksYears() {
        let pieces = FormYear.marked("Under 2024 enligt prop. 2019/20:164, senast 2025-03-31.")
        #expect(pieces.filter(\.isYear).map(\.text) == ["2024"])
        #expect(pieces.map(\.text).joined() == "Under 2024 enligt prop. 2019/20:164, senast 2025-03-31.")
    }
}
