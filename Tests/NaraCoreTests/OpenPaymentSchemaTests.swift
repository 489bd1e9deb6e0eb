import Foundation
import Testing
@testable import NaraCore

@Suite("Open payment data: one schema for the CSV, the JSON and the data package")
struct OpenPaymentSchemaTests {
    static let region = OpenOrganisation(kind: "region", code: "03", name: "Region \"Test\"; län", number: nil)
    static let funder = OpenOrganisation(kind: "state", code: "KAMK", name: "Kammarkollegiet", number: nil)

    static func rows(amount: Money, areas: [Int: Money], status: OpenPaymentRecord.Status = .paid) -> [OpenPaymentRecord] {
        OpenPaymentRecord.payment(reference: "KAMK-GNV-2019-03-0001", amount: amount, areas: areas, areaTitles: [1: "Område ett", 2: "Område två"],
                                  date: .make(2019, 9, 15), status: status, recipient: region, funder: funder,
                                  agreementYear: 2019, agreementTitle: "Överenskommelse 2019")
    }

    @Test("an organisation number is ten digits whose last is the Luhn check digit of the first nine")
    func organisationNumbers() {
        // For any nine digits exactly one tenth digit makes a valid number.
        for prefix in ["232100001", "202100000", "556677889", "000000000"] {
            let valid = (0...9).filter { OrganisationNumber(prefix + String($0)) != nil }
            #expect(valid.count == 1, "\(prefix)")
            let number = OrganisationNumber(prefix + String(valid[0]))!
            // Written with or without the hyphen, it is the same number.
            #expect(OrganisationNumber(number.formatted) == number)
            #expect(number.formatted.count == 11 && number.formatted.dropFirst(6).first == "-")
            // Changing one digit breaks it.
            let changed = String(prefix.dropLast()) + String((Int(String(prefix.last!))! + 1) % 10) + String(valid[0])
            #expect(OrganisationNumber(changed) == nil)
        }
        for bad in ["", "12345", "23210000161", "2321-000016", "23210O0016", "232100 0016"] {
            #expect(OrganisationNumber(bad) == nil, "\(bad)")
        }
    }

    @Test("a recipient is SE-ORGNR-<number> when the number is known, else Nära's own kind and code")
    func identifiers() throws {
        let number = try #require((0...9).lazy.compactMap { OrganisationNumber("232100002" + String($0)) }.first)
        #expect(OpenOrganisation(kind: "region", code: "03", name: "R", number: number).identifier == "SE-ORGNR-" + number.digits)
        #expect(Self.region.identifier == "nara:region:03")
    }

    @Test("a payment with a known split is one row per area, and the rows sum exactly to the payment")
    func splitRows() {
        let amount = Money(ore: 10_000_001)
        let rows = Self.rows(amount: amount, areas: [2: Money(ore: 6_000_000), 1: Money(ore: 4_000_001)])
        #expect(rows.map { $0.area?.number } == [1, 2])
        #expect(rows.map(\.amount.ore).reduce(0, +) == amount.ore)
        #expect(Set(rows.map(\.identifier)).count == rows.count)
        #expect(rows.allSatisfy { $0.reference == "KAMK-GNV-2019-03-0001" })
        #expect(rows[1].value(.developmentAreaTitle) == .text("Område två"))
    }

    @Test("without a known split (area 0, or parts that do not sum) the payment is one row without an area")
    func unknownSplit() {
        for areas in [[0: Money(ore: 500)], [:], [1: Money(ore: 200), 2: Money(ore: 200)], [0: Money(ore: 100), 1: Money(ore: 400)]] {
            let rows = Self.rows(amount: Money(ore: 500), areas: areas)
            #expect(rows.count == 1)
            #expect(rows[0].amount == Money(ore: 500))
            #expect(rows[0].value(.developmentArea) == .missing)
            #expect(rows[0].value(.developmentAreaTitle) == .missing)
        }
    }

    @Test("amounts are kronor with two decimals and the same in whole öre")
    func amounts() {
        #expect(OpenValue.kronorText(Money(ore: 123_456), decimalMark: ",") == "1234,56")
        #expect(OpenValue.kronorText(Money(ore: 5), decimalMark: ".") == "0.05")
        #expect(OpenValue.kronorText(Money(ore: -1_000), decimalMark: ",") == "-10,00")
        let row = Self.rows(amount: Money(ore: 7_050), areas: [:])[0]
        #expect(row.value(.amount).csvText == "70,50")
        #expect(row.value(.amountOre) == .integer(7_050))
    }

    @Test("the CSV header, the JSON keys and the package's two schemas are the same columns in the same order")
    func oneDefinition() throws {
        let header = OpenPaymentField.allCases.map(\.rawValue)
        let json = OpenPaymentJSON.document(Self.rows(amount: Money(ore: 500), areas: [1: Money(ore: 500)]))
        let objects = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [[String: Any]])
        #expect(Set(objects[0].keys) == Set(header))
        // The keys are written in column order.
        let positions = header.map { json.range(of: "\"\($0)\":")!.lowerBound }
        #expect(positions == positions.sorted())
        let package = OpenPaymentPackage.descriptor(homepage: nil)
        #expect(package.resources.map(\.path) == [OpenPaymentPackage.csvFile, OpenPaymentPackage.jsonFile])
        for resource in package.resources {
            #expect(resource.schema.fields.map(\.name) == header)
            #expect(resource.schema.primaryKey == [OpenPaymentField.identifier.rawValue])
        }
        // Only the CSV writes decimals with a comma, and only in the amount.
        #expect(package.resources[0].schema.fields.filter { $0.decimalChar == "," }.map(\.name) == [OpenPaymentField.amount.rawValue])
        #expect(package.resources[1].schema.fields.allSatisfy { $0.decimalChar == nil })
        #expect(package.resources[0].dialect?.delimiter == ";")
    }

    @Test("the package is CC0, a tabular data package, and every field says what it holds in Swedish and English")
    func packageDescriptor() throws {
        let data = try JSONEncoder().encode(OpenPaymentPackage.descriptor(homepage: "https://nara.example/oppna-data"))
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(object["profile"] as? String == "tabular-data-package")
        let licences = try #require(object["licenses"] as? [[String: String]])
        #expect(licences.map { $0["name"] } == ["CC0-1.0"])
        #expect(licences[0]["path"] == "https://creativecommons.org/publicdomain/zero/1.0/")
        for field in OpenPaymentField.allCases {
            #expect(field.schemaDescription.contains(field.swedish) && field.schemaDescription.contains(field.english))
        }
        // Codes are constrained to the values rows can take.
        let labels = OpenPaymentRecord.Kind.allCases.flatMap { k in OpenPaymentRecord.Status.allCases.map { OpenPaymentRecord.statusLabel(kind: k, status: $0) } }
        #expect(Set(OpenPaymentField.statusLabel.allowed ?? []) == Set(labels))
        #expect(OpenPaymentField.kind.allowed == ["payment", "repayment"])
    }

    @Test("text with quotes, separators and control characters stays valid JSON")
    func jsonEscaping() throws {
        let odd = OpenOrganisation(kind: "region", code: "03", name: "A \"quoted\" \\ name;\n\u{1}", number: nil)
        let row = OpenPaymentRecord(identifier: "nara:repayment:x", kind: .repayment, amount: Money(ore: 1), date: .make(2020, 4, 10), status: .paid,
                                    reference: "", recipient: odd, funder: Self.funder, agreementYear: 2019, agreementTitle: "T", area: nil)
        let objects = try #require(try JSONSerialization.jsonObject(with: Data(OpenPaymentJSON.document([row]).utf8)) as? [[String: Any]])
        #expect(objects[0]["recipient_org_name"] as? String == odd.name)
        #expect(objects[0]["status_label"] as? String == "Återbetald")
        #expect(objects[0]["development_area"] is NSNull)
        #expect(OpenPaymentJSON.document([]) == "[]\n")
    }

    @Test("rows are ordered by year, date, recipient and identifier whatever order they came in")
    func order() {
        let a = Self.rows(amount: Money(ore: 500), areas: [1: Money(ore: 200), 2: Money(ore: 300)])
        let later = OpenPaymentRecord(identifier: "nara:repayment:y", kind: .repayment, amount: Money(ore: 1), date: .make(2020, 4, 10), status: .paid,
                                      reference: "", recipient: Self.region, funder: Self.funder, agreementYear: 2019, agreementTitle: "T", area: nil)
        let ordered = OpenPaymentRecord.ordered([later] + a.reversed())
        #expect(ordered.map(\.identifier) == a.map(\.identifier) + [later.identifier])
    }
}
