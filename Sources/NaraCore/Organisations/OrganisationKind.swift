/// The kinds of organisation Nära knows. Stored by raw value.
public enum OrganisationKind: String, Sendable, CaseIterable, Codable {
    case region
    case rss
    case municipality
    case state
    case skr
    case provider

    public var swedishName: String {
        switch self {
        case .region: return "Region"
        case .rss: return "Regional samverkans- och stödstruktur (RSS)"
        case .municipality: return "Kommun"
        case .state: return "Statlig myndighet"
        case .skr: return "Sveriges Kommuner och Regioner"
        case .provider: return "Vårdgivare"
        }
    }
}

/// An organisation as the reference data defines it, before it is stored.
public struct OrganisationSeed: Hashable, Sendable {
    public let kind: OrganisationKind
    /// Länskod for regions and RSS, kommunkod for municipalities, a short name for national bodies.
    public let code: String
    public let name: String
    public let countyCode: String?
}

extension Geography {
    /// The national bodies in the grant's lifecycle.
    public static let nationalBodies: [OrganisationSeed] = [
        OrganisationSeed(kind: .state, code: "S", name: "Socialdepartementet", countyCode: nil),
        OrganisationSeed(kind: .state, code: "SOS", name: "Socialstyrelsen", countyCode: nil),
        OrganisationSeed(kind: .state, code: "KAMK", name: "Kammarkollegiet", countyCode: nil),
        OrganisationSeed(kind: .skr, code: "SKR", name: "Sveriges Kommuner och Regioner", countyCode: nil),
    ]

    /// Every organisation the reference data defines: 21 regions, 20 RSS (Gotland has none:
    /// Region Gotland carries the municipal duties), 290 municipalities and the national bodies.
    public var organisationSeeds: [OrganisationSeed] {
        var out: [OrganisationSeed] = []
        for c in counties {
            out.append(OrganisationSeed(kind: .region, code: c.code, name: c.regionName, countyCode: c.code))
        }
        for c in counties where c.code != Geography.gotlandCountyCode {
            out.append(OrganisationSeed(kind: .rss, code: c.code, name: Geography.rssName(c), countyCode: c.code))
        }
        for m in municipalities {
            out.append(OrganisationSeed(kind: .municipality, code: m.code, name: m.name, countyCode: m.countyCode))
        }
        return out + Geography.nationalBodies
    }

    /// `RSS Jämtlands län`.
    public static func rssName(_ county: County) -> String { "RSS \(county.name)" }

    /// The recipient of a county's municipal money: its RSS, or Region Gotland for Gotland.
    public func municipalRecipientName(countyCode: String) -> String {
        guard let c = county(countyCode) else { return countyCode }
        return countyCode == Geography.gotlandCountyCode ? c.regionName : Geography.rssName(c)
    }
}
