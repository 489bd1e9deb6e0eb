/// Whether a population table counts people per county or per municipality.
public enum PopulationLevel: String, Sendable, Codable {
    case county
    case municipality

    public var swedishName: String { self == .county ? "län" : "kommun" }
    /// `länskod` or `kommunkod`.
    public var codeName: String { self == .county ? "länskod" : "kommunkod" }
}

/// Population per area on one reference date: the basis of every population-share allocation.
public struct PopulationTable: Sendable, Equatable {
    public let referenceDate: CivilDate
    public let level: PopulationLevel
    /// Population per länskod or kommunkod.
    public let values: [String: Int64]
    /// Where the figures come from, in words (shown on calculation sheets).
    public let source: String

    public init(referenceDate: CivilDate, level: PopulationLevel, values: [String: Int64], source: String) {
        self.referenceDate = referenceDate
        self.level = level
        self.values = values
        self.source = source
    }

    public var total: Int64 { values.values.reduce(0, +) }

    /// Population per county: the table itself for a county table, else the sum of each
    /// county's municipalities.
    public func countyTotals(in geography: Geography) -> [String: Int64] {
        switch level {
        case .county: return values
        case .municipality:
            var out: [String: Int64] = [:]
            for m in geography.municipalities { out[m.countyCode, default: 0] += values[m.code] ?? 0 }
            return out
        }
    }
}

extension Geography {
    /// The population tables shipped with the project: municipal figures for 31 December 2018
    /// (SCB BE0101N1) and county figures for 31 December 2019 and 2020.
    public var builtInPopulationTables: [PopulationTable] {
        var tables = [PopulationTable(referenceDate: .make(2018, 12, 31), level: .municipality,
                                      values: municipalPopulation2018,
                                      source: "SCB, Statistikdatabasen BE0101N1 (folkmängd per kommun)")]
        for date in [CivilDate.make(2019, 12, 31), .make(2020, 12, 31)] {
            if let values = countyPopulation[date] {
                tables.append(PopulationTable(referenceDate: date, level: .county, values: values,
                                              source: "SCB, folkmängd per län"))
            }
        }
        return tables
    }
}
