/// The questionnaire used to fill a database at scale (`nara generate-scale`): sections of ten
/// questions each, mixing every answer type the follow-up aggregates, about as long as the
/// national reports (about 60 questions).
public enum ScaleForm {
    public static let key = "genererad-skalrapport"

    public static func definition(questions: Int = 60) -> FormDefinition {
        let choice = ["Ja", "Delvis", "Nej, men planerat", "Nej"]
        let areas = ["Digitalisering", "Glesbygd", "Kompetensförsörjning", "Psykisk hälsa", "Äldre", "Barn och unga"]
        var sections: [FormSection] = []
        var n = 0
        while n < questions {
            let s = sections.count + 1
            var list: [Question] = []
            for i in 1...10 where n < questions {
                n += 1
                let id = "s\(s)q\(i)"
                let number = "\(s).\(i)"
                let q: Question
                switch i {
                case 1, 2: q = Question(id: id, number: number, text: "Genererad flervalsfråga \(number)", type: .singleChoice, options: choice,
                                       comment: Question.Comment(label: "Kommentar"))
                case 3: q = Question(id: id, number: number, text: "Genererad fråga \(number) med flera val", type: .multipleChoice, options: areas)
                case 4, 5: q = Question(id: id, number: number, text: "Genererat antal \(number)", type: .integer, min: 0, max: 5_000)
                case 6: q = Question(id: id, number: number, text: "Genererat belopp \(number)", type: .amount)
                default: q = Question(id: id, number: number, text: "Genererad fritextfråga \(number)", type: .text, maxLength: 4_000)
                }
                list.append(q)
            }
            sections.append(FormSection(id: "s\(s)", heading: "Genererat avsnitt \(s)", questions: list))
        }
        return FormDefinition(id: key, version: 1, title: "Genererad skalrapport (testdata)", sections: sections)
    }
}
