/// The words of a Swedish free-text answer as the theme analysis counts them: lower-cased
/// (å, ä and ö kept as letters), split at everything that is not a letter, so numbers and
/// punctuation never become words, and without words of one or two letters.
public enum SwedishWords {
    public static func tokens(_ text: String) -> [String] {
        var out: [String] = [], current = ""
        func flush() {
            if current.count >= 3 { out.append(current) }
            current = ""
        }
        for ch in text.lowercased() {
            if ch.isLetter { current.append(ch) } else { flush() }
        }
        flush()
        return out
    }
}

/// Words that never make a theme.
///
/// - Swedish function words: pronouns, articles, prepositions, conjunctions, auxiliary verbs and
///   common adverbs (`och`, `att`, `som`, `har`, `under`, `inom`, `även`, …).
/// - The follow-up's own ubiquitous words, which every answer uses and which therefore say
///   nothing about any one of them: the parties (`kommun`, `region`, `län`, `rss`), time
///   (`år`, `året`), the grant's name (`god`, `nära`, `vård`), and the words the questions
///   themselves ask with (`insats`, `beskriv`, `genomförts`, `resultat`, `effekter`).
/// - Place names (counties and municipalities) are added by the caller from the geography, since
///   a county's name would otherwise always be its most distinctive "theme".
///
/// Words are compared both as written and as stems, so `kommunerna` is dropped like `kommun`;
/// the report phrasing (`phrasing`) only as written.
public enum SwedishStopWords {
    public static let functionWords: Set<String> = [
        "alla", "allt", "alltid", "andra", "annan", "annat", "att", "bara", "blev", "bli", "blir", "blivit", "både", "dem", "den", "denna",
        "denne", "dessa", "det", "detta", "dig", "din", "ditt", "dock", "där", "därför", "däremot", "efter", "eftersom", "eller", "ena", "enligt",
        "ett", "fanns", "finns", "fler", "flera", "fortfarande", "från", "får", "fått", "för", "före", "genom", "gjort", "gör", "göra", "görs",
        "hade", "han", "har", "hela", "hon", "honom", "hos", "hur", "här", "icke", "ingen", "inget", "inom", "inte", "jag", "kan", "kommer",
        "kring", "kunde", "kunna", "man", "med", "mellan", "men", "mer", "mera", "mig", "min", "mitt", "mot", "mycket", "många", "måste",
        "nog", "när", "något", "några", "och", "också", "oss", "över", "på", "redan", "samma", "samt", "sedan", "sig", "sin", "sina", "sitt",
        "själv", "skall", "ska", "skulle", "som", "så", "sådan", "sådana", "till", "tillsammans", "under", "upp", "utan", "utifrån", "vad", "var",
        "vara", "varför", "varit", "varje", "vars", "vem", "vi", "vid", "vidare", "vilka", "vilken", "vilket", "vår", "våra", "vårt", "ytterligare",
        "än", "även", "är", "åt", "dessutom", "ännu", "exempel", "bland", "samtidigt", "cirka", "ungefär", "lika", "stor", "stora", "större",
        "där", "nya", "nytt", "ny", "gång", "gånger", "del", "delar", "sätt", "olika", "egna", "egen", "eget", "två", "tre", "fyra", "fem",
        "nästa", "senaste", "sker",
    ]
    public static let domainWords: Set<String> = [
        "kommun", "kommuner", "kommunerna", "kommunernas", "kommunens", "region", "regionen", "regionens", "regioner", "län", "länet",
        "länets", "länen", "länsgemensam", "länsgemensamma", "rss", "år", "året", "årets", "åren", "god", "nära", "vård", "vården",
        "insats", "insatser", "insatserna", "insatsen", "beskriv", "genomförts", "genomfört", "genomfördes", "påbörjats",
        "resultat", "resultaten", "effekter", "effekterna", "verksamhet", "verksamheter", "verksamheten",
    ]

    /// Report phrasing ("Vi har arbetat med", "Arbetet har fokuserat på", "inom ramen för"),
    /// dropped only as written: their stems are shared with words that can be themes (`arbete`).
    public static let phrasing: Set<String> = ["arbetat", "arbetar", "arbetet", "fokuserat", "fokuserar", "fortsatt", "fortsatta", "ramen"]

    /// Every stop word with its stem, for comparing tokens and stems.
    public static func expanded(_ words: Set<String>) -> Set<String> {
        var out = words
        for w in words { out.insert(SwedishStemmer.stem(w)) }
        return out
    }

    public static let standard: Set<String> = expanded(functionWords.union(domainWords))
}
