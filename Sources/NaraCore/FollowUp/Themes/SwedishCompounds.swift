/// One counted word: its stem (what is compared) and how it was written (what is shown).
public struct ThemeWord: Sendable, Equatable {
    public let stem: String
    public let surface: String
    public init(stem: String, surface: String) { self.stem = stem; self.surface = surface }
}

/// Splits Swedish compounds into parts that are words in their own right, so that
/// `samverkansstruktur` counts towards both `samverkan` and `struktur`.
///
/// A word is split where its head and its tail are both known: written on their own somewhere in
/// the answers being compared (as the word or with another ending), or one of a few heads the
/// follow-up's answers often build compounds from (`domainHeads`). A head may end in the linking
/// `s` (`samverkans|struktur`). Each part has at least four letters, the longest head is tried
/// first, and a tail may itself be split again. Stop words are never known parts, so `under|sköterskor`
/// and `vård|central` stay whole. The domain heads themselves are never split.
public struct SwedishCompounds: Sendable {
    public static let domainHeads: Set<String> = [
        "samverkan", "struktur", "arbete", "utveckling", "plan", "team", "omsorg", "kontakt", "kompetens", "försörjning", "utbildning",
        "hälsa", "besök", "möte", "digital", "mottagning", "boende", "stöd", "uppföljning", "process", "modell", "grupp", "nätverk",
        "läkemedel", "genomgång", "hemtjänst", "sjukhus", "vistelse", "samhälle", "rehabilitering", "prevention", "ledning", "forum",
    ]
    static let minimumPart = 4
    /// Each built-in head by its stem, to show `kompetens` rather than a stem like `kompet`.
    public static let headsByStem: [String: String] = Dictionary(domainHeads.map { (SwedishStemmer.stem($0), $0) }, uniquingKeysWith: min)

    let surfaces: Set<String>
    let stems: Set<String>
    let stopWords: Set<String>

    /// - Parameters:
    ///   - corpus: the content words (stop words already left out) of all the answers compared.
    ///   - stopWords: words, and stems of words, never counted.
    public init(corpus: some Sequence<String>, stopWords: Set<String>) {
        let all = Set(corpus).union(Self.domainHeads).filter { !stopWords.contains($0) }
        surfaces = all
        stems = Set(all.map(SwedishStemmer.stem)).subtracting(stopWords)
        self.stopWords = stopWords
    }

    /// The counted words of one token: nothing for a stop word, the parts of a compound, or the
    /// word itself.
    public func words(_ token: String) -> [ThemeWord] {
        if isStop(token) { return [] }
        if !Self.domainHeads.contains(token), let parts = split(Array(token)), parts.count >= 2 {
            return parts.filter { !stopWords.contains($0.stem) }
        }
        return [ThemeWord(stem: SwedishStemmer.stem(token), surface: token)]
    }

    public func isStop(_ token: String) -> Bool { stopWords.contains(token) || stopWords.contains(SwedishStemmer.stem(token)) }

    func split(_ w: [Character]) -> [ThemeWord]? {
        guard w.count >= 2 * Self.minimumPart else { return nil }
        for i in stride(from: w.count - Self.minimumPart, through: Self.minimumPart, by: -1) {
            guard let head = head(String(w[0..<i])) else { continue }
            let tail = String(w[i...])
            if let t = known(tail) { return [head, t] }
            if let rest = split(Array(tail)) { return [head] + rest }
        }
        return nil
    }

    /// A head as a known word, the linking `s` taken off when what remains is known.
    func head(_ h: String) -> ThemeWord? {
        let bare = h.hasSuffix("s") && h.count - 1 >= Self.minimumPart ? String(h.dropLast()) : nil
        if let bare, surfaces.contains(bare) { return ThemeWord(stem: SwedishStemmer.stem(bare), surface: bare) }
        if surfaces.contains(h) { return ThemeWord(stem: SwedishStemmer.stem(h), surface: h) }
        if let bare, stems.contains(SwedishStemmer.stem(bare)) { return ThemeWord(stem: SwedishStemmer.stem(bare), surface: bare) }
        return known(h)
    }

    func known(_ part: String) -> ThemeWord? {
        let s = SwedishStemmer.stem(part)
        return surfaces.contains(part) || stems.contains(s) ? ThemeWord(stem: s, surface: part) : nil
    }
}
