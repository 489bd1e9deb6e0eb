/// Writes an `SIEDocument` as the bytes of an SIE 4I file: code page 437 (`#FORMAT PC8`), CRLF
/// line ends, one item per line, a voucher's `#TRANS` rows between `{` and `}` on lines of
/// their own.
///
/// Fields are separated by one space. Every text field is quoted; inside it a quote is written
/// `\"` as the format prescribes, and a backslash `\\` so that a backslash before the closing
/// quote cannot be read as an escape. Control characters (line breaks, tabs) become spaces:
/// the format allows none in a field. Characters code page 437 lacks become `?`.
public enum SIEWriter {
    public static func bytes(_ doc: SIEDocument) -> [UInt8] {
        var out: [UInt8] = []
        func line(_ fields: [Field]) {
            for (i, f) in fields.enumerated() {
                if i > 0 { out.append(0x20) }
                out += f.bytes
            }
            out += [0x0D, 0x0A]
        }
        line([.raw("#FLAGGA"), .raw("0")])
        line([.raw("#PROGRAM"), .text(doc.program), .text(doc.programVersion)])
        line([.raw("#FORMAT"), .raw("PC8")])
        line([.raw("#GEN"), .raw(date(doc.generated)), .text(doc.generatedBy)])
        line([.raw("#SIETYP"), .raw("4")])
        line([.raw("#FNAMN"), .text(doc.companyName)])
        if let number = doc.organisationNumber, !number.isEmpty { line([.raw("#ORGNR"), .code(number)]) }
        line([.raw("#RAR"), .raw("0"), .raw(date(doc.fiscalYear.lowerBound)), .raw(date(doc.fiscalYear.upperBound))])
        line([.raw("#KPTYP"), .code(doc.chartType)])
        line([.raw("#VALUTA"), .raw("SEK")])
        for account in doc.accounts {
            line([.raw("#KONTO"), .raw(String(account.number)), .text(account.name)])
            line([.raw("#KTYP"), .raw(String(account.number)), .raw(account.kind.rawValue)])
        }
        for v in doc.vouchers {
            line([.raw("#VER"), .text(v.series), .raw(String(v.number)), .raw(date(v.date)), .text(v.text)])
            line([.raw("{")])
            for t in v.transactions {
                line([.raw("#TRANS"), .raw(String(t.account.number)), .raw("{}"), .raw(amount(t.amount)), .raw(date(v.date)), .text(t.text)])
            }
            line([.raw("}")])
        }
        return out
    }

    /// `yyyymmdd`.
    public static func date(_ d: CivilDate) -> String {
        String(d.year) + (d.month < 10 ? "0" : "") + String(d.month) + (d.day < 10 ? "0" : "") + String(d.day)
    }

    /// Kronor with a decimal point and two decimals, a minus sign for credit: `-1250.50`.
    public static func amount(_ m: Money) -> String {
        let magnitude = m.ore.magnitude
        let ore = magnitude % 100
        return (m.ore < 0 ? "-" : "") + String(magnitude / 100) + "." + (ore < 10 ? "0" : "") + String(ore)
    }

    enum Field {
        /// Written as it is: labels, numbers, dates (ASCII only).
        case raw(String)
        /// A quoted string.
        case text(String)

        /// A code as it is written elsewhere (`232100-0214`, `EUBAS97`): bare when it is only
        /// letters, digits and hyphens, else quoted.
        static func code(_ s: String) -> Field {
            !s.isEmpty && s.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") } ? .raw(s) : .text(s)
        }

        var bytes: [UInt8] {
            switch self {
            case .raw(let s): return CP437.encode(s)
            case .text(let s):
                var b: [UInt8] = [UInt8(ascii: "\"")]
                for c in s {
                    switch c {
                    case "\"": b += [UInt8(ascii: "\\"), UInt8(ascii: "\"")]
                    case "\\": b += [UInt8(ascii: "\\"), UInt8(ascii: "\\")]
                    default:
                        let control = c.unicodeScalars.allSatisfy { $0.properties.generalCategory == .control || $0 == "\u{2028}" || $0 == "\u{2029}" }
                        b.append(control ? 0x20 : CP437.byte(c))
                    }
                }
                b.append(UInt8(ascii: "\""))
                return b
            }
        }
    }
}
