import Testing
@testable import NaraCore

@Suite("Follow-up rules")
struct FollowUpCoreTests {
    @Test("search terms: letters and digits only, lower-cased, common Swedish endings taken off, every term a prefix")
    func searchTerms() {
        #expect(SwedishSearch.words("Samverkan, \"kommunerna\" OR *x") == ["samverkan", "kommunerna", "or"])
        #expect(SwedishSearch.stem("kommunerna") == "kommun")
        #expect(SwedishSearch.stem("samverkansstrukturer") == "samverkansstruktur")
        #expect(SwedishSearch.stem("vård") == "vård")
        #expect(SwedishSearch.fts5Query("Samverkan kommunerna") == "\"samverkan\"* AND \"kommun\"*")
        #expect(SwedishSearch.tsQuery("Samverkan') | x") == "'samverkan':*")
        #expect(SwedishSearch.fts5Query("\"*") == nil)
        let parts = SwedishSearch.segments("en \u{E000}samverkan\u{E001} till")
        #expect(parts.map(\.text) == ["en ", "samverkan", " till"])
        #expect(parts.map(\.hit) == [false, true, false])
    }

    @Test("indicator values: Swedish and point decimals, per cent sign, at most two decimals")
    func hundredths() {
        #expect(IndicatorImport.hundredths("55,3") == 5_530)
        #expect(IndicatorImport.hundredths("55.25") == 5_525)
        #expect(IndicatorImport.hundredths("56 %") == 5_600)
        #expect(IndicatorImport.hundredths("−1,5") == -150)
        for bad in ["1.234,5", "5,555", "", "abc", "12,", "=1+1", "1e3"] { #expect(IndicatorImport.hundredths(bad) == nil, "\(bad)") }
    }

    @Test("an indicator file needs its columns, known indicators and codes, and no duplicates")
    func indicatorFile() throws {
        #expect(throws: IndicatorImportError.self) { try IndicatorImport.parse(Array("kod;år;värde\n13;2023;55\n".utf8)) }
        let values = try IndicatorImport.parse(Array("\u{FEFF}värde;indikator;år;kod;kön\r\n55,5;fast-lakarkontakt;2023;13;kvinnor\r\n".utf8))
        #expect(values == [IndicatorValue(indicator: "fast-lakarkontakt", code: "13", year: 2023, sex: "K", value: 5_550)])
        do {
            _ = try IndicatorImport.parse(Array("indikator;kod;år;värde\nfast-lakarkontakt;13;2023;55\nfast-lakarkontakt;13;2023;56\n\u{0}x;;;\n".utf8))
            Issue.record("accepted a broken file")
        } catch let e as IndicatorImportError {
            #expect(e.problems.map(\.line) == [3, 4])
        }
        #expect(throws: IndicatorImportError.self) { try IndicatorImport.parse([0xFF, 0xFE, 0x00]) }
    }

    @Test("demo answers are the same every time, answer every visible question and only with the form's options")
    func demoAnswers() throws {
        let form = try ReferenceForms.municipalFinalReport2022()
        let a = DemoAnswers.answers(for: form, recipientCode: "13", countyName: "Hallands län", year: 2022)
        let b = DemoAnswers.answers(for: form, recipientCode: "13", countyName: "Hallands län", year: 2022)
        #expect(a.mapValues(\.value) == b.mapValues(\.value))
        let values = a.mapValues(\.value)
        #expect(FormLogic.missingRequired(form, answers: values).isEmpty)
        for q in form.questions where q.type == .singleChoice {
            if let v = values[q.id] { #expect(q.options!.contains(v)) }
        }
    }

    @Test("shares are rounded half up to tenths; a goal picture needs a name and bounded texts")
    func sharesAndGoalPictures() {
        #expect(Share.text(1, of: 3) == "33,3\u{00A0}%")
        #expect(Share.text(2, of: 3) == "66,7\u{00A0}%")
        #expect(Share.text(0, of: 0) == "–")
        #expect(GoalPicture.halland.problems().isEmpty)
        #expect(GoalPicture.halland.factors == ["Hälsofrämjande", "Gemensam", "Enkel", "Trygg"])
        var p = GoalPicture.halland
        p.title = " "
        p.factors = Array(repeating: "x", count: 13)
        #expect(Set(p.problems().keys) == ["title", "factors"])
    }
}
