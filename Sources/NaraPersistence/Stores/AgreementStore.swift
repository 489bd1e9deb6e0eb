import Fluent
import Foundation
import NaraCore

/// Reads and writes agreements, translating between the domain model and its tables.
public enum AgreementStore {
    /// Stores a new agreement with everything it holds.
    public static func save(_ a: Agreement, on db: any Database) async throws {
        let model = AgreementModel()
        model.year = a.year; model.title = a.title; model.frameOre = a.frame.ore
        model.summary = a.summary; model.source = a.source
        try await model.create(on: db)
        let agreementID = try model.requireID()
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
        for (i, pot) in a.pots.enumerated() {
            let m = PotModel()
            m.agreementID = agreementID; m.position = i; m.slug = pot.id; m.name = pot.name
            m.category = pot.category.rawValue; m.amountOre = pot.amount.ore; m.keyKind = pot.key.kind
            switch pot.key {
            case .populationShare: m.keyDetail = ""
            case .reportedQuantity(let unit): m.keyDetail = unit
            case .fixed(let amounts):
                let data = try JSONEncoder().encode(amounts.mapValues(\.ore))
                m.keyDetail = String(decoding: data, as: UTF8.self)
            }
            m.statedReferenceDate = pot.statedReferenceDate?.iso; m.note = pot.note
            try await m.create(on: db)
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

    /// The agreements' years, titles and frames, oldest first.
    public static func list(on db: any Database) async throws -> [AgreementModel] {
        try await AgreementModel.query(on: db).sort(\.$year).all()
    }

    /// The stored row for a year, or nil.
    public static func model(year: Int, on db: any Database) async throws -> AgreementModel? {
        try await AgreementModel.query(on: db).filter(\.$year == year).first()
    }

    /// The whole agreement for a year, checked again as it is read; nil if there is none.
    public static func load(year: Int, on db: any Database) async throws -> Agreement? {
        guard let m = try await model(year: year, on: db) else { return nil }
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
            return Milestone(date: date, kind: MilestoneKind(rawValue: m.kind) ?? .other, title: m.title,
                             responsible: m.responsible, recipient: m.recipient)
        }
        let receipts = try await StatedReceiptModel.query(on: db).filter(\.$agreementID == id).all().map {
            StatedReceipt(potID: $0.potSlug, code: $0.code, amount: Money(ore: $0.amountOre), source: $0.source,
                          referenceDate: $0.referenceDate.flatMap(CivilDate.init(iso:)))
        }
        return try Agreement(year: m.year, title: m.title, frame: Money(ore: m.frameOre), summary: m.summary,
                             source: m.source, areas: areas, pots: pots, conditions: conditions,
                             milestones: milestones, statedReceipts: receipts)
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
                   statedReferenceDate: m.statedReferenceDate.flatMap(CivilDate.init(iso:)), note: m.note)
    }
}
