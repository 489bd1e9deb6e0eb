/// The Snowball Swedish stemmer, written from the algorithm's published description
/// (snowballstem.org, "Swedish stemming algorithm"): a word's R1 region is found, then three
/// steps take endings off inside R1 only.
///
/// - R1 is the part after the first non-vowel that follows a vowel, moved right so that at least
///   three letters stay before it. Vowels are a e i o u y ä å ö.
/// - Step 1 (main suffixes): the longest of a list of inflectional endings found in R1 is
///   deleted; a final `s` is deleted when the letter before it is a valid s-ending.
/// - Step 2 (consonant pairs): if R1 ends with dd gd nn dt gt kt tt, the last letter goes.
/// - Step 3 (other suffixes): the longest of lig ig els in R1 is deleted; löst becomes lös and
///   fullt becomes full.
///
/// So `samverkan` and `samverkans` both give `samverkan`; `vårdcentralen` and `vårdcentraler`
/// give `vårdcentral`; `utbildningarna` gives `utbildning`.
public enum SwedishStemmer {
    static let vowels: Set<Character> = ["a", "e", "i", "o", "u", "y", "ä", "å", "ö"]
    static let validSEnding: Set<Character> = ["b", "c", "d", "f", "g", "h", "j", "k", "l", "m", "n", "o", "p", "r", "t", "v", "y"]

    /// Step 1's endings, longest first, so the first one found is the longest.
    static let mainSuffixes: [String] = [
        "a", "arna", "erna", "heterna", "orna", "ad", "e", "ade", "ande", "arne", "are", "aste", "en", "anden", "aren", "heten", "ern",
        "ar", "er", "heter", "or", "as", "arnas", "ernas", "ornas", "es", "ades", "andes", "ens", "arens", "hetens", "erns", "at",
        "andet", "het", "ast",
    ].sorted { $0.count > $1.count }
    static let consonantPairs = ["dd", "gd", "nn", "dt", "gt", "kt", "tt"]
    static let otherSuffixes = ["lig", "els", "ig"]

    /// The stem of a lower-case word.
    public static func stem(_ word: String) -> String {
        var w = Array(word)
        let r1 = regionOne(w)
        guard r1 < w.count else { return word }

        // Step 1: main suffixes.
        if let s = longest(mainSuffixes, in: w, from: r1) {
            w.removeLast(s.count)
        } else if w.last == "s", w.count - 1 >= r1, w.count >= 2, validSEnding.contains(w[w.count - 2]) {
            w.removeLast()
        }
        // Step 2: consonant pairs.
        if longest(consonantPairs, in: w, from: r1) != nil { w.removeLast() }
        // Step 3: other suffixes.
        if endsInRegion(w, "fullt", from: r1) {
            w.removeLast()
        } else if endsInRegion(w, "löst", from: r1) {
            w.removeLast()
        } else if let s = longest(otherSuffixes, in: w, from: r1) {
            w.removeLast(s.count)
        }
        return String(w)
    }

    /// Where R1 starts: after the first non-vowel following a vowel, at least at position 3.
    static func regionOne(_ w: [Character]) -> Int {
        var i = 1
        while i < w.count {
            if !vowels.contains(w[i]) && vowels.contains(w[i - 1]) { return max(3, i + 1) }
            i += 1
        }
        return w.count
    }

    static func endsInRegion(_ w: [Character], _ suffix: String, from r1: Int) -> Bool {
        let s = Array(suffix)
        guard w.count - s.count >= r1, w.count >= s.count else { return false }
        return Array(w.suffix(s.count)) == s
    }

    static func longest(_ suffixes: [String], in w: [Character], from r1: Int) -> String? {
        suffixes.sorted { $0.count > $1.count }.first { endsInRegion(w, $0, from: r1) }
    }
}
