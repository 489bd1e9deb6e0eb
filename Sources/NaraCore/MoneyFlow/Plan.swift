/// One planned use of funds (*insats*) within a development area.
public struct PlanLine: Hashable, Sendable {
    /// The development area's number in the agreement.
    public let area: Int
    public let title: String
    public let amount: Money

    public init(area: Int, title: String, amount: Money) {
        self.area = area; self.title = title; self.amount = amount
    }
}

/// A recipient's plan for how to use its allocation (*användningsplan*).
public struct Plan: Sendable {
    public let year: Int
    /// The recipient: länskod for a region or a county's RSS.
    public let recipientCode: String
    public let lines: [PlanLine]

    public init(year: Int, recipientCode: String, lines: [PlanLine]) {
        self.year = year; self.recipientCode = recipientCode; self.lines = lines
    }

    public var total: Money { lines.map(\.amount).sum() }

    public func planned(area: Int) -> Money { lines.filter { $0.area == area }.map(\.amount).sum() }
}

/// How a plan stands against what was allocated: per area and in total.
public struct PlanAssessment: Sendable {
    public struct AreaRow: Sendable, Equatable {
        public let area: Int
        /// What the agreement gives this recipient for the area, where it says; nil otherwise.
        public let allocated: Money?
        public let planned: Money
        public var left: Money? { allocated.map { $0 - planned } }
    }

    public let rows: [AreaRow]
    public let allocated: Money
    public let planned: Money
    public var left: Money { allocated - planned }
    /// Problems that stop the plan from being saved, in Swedish.
    public let errors: [String]
    /// Things to notice that do not stop it.
    public let warnings: [String]
}

/// The rules a plan must keep: it may not exceed the allocation (in total, and per area where the
/// allocation is split by area); a plan under the allocation is allowed with a warning.
public enum PlanRules {
    public static func assess(_ plan: Plan, allocated: Money, perArea: [Int: Money] = [:], areas: [Int]) -> PlanAssessment {
        var errors: [String] = [], warnings: [String] = []
        for line in plan.lines {
            if line.amount.ore <= 0 { errors.append("Insatsen ”\(line.title)” måste ha ett belopp större än noll.") }
            if !areas.contains(line.area) { errors.append("Insatsen ”\(line.title)” hör till ett utvecklingsområde (\(line.area)) som inte finns i överenskommelsen.") }
            if line.title.trimmingSpaces().isEmpty { errors.append("En insats saknar namn.") }
        }
        let rows = areas.map { area in PlanAssessment.AreaRow(area: area, allocated: perArea[area], planned: plan.planned(area: area)) }
        for row in rows {
            if let a = row.allocated, row.planned > a {
                errors.append("Område \(row.area): planen är \(row.planned.krText), \((row.planned - a).krText) mer än de \(a.krText) som är tilldelade.")
            }
        }
        let total = plan.total
        if total > allocated {
            errors.append("Planen summerar till \(total.krText), \((total - allocated).krText) mer än tilldelningen \(allocated.krText).")
        } else if total < allocated {
            warnings.append("Planen summerar till \(total.krText); \((allocated - total).krText) av tilldelningen är inte planerade.")
        }
        return PlanAssessment(rows: rows, allocated: allocated, planned: total, errors: errors, warnings: warnings)
    }
}

/// Region Jämtland Härjedalen's plan for 2019, as the seed `004_…` states it: 30,6 mnkr in 14 lines.
public enum DemoPlans {
    public static let jamtland2019 = Plan(year: 2019, recipientCode: "23", lines: [
        PlanLine(area: 1, title: "Påbörjat arbete med Region Jämtland Härjedalens strategi för nära vård", amount: .mnkr("10")),
        PlanLine(area: 1, title: "Zamsynsdagar 22-23 oktober", amount: .mnkr("1")),
        PlanLine(area: 1, title: "Digitalisering och införande av ny teknik", amount: .mnkr("5")),
        PlanLine(area: 1, title: "Utveckling av hälsofrämjande och förebyggande insatser", amount: .mnkr("2")),
        PlanLine(area: 1, title: "Samverkan med kommunerna", amount: .mnkr("1")),
        PlanLine(area: 2, title: "Förbättrad väntetidsuppföljning", amount: .mnkr("1")),
        PlanLine(area: 2, title: "Digitala kontaktvägar (ex digitala vårdgivare)", amount: .mnkr("2")),
        PlanLine(area: 2, title: "Utökade öppettider", amount: .mnkr("1")),
        PlanLine(area: 2, title: "Förändrade arbetssätt", amount: .mnkr("1.8")),
        PlanLine(area: 3, title: "Personcentrerad vård", amount: .mnkr("1")),
        PlanLine(area: 3, title: "Rutiner för fast vårdkontakt", amount: .mnkr("0.8")),
        PlanLine(area: 3, title: "Fortsatt arbete breddinförande webbtidbok", amount: .mnkr("1.5")),
        PlanLine(area: 3, title: "Förbättringsarbete samordning och samverkan", amount: .mnkr("1")),
        PlanLine(area: 3, title: "Utveckling av patientkontrakt", amount: .mnkr("1.5")),
    ])
}
