import Foundation
import Testing
@testable import NaraCore

@Suite("A questionnaire for a year: its own year in its text, its question ids kept")
struct FormYearTests {
    @Test("the 2022 reference questionnaire rewritten for 2023 speaks of 2023 and keeps every id, number and option")
    func referenceFor2023() throws {
        let form = try ReferenceForms.municipalFinalReport2022()
        #expect(FormYear.year(of: form) == 2022)
        let rewritten = FormYear.rewrite(form, to: 2023)
        #expect(FormYear.year(of: rewritten) == 2023)
        #expect(rewritten.id == form.id && rewritten.version == form.version)
        #expect(rewritten.title == "Slutredovisning av kommunernas arbete inom ramen för god och nära vård 2023")
        #expect(rewritten.sections.map(\.id) == form.sections.map(\.id))
        #expect(rewritten.questions.map(\.id) == form.questions.map(\.id))
        #expect(rewritten.questions.map(\.number) == form.questions.map(\.number))
        #expect(rewritten.questions.map(\.options) == form.questions.map(\.options))
        #expect(rewritten.questions.map(\.showIf) == form.questions.map(\.showIf))
        #expect(rewritten.questions.map(\.type) == form.questions.map(\.type))
        // Every text that spoke of 2022 now speaks of 2023; nothing says 2022 any more.
        let texts = [rewritten.title] + rewritten.introduction + [rewritten.instruction ?? ""] + rewritten.sections.flatMap { [$0.heading] + $0.introduction }
            + rewritten.questions.flatMap { [$0.text, $0.help ?? "", $0.comment?.label ?? ""] }
        #expect(!texts.contains { FormYear.years(in: $0).contains(2022) })
        let q6 = try #require(rewritten.question("q6"))
        #expect(q6.text.contains("under 2023"))
        #expect(try #require(form.question("q6")).text.contains("under 2022"))
        #expect(rewritten.introduction[0].contains("God och nära vård 2023"))
    }

    @Test("only the year standing on its own changes: not references, dates, other years or longer numbers")
    func onlyTheYear() {
        #expect(FormYear.replacing(2022, with: 2023, in: "under 2022 (prop. 2019/20:164, SOU 2022:80, 2022/23:1, 2022-03-31, 120225, sedan 2019)")
                == "under 2023 (prop. 2019/20:164, SOU 2022:80, 2022/23:1, 2022-03-31, 120225, sedan 2019)")
        #expect(FormYear.replacing(2022, with: 2024, in: "2022. Året 2022, och 2022!") == "2024. Året 2024, och 2024!")
    }

    @Test("a questionnaire that names no year, or already the year asked, is left as it is")
    func unchanged() throws {
        let plain = FormDefinition(id: "x", version: 1, title: "Handlingsplan", sections: [
            FormSection(id: "s", heading: "Under 2022", questions: [Question(id: "q", number: "1", text: "Vad gjordes 2022?", type: .text)])])
        #expect(FormYear.rewrite(plain, to: 2023) == plain)
        let form = try ReferenceForms.municipalFinalReport2022()
        #expect(FormYear.rewrite(form, to: 2022) == form)
    }

    @Test("a report says which agreement and which period it covers")
    func period() {
        #expect(ReportPeriod.swedish(year: 2023) == "1 januari–31 december 2023")
        #expect(ReportPeriod.heading(year: 2023, kind: .final) == "Överenskommelse 2023 · Slutredovisning · avser 1 januari–31 december 2023")
    }
}
