import Fluent
import Foundation
import NaraCore
import NaraPersistence

/// The audit trail as a Swedish reader sees it: one row per entry, with the fields that changed
/// (before → after) and the fields that say what the entry is about. Its `table` is what the
/// page shows and what the CSV and the workbook hold, so they read the same.
struct AuditTrail: Sendable {
    /// One field of an entry.
    struct Field: Sendable, Equatable {
        let label: String
        /// Set when the value changed: what it was.
        let before: AuditVocabulary.Value?
        /// The value after (or the only value, for context).
        let after: AuditVocabulary.Value

        /// `Status: Väntar på attest → Attesterad, hos Kammarkollegiet`, `Belopp: 30 600 000 kr`.
        var text: String {
            label + ": " + (before.map { $0.text + " → " } ?? "") + after.text
        }
    }

    struct Row: Sendable {
        let at: Date
        let actor: String
        /// The e-ID provider and level the actor had signed in with (`Freja eID, nivå 3`); empty for a password.
        let signedInWith: String
        let organisation: String
        let action: String
        let object: String
        /// Before and after were both recorded and no value differs.
        let unchanged: Bool
        /// Changed fields first, then context.
        let fields: [Field]
        let address: String

        static let noChange = "Ingen ändring"

        /// The changes column's lines: `Ingen ändring` when nothing differs, then one per field.
        var changeLines: [String] { (unchanged ? [Row.noChange] : []) + fields.map(\.text) }

        /// The row as the page shows it and the downloads hold it: the time in Swedish time
        /// (`30 november 2026 kl. 14.05` on the page, a date-time in the downloads), the changes
        /// one line per field (a line break between them, as the page shows them), and the
        /// client address. What is missing is `–` on the page and empty in a download.
        var cells: [DataTable.Cell] {
            func cell(_ text: String) -> DataTable.Cell { text.isEmpty || text == "–" ? .empty : .text(text) }
            return [.date(.time(at), AuditVocabulary.time(at)), cell(actor), cell(organisation), cell(action), cell(object),
                    cell(changeLines.joined(separator: "\n")), cell(address), cell(signedInWith)]
        }
    }

    static let columns = ["Tid", "Vem", "Organisation", "Händelse", "Objekt", "Ändringar", "Adress", "Inloggad med"]
    static let caption = "Händelser, senaste först"

    let rows: [Row]

    /// The trail's one table: the page renders it (with its line breaks and unbroken times),
    /// the CSV and the workbook are written from it.
    var table: DataTable {
        DataTable(id: "logg", caption: AuditTrail.caption, columns: AuditTrail.columns, rows: rows.map(\.cells))
    }

    init(entries: [AuditEntryModel], names: AuditNames) {
        rows = entries.map { AuditTrail.row($0, names: names) }
    }

    static func row(_ e: AuditEntryModel, names: AuditNames) -> Row {
        let (unchanged, fields) = compare(before: AuditLog.decode(e.before), after: AuditLog.decode(e.after), entity: e.entityType, names: names)
        let organisation = e.organisationName.isEmpty ? (e.organisationID.map(names.name) ?? "–") : e.organisationName
        let signedInWith = e.assuranceProvider.map { "\($0), \(AssuranceLevel.name(e.assuranceLevel))" } ?? ""
        return Row(at: e.at, actor: e.actor, signedInWith: signedInWith, organisation: organisation,
                   action: AuditVocabulary.actionName(e.action),
                   object: AuditVocabulary.object(entity: e.entityType, id: e.entityID, names: names),
                   unchanged: unchanged, fields: fields, address: e.address)
    }

    /// Reads an entry's before and after as fields. A value present on both sides and different
    /// is a change (`before → after`); every other value is context, shown once (writers leave
    /// an unchanged value out of the after side, so a value only before still holds). Values
    /// are compared as read, so `approved` → `approved` is no change.
    static func compare(before: [String: String], after: [String: String], entity: String,
                        names: AuditNames) -> (unchanged: Bool, fields: [Field]) {
        func read(_ key: String, _ raw: String) -> AuditVocabulary.Value {
            AuditVocabulary.reading(raw, key: key, entity: entity, names: names)
        }
        var changed: [(key: String, field: Field)] = []
        var context: [(key: String, field: Field)] = []
        let bothSides = !before.isEmpty && !after.isEmpty
        for key in Set(before.keys).union(after.keys) {
            let label = AuditVocabulary.label(key)
            let b = before[key].map { read(key, $0) }, a = after[key].map { read(key, $0) }
            switch (b, a) {
            case let (b?, a?) where b != a: changed.append((key, Field(label: label, before: b, after: a)))
            case let (_, a?): context.append((key, Field(label: label, before: nil, after: a)))
            case let (b?, nil): context.append((key, Field(label: label, before: nil, after: b)))
            case (nil, nil): break
            }
        }
        func ordered(_ list: [(key: String, field: Field)]) -> [Field] {
            list.sorted { l, r in
                let ls = isStatus(l.key), rs = isStatus(r.key)
                return ls != rs ? ls : l.field.label < r.field.label
            }.map(\.field)
        }
        return (bothSides && changed.isEmpty, ordered(changed) + ordered(context))
    }

    private static func isStatus(_ key: String) -> Bool { ["status", "state", "tillstånd"].contains(key) }

    /// The names the entries' UUIDs stand for: organisations from `organisations` (the page has
    /// them for its filter already), people in one query.
    static func names(for entries: [AuditEntryModel], organisations: [OrganisationModel], on db: any Database) async throws -> AuditNames {
        var ids = Set<UUID>()
        for e in entries {
            let values = Array(AuditLog.decode(e.before).values) + Array(AuditLog.decode(e.after).values)
            for text in values + e.entityID.split(separator: "/").map(String.init) where text.count == 36 {
                if let id = UUID(uuidString: text) { ids.insert(id) }
            }
        }
        var names = AuditNames()
        for o in organisations { if let id = o.id { names.organisations[id] = o.name } }
        ids.subtract(names.organisations.keys)
        // One query for a page; a long download asks in slices the databases accept.
        let all = Array(ids)
        for start in stride(from: 0, to: all.count, by: 1000) {
            let slice = Array(all[start..<min(start + 1000, all.count)])
            for u in try await UserModel.query(on: db).filter(\.$id ~~ slice).all() { names.people[u.id!] = u.name }
        }
        return names
    }
}
