import NaraCore

/// An optional that is written as `null` when empty, so every documented key is always present.
@propertyWrapper
struct NullEncodable<T: Codable & Sendable>: Codable, Sendable {
    var wrappedValue: T?
    init(wrappedValue: T?) { self.wrappedValue = wrappedValue }
    init(from decoder: any Decoder) throws {
        let c = try decoder.singleValueContainer()
        wrappedValue = c.decodeNil() ? nil : try c.decode(T.self)
    }
    func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        if let wrappedValue { try c.encode(wrappedValue) } else { try c.encodeNil() }
    }
}

// The JSON API's shapes. Keys are written in snake_case; amounts are integers in öre.

struct AgreementListItemDTO: Codable, Sendable {
    let year: Int
    let title: String
    let frameOre: Int64
    let areaCount: Int
    let potCount: Int
    let url: String
    let allocationsUrl: String
}

struct AllocationsDTO: Codable, Sendable {
    let year: Int
    let pots: [PotAllocationDTO]
}

struct PotAllocationDTO: Codable, Sendable {
    struct Line: Codable, Sendable {
        let code: String
        let name: String
        /// Population, or the reported quantity for quantity keys; null for fixed amounts.
        @NullEncodable var population: Int64?
        @NullEncodable var share: Double?
        let amountOre: Int64
        @NullEncodable var note: String?
    }
    struct Table: Codable, Sendable {
        let referenceDate: String
        let level: String
        let source: String
        let total: Int64
    }
    let id: String
    let name: String
    let category: String
    let amountOre: Int64
    let key: String
    /// `allocated` or `pending` (a quantity key without reported quantities).
    let status: String
    @NullEncodable var pendingReason: String?
    @NullEncodable var version: Int?
    let isCurrent: Bool
    @NullEncodable var referenceDate: String?
    @NullEncodable var populationTable: Table?
    let totalOre: Int64
    let allocations: [Line]
}

struct PopulationTableDTO: Codable, Sendable {
    let id: String
    let referenceDate: String
    let level: String
    let source: String
    let rowCount: Int
    let total: Int64
    let importedAt: String
    let importedBy: String
}

struct OrganisationDTO: Codable, Sendable {
    let id: String
    let kind: String
    let code: String
    let name: String
    @NullEncodable var countyCode: String?
}
