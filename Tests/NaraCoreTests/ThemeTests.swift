import Testing
@testable import NaraCore

@Suite("Free-text themes")
struct ThemeTests {
    @Test("words: lower-cased with å, ä and ö, split at everything but letters, numbers and one- or two-letter words dropped")
    func tokens() {
        #expect(SwedishWords.tokens("Under 2022 har RSS:en i Örebro län (t.ex. ÄLDRE-vård) 3x samverkat.")
                == ["under", "har", "rss", "örebro", "län", "äldre", "vård", "samverkat"])
    }

    @Test("the Snowball Swedish stemmer: inflections of one word give one stem, as the published algorithm's examples")
    func stemmer() {
        let same: [[String]] = [["samverkan", "samverkans"], ["vårdcentralen", "vårdcentraler", "vårdcentral"],
                                ["utbildningarna", "utbildningar", "utbildning"], ["kommunerna", "kommuner", "kommun"],
                                ["klokaste", "klokhet", "klokheten", "klokare"], ["jaktkarlarne", "jaktkarlens", "jaktkarl"]]
        for group in same { #expect(Set(group.map(SwedishStemmer.stem)).count == 1, "\(group)") }
        #expect(SwedishStemmer.stem("samverkans") == "samverkan")
        #expect(SwedishStemmer.stem("vårdcentralen") == "vårdcentral")
        #expect(SwedishStemmer.stem("utbildningarna") == "utbildning")
        #expect(SwedishStemmer.stem("klokaste") == "klok")
        // Step 2 (a consonant pair in R1 loses its last letter) and step 3 (löst → lös).
        #expect(SwedishStemmer.stem("jaktlöst") == "jaktlös")
        #expect(SwedishStemmer.stem("klokt") == "klokt")
        // R1 never starts before the fourth letter: a three-letter word keeps its ending.
        #expect(SwedishStemmer.stem("ena") == "ena")
    }

    @Test("compounds: samverkansstruktur counts towards samverkan and struktur; stop words are never parts")
    func compounds() {
        let stop = SwedishStopWords.standard
        let c = SwedishCompounds(corpus: ["samverkan", "struktur", "sköterskor", "central"], stopWords: stop)
        #expect(c.words("samverkansstruktur").map(\.surface) == ["samverkan", "struktur"])
        #expect(c.words("samverkansstrukturen").map(\.stem) == [SwedishStemmer.stem("samverkan"), SwedishStemmer.stem("struktur")])
        // Built-in heads are known even when the answers never write them alone.
        let bare = SwedishCompounds(corpus: [], stopWords: stop)
        #expect(bare.words("samverkansstruktur").map(\.surface) == ["samverkan", "struktur"])
        #expect(bare.words("kompetensutveckling").map(\.surface) == ["kompetens", "utveckling"])
        // `under` and `vård` are stop words, so these stay whole.
        #expect(c.words("undersköterskor").map(\.surface) == ["undersköterskor"])
        #expect(c.words("vårdcentral").map(\.surface) == ["vårdcentral"])
        #expect(c.words("samverkan").map(\.surface) == ["samverkan"])
        #expect(c.words("och").isEmpty && c.words("kommunerna").isEmpty && c.words("regionen").isEmpty)
    }

    /// Six recipients in the focus county write about samverkan (some only as part of
    /// samverkansstruktur) and digitala besök; ten others write about other things, one of them
    /// once about samverkan and two about digitala journaler.
    static let focus = [
        "Vi har byggt en samverkansstruktur med primärvården och erbjuder digitala besök.",
        "Samverkan har stärkts under året. Digitala besök finns nu i hela länet.",
        "Den nya samverkansstrukturen fungerar väl och fler digitala besök har genomförts.",
        "Samverkan kring äldre har utvecklats och digitala besök har införts i två kommuner.",
        "Samverkansstrukturen har setts över av styrgruppen.",
        "Samverkan med skolan. En enkät om trivsel skickades ut.",
    ]
    static let rest = [
        "Kompetensförsörjning av undersköterskor har prioriterats.", "Mobila team för äldre med stora behov.",
        "Trygg hemgång efter sjukhusvistelse.", "Vi har infört digitala journaler i hemtjänsten.", "Läkemedelsgenomgångar i särskilt boende.",
        "Psykisk hälsa hos barn och unga; samverkan med skolan.", "Tidiga insatser i glesbygd.", "Digitala journaler och mobila team.",
        "Rekrytering av sjuksköterskor till hemsjukvården.", "Hälsofrämjande insatser för äldre i hemtjänsten.",
    ]
    static var corpus: [ThemeDocument] {
        focus.enumerated().map { ThemeDocument(unit: "f\($0.offset)", focus: true, text: $0.element) }
            + rest.enumerated().map { ThemeDocument(unit: "r\($0.offset)", focus: false, text: $0.element) }
    }

    @Test("a small corpus with a known answer: samverkan and digitala besök come first, a word of one recipient is no theme")
    func knownCorpus() {
        let themes = ThemeAnalysis.themes(Self.corpus)
        #expect(themes.count >= 2)
        guard themes.count >= 2 else { return }
        #expect(themes[0].term == "samverkan")
        #expect(themes[0].focusUnits == ["f0", "f1", "f2", "f3", "f4", "f5"])
        #expect(themes[0].restUnits == 1)
        #expect(themes[1].term == "besök")
        #expect(themes[1].focusUnits == ["f0", "f1", "f2", "f3"])
        let terms = themes.map(\.term)
        // The compound's other part counts too, for the three that wrote it.
        #expect(themes.first { $0.term == "struktur" }?.focusUnits == ["f0", "f2", "f4"])
        // Used more often by the rest than by the focus group, or by one recipient only, or a stop word: not a theme.
        for noTheme in ["enkät", "trivsel", "skolan", "äldre", "och", "har", "året", "kommuner", "länet", "samverkansstruktur"] {
            #expect(!terms.contains(noTheme), "\(noTheme)")
        }
        // Every theme is used by at least two in the focus group and more often there than in the rest.
        for t in themes { #expect(t.focusUnits.count >= 2 && Double(t.focusUnits.count) / 6 > Double(t.restUnits) / 10, "\(t.term)") }
    }

    @Test("each recipient counts once, however often it writes a term or in how many answers")
    func recipientsOnce() {
        let docs = [ThemeDocument(unit: "a", focus: true, text: "samverkan samverkan samverkan"),
                    ThemeDocument(unit: "a", focus: true, text: "Samverkans- och samverkansstruktur"),
                    ThemeDocument(unit: "b", focus: true, text: "samverkan"),
                    ThemeDocument(unit: "c", focus: false, text: "uppföljning")]
        let themes = ThemeAnalysis.themes(docs)
        #expect(themes.map(\.term) == ["samverkan"])
        #expect(themes.first?.focusUnits == ["a", "b"])
    }

    @Test("report phrasing (arbetat, arbetet, fokuserat) is no theme, while arbete as a compound part still counts")
    func phrasing() {
        let docs = [ThemeDocument(unit: "a", focus: true, text: "Vi har arbetat med utvecklingsarbete."),
                    ThemeDocument(unit: "b", focus: true, text: "Arbetet med samverkansarbete har fokuserat på äldre."),
                    ThemeDocument(unit: "c", focus: false, text: "Mobila team.")]
        #expect(ThemeAnalysis.themes(docs).map(\.term) == ["arbete"])
    }

    @Test("caller's stop words, e.g. place names, are left out; a focus group of one keeps that one's words")
    func placeNamesAndSingleRecipient() {
        let docs = [ThemeDocument(unit: "a", focus: true, text: "Mobila team i Jämtlands län och Östersund."),
                    ThemeDocument(unit: "b", focus: false, text: "Digitala besök i Hallands län."),
                    ThemeDocument(unit: "c", focus: false, text: "Digitala besök och mobila team.")]
        let themes = ThemeAnalysis.themes(docs, extraStopWords: ["Jämtlands län", "Östersund", "Hallands län"])
        #expect(Set(themes.map(\.term)) == ["mobila", "team"])
        #expect(ThemeAnalysis.themes([]).isEmpty)
    }

    @Test("the log-likelihood ratio: zero for equal shares, larger the more the shares differ")
    func logLikelihood() {
        #expect(abs(ThemeAnalysis.logLikelihood(a: 3, focus: 6, b: 5, rest: 10)) < 1e-9)
        #expect(ThemeAnalysis.logLikelihood(a: 6, focus: 6, b: 0, rest: 10) > ThemeAnalysis.logLikelihood(a: 4, focus: 6, b: 0, rest: 10))
        #expect(ThemeAnalysis.logLikelihood(a: 4, focus: 6, b: 0, rest: 10) > ThemeAnalysis.logLikelihood(a: 4, focus: 6, b: 2, rest: 10))
    }

    @Test("several questions at once give each question exactly the themes it gets alone against the others")
    func groupsAtOnce() {
        // Three questions answered by the same recipients: the corpus's focus answers, its rest and a third set.
        let third = ["Digitala besök och distansmöten med äldre.", "Fast vårdkontakt för äldre med hemtjänst.", "Äldre med många läkemedel."]
        let groups: [(String, [String])] = [("q1", Self.focus), ("q2", Self.rest), ("q3", third)]
        let grouped = groups.flatMap { g in g.1.enumerated().map { GroupedThemeDocument(group: g.0, unit: "u\($0.offset)", text: $0.element) } }
        let atOnce = ThemeAnalysis.themesByGroup(grouped)
        for (group, _) in groups {
            let alone = groups.flatMap { g in
                g.1.enumerated().map { ThemeDocument(unit: g.0 == group ? "u\($0.offset)" : "u\($0.offset)|" + g.0, focus: g.0 == group, text: $0.element) }
            }
            #expect(atOnce[group] == ThemeAnalysis.themes(alone), "\(group)")
        }
        #expect(!(atOnce["q1"] ?? []).isEmpty)
    }
}
