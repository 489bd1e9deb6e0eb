import Fluent
import Foundation
import NaraCore
import NaraPersistence

/// Indicator values in storage: imported whole or not at all, read as series per area.
enum Indicators {
    /// Stores values, replacing earlier ones for the same indicator, area, year and sex, in one
    /// transaction. - Returns: how many were new and how many replaced an earlier value.
    static func store(_ values: [IndicatorValue], source: String, by actor: String, now: Date, on db: any Database) async throws -> (added: Int, replaced: Int) {
        try await db.writeTransaction { tx in try await storeInTransaction(values, source: source, by: actor, now: now, on: tx) }
    }

    /// `store` inside a transaction the caller holds.
    static func storeInTransaction(_ values: [IndicatorValue], source: String, by actor: String, now: Date,
                                   on tx: any Database) async throws -> (added: Int, replaced: Int) {
        let keys = Set(values.map(\.indicator))
        var existing: [String: IndicatorValueModel] = [:]
        for m in try await IndicatorValueModel.query(on: tx).filter(\.$indicator ~~ keys).all() {
            existing["\(m.indicator)|\(m.areaCode)|\(m.year)|\(m.sex)"] = m
        }
        var added: [IndicatorValueModel] = [], replaced = 0
        for v in values {
            if let m = existing["\(v.indicator)|\(v.code)|\(v.year)|\(v.sex)"] {
                replaced += 1
                if m.value != v.value || m.source != source {
                    m.value = v.value; m.source = source; m.importedAt = now; m.importedBy = actor
                    try await m.update(on: tx)
                }
            } else {
                let m = IndicatorValueModel()
                m.indicator = v.indicator; m.areaCode = v.code; m.year = v.year; m.sex = v.sex; m.value = v.value
                m.source = source; m.importedAt = now; m.importedBy = actor
                added.append(m)
            }
        }
        for slice in stride(from: 0, to: added.count, by: 1_000) {
            try await Array(added[slice..<min(added.count, slice + 1_000)]).create(on: tx)
        }
        return (added.count, replaced)
    }

    /// Imports an indicator file: checked whole, stored in one transaction with its audit entry,
    /// or refused with every problem and nothing stored.
    /// - Parameters:
    ///   - source: where the values come from, as the importer names it (at most 200 characters).
    /// - Returns: how many values were new and how many replaced an earlier one.
    static func importFile(_ bytes: [UInt8], filename: String, source: String, by actor: Actor, now: Date,
                           on db: any Database) async throws -> Result<(added: Int, replaced: Int), IndicatorImportError> {
        if bytes.isEmpty { return .failure(IndicatorImportError(problems: [ImportProblem(line: nil, "Välj en CSV-fil.")])) }
        if source.isEmpty || source.count > 200 { return .failure(IndicatorImportError(problems: [ImportProblem(line: nil, "Ange källan (högst 200 tecken).")])) }
        let values: [IndicatorValue]
        do { values = try IndicatorImport.parse(bytes) } catch let e as IndicatorImportError { return .failure(e) }
        let counts = try await db.writeTransaction { tx in
            let counts = try await storeInTransaction(values, source: source, by: actor.name, now: now, on: tx)
            try await AuditLog.record(.import, entity: "indicator_values", id: String(filename.prefix(200)),
                                      after: ["nya": String(counts.added), "ersatta": String(counts.replaced), "källa": source], by: actor, now: now, on: tx)
            return counts
        }
        return .success(counts)
    }

    /// How many of `values` would replace a stored value (for the preview before an import).
    static func wouldReplace(_ values: [IndicatorValue], on db: any Database) async throws -> Int {
        let stored = Set(try await IndicatorValueModel.query(on: db).filter(\.$indicator ~~ Set(values.map(\.indicator))).all()
            .map { "\($0.indicator)|\($0.areaCode)|\($0.year)|\($0.sex)" })
        return values.filter { stored.contains("\($0.indicator)|\($0.code)|\($0.year)|\($0.sex)") }.count
    }

    /// One indicator for every county: code → year → value (hundredths), for one sex.
    struct Series: Sendable {
        let definition: IndicatorDefinition
        let values: [String: [Int: Int64]]
        let years: [Int]
        let sources: [String]
        var generated: Bool { sources.contains(FollowUpDemo.indicatorSource) }
    }

    static func series(_ definition: IndicatorDefinition, sex: String = "", on db: any Database) async throws -> Series {
        let rows = try await IndicatorValueModel.query(on: db).filter(\.$indicator == definition.key).filter(\.$sex == sex).all()
        var values: [String: [Int: Int64]] = [:]
        for r in rows where r.areaCode.count == 2 { values[r.areaCode, default: [:]][r.year] = r.value }
        return Series(definition: definition, values: values, years: Array(Set(rows.map(\.year))).sorted(),
                      sources: Array(Set(rows.map(\.source))).sorted())
    }

    /// `55,3 %`.
    static func text(_ hundredths: Int64, unit: String) -> String {
        SwedishNumber.decimal(hundredths, 100, digits: 1) + (unit.isEmpty ? "" : "\u{00A0}" + unit)
    }
}
