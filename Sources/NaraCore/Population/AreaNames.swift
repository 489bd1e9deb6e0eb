import Foundation

/// How the name written beside a code in a population file relates to that code.
public enum AreaNameMatch: Equatable, Sendable {
    /// The name is one of the code's own spellings.
    case matches
    /// The name is a spelling of other codes of the same level (never of the row's own code).
    case belongsTo([String])
    /// The name is no known spelling of any county or municipality of that level.
    case unknown
}

/// The spellings counties and municipalities go by in the files people bring, so that a name
/// can be checked against the code beside it: a file whose names and codes disagree has been
/// edited or mixed up, and its figures cannot be trusted.
///
/// Names are compared after `normalise`: case, diacritics (å, ä → a, ö → o, é → e), hyphens and
/// spacing do not count, so SCB's spelling (`01 Stockholms län`, `0180 Stockholm`) and an
/// ASCII-fied one (`Stockholms lan`, `Sodermanlands lan`) are the same. A county also goes by
/// its name without `län` and with or without the genitive s (`Stockholms`, `Stockholm`), and by
/// its region (`Region Stockholm`, `Region Sörmland`, `Västra Götalandsregionen`). A
/// municipality also goes by `X kommun`, `Xs kommun` and `X stad`; Gotland's by `Region Gotland`.
///
/// ASCII-fying makes two municipalities alike: Håbo (0305) and Habo (0643) are both `habo`, so
/// either spelling is accepted for either code.
public struct AreaNames: Sendable {
    /// Normalised spellings per code (counties and municipalities; their codes never collide).
    let spellings: [String: Set<String>]
    /// Codes per normalised spelling, per level.
    let countyCodes: [String: [String]]
    let municipalityCodes: [String: [String]]

    public init(_ geography: Geography) {
        var spellings: [String: Set<String>] = [:]
        var countyCodes: [String: [String]] = [:], municipalityCodes: [String: [String]] = [:]
        for c in geography.counties {
            let forms = Set(Self.countySpellings(c).map(Self.normalise))
            spellings[c.code] = forms
            for f in forms { countyCodes[f, default: []].append(c.code) }
        }
        for m in geography.municipalities {
            let forms = Set(Self.municipalitySpellings(m).map(Self.normalise))
            spellings[m.code] = forms
            for f in forms { municipalityCodes[f, default: []].append(m.code) }
        }
        self.spellings = spellings
        self.countyCodes = countyCodes.mapValues { $0.sorted() }
        self.municipalityCodes = municipalityCodes.mapValues { $0.sorted() }
    }

    /// Whether `name` is a spelling of `code` (a länskod or kommunkod known to the geography).
    public func match(_ name: String, code: String) -> AreaNameMatch {
        let key = Self.normalise(name)
        if spellings[code]?.contains(key) == true { return .matches }
        let others = (code.count == 2 ? countyCodes : municipalityCodes)[key] ?? []
        return others.isEmpty ? .unknown : .belongsTo(others.filter { $0 != code })
    }

    /// Lower case, without diacritics, with every run of characters other than letters and
    /// digits (hyphens, dashes, dots, spaces) turned into one space: `Upplands-Bro` → `upplands bro`.
    public static func normalise(_ name: String) -> String {
        var out = "", pendingSpace = false
        for scalar in name.lowercased().decomposedStringWithCanonicalMapping.unicodeScalars {
            if (0x0300...0x036F).contains(scalar.value) { continue } // combining marks: the ring of å, the dots of ä and ö
            if CharacterSet.alphanumerics.contains(scalar) {
                if pendingSpace && !out.isEmpty { out.append(" ") }
                pendingSpace = false
                out.unicodeScalars.append(scalar)
            } else {
                pendingSpace = true
            }
        }
        return out
    }

    /// `Stockholms län`: with and without `län` and the genitive s, and as a region.
    static func countySpellings(_ c: County) -> [String] {
        let base = c.name.hasSuffix(" län") ? String(c.name.dropLast(4)) : c.name
        var bases = [base]
        if base.hasSuffix("s") { bases.append(String(base.dropLast())) } // Stockholms → Stockholm
        var out: [String] = []
        for b in bases { out += [b, b + " län", "Region " + b, "Region " + b + " län"] }
        out.append(c.regionName)
        if c.regionName.hasPrefix("Region ") { out.append(String(c.regionName.dropFirst(7))) } // Sörmland, Jämtland Härjedalen
        return out
    }

    /// `Stockholm`: also `Stockholm kommun`, `Stockholms kommun`, `Stockholms stad`.
    static func municipalitySpellings(_ m: Municipality) -> [String] {
        let genitive = m.name.hasSuffix("s") ? m.name : m.name + "s"
        var out = [m.name, m.name + " kommun", genitive + " kommun", m.name + " stad", genitive + " stad"]
        // Gotland's municipality is run by Region Gotland, and files may call it that.
        if m.countyCode == Geography.gotlandCountyCode { out.append("Region " + m.name) }
        return out
    }
}
