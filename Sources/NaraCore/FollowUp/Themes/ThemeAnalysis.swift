import Foundation

/// One answer in a theme comparison: whose it is (`unit`, counted once however many answers it
/// has), whether it belongs to the group whose themes are sought, and its text.
public struct ThemeDocument: Sendable, Equatable {
    public let unit: String
    public let focus: Bool
    public let text: String
    public init(unit: String, focus: Bool, text: String) { self.unit = unit; self.focus = focus; self.text = text }
}

/// One answer in a comparison of several groups at once (`ThemeAnalysis.themesByGroup`): the
/// group it belongs to (a question), whose it is, and its text.
public struct GroupedThemeDocument: Sendable, Equatable {
    public let group: String
    public let unit: String
    public let text: String
    public init(group: String, unit: String, text: String) { self.group = group; self.unit = unit; self.text = text }
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
        let words = countedWords(documents.map(\.text), extraStopWords: extraStopWords)
        var focusUnits = Set<String>(), restUnits = Set<String>()
        var focusUse: [String: Set<String>] = [:], restUse: [String: Set<String>] = [:], surfaces: [String: [String: Int]] = [:]
        for (doc, words) in zip(documents, words) {
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
        return ranked(focusUse, rest: { restUse[$0]?.count ?? 0 }, surfaces: surfaces, focus: focusUnits.count, restTotal: restUnits.count,
                      minimumUnits: minimumUnits, limit: limit)
    }

    /// The themes of every group at once, each group against all the others (a group's units
    /// counted apart from the same units in other groups): the same result as calling `themes`
    /// once per group with that group as the focus, but every answer is read and every distinct
    /// word worked out once, so a round's questions cost one pass instead of one pass each.
    public static func themesByGroup(_ documents: [GroupedThemeDocument], extraStopWords: Set<String> = [], minimumUnits: Int = 2,
                                     limit: Int = 10) -> [String: [Theme]] {
        let words = countedWords(documents.map(\.text), extraStopWords: extraStopWords)
        var units: [String: Set<String>] = [:], use: [String: [String: Set<String>]] = [:], surfaces: [String: [String: [String: Int]]] = [:]
        for (doc, words) in zip(documents, words) {
            units[doc.group, default: []].insert(doc.unit)
            for w in words {
                use[doc.group, default: [:]][w.stem, default: []].insert(doc.unit)
                surfaces[doc.group, default: [:]][w.stem, default: [:]][w.surface, default: 0] += 1
            }
        }
        var total: [String: Int] = [:]
        for (_, stems) in use { for (stem, users) in stems { total[stem, default: 0] += users.count } }
        let allUnits = units.values.reduce(0) { $0 + $1.count }
        var out: [String: [Theme]] = [:]
        for (group, members) in units {
            let mine = use[group] ?? [:]
            out[group] = ranked(mine, rest: { (total[$0] ?? 0) - (mine[$0]?.count ?? 0) }, surfaces: surfaces[group] ?? [:],
                                focus: members.count, restTotal: allUnits - members.count, minimumUnits: minimumUnits, limit: limit)
        }
        return out
    }

    /// The counted words of each text: stop words out, compounds split, stems; each distinct
    /// token is worked out once (answers repeat their words, so this is most of the saving).
    static func countedWords(_ texts: [String], extraStopWords: Set<String>) -> [[ThemeWord]] {
        let stop = SwedishStopWords.standard.union(SwedishStopWords.expanded(Set(extraStopWords.flatMap(SwedishWords.tokens))))
        var kept: [String: Bool] = [:]
        let tokenized: [[String]] = texts.map { text in
            SwedishWords.tokens(text).filter { token in
                if let known = kept[token] { return known }
                let keep = !stop.contains(token) && !stop.contains(SwedishStemmer.stem(token)) && !SwedishStopWords.phrasing.contains(token)
                kept[token] = keep
                return keep
            }
        }
        let compounds = SwedishCompounds(corpus: kept.filter(\.value).keys, stopWords: stop)
        var memo: [String: [ThemeWord]] = [:]
        return tokenized.map { tokens in
            tokens.flatMap { token -> [ThemeWord] in
                if let known = memo[token] { return known }
                let counted = compounds.words(token)
                memo[token] = counted
                return counted
            }
        }
    }

    /// The focus group's terms that are themes, best first (see the type's description).
    static func ranked(_ focusUse: [String: Set<String>], rest: (String) -> Int, surfaces: [String: [String: Int]], focus bigA: Int,
                       restTotal bigB: Int, minimumUnits: Int, limit: Int) -> [Theme] {
        let minimum = max(1, min(minimumUnits, bigA))
        var out: [Theme] = []
        for (stem, users) in focusUse {
            let a = users.count, b = rest(stem)
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
