/// Requisitioning funds (*rekvisition*) from Kammarkollegiet, with time injected.
public enum RequisitionRules {
    /// Why a requisition cannot be made.
    public enum Refusal: Error, Equatable, Sendable, CustomStringConvertible {
        case lapsed(deadline: CivilDate)
        case exceeds(available: Money)
        case notPositive
        /// The organisation has no allocation in the year's agreement.
        case noAllocation(recipient: String, year: Int)
        /// There is no agreement for the year.
        case noAgreement(year: Int)

        public var description: String {
            switch self {
            case .lapsed(let d): return "Sista dag för rekvisition var \(d.swedish). Rätten att rekvirera medlen har upphört."
            case .exceeds(let a): return "Beloppet är större än det som återstår att rekvirera (\(a.krText))."
            case .notPositive: return "Beloppet måste vara större än noll."
            case .noAllocation(let name, let year):
                return "\(name) har inga medel tilldelade i överenskommelsen \(year) och kan därför inte rekvirera."
            case .noAgreement(let year): return "Det finns ingen överenskommelse för \(year)."
            }
        }
    }

    /// Checks a requisition of `amount` on `today`.
    /// - Parameters:
    ///   - deadline: the agreement's last day for requisitions, if it states one.
    ///   - allocated: the recipient's allocation; `alreadyRequisitioned` what earlier requisitions took.
    public static func check(amount: Money, allocated: Money, alreadyRequisitioned: Money, deadline: CivilDate?, today: CivilDate) -> Refusal? {
        if let deadline, today > deadline { return .lapsed(deadline: deadline) }
        if amount.ore <= 0 { return .notPositive }
        let available = allocated - alreadyRequisitioned
        if amount > available { return .exceeds(available: available) }
        return nil
    }

    /// Splits a requisition over development areas by the recipient's plan, exactly; with no
    /// plan, the whole amount is on area 0 (not tied to an area).
    public static func byArea(_ amount: Money, plan: Plan) throws -> [Int: Money] {
        let areas = Array(Set(plan.lines.map(\.area))).sorted()
        guard !areas.isEmpty, plan.total.ore > 0 else { return [0: amount] }
        let claims = areas.map { Claim(code: String(format4: $0), weight: plan.planned(area: $0).ore) }
        let split = try LargestRemainder.split(amount, over: claims, unitOre: 1)
        return Dictionary(uniqueKeysWithValues: zip(areas, split.lines.map(\.amount)))
    }
}

extension String {
    public init(format4 n: Int) { self = zeroPadded4(n) }
}
