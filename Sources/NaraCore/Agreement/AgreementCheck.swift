import Foundation

/// One thing wrong with an agreement, at the field it concerns.
///
/// `path` is the field's path in the agreement's JSON document (`docs/AGREEMENTS.md`):
/// `frame_ore`, `pots[1].amount_ore`, `milestones[0].date`. Pages show the message at the field
/// with that path; the API returns it as is.
public struct AgreementProblem: Sendable, Hashable, CustomStringConvertible {
    public let path: String
    public let message: String

    public init(_ path: String, _ message: String) { self.path = path; self.message = message }

    public var description: String { "\(path): \(message)" }
}

/// The checks an agreement must pass. Two kinds:
/// - `validity`: what makes the agreement meaningless (an empty title, a milestone years away,
///   two pots with one id). An invalid agreement is never stored, not even as a draft.
/// - `reconciliation`: the sums (pots against the frame, area amounts against the pots, fixed
///   amounts against their pot). A draft may be saved unreconciled; it is published only
///   when every sum adds up to the öre.
public enum AgreementCheck {
    /// The earliest year an agreement may be for, and the latest.
    public static let years = 2000...2100

    /// The largest amount anything in an agreement may be: 10 000 000 000 000 kr, far above any
    /// state grant, and low enough that no sum of a few hundred amounts can overflow.
    public static let maxOre: Int64 = 1_000_000_000_000_000
    /// At most this many areas, pots, conditions, milestones, receipts or amounts per list.
    public static let maxItems = 300

    public static func validity(of a: Agreement) -> [AgreementProblem] {
        var out: [AgreementProblem] = []
        guard years.contains(a.year) else { return [.init("year", "Året ska vara mellan \(years.lowerBound) och \(years.upperBound).")] }
        let tooLarge = "Beloppet är för stort (högst \(Money(ore: maxOre).krText))."
        let amounts = [a.frame] + a.pots.map(\.amount) + a.areas.flatMap { $0.amounts.map(\.amount) + ($0.statedTotal.map { [$0] } ?? []) }
            + a.pots.flatMap { p -> [Money] in if case .fixed(let f) = p.key { return Array(f.values) } else { return [] } }
            + a.statedReceipts.map(\.amount)
        let lists = [a.areas.count, a.pots.count, a.conditions.count, a.milestones.count, a.statedReceipts.count]
            + a.areas.map(\.amounts.count) + a.pots.map { p -> Int in if case .fixed(let f) = p.key { return f.count } else { return 0 } }
        guard lists.allSatisfy({ $0 <= maxItems }) else { return [.init("", "Överenskommelsen har för många rader (högst \(maxItems) per lista).")] }
        guard amounts.allSatisfy({ $0.ore.magnitude <= UInt64(maxOre) }) else {
            let first = [("frame_ore", a.frame)] + a.pots.enumerated().map { ("pots[\($0.offset)].amount_ore", $0.element.amount) }
            return [.init(first.first { $0.1.ore.magnitude > UInt64(maxOre) }?.0 ?? "", tooLarge)]
        }
        if a.title.trimmed.isEmpty { out.append(.init("title", "Skriv överenskommelsens titel.")) }
        if a.title.count > 300 { out.append(.init("title", "Titeln får vara högst 300 tecken.")) }
        if a.summary.count > 4000 { out.append(.init("summary", "Sammanfattningen får vara högst 4 000 tecken.")) }
        if a.frame.ore < 0 { out.append(.init("frame_ore", "Ramen kan inte vara negativ.")) }
        if a.frame.ore % 100 != 0 { out.append(.init("frame_ore", "Ramen anges i hela kronor.")) }

        var areaNumbers = Set<Int>()
        for (i, area) in a.areas.enumerated() {
            if area.number < 1 || area.number > 99 { out.append(.init("areas[\(i)].number", "Områdets nummer ska vara 1–99.")) }
            if !areaNumbers.insert(area.number).inserted { out.append(.init("areas[\(i)].number", "Utvecklingsområde \(area.number) finns två gånger.")) }
            if area.title.trimmed.isEmpty { out.append(.init("areas[\(i)].title", "Skriv utvecklingsområdets rubrik.")) }
            for (j, amount) in area.amounts.enumerated() where amount.amount.ore < 0 {
                out.append(.init("areas[\(i)].amounts[\(j)].amount_ore", "Beloppet kan inte vara negativt."))
            }
        }

        var potIDs = Set<String>()
        for (i, pot) in a.pots.enumerated() {
            let at = "pots[\(i)]"
            if !PotSlug.isValid(pot.id) {
                out.append(.init("\(at).id", "Pottens kortnamn ska vara 1–40 små bokstäver a–z, siffror eller bindestreck, till exempel regioner."))
            } else if !potIDs.insert(pot.id).inserted {
                out.append(.init("\(at).id", "Potten ”\(pot.id)” finns två gånger."))
            }
            if pot.name.trimmed.isEmpty { out.append(.init("\(at).name", "Skriv pottens namn.")) }
            if pot.amount.ore < 0 { out.append(.init("\(at).amount_ore", "Pottens belopp kan inte vara negativt.")) }
            if pot.amount.ore % 100 != 0 { out.append(.init("\(at).amount_ore", "Pottens belopp anges i hela kronor.")) }
            switch pot.key {
            case .populationShare:
                if pot.category == .national || pot.category == .skr {
                    out.append(.init("\(at).key", "\(pot.category.swedishName) kan inte få medel efter befolkningsandel. Välj fasta belopp."))
                }
            case .fixed(let amounts):
                if amounts.isEmpty { out.append(.init("\(at).fixed_amounts", "Ange minst en mottagare och dess belopp.")) }
                for (code, amount) in amounts {
                    if amount.ore <= 0 { out.append(.init("\(at).fixed_amounts", "Beloppet till \(code) måste vara större än noll.")) }
                    if !RecipientCode.isValid(code) { out.append(.init("\(at).fixed_amounts", "”\(code)” är ingen giltig mottagarkod.")) }
                }
            case .reportedQuantity(let unit):
                if unit.trimmed.isEmpty { out.append(.init("\(at).key_unit", "Ange vad som rapporteras, till exempel VFU-veckor.")) }
                if pot.category == .skr || pot.category == .national {
                    out.append(.init("\(at).key", "Rapporterat antal gäller regioner och RSS; välj fasta belopp för \(pot.category.swedishName)."))
                }
            }
            if let d = pot.quantityDeadline, !MilestoneRules.allowed(d, year: a.year) {
                out.append(.init("\(at).quantity_deadline", MilestoneRules.rangeMessage(year: a.year)))
            }
        }

        for (i, text) in a.conditions.enumerated() where text.trimmed.isEmpty {
            out.append(.init("conditions[\(i)]", "Villkoret är tomt. Skriv villkoret eller ta bort raden."))
        }
        out += milestoneProblems(a.milestones, year: a.year)
        for (i, r) in a.statedReceipts.enumerated() {
            if a.pot(r.potID) == nil { out.append(.init("stated_receipts[\(i)].pot", "Potten ”\(r.potID)” finns inte i överenskommelsen.")) }
            if r.amount.ore <= 0 { out.append(.init("stated_receipts[\(i)].amount_ore", "Beloppet måste vara större än noll.")) }
        }
        return out
    }

    /// A list of milestones' problems by their index in `milestones` (an agreement keeps them in
    /// date order; a document or form may list them otherwise).
    public static func milestoneProblems(_ milestones: [Milestone], year: Int) -> [AgreementProblem] {
        milestones.enumerated().flatMap { i, m -> [AgreementProblem] in
            var out: [AgreementProblem] = []
            if !MilestoneRules.allowed(m.date, year: year) { out.append(.init("milestones[\(i)].date", MilestoneRules.rangeMessage(year: year))) }
            if m.title.trimmed.isEmpty { out.append(.init("milestones[\(i)].title", "Skriv vad som ska göras.")) }
            return out
        }
    }

    public static func reconciliation(of a: Agreement) -> [AgreementProblem] {
        var out: [AgreementProblem] = []
        func differs(_ path: String, _ what: String, _ sum: Money, _ expected: Money, _ expectedWhat: String) {
            guard sum != expected else { return }
            out.append(.init(path, "\(what) summerar till \(sum.krText) men \(expectedWhat) är \(expected.krText) (skillnad \((sum - expected).signedKrText))."))
        }
        if a.frame.ore == 0 { out.append(.init("frame_ore", "Ramen måste vara större än noll.")) }
        if a.pots.isEmpty { out.append(.init("pots", "Överenskommelsen har inga potter. Lägg till minst en.")) }
        differs("frame_ore", "Potterna", a.pots.map(\.amount).sum(), a.frame, "ramen")
        for (i, pot) in a.pots.enumerated() {
            if case .fixed(let amounts) = pot.key {
                differs("pots[\(i)].fixed_amounts", "De fasta beloppen", amounts.values.sum(), pot.amount, "potten")
            }
            if case .reportedQuantity = pot.key, pot.quantityDeadline == nil {
                out.append(.init("pots[\(i)].quantity_deadline", "Ange sista dag för att rapportera antal."))
            }
        }
        for (i, area) in a.areas.enumerated() {
            if let stated = area.statedTotal {
                differs("areas[\(i)].stated_total_ore", "Områdets belopp", area.amounts.map(\.amount).sum(), stated, "områdets angivna summa")
            }
        }
        // Where areas carry amounts for a category, they must together equal its pots.
        let areaAmounts = a.areas.flatMap(\.amounts)
        for category in RecipientCategory.allCases {
            let inAreas = areaAmounts.filter { $0.category == category }
            guard !inAreas.isEmpty else { continue }
            let pots = a.pots.enumerated().filter { $0.element.category == category }
            let path = pots.first.map { "pots[\($0.offset)].amount_ore" } ?? "areas"
            differs(path, "Utvecklingsområdenas belopp till \(category.swedishName.lowercased())", inAreas.map(\.amount).sum(),
                    pots.map(\.element.amount).sum(), pots.count == 1 ? "potten" : "potterna för \(category.swedishName.lowercased())")
        }
        return out
    }

    /// Every problem, validity first.
    public static func all(_ a: Agreement) -> [AgreementProblem] { validity(of: a) + reconciliation(of: a) }
}

/// Where an agreement's dates may fall.
public enum MilestoneRules {
    /// From 1 January of the year before the agreement to 31 December three years after it.
    public static func allowed(_ date: CivilDate, year: Int) -> Bool {
        date.year >= year - 1 && date.year <= year + 3
    }

    public static func rangeMessage(year: Int) -> String {
        "Datumet ska ligga mellan 1 januari \(year - 1) och 31 december \(year + 3)."
    }
}

/// A pot's short name in addresses: `regioner`, `vfu`, `skr`.
public enum PotSlug {
    public static func isValid(_ s: String) -> Bool {
        (1...40).contains(s.count) && s.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" }
    }
}

/// A recipient's code in a fixed split: a länskod (`23`), `R23`/`K23` for the region or the
/// county's RSS, or a national body's code (`SKR`).
public enum RecipientCode {
    public static func isValid(_ s: String) -> Bool {
        (1...20).contains(s.count) && s.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") }
    }
}

extension Money {
    /// `+10 000 000 kr` / `−10 000 000 kr`: a difference with its sign.
    public var signedKrText: String { ore > 0 ? "+" + krText : krText }
}

extension String {
    /// Without leading and trailing white space and line breaks.
    public var trimmed: String { trimmingCharacters(in: .whitespacesAndNewlines) }
    /// Empty or only white space: a field left blank.
    public var isBlank: Bool { trimmed.isEmpty }
}
