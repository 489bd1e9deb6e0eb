/// Plausible answers to a questionnaire for demonstration: every visible question answered,
/// choices drawn with weights that move towards the first option over the years, free text
/// assembled from phrases about the county's work. Deterministic for a given recipient and
/// year, and always presented as generated demo data, never as anyone's real report.
public enum DemoAnswers {
    /// Who is recorded as having submitted generated reports.
    public static let marker = "Genererade demosvar"

    static let openings = [
        "Under året har länets kommuner och regionen fördjupat samverkan kring",
        "Arbetet har fokuserat på",
        "Kommunerna har tillsammans med regionen prioriterat",
        "Inom ramen för den gemensamma samverkansstrukturen har vi arbetat med",
        "Vi har fortsatt utvecklingen av",
    ]
    static let topics = [
        "mobila team för äldre med omfattande behov", "trygg hemgång efter sjukhusvistelse", "digitala vårdmöten i hemtjänsten",
        "hälsofrämjande insatser för äldre", "samordnad individuell plan (SIP)", "fast omsorgskontakt i hemtjänsten",
        "kompetensförsörjning och vidareutbildning av undersköterskor", "psykisk hälsa hos barn och unga",
        "tidiga insatser i glesbygd", "samverkan med civilsamhället", "läkemedelsgenomgångar i särskilt boende",
        "proaktiva arbetssätt för att undvika slutenvård",
    ]
    static let endings = [
        "Uppföljningen sker i den länsgemensamma styrgruppen två gånger per år.",
        "Resultaten följs upp med kommunernas egna mätningar och Kolada.",
        "Effekterna är ännu svåra att mäta, men medarbetarna beskriver ett tydligare samarbete.",
        "Antalet undvikbara inläggningar har minskat enligt regionens uppföljning.",
        "Insatserna utvärderas tillsammans med FoU-enheten under nästa år.",
        "Kvinnor och män har tagit del av insatserna i ungefär lika stor utsträckning.",
    ]

    /// The answers for one recipient and year: question id → (stored value, comment).
    public static func answers(for form: FormDefinition, recipientCode: String, countyName: String, year: Int) -> [String: (value: String, comment: String)] {
        var rng = SplitMix(seed: fnv("\(form.id)|\(recipientCode)|\(year)"))
        var out: [String: (value: String, comment: String)] = [:]
        var values: [String: String] = [:]
        let progress = max(0, min(4, year - 2021))
        for q in form.questions {
            guard FormLogic.isVisible(q, answers: values) else { continue }
            var value = "", comment = ""
            switch q.type {
            case .singleChoice:
                let options = q.options ?? []
                guard !options.isEmpty else { continue }
                // Later years lean towards the first option ("Ja", "I alla länets kommuner").
                let weights = options.indices.map { i in i == 0 ? 3 + progress * 2 : max(1, 3 - i / 2) }
                value = options[rng.weighted(weights)]
                if q.comment != nil && rng.next() % 3 == 0 {
                    comment = "\(topics[Int(rng.next() % UInt64(topics.count))].capitalizedFirst) är prioriterat i \(countyName)."
                }
            case .multipleChoice:
                let options = q.options ?? []
                let chosen = options.filter { _ in rng.next() % 2 == 0 }
                value = chosen.isEmpty ? "" : AnswerParser.json(chosen)
            case .text:
                let a = openings[Int(rng.next() % UInt64(openings.count))]
                let i1 = Int(rng.next() % UInt64(topics.count))
                let t1 = topics[i1], t2 = topics[(i1 + 1 + Int(rng.next() % UInt64(topics.count - 1))) % topics.count]
                let e = endings[Int(rng.next() % UInt64(endings.count))]
                value = "\(a) \(t1) och \(t2) i \(countyName). \(e)"
                if let m = q.maxLength, value.count > m { value = String(value.prefix(m)) }
            case .integer:
                let lo = q.min ?? 0, hi = max(lo, q.max ?? lo + 500)
                value = String(lo + Int64(rng.next() % UInt64(hi - lo + 1)))
            case .amount:
                value = String(Int64(rng.next() % 5_000_000) * 100)
            case .percent:
                value = String(Int64(rng.next() % 10_001))
            case .date:
                value = CivilDate.make(year, 1 + Int(rng.next() % 12), 1 + Int(rng.next() % 28)).iso
            case .table, .file:
                continue
            }
            values[q.id] = value
            if !value.isEmpty || !comment.isEmpty { out[q.id] = (value, comment) }
        }
        return out
    }

    public static func fnv(_ s: String) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in s.utf8 { h = (h ^ UInt64(b)) &* 0x100_0000_01b3 }
        return h
    }
}

/// A small deterministic generator (SplitMix64), so demo data is the same on every machine.
public struct SplitMix: Sendable {
    var state: UInt64
    public init(seed: UInt64) { state = seed }
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    /// An index drawn with the given positive weights.
    public mutating func weighted(_ weights: [Int]) -> Int {
        let total = weights.reduce(0, +)
        var pick = Int(next() % UInt64(max(1, total)))
        for (i, w) in weights.enumerated() { if pick < w { return i }; pick -= w }
        return weights.count - 1
    }
}

extension String {
    var capitalizedFirst: String { prefix(1).uppercased() + dropFirst() }
}
