import Foundation
import NaraCore

/// The Swedish an audit entry is read in. Entries store codes and keys as their writers chose
/// them (older entries: `belopp_ore`, `approved`, `recipient_editor`, UUIDs, ISO dates); this
/// turns them into words at display time, so old and new entries read alike.
enum AuditVocabulary {
    /// Every kind of object the trail records, code and Swedish name, in the order of the names.
    static let entities: [(code: String, name: String)] = [
        ("api_token", "API-nyckel"), ("population_table", "Befolkningstabell"), ("payment", "Betalning"), ("demo", "Demodata"),
        ("financial_report", "Ekonomisk redovisning"), ("form_definition", "Formulär"), ("question_link", "Frågekoppling"),
        ("allocation", "Fördelning"), ("invitation", "Inbjudan"), ("indicator_values", "Indikatorvärden"),
        ("membership", "Medlemskap"), ("goal_picture", "Målbild"), ("quantity_report", "Mängdrapport"),
        ("organisation", "Organisation"), ("person", "Person"), ("plan", "Plan"), ("report", "Rapport"),
        ("assignment", "Rapportomgång"), ("requisition", "Rekvisition"), ("fund_assignment", "Uppdrag"),
        ("repayment", "Återbetalning"), ("repayment_claim", "Återkrav"), ("provider_request", "Äskande"),
        ("agreement", "Överenskommelse"),
    ]

    static func entityName(_ code: String) -> String {
        entities.first { $0.code == code }?.name ?? label(code)
    }

    static func actionName(_ code: String) -> String {
        AuditLog.Action(rawValue: code)?.swedishName ?? label(code)
    }

    /// Keys that are not Swedish words, or that read better otherwise.
    private static let labels: [String: String] = [
        "status": "Status", "state": "Status", "role": "Roll", "email": "E-post", "name": "Namn", "amount": "Belopp",
        "date": "Datum", "reason": "Skäl", "submitted": "Inskickad", "approved": "Godkänd", "rejected": "Avslagen",
        "kind": "Slag", "year": "År", "version": "Version",
    ]

    /// A field's label: `belopp_ore` → `Belopp`, `attesterad_av` → `Attesterad av`.
    static func label(_ key: String) -> String {
        if let known = labels[key] { return known }
        var words = key.hasSuffix("_ore") ? String(key.dropLast(4)) : key
        words = words.replacingOccurrences(of: "_", with: " ").trimmingCharacters(in: .whitespaces)
        guard let first = words.first else { return "–" }
        return first.uppercased() + words.dropFirst()
    }

    /// A value as read: `text`, and whether it is an amount (kept on one line).
    struct Value: Equatable, Sendable {
        let text: String
        let isAmount: Bool
    }

    /// A stored value in Swedish. `key` and `entity` say what the value is: `draft` reads
    /// differently for a requisition and for an agreement.
    static func reading(_ raw: String, key: String, entity: String, names: AuditNames) -> Value {
        let v = raw.trimmingCharacters(in: .whitespacesAndNewlines)
        if v.isEmpty { return Value(text: "–", isAmount: false) }
        if key.hasSuffix("_ore"), let ore = Int64(v) { return Value(text: Money(ore: ore).krText, isAmount: true) }
        if v.hasSuffix("\u{00A0}kr") || v.hasSuffix(" kr") { return Value(text: v, isAmount: true) }
        return Value(text: word(v, key: key, entity: entity, names: names), isAmount: false)
    }

    private static func word(_ v: String, key: String, entity: String, names: AuditNames) -> String {
        switch key {
        case "status", "state", "tillstånd":
            if let name = stateName(v, entity: entity) { return name }
        case "typ", "kind":
            if let kind = OrganisationKind(rawValue: v) { return kind.swedishName }
        default: break
        }
        if let role = Role(rawValue: v) { return role.swedishName }
        if let kind = ReportKind(rawValue: v) { return kind.swedishName }
        if v == "true" { return "ja" }
        if v == "false" { return "nej" }
        if v.count == 10, let day = CivilDate(iso: v) { return day.swedish }
        if v.count >= 20, v.contains("T"), let instant = try? Date(v, strategy: .iso8601) { return time(instant) }
        if v.count == 36, let id = UUID(uuidString: v) { return names.name(id) }
        return v
    }

    /// A state code in the entity's own words; `nil` for a code the entity does not have (or
    /// a value already written in Swedish).
    static func stateName(_ code: String, entity: String) -> String? {
        switch entity {
        case "requisition": return RequisitionState(rawValue: code)?.swedishName
        case "payment": return PaymentState(rawValue: code)?.swedishName
        case "financial_report": return FinancialReportState(rawValue: code)?.swedishName
        case "repayment_claim": return RepaymentClaimState(rawValue: code)?.swedishName
        case "provider_request": return ProviderRequestState(rawValue: code)?.swedishName
        case "report": return ReportState(rawValue: code)?.swedishName
        case "agreement": return AgreementStatus(rawValue: code)?.swedishName
        case "quantity_report": return QuantityReportState(rawValue: code)?.swedishName
        default: return nil
        }
    }

    /// An instant in Swedish time: `31 mars 2024 kl. 12.00`.
    static func time(_ date: Date) -> String {
        let c = SwedishDateTime.calendar.dateComponents([.year, .month, .day, .hour, .minute], from: date)
        let day = CivilDate(year: c.year ?? 1970, month: c.month ?? 1, day: c.day ?? 1)?.swedish ?? ""
        return day + " kl. " + String(format: "%02d.%02d", c.hour ?? 0, c.minute ?? 0)
    }

    /// The object an entry is about: `Rekvisition id 1a2b3c4d`, `Organisation Region Gotland`,
    /// `Plan Region Gotland 2024`, `Överenskommelse 2024`.
    static func object(entity: String, id: String, names: AuditNames) -> String {
        let parts = id.split(separator: "/").map { part -> String in
            let p = String(part)
            if p.count == 36, let uuid = UUID(uuidString: p) { return names.name(uuid) }
            return String(p.prefix(80))
        }
        return ([entityName(entity)] + parts).joined(separator: " ")
    }
}

/// The organisations and people an audit page's UUIDs name, fetched once per page.
struct AuditNames: Sendable {
    var organisations: [UUID: String] = [:]
    var people: [UUID: String] = [:]

    /// The named organisation or person, else a short id (`id 1a2b3c4d`).
    func name(_ id: UUID) -> String {
        organisations[id] ?? people[id] ?? "id " + id.uuidString.prefix(8).lowercased()
    }
}
