/// Shares as analysts read them: `47,6 %`, rounded half up to tenths.
public enum Share {
    public static func text(_ count: Int, of total: Int) -> String {
        guard total > 0 else { return "–" }
        let tenths = (Int64(count) * 1000 + Int64(total) / 2) / Int64(total)
        return SwedishNumber.decimal(tenths, 10, digits: 1) + "\u{00A0}%"
    }
    /// Per mille, for bar lengths.
    public static func perMille(_ count: Int, of total: Int) -> Int { total > 0 ? count * 1000 / total : 0 }
}

/// Counts per option of a choice question, in the questionnaire's order, with any answers
/// outside today's options (from an earlier version) after them.
public struct ChoiceTally: Sendable, Equatable {
    public struct Line: Sendable, Equatable {
        public let label: String
        public let count: Int
    }
    public let lines: [Line]
    /// Reports that answered the question (a multiple-choice answer counts once).
    public let respondents: Int

    public init(options: [String], counts: [String: Int], respondents: Int) {
        var lines = options.map { Line(label: $0, count: counts[$0] ?? 0) }
        for (label, count) in counts.sorted(by: { $0.key < $1.key }) where !options.contains(label) {
            lines.append(Line(label: label, count: count))
        }
        self.lines = lines
        self.respondents = respondents
    }
}

/// A region's goal picture for the shift to close care (seed `001_…`: "Omtanke Halland") and
/// how it is followed up.
public struct GoalPicture: Sendable, Equatable {
    public var title: String
    public var summary: String
    public var factors: [String]
    public var followUp: String
    public var decidedOn: CivilDate?
    public var decidedBy: String

    public init(title: String, summary: String, factors: [String], followUp: String, decidedOn: CivilDate?, decidedBy: String) {
        self.title = title; self.summary = summary; self.factors = factors; self.followUp = followUp
        self.decidedOn = decidedOn; self.decidedBy = decidedBy
    }

    /// Field name → Swedish sentence for everything wrong.
    public func problems() -> [String: String] {
        var p: [String: String] = [:]
        if title.trimmingSpaces().isEmpty { p["title"] = "Skriv målbildens namn." }
        if title.count > 200 { p["title"] = "Namnet får ha högst 200 tecken." }
        if summary.count > 4_000 { p["summary"] = "Beskrivningen får ha högst 4 000 tecken." }
        if followUp.count > 4_000 { p["followup"] = "Beskrivningen av uppföljningen får ha högst 4 000 tecken." }
        if factors.count > 12 { p["factors"] = "Ange högst 12 framgångsfaktorer, en per rad." }
        if factors.contains(where: { $0.count > 200 }) { p["factors"] = "Varje framgångsfaktor får ha högst 200 tecken." }
        if decidedBy.count > 200 { p["decided_by"] = "Högst 200 tecken." }
        return p
    }

    /// Region Halland's goal picture as the seed `001_…` describes it.
    public static let halland = GoalPicture(
        title: "Omtanke Halland",
        summary: "Målbilden tar ut en riktning för hur vård och omsorg i Halland ska utvecklas mot en god och nära vård och omsorg som är sammanhållen, personcentrerad och nära. Oavsett vem jag är, var jag bor eller hur gammal jag är så utformas vård och omsorg för mig och mina individuella förutsättningar.",
        factors: ["Hälsofrämjande", "Gemensam", "Enkel", "Trygg"],
        followUp: "Omställningen följs med indikatorerna på regionnivå i Vården i siffror (Omställningen till nära vård). Arbete pågår med att ytterligare utveckla uppföljningen; en gemensam halländsk färdplan tas fram.",
        // The seed gives the month only ("antagits november 2022"), so no day is invented.
        decidedOn: nil,
        decidedBy: "Antagen i november 2022 av ledande politiker i KRF (kommun- och regionledningsforum) för Region Halland och de halländska kommunerna")

    /// Whether the goal picture is recorded as decided.
    public var isDecided: Bool { decidedOn != nil || !decidedBy.trimmingSpaces().isEmpty }
}
