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

    // MARK: names against codes

    /// A county file as SCB writes it (`"01 Stockholms län";2391990`), with `name` for each code.
    func countyFile(_ name: (County) -> String) -> [UInt8] {
        let values = Geography.shipped.countyPopulation[.make(2020, 12, 31)]!
        let rows = Geography.shipped.counties.map { "\"\($0.code) \(name($0))\";\(values[$0.code]!)" }
        return Array(("\u{FEFF}\"region\";\"2020\"\r\n" + rows.joined(separator: "\r\n") + "\r\n").utf8)
    }

    func problems(_ bytes: [UInt8]) -> [ImportProblem] {
        do {
            _ = try PopulationImport.parse(bytes, referenceDate: .make(2020, 12, 31), source: "test")
            return []
        } catch let error as PopulationImportError { return error.problems } catch { return [ImportProblem(line: nil, "\(error)")] }
    }

    @Test("SCB's unedited export has every name right")
    func scbNamesMatch() throws {
        let names = AreaNames(Geography.shipped)
        let text = String(decoding: try Geography.shippedSCBExport().dropFirst(3), as: UTF8.self)
        var checked = 0
        for line in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).dropFirst() {
            let first = PopulationImport.splitFields(String(line), separator: ";")[0]
            if first.isEmpty { break } // the metadata footer
            guard case let (code?, name?) = PopulationImport.splitCode(first) else { continue }
            #expect(names.match(name, code: code) == .matches, "\(first)")
            checked += 1
        }
        #expect(checked == 290)
    }

    @Test("SCB's spellings and ASCII-fied ones are the same name", arguments: [
        ("01 Stockholms län", "01"), ("Stockholms lan", "01"), ("STOCKHOLMS LÄN", "01"), ("Stockholms", "01"), ("Stockholm", "01"),
        ("Region Stockholm", "01"), ("04 Sodermanlands lan", "04"), ("Region Sörmland", "04"), ("Sormland", "04"),
        ("Västra Götalands län", "14"), ("Vastra Gotaland", "14"), ("Västra Götalandsregionen", "14"), ("Skåne län", "12"),
        ("Skane", "12"), ("Region Skane", "12"), ("Jämtlands län", "23"), ("Region Jämtland Härjedalen", "23"),
        ("Jamtland-Harjedalen", "23"), ("  Örebro   län ", "18"), ("Orebro lan", "18"), ("Region Jönköpings län", "06"),
        ("0180 Stockholm", "0180"), ("Stockholms stad", "0180"), ("Goteborg", "1480"), ("Göteborgs stad", "1480"),
        ("Malmö stad", "1280"), ("Upplands-Bro", "0139"), ("Upplands Bro", "0139"), ("upplands väsby", "0114"),
        ("Malung-Salen", "2023"), ("Borås kommun", "1490"), ("Ostersund", "2380"), ("Östersunds kommun", "2380"),
        ("Region Gotland", "0980"), ("Gotland", "0980"), ("Håbo", "0305"), ("Habo", "0305"), ("Habo", "0643"),
    ])
    func spellings(name: String, code: String) {
        #expect(AreaNames(Geography.shipped).match(String(name.drop { $0.isNumber || $0 == " " }), code: code) == .matches)
    }

    @Test("a name that belongs to another code is named as such; an unknown name as unknown")
    func wrongNames() {
        let names = AreaNames(Geography.shipped)
        #expect(names.match("Stockholms lan", code: "23") == .belongsTo(["01"]))
        #expect(names.match("Östersund", code: "0180") == .belongsTo(["2380"]))
        #expect(names.match("Håbo", code: "0180") == .belongsTo(["0305", "0643"]))
        #expect(names.match("Gotland", code: "0180") == .belongsTo(["0980"]))
        #expect(names.match("Stockholm", code: "0181") == .belongsTo(["0180"])) // Södertälje
        #expect(names.match("Atlantis", code: "23") == .unknown)
        #expect(names.match("", code: "23") == .unknown)
        // A county's name is not a municipality's, nor the other way round.
        #expect(names.match("Stockholms län", code: "0180") == .unknown)
        #expect(names.match("Östersund", code: "23") == .unknown)
    }

    @Test("no spelling belongs to two counties, and only Håbo and Habo share one among municipalities")
    func spellingsAreUnambiguous() {
        let names = AreaNames(Geography.shipped)
        #expect(names.countyCodes.values.allSatisfy { $0.count == 1 })
        let shared = names.municipalityCodes.filter { $0.value.count > 1 }
        #expect(Set(shared.values) == [["0305", "0643"]])
    }

    @Test("normalising folds case, diacritics, hyphens and spacing")
    func normalising() {
        #expect(AreaNames.normalise("  Malung-Sälen ") == "malung salen")
        #expect(AreaNames.normalise("ÅÄÖ é") == "aao e")
        #expect(AreaNames.normalise("Skåne\u{00A0}län") == "skane lan")
        #expect(AreaNames.normalise("Ska\u{030A}ne") == "skane") // decomposed å, as some editors save it
    }

    @Test("a county file in SCB's layout, ASCII-fied, imports")
    func asciiCountyFile() throws {
        let ascii = countyFile { AreaNames.normalise($0.name) }
        let (table, format) = try PopulationImport.parse(ascii, referenceDate: .make(2020, 12, 31), source: "test")
        #expect(format == .scb)
        #expect(table.total == 10_379_295)
        #expect(problems(countyFile { $0.regionName }).isEmpty)
    }

    @Test("a row whose name belongs to another code is refused by line, in Swedish")
    func nameOfAnotherCode() {
        let bytes = countyFile { $0.code == "23" ? "Stockholms lan" : $0.code == "25" ? "Lappland" : $0.name }
        let found = problems(bytes)
        #expect(found.count == 2) // and neither county is reported missing: the rows are there
        let jamtland = found.first { $0.message.contains("länskoden 23") }
        #expect(jamtland?.line == 20) // the header, then 18 counties before Jämtland
        #expect(jamtland?.description == "Rad 20: Namnet ”Stockholms lan” hör till 01 Stockholms län, men länskoden 23 är Jämtlands län. Kontrollera att kod och namn hör ihop.")
        #expect(found.contains { $0.line == 22 && $0.message == "Namnet ”Lappland” stämmer inte med länskoden 25, som är Norrbottens län." })
    }

    @Test("a municipal row with a swapped name is refused; plain code;population rows need no name")
    func municipalNames() {
        var rows = Geography.shipped.municipalities.map { "\($0.code) \($0.name);1000" }
        rows[0] = "0114 Vallentuna;1000"
        let found = problems(Array(("Region;2018\n" + rows.joined(separator: "\n")).utf8))
        #expect(found.map(\.description) == ["Rad 2: Namnet ”Vallentuna” hör till 0115 Vallentuna, men kommunkoden 0114 är Upplands Väsby. Kontrollera att kod och namn hör ihop."])
        let plain = Geography.shipped.municipalities.map { "\($0.code);1000" }
        #expect(problems(Array(plain.joined(separator: "\n").utf8)).isEmpty)
    }

    // MARK: the national total against the table before

    @Test("a total more than 2 % from the earlier table's is warned about, with a decimal comma")
    func totalChange() {
        let earlier = CivilDate.make(2020, 12, 31)
        #expect(PopulationChange(earlierDate: earlier, earlierTotal: 10_000_000, newTotal: 10_200_000).warning == nil) // exactly 2 %
        #expect(PopulationChange(earlierDate: earlier, earlierTotal: 10_000_000, newTotal: 9_800_000).warning == nil)
        let up = PopulationChange(earlierDate: earlier, earlierTotal: 10_000_000, newTotal: 10_240_000)
        #expect(up.exceedsWarning)
        #expect(up.percentText == "+2,4\u{00A0}%")
        #expect(up.warning == "Folkmängden i hela riket är 10\u{00A0}240\u{00A0}000, +2,4\u{00A0}% jämfört med närmaste tidigare tabell (31 december 2020: 10\u{00A0}000\u{00A0}000). Skillnaden är större än 2\u{00A0}%; kontrollera att filen och referensdatumet är rätt innan tabellen sparas.")
        #expect(PopulationChange(earlierDate: earlier, earlierTotal: 10_000_000, newTotal: 5_000_000).percentText == "−50,0\u{00A0}%")
        // Just over the limit: two decimals rather than a rounded 2,0.
        #expect(PopulationChange(earlierDate: earlier, earlierTotal: 10_000_000, newTotal: 10_200_100).percentText == "+2,00\u{00A0}%")
        #expect(PopulationChange(earlierDate: earlier, earlierTotal: 10_000_000, newTotal: 10_204_000).percentText == "+2,04\u{00A0}%")
    }
}
