import Fluent
import Foundation
import NaraCore

/// Reads and writes agreements, translating between the domain model and its tables.
public enum AgreementStore {
    /// Stores a new agreement with everything it holds.
    /// - Parameters:
    ///   - status: a draft, or published (the seed's agreements, an imported and published one).
    @discardableResult
    public static func save(_ a: Agreement, status: AgreementStatus = .published, by actor: String = "", now: Date? = nil,
                            on db: any Database) async throws -> AgreementModel {
        let model = AgreementModel()
        model.year = a.year; model.status = status.rawValue; model.version = status == .published ? 1 : 0
        model.updatedAt = now; model.updatedBy = actor
        write(a, to: model)
        try await model.create(on: db)
        try await saveChildren(a, agreementID: try model.requireID(), keepPots: false, on: db)
        return model
    }

    /// Replaces what an agreement holds with `a`, in the caller's transaction. Pots are matched
    /// by id and keep their rows (and so their allocation versions); pots no longer in `a` are
    /// removed; areas, conditions, milestones and stated receipts are written anew.
    public static func replace(_ model: AgreementModel, with a: Agreement, version: Int, by actor: String, now: Date,
                               on db: any Database) async throws {
        write(a, to: model)
        model.version = version; model.updatedAt = now; model.updatedBy = actor
        try await model.update(on: db)
        let id = try model.requireID()
        let areaIDs = try await AreaModel.query(on: db).filter(\.$agreementID == id).all().compactMap(\.id)
        if !areaIDs.isEmpty { try await AreaAmountModel.query(on: db).filter(\.$areaID ~~ areaIDs).delete() }
        try await AreaModel.query(on: db).filter(\.$agreementID == id).delete()
        try await ConditionModel.query(on: db).filter(\.$agreementID == id).delete()
        try await MilestoneModel.query(on: db).filter(\.$agreementID == id).delete()
        try await StatedReceiptModel.query(on: db).filter(\.$agreementID == id).delete()
        try await saveChildren(a, agreementID: id, keepPots: true, on: db)
    }

    static func write(_ a: Agreement, to model: AgreementModel) {
        model.title = a.title; model.frameOre = a.frame.ore; model.summary = a.summary; model.source = a.source
        model.sourceReference = a.sourceReference; model.signedOn = a.signedOn?.iso
    }

    static func saveChildren(_ a: Agreement, agreementID: UUID, keepPots: Bool, on db: any Database) async throws {
        for area in a.areas {
            let m = AreaModel()
            m.agreementID = agreementID; m.number = area.number; m.title = area.title
            m.summary = area.summary; m.statedTotalOre = area.statedTotal?.ore
            try await m.create(on: db)
            let areaID = try m.requireID()
            let amounts = area.amounts.enumerated().map { i, x -> AreaAmountModel in
                let am = AreaAmountModel()
                am.areaID = areaID; am.position = i; am.category = x.category.rawValue
                am.purpose = x.purpose; am.amountOre = x.amount.ore
                return am
            }
            if !amounts.isEmpty { try await amounts.create(on: db) }
        }
        let existing = keepPots ? try await potModels(agreementID: agreementID, on: db) : []
        for old in existing where a.pot(old.slug) == nil { try await old.delete(on: db) }
        for (i, pot) in a.pots.enumerated() {
            let m = existing.first { $0.slug == pot.id } ?? PotModel()
            m.agreementID = agreementID; m.position = i; m.slug = pot.id; m.name = pot.name
            m.category = pot.category.rawValue; m.amountOre = pot.amount.ore; m.keyKind = pot.key.kind
            switch pot.key {
            case .populationShare: m.keyDetail = ""
            case .reportedQuantity(let unit): m.keyDetail = unit
            case .fixed(let amounts):
                let encoder = JSONEncoder()
                encoder.outputFormatting = .sortedKeys
                m.keyDetail = String(decoding: try encoder.encode(amounts.mapValues(\.ore)), as: UTF8.self)
            }
            m.statedReferenceDate = pot.statedReferenceDate?.iso; m.note = pot.note
            m.quantityDeadline = pot.quantityDeadline?.iso
            if m.id == nil { try await m.create(on: db) } else { try await m.update(on: db) }
        }
        let conditions = a.conditions.enumerated().map { i, text -> ConditionModel in
            let c = ConditionModel(); c.agreementID = agreementID; c.position = i; c.text = text; return c
        }
        if !conditions.isEmpty { try await conditions.create(on: db) }
        let milestones = a.milestones.enumerated().map { i, ms -> MilestoneModel in
            let m = MilestoneModel()
            m.agreementID = agreementID; m.position = i; m.date = ms.date.iso; m.kind = ms.kind.rawValue
            m.title = ms.title; m.responsible = ms.responsible; m.recipient = ms.recipient
            return m
        }
        if !milestones.isEmpty { try await milestones.create(on: db) }
        let receipts = a.statedReceipts.map { r -> StatedReceiptModel in
            let m = StatedReceiptModel()
            m.agreementID = agreementID; m.potSlug = r.potID; m.code = r.code; m.amountOre = r.amount.ore
            m.source = r.source; m.referenceDate = r.referenceDate?.iso
            return m
        }
        if !receipts.isEmpty { try await receipts.create(on: db) }
    }

    /// The agreements' years, titles and frames, oldest first: the published ones, and the
    /// drafts too when asked (only for people who manage agreements).
    public static func list(includeDrafts: Bool = false, on db: any Database) async throws -> [AgreementModel] {
        var query = AgreementModel.query(on: db)
        if !includeDrafts { query = query.filter(\.$status == AgreementStatus.published.rawValue) }
        return try await query.sort(\.$year).all()
    }

    /// The stored row for a year, or nil. A draft is invisible unless asked for: money,
    /// reporting and the public pages see published agreements only.
    public static func model(year: Int, includeDrafts: Bool = false, on db: any Database) async throws -> AgreementModel? {
        var query = AgreementModel.query(on: db).filter(\.$year == year)
        if !includeDrafts { query = query.filter(\.$status == AgreementStatus.published.rawValue) }
        return try await query.first()
    }

    /// The whole agreement for a year as stored; nil if there is none (or only a draft, unless asked).
    public static func load(year: Int, includeDrafts: Bool = false, on db: any Database) async throws -> Agreement? {
        guard let m = try await model(year: year, includeDrafts: includeDrafts, on: db) else { return nil }
        return try await load(m, on: db)
    }

    /// The whole agreement a stored row holds.
    public static func load(_ m: AgreementModel, on db: any Database) async throws -> Agreement {
        let id = try m.requireID()
        let areaModels = try await AreaModel.query(on: db).filter(\.$agreementID == id).sort(\.$number).all()
        let areaIDs = areaModels.compactMap(\.id)
        let amountModels = areaIDs.isEmpty ? [] :
            try await AreaAmountModel.query(on: db).filter(\.$areaID ~~ areaIDs).sort(\.$position).all()
        let areas = areaModels.map { am in
            DevelopmentArea(number: am.number, title: am.title, summary: am.summary,
                            statedTotal: am.statedTotalOre.map { Money(ore: $0) },
                            amounts: amountModels.filter { $0.areaID == am.id }.map {
                                AreaAmount(RecipientCategory(rawValue: $0.category) ?? .regions, Money(ore: $0.amountOre), purpose: $0.purpose)
                            })
        }
        let pots = try await potModels(agreementID: id, on: db).map(pot(from:))
        let conditions = try await ConditionModel.query(on: db).filter(\.$agreementID == id).sort(\.$position).all().map(\.text)
        let milestones = try await MilestoneModel.query(on: db).filter(\.$agreementID == id).sort(\.$position).all().compactMap { m -> Milestone? in
            guard let date = CivilDate(iso: m.date) else { return nil }
            return Milestone(date: date, kind: MilestoneKind.parse(m.kind) ?? .other, title: m.title,
                             responsible: m.responsible, recipient: m.recipient)
        }
        let receipts = try await StatedReceiptModel.query(on: db).filter(\.$agreementID == id).all().map {
            StatedReceipt(potID: $0.potSlug, code: $0.code, amount: Money(ore: $0.amountOre), source: $0.source,
                          referenceDate: $0.referenceDate.flatMap(CivilDate.init(iso:)))
        }
        return Agreement(draftYear: m.year, title: m.title, frame: Money(ore: m.frameOre), summary: m.summary,
                         source: m.source, sourceReference: m.sourceReference, signedOn: m.signedOn.flatMap(CivilDate.init(iso:)),
                         areas: areas, pots: pots, conditions: conditions, milestones: milestones, statedReceipts: receipts)
    }

    public static func potModels(agreementID: UUID, on db: any Database) async throws -> [PotModel] {
        try await PotModel.query(on: db).filter(\.$agreementID == agreementID).sort(\.$position).all()
    }

    /// The domain pot a stored row describes.
    public static func pot(from m: PotModel) -> Pot {
        let key: DistributionKey
        switch m.keyKind {
        case "fixed":
            let decoded = (try? JSONDecoder().decode([String: Int64].self, from: Data(m.keyDetail.utf8))) ?? [:]
            key = .fixed(decoded.mapValues { Money(ore: $0) })
        case "quantity": key = .reportedQuantity(unit: m.keyDetail)
        default: key = .populationShare
        }
        return Pot(id: m.slug, name: m.name, category: RecipientCategory(rawValue: m.category) ?? .regions,
                   amount: Money(ore: m.amountOre), key: key,
                   statedReferenceDate: m.statedReferenceDate.flatMap(CivilDate.init(iso:)), note: m.note,
                   quantityDeadline: m.quantityDeadline.flatMap(CivilDate.init(iso:)))
    }
}
