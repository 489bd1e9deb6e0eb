import Foundation

/// An agreement as a JSON document: what `GET /api/v1/agreements/{year}` returns, what
/// `POST`/`PUT` and `nara import-agreement` take, and what `nara export-agreement` writes
/// (`docs/AGREEMENTS.md`). Keys are snake_case; amounts are whole öre.
public struct AgreementDocument: Codable, Sendable, Equatable {
    public var year: Int
    public var status: AgreementStatus?
    /// The version the document shows (read only: ignored on the way in).
    public var version: Int?
    public var title: String
    public var summary: String?
    public var source: String?
    public var sourceReference: String?
    public var signedOn: CivilDate?
    public var frameOre: Int64
    public var areas: [Area]?
    public var pots: [PotEntry]
    public var conditions: [String]?
    public var milestones: [MilestoneEntry]?
    public var statedReceipts: [Receipt]?
    /// Only with `PUT` on a published agreement.
    public var amendment: Amendment?

    enum CodingKeys: String, CodingKey {
        case year, status, version, title, summary, source, areas, pots, conditions, milestones, amendment
        case sourceReference = "source_reference", signedOn = "signed_on", frameOre = "frame_ore", statedReceipts = "stated_receipts"
    }

    public struct Area: Codable, Sendable, Equatable {
        public var number: Int
        public var title: String
        public var summary: String?
        public var statedTotalOre: Int64?
        public var amounts: [AreaAmountEntry]?
        enum CodingKeys: String, CodingKey { case number, title, summary, amounts, statedTotalOre = "stated_total_ore" }
    }

    public struct AreaAmountEntry: Codable, Sendable, Equatable {
        public var category: String
        public var purpose: String?
        public var amountOre: Int64
        enum CodingKeys: String, CodingKey { case category, purpose, amountOre = "amount_ore" }
    }

    public struct PotEntry: Codable, Sendable, Equatable {
        public var id: String
        public var name: String
        public var category: String
        public var amountOre: Int64
        /// `population`, `fixed` or `quantity`.
        public var key: String?
        public var keyUnit: String?
        public var statedReferenceDate: CivilDate?
        public var note: String?
        public var fixedAmounts: [FixedAmount]?
        public var quantityDeadline: CivilDate?
        enum CodingKeys: String, CodingKey {
            case id, name, category, key, note
            case amountOre = "amount_ore", keyUnit = "key_unit", statedReferenceDate = "stated_reference_date"
            case fixedAmounts = "fixed_amounts", quantityDeadline = "quantity_deadline"
        }
    }

    public struct FixedAmount: Codable, Sendable, Equatable {
        public var code: String
        public var amountOre: Int64
        enum CodingKeys: String, CodingKey { case code, amountOre = "amount_ore" }
    }

    public struct MilestoneEntry: Codable, Sendable, Equatable {
        public var date: CivilDate
        public var kind: String
        public var title: String
        public var responsible: String?
        public var recipient: String?
    }

    public struct Receipt: Codable, Sendable, Equatable {
        public var pot: String
        public var code: String
        public var amountOre: Int64
        public var source: String?
        public var referenceDate: CivilDate?
        enum CodingKeys: String, CodingKey { case pot, code, source, amountOre = "amount_ore", referenceDate = "reference_date" }
    }
}

extension AgreementDocument {
    /// The document of an agreement.
    public init(_ a: Agreement, status: AgreementStatus, version: Int?) {
        year = a.year; self.status = status; self.version = version; title = a.title; summary = a.summary
        source = a.source; sourceReference = a.sourceReference; signedOn = a.signedOn; frameOre = a.frame.ore
        areas = a.areas.map { x in
            Area(number: x.number, title: x.title, summary: x.summary, statedTotalOre: x.statedTotal?.ore,
                 amounts: x.amounts.map { AreaAmountEntry(category: $0.category.rawValue, purpose: $0.purpose, amountOre: $0.amount.ore) })
        }
        pots = a.pots.map { p in
            var unit: String?, fixed: [FixedAmount]?
            switch p.key {
            case .populationShare: break
            case .reportedQuantity(let u): unit = u
            case .fixed(let amounts): fixed = amounts.keys.sorted().map { FixedAmount(code: $0, amountOre: amounts[$0]!.ore) }
            }
            return PotEntry(id: p.id, name: p.name, category: p.category.rawValue, amountOre: p.amount.ore, key: p.key.kind,
                            keyUnit: unit, statedReferenceDate: p.statedReferenceDate, note: p.note, fixedAmounts: fixed,
                            quantityDeadline: p.quantityDeadline)
        }
        conditions = a.conditions
        milestones = a.milestones.map { MilestoneEntry(date: $0.date, kind: $0.kind.rawValue, title: $0.title, responsible: $0.responsible, recipient: $0.recipient) }
        statedReceipts = a.statedReceipts.map { Receipt(pot: $0.potID, code: $0.code, amountOre: $0.amount.ore, source: $0.source, referenceDate: $0.referenceDate) }
        amendment = nil
    }

    /// The agreement the document describes, or every problem by its JSON path. Sums are not
    /// checked here (`AgreementCheck`): a draft may be unreconciled.
    public func agreement() -> Result<Agreement, AgreementLifecycle.Refusal> {
        var problems: [AgreementProblem] = []
        func category(_ raw: String, _ path: String) -> RecipientCategory {
            if let c = RecipientCategory(rawValue: raw) { return c }
            problems.append(.init(path, "Okänd mottagarkategori ”\(raw.prefix(40))”; använd regions, municipalities, joint, skr eller national."))
            return .regions
        }
        let areas = (self.areas ?? []).enumerated().map { i, x in
            DevelopmentArea(number: x.number, title: x.title, summary: x.summary ?? "", statedTotal: x.statedTotalOre.map(Money.init(ore:)),
                            amounts: (x.amounts ?? []).enumerated().map { j, m in
                                AreaAmount(category(m.category, "areas[\(i)].amounts[\(j)].category"), Money(ore: m.amountOre), purpose: m.purpose ?? "")
                            })
        }
        let pots = self.pots.enumerated().map { i, p -> Pot in
            let key: DistributionKey
            switch p.key ?? "" {
            case "population": key = .populationShare
            case "quantity": key = .reportedQuantity(unit: p.keyUnit ?? "")
            case "fixed":
                var amounts: [String: Money] = [:]
                for (j, f) in (p.fixedAmounts ?? []).enumerated() {
                    if amounts[f.code] != nil { problems.append(.init("pots[\(i)].fixed_amounts[\(j)].code", "Mottagaren \(f.code.prefix(20)) finns två gånger.")) }
                    amounts[f.code] = Money(ore: f.amountOre)
                }
                key = .fixed(amounts)
            case "":
                problems.append(.init("pots[\(i)].key", "Potten saknar fördelningsnyckel: välj population, fixed eller quantity."))
                key = .populationShare
            default:
                problems.append(.init("pots[\(i)].key", "Okänd fördelningsnyckel ”\(p.key!.prefix(40))”; använd population, fixed eller quantity."))
                key = .populationShare
            }
            return Pot(id: p.id, name: p.name, category: category(p.category, "pots[\(i)].category"), amount: Money(ore: p.amountOre), key: key,
                       statedReferenceDate: p.statedReferenceDate, note: p.note ?? "", quantityDeadline: p.quantityDeadline)
        }
        let milestones = (self.milestones ?? []).enumerated().map { i, m -> Milestone in
            let kind = MilestoneKind.parse(m.kind) ?? {
                problems.append(.init("milestones[\(i)].kind", "Okänd typ av milstolpe ”\(m.kind.prefix(40))”; använd "
                                      + MilestoneKind.allCases.map(\.rawValue).joined(separator: ", ") + "."))
                return .other
            }()
            return Milestone(date: m.date, kind: kind, title: m.title, responsible: m.responsible ?? "", recipient: m.recipient ?? "")
        }
        let agreement = Agreement(
            draftYear: year, title: title, frame: Money(ore: frameOre), summary: summary ?? "", source: source ?? "",
            sourceReference: sourceReference ?? "", signedOn: signedOn, areas: areas, pots: pots, conditions: conditions ?? [],
            milestones: milestones,
            statedReceipts: (statedReceipts ?? []).map {
                StatedReceipt(potID: $0.pot, code: $0.code, amount: Money(ore: $0.amountOre), source: $0.source ?? "", referenceDate: $0.referenceDate)
            })
        // Validity is reported in the document's own order of milestones (the agreement sorts them by date).
        let validity = AgreementCheck.validity(of: agreement)
        guard AgreementCheck.years.contains(year), !validity.contains(where: { $0.path == "" }) else {
            return .failure(.invalid(problems + validity))
        }
        // Milestones are checked in the document's own order (the agreement sorts them by date).
        let invalid = validity.filter { !$0.path.hasPrefix("milestones[") } + AgreementCheck.milestoneProblems(milestones, year: year)
        problems += invalid
        return problems.isEmpty ? .success(agreement) : .failure(.invalid(problems))
    }

    /// Reads a document from JSON; a malformed one is refused with the path and what was expected.
    public static func decode(_ data: Data) -> Result<AgreementDocument, AgreementLifecycle.Refusal> {
        do {
            return .success(try JSONDecoder().decode(AgreementDocument.self, from: data))
        } catch let error as DecodingError {
            return .failure(.invalid([problem(error)]))
        } catch {
            return .failure(.invalid([.init("", "Filen är inte JSON.")]))
        }
    }

    /// The JSON of the document, keys sorted, for files and answers.
    public func encoded() -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        return (try? encoder.encode(self)) ?? Data()
    }

    static func path(_ codingPath: [any CodingKey]) -> String {
        var out = ""
        for key in codingPath {
            if let i = key.intValue { out += "[\(i)]" } else { out += (out.isEmpty ? "" : ".") + key.stringValue }
        }
        return out
    }

    static func problem(_ error: DecodingError) -> AgreementProblem {
        switch error {
        case .keyNotFound(let key, let context):
            let at = path(context.codingPath + [key])
            return .init(at, "Fältet \(at) saknas.")
        case .typeMismatch(let type, let context), .valueNotFound(let type, let context):
            let at = path(context.codingPath)
            let expected: String
            switch type {
            case is Int64.Type, is Int.Type: expected = "ett heltal (belopp i öre, år, nummer)"
            case is String.Type: expected = "en text"
            case is [Any].Type: expected = "en lista"
            default: expected = "ett värde av rätt typ"
            }
            return .init(at, "\(at.isEmpty ? "Dokumentet" : at) ska vara \(expected).")
        case .dataCorrupted(let context):
            let at = path(context.codingPath)
            if context.debugDescription.hasPrefix("not a YYYY-MM-DD date") {
                return .init(at, "\(at) ska vara ett datum som ÅÅÅÅ-MM-DD.")
            }
            return .init(at, at.isEmpty ? "Filen är inte giltig JSON." : "\(at) har ett ogiltigt värde.")
        @unknown default:
            return .init("", "Dokumentet kan inte läsas.")
        }
    }
}
