import Foundation

/// The columns of the open payment files (`utbetalningar.csv`, `utbetalningar.json`), in order.
/// The CSV header, the JSON keys and the Frictionless Table Schema in `datapackage.json` are all
/// read from this one list, so they cannot drift apart. Names follow 360Giving's grant fields
/// (noted per column) written in snake case.
public enum OpenPaymentField: String, CaseIterable, Sendable {
    case identifier
    case kind
    case title
    case currency
    case amount
    case amountOre = "amount_ore"
    case paymentDate = "payment_date"
    case status
    case statusLabel = "status_label"
    case reference
    case recipientOrgIdentifier = "recipient_org_identifier"
    case recipientOrgName = "recipient_org_name"
    case recipientOrgNumber = "recipient_org_number"
    case recipientOrgType = "recipient_org_type"
    case fundingOrgIdentifier = "funding_org_identifier"
    case fundingOrgName = "funding_org_name"
    case grantProgrammeCode = "grant_programme_code"
    case grantProgrammeTitle = "grant_programme_title"
    case agreementYear = "agreement_year"
    case developmentArea = "development_area"
    case developmentAreaTitle = "development_area_title"

    /// A Table Schema type.
    public enum ValueType: String, Sendable { case string, integer, number, date }

    public var type: ValueType {
        switch self {
        case .amount: return .number
        case .amountOre, .agreementYear, .developmentArea: return .integer
        case .paymentDate: return .date
        default: return .string
        }
    }

    /// Every row has a value (empty only in the optional columns).
    public var required: Bool {
        switch self {
        case .reference, .recipientOrgNumber, .developmentArea, .developmentAreaTitle: return false
        default: return true
        }
    }

    /// The only values the column takes, when it is a code.
    public var allowed: [String]? {
        switch self {
        case .kind: return OpenPaymentRecord.Kind.allCases.map(\.rawValue)
        case .currency: return ["SEK"]
        case .status: return OpenPaymentRecord.Status.allCases.map(\.rawValue)
        case .statusLabel: return OpenPaymentRecord.statusLabels
        default: return nil
        }
    }

    /// A pattern the value matches.
    public var pattern: String? {
        switch self {
        case .recipientOrgNumber: return "[0-9]{6}-[0-9]{4}"
        case .currency: return "[A-Z]{3}"
        default: return nil
        }
    }

    /// The corresponding 360Giving field, where there is one.
    public var threeSixtyGiving: String? {
        switch self {
        case .identifier: return "Identifier"
        case .title: return "Title"
        case .currency: return "Currency"
        case .amount: return "Amount Awarded / Amount Disbursed"
        case .paymentDate: return "Award Date / Planned Dates"
        case .recipientOrgIdentifier: return "Recipient Org:Identifier"
        case .recipientOrgName: return "Recipient Org:Name"
        case .recipientOrgNumber: return "Recipient Org:Company Number"
        case .fundingOrgIdentifier: return "Funding Org:Identifier"
        case .fundingOrgName: return "Funding Org:Name"
        case .grantProgrammeCode: return "Grant Programme:Code"
        case .grantProgrammeTitle: return "Grant Programme:Title"
        default: return nil
        }
    }

    /// What the column holds, in Swedish (shown on the open data page).
    public var swedish: String {
        switch self {
        case .identifier: return "Radens unika id: nara:payment:<betalningsreferens>, med :area:<nummer> när betalningen är delad per utvecklingsområde, eller nara:repayment:<id>."
        case .kind: return "payment för en utbetalning från staten, repayment för en återbetalning till staten."
        case .title: return "Kort beskrivning av raden."
        case .currency: return "Valuta, alltid SEK."
        case .amount: return "Belopp i kronor med två decimaler (decimalkomma i CSV-filen, decimalpunkt i JSON). Alltid positivt; kind anger riktningen."
        case .amountOre: return "Samma belopp i öre som heltal."
        case .paymentDate: return "Betalningsdag (ÅÅÅÅ-MM-DD): planerad eller genomförd utbetalning, eller dagen då återbetalningen gjordes."
        case .status: return "planned (planerad) eller paid (betald)."
        case .statusLabel: return "Status i klartext: Planerad, Utbetald eller Återbetald."
        case .reference: return "Kammarkollegiets betalningsreferens; tom för återbetalningar."
        case .recipientOrgIdentifier: return "Mottagarens id: SE-ORGNR-<organisationsnummer> när numret är känt, annars Näras eget nara:<slag>:<kod>."
        case .recipientOrgName: return "Mottagande organisation (region, RSS, kommun eller SKR)."
        case .recipientOrgNumber: return "Mottagarens organisationsnummer (NNNNNN-NNNN); tomt när uppgift saknas."
        case .recipientOrgType: return "Mottagarens slag: region, rss, municipality, skr eller state."
        case .fundingOrgIdentifier: return "Den betalande myndighetens id, enligt samma regel som mottagarens."
        case .fundingOrgName: return "Den betalande myndigheten: Kammarkollegiet."
        case .grantProgrammeCode: return "Överenskommelsens kod, GNV-<år>."
        case .grantProgrammeTitle: return "Överenskommelsens titel."
        case .agreementYear: return "Överenskommelsens år."
        case .developmentArea: return "Utvecklingsområdets nummer när betalningens fördelning per område är känd; annars tomt."
        case .developmentAreaTitle: return "Utvecklingsområdets namn; tomt när fördelningen inte är känd."
        }
    }

    /// What the column holds, in English (in the schema's description, after the Swedish).
    public var english: String {
        switch self {
        case .identifier: return "Unique row id: nara:payment:<payment reference>, with :area:<number> when the payment is split by development area, or nara:repayment:<id>."
        case .kind: return "payment (from the state) or repayment (back to the state)."
        case .title: return "Short description of the row."
        case .currency: return "Currency, always SEK."
        case .amount: return "Amount in kronor with two decimals (decimal comma in the CSV file, decimal point in JSON). Always positive; kind gives the direction."
        case .amountOre: return "The same amount in öre as an integer."
        case .paymentDate: return "Payment date: planned or made payment, or the day the repayment was made."
        case .status: return "planned or paid."
        case .statusLabel: return "The status in Swedish: Planerad (planned), Utbetald (paid out), Återbetald (repaid)."
        case .reference: return "Kammarkollegiet's payment reference; empty for repayments."
        case .recipientOrgIdentifier: return "Recipient id: SE-ORGNR-<organisation number> when known, else Nära's own nara:<kind>:<code>."
        case .recipientOrgName: return "Receiving organisation (region, RSS, municipality or SKR)."
        case .recipientOrgNumber: return "The recipient's Swedish organisation number; empty when not known."
        case .recipientOrgType: return "Kind of recipient: region, rss, municipality, skr or state."
        case .fundingOrgIdentifier: return "The paying authority's id, by the same rule as the recipient's."
        case .fundingOrgName: return "The paying authority: Kammarkollegiet."
        case .grantProgrammeCode: return "The agreement's code, GNV-<year>."
        case .grantProgrammeTitle: return "The agreement's title."
        case .agreementYear: return "The agreement's year."
        case .developmentArea: return "Development area number when the payment's split by area is known; else empty."
        case .developmentAreaTitle: return "Development area name; empty when the split is not known."
        }
    }

    /// The schema's description: Swedish, then English, then the 360Giving field.
    public var schemaDescription: String {
        swedish + " / " + english + (threeSixtyGiving.map { " (360Giving: \($0))" } ?? "")
    }
}

/// The Frictionless Data Package for the two files, as plain values to be written as JSON.
public enum OpenPaymentPackage {
    public static let csvFile = "utbetalningar.csv"
    public static let jsonFile = "utbetalningar.json"
    public static let licenceName = "CC0-1.0"
    public static let licencePath = "https://creativecommons.org/publicdomain/zero/1.0/"
    public static let licenceTitle = "Creative Commons Zero v1.0 Universal"

    public struct Descriptor: Encodable, Sendable {
        public let profile = "tabular-data-package"
        public let name = "nara-utbetalningar"
        public let title = "Utbetalningar och återbetalningar inom God och nära vård"
        public let description = "Statens utbetalningar genom Kammarkollegiet till regioner, RSS, kommuner och SKR, och deras återbetalningar, per mottagare, överenskommelse och utvecklingsområde. / The state's payments and repayments under the God och nära vård agreements."
        /// The open data page, as an absolute address.
        public let homepage: String?
        public let licenses = [Licence()]
        public let resources: [Resource]
    }

    public struct Licence: Encodable, Sendable {
        public let name = OpenPaymentPackage.licenceName
        public let path = OpenPaymentPackage.licencePath
        public let title = OpenPaymentPackage.licenceTitle
    }

    public struct Resource: Encodable, Sendable {
        public let name: String
        public let path: String
        public let profile = "tabular-data-resource"
        public let format: String
        public let mediatype: String
        public let encoding: String
        public let dialect: Dialect?
        public let schema: TableSchema
    }

    /// The site's CSV convention: semicolons, CRLF line ends, UTF-8 with a byte order mark (which
    /// readers of UTF-8 skip; the resource's encoding stays the standard `utf-8`).
    public struct Dialect: Encodable, Sendable {
        public let delimiter = ";"
        public let lineTerminator = "\r\n"
        public let header = true
    }

    public struct TableSchema: Encodable, Sendable {
        public let fields: [FieldDescriptor]
        public let primaryKey = [OpenPaymentField.identifier.rawValue]
        public let missingValues = [""]
    }

    public struct FieldDescriptor: Encodable, Sendable {
        public let name: String
        public let type: String
        public let title: String
        public let description: String
        public let decimalChar: String?
        public let constraints: Constraints
    }

    public struct Constraints: Encodable, Sendable {
        public let required: Bool
        public let unique: Bool?
        public let `enum`: [String]?
        public let pattern: String?
        public let minimum: Int?
    }

    /// The Table Schema of one file: the CSV writes decimals with a comma, JSON with a point.
    public static func schema(decimalComma: Bool) -> TableSchema {
        TableSchema(fields: OpenPaymentField.allCases.map { f in
            FieldDescriptor(name: f.rawValue, type: f.type.rawValue, title: f.rawValue, description: f.schemaDescription,
                            decimalChar: f.type == .number && decimalComma ? "," : nil,
                            constraints: Constraints(required: f.required, unique: f == .identifier ? true : nil, enum: f.allowed,
                                                     pattern: f.pattern, minimum: f == .amountOre ? 0 : nil))
        })
    }

    /// The package, its resources' paths relative to `datapackage.json` (the files sit beside it).
    public static func descriptor(homepage: String?) -> Descriptor {
        Descriptor(homepage: homepage, resources: [
            Resource(name: "utbetalningar-csv", path: csvFile, format: "csv", mediatype: "text/csv", encoding: "utf-8",
                     dialect: Dialect(), schema: schema(decimalComma: true)),
            Resource(name: "utbetalningar-json", path: jsonFile, format: "json", mediatype: "application/json", encoding: "utf-8",
                     dialect: nil, schema: schema(decimalComma: false)),
        ])
    }
}
