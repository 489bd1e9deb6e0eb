/// Turns what an analyst types into search terms for the full-text index, the same way on
/// both database engines, and splits the highlighted snippets the index returns.
///
/// Swedish builds words by joining them (`samverkan` → `samverkansstruktur`) and inflects them
/// with endings (`kommun`, `kommunerna`, `kommunens`). A term therefore matches every word that
/// begins with it, and a common inflectional ending is first taken off the term, so
/// `samverkan` finds `Samverkan`, `samverkansstruktur` and `samverkansformer`, and
/// `kommunerna` finds `kommuner`. PostgreSQL applies its own `swedish` stemmer on top.
public enum SwedishSearch {
    /// Marks the start and end of a hit in a snippet (private-use characters, never typed).
    public static let hitStart: Character = "\u{E000}"
    public static let hitEnd: Character = "\u{E001}"

    /// Longest first; a term keeps at least three letters.
    static let endings = ["arnas", "ernas", "ornas", "heten", "heter", "andet", "arna", "erna", "orna", "ande", "aste",
                          "aren", "ades", "ens", "ern", "het", "ast", "are", "ade", "ad", "en", "ar", "er", "or", "as", "es", "a", "e", "s"]

    /// The words of a query: letters and digits only, lower-cased; at most eight.
    public static func words(_ query: String) -> [String] {
        var words: [String] = [], current = ""
        for ch in query.lowercased() {
            if ch.isLetter || ch.isNumber { current.append(ch) } else if !current.isEmpty { words.append(current); current = "" }
        }
        if !current.isEmpty { words.append(current) }
        return Array(words.filter { $0.count >= 2 }.prefix(8))
    }

    /// A word without a common Swedish inflectional ending.
    public static func stem(_ word: String) -> String {
        guard word.count >= 5 else { return word }
        for ending in endings where word.hasSuffix(ending) && word.count - ending.count >= 4 {
            return String(word.dropLast(ending.count))
        }
        return word
    }

    /// An SQLite FTS5 query: every term as a quoted prefix, all required.
    public static func fts5Query(_ query: String) -> String? {
        let terms = words(query).map { "\"" + stem($0) + "\"*" }
        return terms.isEmpty ? nil : terms.joined(separator: " AND ")
    }

    /// A PostgreSQL `to_tsquery('swedish', …)` text: every term as a prefix, all required.
    public static func tsQuery(_ query: String) -> String? {
        let terms = words(query).map { "'" + $0 + "':*" }
        return terms.isEmpty ? nil : terms.joined(separator: " & ")
    }

    /// A snippet as plain and highlighted parts, in order.
    public static func segments(_ snippet: String) -> [(text: String, hit: Bool)] {
        var out: [(String, Bool)] = [], current = "", inHit = false
        for ch in snippet {
            if ch == hitStart || ch == hitEnd {
                if !current.isEmpty { out.append((current, inHit)) }
                current = ""; inHit = ch == hitStart
            } else { current.append(ch) }
        }
        if !current.isEmpty { out.append((current, inHit)) }
        return out
    }
}
