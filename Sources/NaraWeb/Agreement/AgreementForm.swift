import Foundation
import NaraCore

/// The agreement editor's fields as people typed them. Field names are the paths of the
/// agreement's JSON document (`pots[1].amount_ore`), so a problem found by `AgreementCheck`
/// is shown at the field with its path; amounts are typed as people type them (`2 420 mnkr`).
struct AgreementForm: Sendable {
    struct AmountRow: Sendable { var category = "", purpose = "", amount = "" }
    struct AreaRow: Sendable {
        var number = "", title = "", summary = "", statedTotal = ""
        var amounts: [AmountRow] = []
        var remove = false
    }
    struct PotRow: Sendable {
        var id = "", name = "", category = "regions", amount = "", key = "population", keyUnit = ""
        var referenceDate = "", note = "", fixedAmounts = "", quantityDeadline = ""
        var remove = false
    }
    struct ConditionRow: Sendable { var text = "", remove = false }
    struct MilestoneRow: Sendable { var date = "", kind = "other", title = "", responsible = "", recipient = "", remove = false }
    struct ReceiptRow: Sendable { var pot = "", code = "", amount = "", source = "", referenceDate = "", remove = false }

    var title = "", summary = "", source = "", sourceReference = "", signedOn = "", frame = ""
    var areas: [AreaRow] = []
    var pots: [PotRow] = []
    var conditions: [ConditionRow] = []
    var milestones: [MilestoneRow] = []
    var receipts: [ReceiptRow] = []
    var amendmentDate = "", amendmentReason = "", amendmentReference = "", baseVersion = ""

    /// The form showing a stored agreement.
    init(_ a: Agreement) {
        title = a.title; summary = a.summary; source = a.source; sourceReference = a.sourceReference
        signedOn = a.signedOn?.iso ?? ""; frame = a.frame.typedKronor
        areas = a.areas.map { x in
            AreaRow(number: String(x.number), title: x.title, summary: x.summary, statedTotal: x.statedTotal?.typedKronor ?? "",
                    amounts: x.amounts.map { AmountRow(category: $0.category.rawValue, purpose: $0.purpose, amount: $0.amount.typedKronor) })
        }
        pots = a.pots.map { p in
            var row = PotRow(id: p.id, name: p.name, category: p.category.rawValue, amount: p.amount.typedKronor, key: p.key.kind,
                             referenceDate: p.statedReferenceDate?.iso ?? "", note: p.note, quantityDeadline: p.quantityDeadline?.iso ?? "")
            switch p.key {
            case .populationShare: break
            case .reportedQuantity(let unit): row.keyUnit = unit
            case .fixed(let amounts): row.fixedAmounts = amounts.keys.sorted().map { "\($0)\t\(amounts[$0]!.typedKronor)" }.joined(separator: "\n")
            }
            return row
        }
        conditions = a.conditions.map { ConditionRow(text: $0) }
        milestones = a.milestones.map { MilestoneRow(date: $0.date.iso, kind: $0.kind.rawValue, title: $0.title, responsible: $0.responsible, recipient: $0.recipient) }
        receipts = a.statedReceipts.map { ReceiptRow(pot: $0.potID, code: $0.code, amount: $0.amount.typedKronor, source: $0.source, referenceDate: $0.referenceDate?.iso ?? "") }
    }

    /// The form as posted.
    init(_ f: FormBody.Fields) {
        func v(_ key: String) -> String { f.first(key) ?? "" }
        func rows(_ prefix: String, probe: String) -> Int {
            var n = 0
            while n < AgreementCheck.maxItems, f.first("\(prefix)[\(n)]\(probe)") != nil { n += 1 }
            return n
        }
        title = v("title"); summary = v("summary"); source = v("source"); sourceReference = v("source_reference")
        signedOn = v("signed_on"); frame = v("frame_ore")
        areas = (0..<rows("areas", probe: ".number")).map { i in
            let at = "areas[\(i)]"
            return AreaRow(number: v("\(at).number"), title: v("\(at).title"), summary: v("\(at).summary"), statedTotal: v("\(at).stated_total_ore"),
                           amounts: (0..<rows("\(at).amounts", probe: ".amount_ore")).map { j in
                               AmountRow(category: v("\(at).amounts[\(j)].category"), purpose: v("\(at).amounts[\(j)].purpose"), amount: v("\(at).amounts[\(j)].amount_ore"))
                           }, remove: f.first("\(at).remove") != nil)
        }
        pots = (0..<rows("pots", probe: ".id")).map { i in
            let at = "pots[\(i)]"
            return PotRow(id: v("\(at).id"), name: v("\(at).name"), category: v("\(at).category"), amount: v("\(at).amount_ore"), key: v("\(at).key"),
                          keyUnit: v("\(at).key_unit"), referenceDate: v("\(at).stated_reference_date"), note: v("\(at).note"),
                          fixedAmounts: v("\(at).fixed_amounts"), quantityDeadline: v("\(at).quantity_deadline"), remove: f.first("\(at).remove") != nil)
        }
        conditions = (0..<rows("conditions", probe: "")).map { i in ConditionRow(text: v("conditions[\(i)]"), remove: f.first("conditions[\(i)].remove") != nil) }
        milestones = (0..<rows("milestones", probe: ".date")).map { i in
            let at = "milestones[\(i)]"
            return MilestoneRow(date: v("\(at).date"), kind: v("\(at).kind"), title: v("\(at).title"), responsible: v("\(at).responsible"),
                                recipient: v("\(at).recipient"), remove: f.first("\(at).remove") != nil)
        }
        receipts = (0..<rows("stated_receipts", probe: ".code")).map { i in
            let at = "stated_receipts[\(i)]"
            return ReceiptRow(pot: v("\(at).pot"), code: v("\(at).code"), amount: v("\(at).amount_ore"), source: v("\(at).source"),
                              referenceDate: v("\(at).reference_date"), remove: f.first("\(at).remove") != nil)
        }
        amendmentDate = v("amendment.date"); amendmentReason = v("amendment.reason"); amendmentReference = v("amendment.reference")
        baseVersion = v("base_version")
    }

    init() {}

    /// Rows marked for removal and rows left empty are dropped; milestones are put in date
    /// order, as the agreement keeps them, so every row's index is its path in the document.
    func normalized() -> AgreementForm {
        var out = self
        out.areas = areas.filter { !$0.remove && !($0.title.isBlank && $0.summary.isBlank && $0.statedTotal.isBlank && $0.amounts.allSatisfy(\.amount.isBlank)) }
            .map { a in var a = a; a.amounts = a.amounts.filter { !$0.amount.isBlank || !$0.purpose.isBlank }; return a }
        out.pots = pots.filter { !$0.remove && !($0.id.isBlank && $0.name.isBlank && $0.amount.isBlank) }
        out.conditions = conditions.filter { !$0.remove && !$0.text.isBlank }
        out.milestones = milestones.filter { !$0.remove && !($0.date.isBlank && $0.title.isBlank) }.enumerated()
            .sorted { (CivilDate(iso: $0.element.date.trimmed) ?? .make(2200, 1, 1), $0.offset) < (CivilDate(iso: $1.element.date.trimmed) ?? .make(2200, 1, 1), $1.offset) }
            .map(\.element)
        out.receipts = receipts.filter { !$0.remove && !($0.code.isBlank && $0.amount.isBlank) }
        return out
    }

    /// The agreement the (normalized) form describes, or every problem at its field.
    func agreement(year: Int) -> Result<Agreement, FormProblems> {
        var problems: [AgreementProblem] = []
        func money(_ text: String, _ path: String, required: Bool = true) -> Money? {
            if text.isBlank {
                if required { problems.append(.init(path, "Ange ett belopp, till exempel 2 420 000 000 eller 2 420 mnkr.")) }
                return nil
            }
            do { return try MoneyParser.parse(text, defaultUnit: .kr) } catch { problems.append(.init(path, "\(error)")); return nil }
        }
        func date(_ text: String, _ path: String, required: Bool = false) -> CivilDate? {
            if text.isBlank {
                if required { problems.append(.init(path, "Ange datum som ÅÅÅÅ-MM-DD.")) }
                return nil
            }
            guard let d = CivilDate(iso: text.trimmed) else { problems.append(.init(path, "”\(text.prefix(40))” är inget datum. Skriv ÅÅÅÅ-MM-DD, till exempel \(year)-03-31.")); return nil }
            return d
        }
        func category(_ raw: String, _ path: String) -> RecipientCategory {
            if let c = RecipientCategory(rawValue: raw) { return c }
            problems.append(.init(path, "Välj vem medlen går till.")); return .regions
        }
        let frame = money(frame, "frame_ore") ?? .zero
        let areas = self.areas.enumerated().map { i, row -> DevelopmentArea in
            let number = Int(row.number.trimmed) ?? {
                problems.append(.init("areas[\(i)].number", "Skriv områdets nummer som ett heltal, till exempel \(i + 1).")); return i + 1
            }()
            return DevelopmentArea(number: number, title: row.title.trimmed, summary: row.summary.trimmed,
                                   statedTotal: money(row.statedTotal, "areas[\(i)].stated_total_ore", required: false),
                                   amounts: row.amounts.enumerated().map { j, x in
                                       AreaAmount(category(x.category, "areas[\(i)].amounts[\(j)].category"),
                                                  money(x.amount, "areas[\(i)].amounts[\(j)].amount_ore") ?? .zero, purpose: x.purpose.trimmed)
                                   })
        }
        let pots = self.pots.enumerated().map { i, row -> Pot in
            let at = "pots[\(i)]"
            let key: DistributionKey
            switch row.key {
            case "population": key = .populationShare
            case "quantity": key = .reportedQuantity(unit: row.keyUnit.trimmed)
            case "fixed":
                switch FixedAmountsText.parse(row.fixedAmounts) {
                case .success(let amounts): key = .fixed(amounts)
                case .failure(let refusal): problems.append(.init("\(at).fixed_amounts", refusal.message)); key = .fixed([:])
                }
            default: problems.append(.init("\(at).key", "Välj hur potten fördelas.")); key = .populationShare
            }
            return Pot(id: row.id.trimmed, name: row.name.trimmed, category: category(row.category, "\(at).category"),
                       amount: money(row.amount, "\(at).amount_ore") ?? .zero, key: key,
                       statedReferenceDate: date(row.referenceDate, "\(at).stated_reference_date"), note: row.note.trimmed,
                       quantityDeadline: date(row.quantityDeadline, "\(at).quantity_deadline"))
        }
        let milestones = self.milestones.enumerated().map { i, row in
            Milestone(date: date(row.date, "milestones[\(i)].date", required: true) ?? .make(year, 1, 1),
                      kind: MilestoneKind(rawValue: row.kind) ?? .other, title: row.title.trimmed,
                      responsible: row.responsible.trimmed, recipient: row.recipient.trimmed)
        }
        let receipts = self.receipts.enumerated().map { i, row in
            StatedReceipt(potID: row.pot.trimmed, code: row.code.trimmed, amount: money(row.amount, "stated_receipts[\(i)].amount_ore") ?? .zero,
                          source: row.source.trimmed, referenceDate: date(row.referenceDate, "stated_receipts[\(i)].reference_date"))
        }
        let a = Agreement(draftYear: year, title: title.trimmed, frame: frame, summary: summary.trimmed, source: source.trimmed,
                          sourceReference: sourceReference.trimmed, signedOn: date(signedOn, "signed_on"), areas: areas, pots: pots,
                          conditions: conditions.map { $0.text.trimmed }, milestones: milestones, statedReceipts: receipts)
        problems += AgreementCheck.validity(of: a).filter { p in !problems.contains { $0.path == p.path } }
        return problems.isEmpty ? .success(a) : .failure(FormProblems(list: problems))
    }

    /// The amendment the form states, or its problems.
    func amendment(year: Int) -> (Amendment?, [AgreementProblem]) {
        var problems: [AgreementProblem] = []
        let date = CivilDate(iso: amendmentDate.trimmed)
        if date == nil { problems.append(.init("amendment.date", "Ange ändringsöverenskommelsens datum som ÅÅÅÅ-MM-DD.")) }
        guard let date else { return (nil, problems + AgreementLifecycle.check(Amendment(date: .make(year, 1, 1), reason: amendmentReason, reference: amendmentReference), year: year).filter { $0.path != "amendment.date" }) }
        let a = Amendment(date: date, reason: amendmentReason.trimmed, reference: amendmentReference.trimmed)
        problems += AgreementLifecycle.check(a, year: year)
        return (problems.isEmpty ? a : nil, problems)
    }
}

/// The problems of a form that could not be read, each at its field.
struct FormProblems: Error, Sendable { let list: [AgreementProblem] }

/// Fixed amounts per recipient as typed or pasted from Excel: one recipient a line, its code
/// and amount separated by a tab, a semicolon or spaces (`SKR<tab>30 000 000`).
enum FixedAmountsText {
    struct Refusal: Error { let message: String }

    static func parse(_ text: String) -> Result<[String: Money], Refusal> {
        var out: [String: Money] = [:]
        for (n, raw) in text.split(whereSeparator: \.isNewline).enumerated() {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.isEmpty { continue }
            let code: String, amountText: String
            if let sep = line.firstIndex(where: { $0 == "\t" || $0 == ";" }) {
                code = String(line[..<sep]).trimmed; amountText = String(line[line.index(after: sep)...]).trimmed
            } else if let space = line.firstIndex(of: " ") {
                code = String(line[..<space]); amountText = String(line[space...]).trimmed
            } else {
                return .failure(Refusal(message: "Rad \(n + 1): skriv mottagarens kod och beloppet, till exempel ”SKR 30 000 000”."))
            }
            guard RecipientCode.isValid(code) else { return .failure(Refusal(message: "Rad \(n + 1): ”\(code.prefix(20))” är ingen mottagarkod (länskod som 23, eller SKR).")) }
            guard out[code] == nil else { return .failure(Refusal(message: "Rad \(n + 1): \(code) finns redan på en tidigare rad.")) }
            do { out[code] = try MoneyParser.parse(amountText, defaultUnit: .kr) } catch { return .failure(Refusal(message: "Rad \(n + 1): \(error)")) }
        }
        return .success(out)
    }
}

extension AgreementForm {
    /// A structural change that stores nothing: `add:pots`, `add:areas[0].amounts`,
    /// `up:conditions:2`, `down:conditions:2`.
    mutating func apply(_ action: String) {
        let parts = action.split(separator: ":").map(String.init)
        guard parts.count >= 2 else { return }
        switch (parts[0], parts[1]) {
        case ("add", "areas"): areas.append(AreaRow(number: String((areas.compactMap { Int($0.number) }.max() ?? 0) + 1), amounts: [AmountRow()]))
        case ("add", "pots"): pots.append(PotRow())
        case ("add", "conditions"): conditions.append(ConditionRow())
        case ("add", "milestones"): milestones.append(MilestoneRow())
        case ("add", "stated_receipts"): receipts.append(ReceiptRow())
        case ("add", let target) where target.hasPrefix("areas[") && target.hasSuffix("].amounts"):
            if let i = Int(target.dropFirst(6).dropLast(9)), areas.indices.contains(i) { areas[i].amounts.append(AmountRow()) }
        case ("up", "conditions"), ("down", "conditions"):
            guard parts.count == 3, let i = Int(parts[2]), conditions.indices.contains(i) else { return }
            let j = parts[0] == "up" ? i - 1 : i + 1
            if conditions.indices.contains(j) { conditions.swapAt(i, j) }
        default: break
        }
    }
}
