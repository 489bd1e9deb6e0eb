import Foundation
import Testing
@testable import NaraCore

@Suite("The difference between two versions of a questionnaire, question by question")
struct FormDiffTests {
    /// A small questionnaire: two sections, a choice question with a condition depending on it.
    static func sample() -> FormDefinition {
        FormDefinition(id: "prov", version: 1, title: "Uppföljning 2023", introduction: ["Om året."], sections: [
            FormSection(id: "a", heading: "Samverkan", questions: [
                Question(id: "q1", number: "1", text: "Finns en plan?", type: .singleChoice, required: true,
                         options: ["Ja", "Nej", "Vet ej"]),
                Question(id: "q2", number: "2", text: "Beskriv planen.", type: .text,
                         showIf: .init(question: "q1", equals: "Ja")),
                Question(id: "q3", number: "3", text: "Hur många kommuner?", type: .integer, min: 0, max: 290),
            ]),
            FormSection(id: "b", heading: "Övrigt", questions: [
                Question(id: "q4", number: "4", text: "Något mer?", type: .text, maxLength: 2000),
            ]),
        ])
    }

    func changed(_ diff: FormDiff, _ id: String) -> [FormDiff.FieldChange] {
        diff.questions.first { $0.id == id }?.fields ?? []
    }

    @Test("identical definitions have no difference")
    func identical() throws {
        let diff = FormDiff.compare(Self.sample(), Self.sample())
        #expect(diff.isEmpty)
        #expect(diff == FormDiff())
        #expect(diff.changedCount == 0 && diff.addedCount == 0 && diff.removedCount == 0)
        let reference = try ReferenceForms.municipalFinalReport2022()
        #expect(FormDiff.compare(reference, reference).isEmpty)
    }

    @Test("one changed question text is exactly one changed question with its text before and after")
    func oneChangedText() {
        var new = Self.sample()
        new.sections[0].questions[2].text = "Hur många av länets kommuner?"
        let diff = FormDiff.compare(Self.sample(), new)
        #expect(diff.form.isEmpty && diff.sections.isEmpty)
        #expect(diff.questions == [FormDiff.QuestionChange(id: "q3", number: "3", text: "Hur många av länets kommuner?", kind: .changed(fields: [
            FormDiff.FieldChange(name: "Frågetext", before: "Hur många kommuner?", after: "Hur många av länets kommuner?"),
        ]))])
        #expect(diff.changedCount == 1 && diff.addedCount == 0 && diff.removedCount == 0)
        #expect(!diff.isEmpty)
    }

    @Test("added and removed questions stand in the newer order, a removed one where it stood")
    func addedAndRemoved() {
        var new = Self.sample()
        new.sections[0].questions.remove(at: 1)
        new.sections[1].questions.insert(Question(id: "q5", number: "5", text: "Vem svarar?", type: .text), at: 0)
        let diff = FormDiff.compare(Self.sample(), new)
        #expect(diff.questions.map(\.id) == ["q2", "q5"])
        #expect(diff.questions[0].kind == .removed && diff.questions[0].text == "Beskriv planen.")
        #expect(diff.questions[1].kind == .added && diff.questions[1].number == "5")
        #expect(diff.changedCount == 0 && diff.addedCount == 1 && diff.removedCount == 1)
    }

    @Test("changed options name the ones added and removed; other fields are named in Swedish")
    func options() {
        var new = Self.sample()
        new.sections[0].questions[0].options = ["Ja", "Delvis", "Nej"]
        new.sections[0].questions[0].required = false
        new.sections[0].questions[0].help = "Beslutad av alla parter."
        new.sections[0].questions[2].max = 300
        new.sections[1].questions[0].type = .amount
        let diff = FormDiff.compare(Self.sample(), new)
        #expect(changed(diff, "q1") == [
            FormDiff.FieldChange(name: "Hjälptext", before: "", after: "Beslutad av alla parter."),
            FormDiff.FieldChange(name: "Obligatorisk", before: "Ja", after: "Nej"),
            FormDiff.FieldChange(name: "Svarsalternativ", before: "Ja, Nej, Vet ej", after: "Ja, Delvis, Nej",
                                 note: "Tillagt: Delvis; borttaget: Vet ej"),
        ])
        #expect(changed(diff, "q3") == [FormDiff.FieldChange(name: "Högsta värde", before: "290", after: "300")])
        #expect(changed(diff, "q4") == [FormDiff.FieldChange(name: "Typ", before: "Fritext", after: "Belopp i kronor")])
        var reordered = Self.sample()
        reordered.sections[0].questions[0].options = ["Nej", "Ja", "Vet ej"]
        #expect(changed(FormDiff.compare(Self.sample(), reordered), "q1").first?.note == "Ny ordning")
    }

    @Test("a changed condition is said in Swedish with the question's number")
    func condition() {
        var new = Self.sample()
        new.sections[0].questions[1].showIf = .init(question: "q1", in: ["Ja", "Vet ej"])
        new.sections[0].questions[0].number = "9a"
        let diff = FormDiff.compare(Self.sample(), new)
        #expect(changed(diff, "q2") == [FormDiff.FieldChange(name: "Villkor", before: "Visas om 1 är ”Ja”", after: "Visas om 9a är ”Ja” eller ”Vet ej”")])
        #expect(changed(diff, "q1") == [FormDiff.FieldChange(name: "Nummer", before: "1", after: "9a")])
        var none = Self.sample()
        none.sections[0].questions[1].showIf = nil
        #expect(changed(FormDiff.compare(Self.sample(), none), "q2").first?.after == "Visas alltid")
        #expect(FormDiff.condition(.init(question: "q1", in: ["A", "B", "C"]), in: Self.sample()) == "Visas om 1 är ”A”, ”B” eller ”C”")
        #expect(FormDiff.condition(.init(question: "borta", equals: "A"), in: Self.sample()) == "Visas om borta är ”A”")
    }

    @Test("a question moved among its neighbours or to another section is named as moved, the others are not")
    func moved() {
        var new = Self.sample()
        let q3 = new.sections[0].questions.remove(at: 2)
        new.sections[0].questions.insert(q3, at: 0)
        var diff = FormDiff.compare(Self.sample(), new)
        #expect(diff.questions.map(\.id) == ["q3"])
        #expect(diff.questions[0].moved)
        #expect(diff.questions[0].fields == [FormDiff.FieldChange(name: "Plats", before: "Efter fråga 2", after: "Först i avsnittet")])

        new = Self.sample()
        let q4 = new.sections[1].questions.remove(at: 0)
        new.sections[0].questions.append(q4)
        diff = FormDiff.compare(Self.sample(), new)
        #expect(diff.questions.map(\.id) == ["q4"])
        #expect(diff.questions[0].fields == [FormDiff.FieldChange(name: "Avsnitt", before: "Övrigt", after: "Samverkan")])
    }

    @Test("sections: a changed heading, an added, a removed and a moved section; the form's own texts")
    func sections() {
        var new = Self.sample()
        new.title = "Uppföljning 2024"
        new.instruction = "Tänk på jämställdheten."
        new.sections[0].heading = "Samverkan och ledning"
        var diff = FormDiff.compare(Self.sample(), new)
        #expect(diff.form == [FormDiff.FieldChange(name: "Rubrik", before: "Uppföljning 2023", after: "Uppföljning 2024"),
                              FormDiff.FieldChange(name: "Instruktion", before: "", after: "Tänk på jämställdheten.")])
        #expect(diff.sections == [FormDiff.SectionChange(id: "a", heading: "Samverkan och ledning", kind: .changed(fields: [
            FormDiff.FieldChange(name: "Rubrik", before: "Samverkan", after: "Samverkan och ledning")]))])
        #expect(diff.questions.isEmpty)

        new = Self.sample()
        new.sections.swapAt(0, 1)
        new.sections.insert(FormSection(id: "c", heading: "Nytt", questions: []), at: 0)
        diff = FormDiff.compare(Self.sample(), new)
        #expect(diff.sections.map(\.id) == ["c", "a"])
        #expect(diff.sections[0].kind == .added)
        #expect(diff.sections[1].kind == .changed(fields: [FormDiff.FieldChange(name: "Plats", before: "Först", after: "Efter ”Övrigt”")]))
        #expect(diff.questions.isEmpty, "questions that moved with their section did not move")

        new = Self.sample()
        new.sections.remove(at: 0)
        diff = FormDiff.compare(Self.sample(), new)
        #expect(diff.sections == [FormDiff.SectionChange(id: "a", heading: "Samverkan", kind: .removed)])
        #expect(diff.questions.map(\.id) == ["q1", "q2", "q3"] && diff.removedCount == 3)
    }

    @Test("the reference questionnaire against its 2024 text: the changed texts, nothing added or removed")
    func referenceFor2024() throws {
        let reference = try ReferenceForms.municipalFinalReport2022()
        let rewritten = FormYear.rewrite(reference, to: 2024)
        let diff = FormDiff.compare(reference, rewritten)
        #expect(diff.addedCount == 0 && diff.removedCount == 0)
        #expect(diff.changedCount > 0 && diff.changedCount == diff.questions.count)
        #expect(diff.form.first == FormDiff.FieldChange(name: "Rubrik", before: reference.title, after: rewritten.title))
        let q6 = try #require(diff.questions.first { $0.id == "q6" })
        let text = try #require(q6.fields.first { $0.name == "Frågetext" })
        #expect(text.before.contains("under 2022") && text.after.contains("under 2024"))
        // Only texts changed: no numbers, options, conditions or places.
        let names = Set(diff.questions.flatMap(\.fields).map(\.name))
        #expect(names.isSubset(of: ["Frågetext", "Hjälptext", "Kommentarsfält", "Rader", "Kolumner"]), "\(names)")
        // Every question whose texts differ is listed, in the questionnaire's order.
        let expected = reference.questions.filter { q in rewritten.question(q.id) != q }.map(\.id)
        #expect(diff.questions.map(\.id) == expected)
        #expect(!diff.questions.contains { $0.moved })
    }

    @Test("the words two texts share, in order, by position: what a view leaves unmarked")
    func commonWords() {
        let before = "Beskriv arbetet under 2022 i länet".split(separator: " ").map(String.init)
        let after = "Beskriv arbetet under 2023 i hela länet".split(separator: " ").map(String.init)
        #expect(FormDiff.commonWords(before, after) == [0, 1, 2, 4, 5])
        #expect(FormDiff.commonWords(after, before) == [0, 1, 2, 4, 6])
        #expect(FormDiff.commonWords([], after).isEmpty)
    }
}
