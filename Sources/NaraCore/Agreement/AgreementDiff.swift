/// One field that differs between two versions of an agreement, in words for the page.
public struct FieldChange: Sendable, Equatable, Codable {
    /// `Pott ”regioner”: belopp`.
    public let field: String
    /// Empty when the thing was added.
    public let before: String
    /// Empty when the thing was removed.
    public let after: String

    public init(field: String, before: String, after: String) {
        self.field = field; self.before = before; self.after = after
    }
}

/// What an amendment changes, field by field: areas matched by number, pots by id,
/// conditions and milestones by their text.
public enum AgreementDiff {
    public static func changes(from a: Agreement, to b: Agreement) -> [FieldChange] {
        var out: [FieldChange] = []
        func field(_ name: String, _ x: String, _ y: String) { if x != y { out.append(FieldChange(field: name, before: x, after: y)) } }

        field("Titel", a.title, b.title)
        field("Sammanfattning", a.summary, b.summary)
        field("Källa", a.source, b.source)
        field("Diarienummer", a.sourceReference, b.sourceReference)
        field("Undertecknad", a.signedOn?.swedish ?? "", b.signedOn?.swedish ?? "")
        field("Ram", a.frame.krText, b.frame.krText)

        let areasA = Dictionary(a.areas.map { ($0.number, $0) }, uniquingKeysWith: { x, _ in x })
        let areasB = Dictionary(b.areas.map { ($0.number, $0) }, uniquingKeysWith: { x, _ in x })
        for number in Set(areasA.keys).union(areasB.keys).sorted() {
            let name = "Utvecklingsområde \(number)"
            switch (areasA[number], areasB[number]) {
            case (nil, let y?): field(name, "", y.title)
            case (let x?, nil): field(name, x.title, "")
            case (let x?, let y?):
                field("\(name): rubrik", x.title, y.title)
                field("\(name): sammanfattning", x.summary, y.summary)
                field("\(name): angiven summa", x.statedTotal?.krText ?? "", y.statedTotal?.krText ?? "")
                field("\(name): belopp", describe(x.amounts), describe(y.amounts))
            default: break
            }
        }

        let potsA = Dictionary(a.pots.map { ($0.id, $0) }, uniquingKeysWith: { x, _ in x })
        let potsB = Dictionary(b.pots.map { ($0.id, $0) }, uniquingKeysWith: { x, _ in x })
        let potOrder = a.pots.map(\.id) + b.pots.map(\.id).filter { potsA[$0] == nil }
        for id in potOrder {
            let name = "Pott ”\(id)”"
            switch (potsA[id], potsB[id]) {
            case (nil, let y?): field(name, "", "\(y.name), \(y.amount.krText)")
            case (let x?, nil): field(name, "\(x.name), \(x.amount.krText)", "")
            case (let x?, let y?):
                field("\(name): namn", x.name, y.name)
                field("\(name): mottagare", x.category.swedishName, y.category.swedishName)
                field("\(name): belopp", x.amount.krText, y.amount.krText)
                field("\(name): fördelningsnyckel", describe(x.key), describe(y.key))
                field("\(name): referensdatum", x.statedReferenceDate?.swedish ?? "", y.statedReferenceDate?.swedish ?? "")
                field("\(name): sista dag att rapportera", x.quantityDeadline?.swedish ?? "", y.quantityDeadline?.swedish ?? "")
                field("\(name): anmärkning", x.note, y.note)
            default: break
            }
        }

        for text in a.conditions where !b.conditions.contains(text) { field("Villkor", text, "") }
        for text in b.conditions where !a.conditions.contains(text) { field("Villkor", "", text) }
        if Set(a.conditions) == Set(b.conditions), a.conditions != b.conditions {
            field("Villkorens ordning", a.conditions.enumerated().map { "\($0.offset + 1). \($0.element.prefix(40))" }.joined(separator: " "),
                  b.conditions.enumerated().map { "\($0.offset + 1). \($0.element.prefix(40))" }.joined(separator: " "))
        }

        let milestonesA = a.milestones.map(describe), milestonesB = b.milestones.map(describe)
        for m in milestonesA where !milestonesB.contains(m) { field("Milstolpe", m, "") }
        for m in milestonesB where !milestonesA.contains(m) { field("Milstolpe", "", m) }

        let receiptsA = a.statedReceipts.map(describe), receiptsB = b.statedReceipts.map(describe)
        for r in receiptsA where !receiptsB.contains(r) { field("Angiven tilldelning", r, "") }
        for r in receiptsB where !receiptsA.contains(r) { field("Angiven tilldelning", "", r) }
        return out
    }

    /// The pots whose allocation an amendment changes: new pots, and pots whose amount, key,
    /// category or reference date changed.
    public static func reallocatedPots(from a: Agreement, to b: Agreement) -> [String] {
        b.pots.filter { p in
            guard let old = a.pot(p.id) else { return true }
            return old.amount != p.amount || old.key != p.key || old.category != p.category
                || old.statedReferenceDate != p.statedReferenceDate
        }.map(\.id)
    }

    static func describe(_ amounts: [AreaAmount]) -> String {
        amounts.map { x in
            "\(x.category.swedishName)\(x.purpose.isEmpty ? "" : " (\(x.purpose))"): \(x.amount.krText)"
        }.joined(separator: "; ")
    }

    static func describe(_ key: DistributionKey) -> String {
        switch key {
        case .populationShare: return key.swedishName
        case .reportedQuantity: return key.swedishName
        case .fixed(let amounts):
            return key.swedishName + ": " + amounts.keys.sorted().map { "\($0) \(amounts[$0]!.krText)" }.joined(separator: ", ")
        }
    }

    static func describe(_ m: Milestone) -> String {
        "\(m.date.swedish): \(m.title) (\(m.kind.swedishName); \(m.responsible) → \(m.recipient))"
    }

    static func describe(_ r: StatedReceipt) -> String {
        "\(r.code) får \(r.amount.krText) ur ”\(r.potID)”"
    }
}
