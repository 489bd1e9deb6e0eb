import Testing
@testable import NaraCore

@Suite("Reading population files")
struct PopulationImportTests {
    let date = CivilDate.make(2018, 12, 31)

    @Test("SCB's own export is read exactly as SCB writes it")
    func scbExport() throws {
        let bytes = try Geography.shippedSCBExport()
        #expect(Array(bytes.prefix(3)) == [0xEF, 0xBB, 0xBF])
        #expect(bytes.contains(13)) // CRLF line ends, as SCB writes them
        let (table, format) = try PopulationImport.parse(bytes, referenceDate: date, source: "SCB")
        #expect(format == .scb)
        #expect(table.level == .municipality)
        #expect(table.values.count == 290)
        #expect(table.total == 10_230_185)
        #expect(table.values["2380"] == Geography.shipped.municipalPopulation2018["2380"])
    }

    @Test("SCB rows with quoted \"KKKK Namn\" cells are read too")
    func quotedSCB() throws {
        let rows = Geography.shipped.municipalities.map { "\"\($0.code) \($0.name)\";\(Geography.shipped.municipalPopulation2018[$0.code]!)" }
        let text = "\u{FEFF}\"region\";\"2018\"\r\n" + rows.joined(separator: "\r\n") + "\r\n;\r\n\"Källa: SCB\";\r\n"
        let (table, format) = try PopulationImport.parse(Array(text.utf8), referenceDate: date, source: "SCB")
        #expect(format == .scb)
        #expect(table.total == 10_230_185)
    }

    @Test("a plain CSV of county code and population")
    func plainCounties() throws {
        let values = Geography.shipped.countyPopulation[.make(2020, 12, 31)]!
        let text = "lanskod,folkmangd\n" + values.keys.sorted().map { "\($0),\(values[$0]!)" }.joined(separator: "\n")
        let (table, format) = try PopulationImport.parse(Array(text.utf8), referenceDate: .make(2020, 12, 31), source: "test")
        #expect(format == .plain)
        #expect(table.level == .county)
        #expect(table.total == 10_379_295)
    }

    @Test("a broken file is refused with every problem listed by line")
    func brokenFile() {
        var lines = Geography.shipped.municipalities.dropFirst().map { "\($0.code);1000" } // 0114 missing
        lines[3] = "9999;500"            // unknown code, line 5
        lines[5] = "0117;12x"            // non-number, line 7
        lines[8] = lines[1]              // duplicate of line 3, line 10
        let text = "kommunkod;folkmangd\n" + lines.joined(separator: "\n")
        do {
            _ = try PopulationImport.parse(Array(text.utf8), referenceDate: date, source: "test")
            Issue.record("expected the file to be refused")
        } catch let error as PopulationImportError {
            let text = error.problems.map(\.description)
            #expect(text.contains("Rad 5: Okänd kommunkod 9999."))
            #expect(text.contains { $0.hasPrefix("Rad 7:") && $0.contains("12x") })
            #expect(text.contains { $0.hasPrefix("Rad 10:") && $0.contains("redan på rad 3") })
            #expect(text.contains { $0.contains("0114 Upplands Väsby saknas") })
        } catch {
            Issue.record("unexpected error \(error)")
        }
    }

    @Test("empty, non-UTF-8 and mixed-level files are refused")
    func otherRefusals() {
        #expect(throws: PopulationImportError.self) { try PopulationImport.parse([], referenceDate: date, source: "") }
        #expect(throws: PopulationImportError.self) { try PopulationImport.parse([0xFF, 0xFE, 0x00], referenceDate: date, source: "") }
        #expect(throws: PopulationImportError.self) {
            try PopulationImport.parse(Array("01;100\n0114;100\n".utf8), referenceDate: date, source: "")
        }
    }
}
