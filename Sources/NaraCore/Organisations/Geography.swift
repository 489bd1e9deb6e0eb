import Foundation

/// A county (län) and its region (the regional authority, *region*).
public struct County: Hashable, Sendable {
    /// Two-digit länskod, e.g. `23`.
    public let code: String
    /// `Jämtlands län`.
    public let name: String
    /// `Region Jämtland Härjedalen`.
    public let regionName: String
}

/// A municipality (kommun).
public struct Municipality: Hashable, Sendable {
    /// Four-digit kommunkod, e.g. `2380`.
    public let code: String
    public let name: String
    public let countyCode: String
}

/// Sweden's counties and municipalities as shipped in `ReferenceData/`, with the built-in
/// population figures.
public struct Geography: Sendable {
    public let counties: [County]
    public let municipalities: [Municipality]
    /// County populations per reference date, from `regions.csv`.
    public let countyPopulation: [CivilDate: [String: Int64]]
    /// Municipal populations on 31 December 2018, from `municipalities.csv`.
    public let municipalPopulation2018: [String: Int64]

    /// Gotland's länskod: the one county whose region also carries the municipal duties, so its
    /// county's municipal money goes to Region Gotland rather than to an RSS.
    public static let gotlandCountyCode = "09"

    public func county(_ code: String) -> County? { counties.first { $0.code == code } }
    public func municipality(_ code: String) -> Municipality? { municipalities.first { $0.code == code } }

    /// The shipped data, read once.
    public static let shipped: Geography = {
        do { return try Geography.load() } catch { fatalError("reference data is broken: \(error)") }
    }()

    static func resourceBytes(_ name: String) throws -> Data {
        guard let url = Bundle.module.url(forResource: "ReferenceData/\(name)", withExtension: nil)
                ?? Bundle.module.url(forResource: name, withExtension: nil)
        else { throw ReferenceDataError.missing(name) }
        return try Data(contentsOf: url)
    }

    static func resource(_ name: String) throws -> String {
        String(decoding: try resourceBytes(name), as: UTF8.self)
    }

    /// The unedited SCB export shipped with the project, as bytes.
    public static func shippedSCBExport() throws -> [UInt8] {
        Array(try resourceBytes("scb_BE0101N1_kommuner_2018.csv"))
    }

    static func load() throws -> Geography {
        let regionRows = try resource("regions.csv").split(whereSeparator: \.isNewline).dropFirst()
        var counties: [County] = []
        var popByDate: [CivilDate: [String: Int64]] = [:]
        let dates = [CivilDate.make(2018, 12, 31), CivilDate.make(2019, 12, 31), CivilDate.make(2020, 12, 31)]
        for row in regionRows {
            let f = row.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            guard f.count == 6 else { throw ReferenceDataError.malformed("regions.csv", String(row)) }
            counties.append(County(code: f[0], name: f[1], regionName: f[2]))
            for (i, date) in dates.enumerated() {
                guard let v = Int64(f[3 + i]) else { throw ReferenceDataError.malformed("regions.csv", String(row)) }
                popByDate[date, default: [:]][f[0]] = v
            }
        }
        var municipalities: [Municipality] = []
        var munPop: [String: Int64] = [:]
        for row in try resource("municipalities.csv").split(whereSeparator: \.isNewline).dropFirst() {
            let f = row.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            guard f.count == 4, let v = Int64(f[3]) else { throw ReferenceDataError.malformed("municipalities.csv", String(row)) }
            municipalities.append(Municipality(code: f[0], name: f[1], countyCode: f[2]))
            munPop[f[0]] = v
        }
        return Geography(counties: counties, municipalities: municipalities,
                         countyPopulation: popByDate, municipalPopulation2018: munPop)
    }
}

public enum ReferenceDataError: Error, CustomStringConvertible {
    case missing(String)
    case malformed(String, String)

    public var description: String {
        switch self {
        case .missing(let f): return "reference file \(f) is missing from the bundle"
        case .malformed(let f, let row): return "reference file \(f) has a malformed row: \(row)"
        }
    }
}
