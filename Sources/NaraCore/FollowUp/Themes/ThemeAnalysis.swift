import Foundation

/// One answer in a theme comparison: whose it is (`unit`, counted once however many answers it
/// has), whether it belongs to the group whose themes are sought, and its text.
public struct ThemeDocument: Sendable, Equatable {
    public let unit: String
    public let focus: Bool
    public let text: String
    public init(unit: String, focus: Bool, text: String) { self.unit = unit; self.focus = focus; self.text = text }
}

/// A term that distinguishes the focus group's answers from the rest.
public struct Theme: Sendable, Equatable {
    /// The term as written in the focus group: the form without ending when someone wrote it
    /// (`struktur` rather than `strukturen`) or it is a built-in compound head, otherwise the most
    /// frequent form (`digitala`, not the stem `digital`).
    public let term: String
    public let stem: String
    /// The focus units that used the term, sorted.
    public let focusUnits: [String]
    /// How many units of the rest used it.
    public let restUnits: Int
    /// The signed log-likelihood ratio (G²) of the term's use in the focus group against the rest.
    public let score: Double
}

/// The distinguishing terms of a group of free-text answers.
///
/// 1. Every answer is split into words (`SwedishWords`): lower-cased, letters only, three letters
///    or more. Stop words (`SwedishStopWords` and the caller's, e.g. place names) are left out.
/// 2. Compounds are split into known parts (`SwedishCompounds`) and every word is reduced to its
///    stem (`SwedishStemmer`), so `samverkan`, `samverkans` and `samverkansstruktur` all count
///    towards `samverkan`.
/// 3. Each unit (a recipient) counts once per term, however often it writes it: for each term,
///    a = focus units using it of A focus units, b = other units using it of B.
/// 4. A term is a theme when at least `minimumUnits` focus units use it (fewer only when the
///    focus group itself is smaller) and its share in the focus group is larger than in the rest.
///    Themes are ranked by Dunning's log-likelihood ratio G² of the 2×2 table (a, A−a; b, B−b),
///    then by a, then alphabetically. With no rest to compare with, G² is 0 and the ranking is by a.
public enum ThemeAnalysis {
    public static func themes(_ documents: [ThemeDocument], extraStopWords: Set<String> = [], minimumUnits: Int = 2, limit: Int = 10) -> [Theme] {
        let stop = SwedishStopWords.standard.union(SwedishStopWords.expanded(Set(extraStopWords.flatMap(SwedishWords.tokens))))
        let tokenized = documents.map { d in (d, SwedishWords.tokens(d.text).filter {
            !stop.contains($0) && !stop.contains(SwedishStemmer.stem($0)) && !SwedishStopWords.phrasing.contains($0)
        }) }
        let compounds = SwedishCompounds(corpus: tokenized.flatMap(\.1), stopWords: stop)

        var focusUnits = Set<String>(), restUnits = Set<String>()
        var focusUse: [String: Set<String>] = [:], restUse: [String: Set<String>] = [:], surfaces: [String: [String: Int]] = [:]
        for (doc, tokens) in tokenized {
            let words = tokens.flatMap(compounds.words)
            if doc.focus {
                focusUnits.insert(doc.unit)
                for w in words {
                    focusUse[w.stem, default: []].insert(doc.unit)
                    surfaces[w.stem, default: [:]][w.surface, default: 0] += 1
                }
            } else {
                restUnits.insert(doc.unit)
                for w in words { restUse[w.stem, default: []].insert(doc.unit) }
            }
        }
        let bigA = focusUnits.count, bigB = restUnits.count
        let minimum = max(1, min(minimumUnits, bigA))
        var out: [Theme] = []
        for (stem, users) in focusUse {
            let a = users.count, b = restUse[stem]?.count ?? 0
            guard a >= minimum, bigB == 0 || a * bigB > b * bigA else { continue }
            out.append(Theme(term: shown(stem, surfaces[stem] ?? [:]), stem: stem, focusUnits: users.sorted(), restUnits: b,
                             score: logLikelihood(a: a, focus: bigA, b: b, rest: bigB)))
        }
        out.sort { l, r in
            if l.score != r.score { return l.score > r.score }
            if l.focusUnits.count != r.focusUnits.count { return l.focusUnits.count > r.focusUnits.count }
            return l.term < r.term
        }
        return Array(out.prefix(max(0, limit)))
    }

    /// The stem itself when it was written as a word, else the built-in compound head with that
    /// stem (`struktur` for `samverkansstrukturen`), else the most often written form; ties go to
    /// the shorter, then the alphabetically first.
    static func shown(_ stem: String, _ counts: [String: Int]) -> String {
        if counts[stem] != nil { return stem }
        if let head = SwedishCompounds.headsByStem[stem] { return head }
        return counts.min { l, r in
            if l.value != r.value { return l.value > r.value }
            if l.key.count != r.key.count { return l.key.count < r.key.count }
            return l.key < r.key
        }?.key ?? stem
    }

    /// Dunning's G² for a term used by `a` of `focus` units and `b` of `rest` units.
    public static func logLikelihood(a: Int, focus: Int, b: Int, rest: Int) -> Double {
        let total = focus + rest, n = Double(total)
        guard focus > 0, rest > 0 else { return 0 }
        let cells: [(observed: Int, row: Int, column: Int)] = [(a, focus, a + b), (focus - a, focus, total - a - b),
                                                                (b, rest, a + b), (rest - b, rest, total - a - b)]
        var g = 0.0
        for c in cells where c.observed > 0 {
            let expected = Double(c.row) * Double(c.column) / n
            g += Double(c.observed) * log(Double(c.observed) / expected)
        }
        return 2 * g
    }
}
