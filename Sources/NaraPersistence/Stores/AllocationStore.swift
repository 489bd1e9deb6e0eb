import Fluent
import Foundation
import NaraCore

/// Computes, versions and reads allocations.
public enum AllocationStore {
    /// The population date an agreement's pot is computed for: the date the agreement states,
    /// else 1 November of the year before (the agreements' usual basis, seed `004_…`).
    public static func targetDate(for pot: Pot, year: Int) -> CivilDate {
        pot.statedReferenceDate ?? .make(year - 1, 11, 1)
    }

    /// Allocates every pot of an agreement that can be allocated, as new versions.
    ///
    /// Population pots use `tableID` if given, else the table nearest the pot's target date; a
    /// pot whose current version already uses that table is left as it is. Fixed pots get a
    /// first version once. Quantity pots wait for reported quantities. Everything happens in one
    /// transaction.
    /// - Returns: the versions created.
    @discardableResult
    public static func allocate(year: Int, tableID: UUID? = nil, by actor: String, now: Date,
                                on db: any Database) async throws -> [AllocationModel] {
        try await db.transaction { tx in
            try await allocateInTransaction(year: year, tableID: tableID, by: actor, now: now, on: tx)
        }
    }

    /// `allocate` in the caller's transaction. `force` names pots that get a new version even
    /// if their current one used the same table (an amendment changed their amount or key).
    @discardableResult
    public static func allocateInTransaction(year: Int, tableID: UUID? = nil, force: Set<String> = [], by actor: String, now: Date,
                                             on db: any Database) async throws -> [AllocationModel] {
        guard let agreementModel = try await AgreementStore.model(year: year, on: db) else {
            throw StoreError.notFound("Det finns ingen överenskommelse för \(year).")
        }
        let agreementID = try agreementModel.requireID()
        let chosenTable: PopulationTableModel?
        if let tableID {
            guard let t = try await PopulationTableModel.find(tableID, on: db) else {
                throw StoreError.notFound("Befolkningstabellen finns inte.")
            }
            chosenTable = t
        } else { chosenTable = nil }

        let tx = db
        do {
            var created: [AllocationModel] = []
            for potModel in try await AgreementStore.potModels(agreementID: agreementID, on: tx) {
                let pot = AgreementStore.pot(from: potModel)
                let potID = try potModel.requireID()
                let current = try await currentVersion(potID: potID, on: tx)
                var tableModel: PopulationTableModel?
                switch pot.key {
                case .reportedQuantity: continue
                case .fixed: if current != nil && !force.contains(pot.id) { continue }
                case .populationShare:
                    let target = targetDate(for: pot, year: year)
                    var nearest = chosenTable
                    if nearest == nil { nearest = try await PopulationStore.nearest(to: target, on: tx) }
                    guard let t = nearest else {
                        throw StoreError.notFound("Det finns ingen befolkningstabell att fördela efter.")
                    }
                    if let current, current.populationTableID == t.id, !force.contains(pot.id) { continue }
                    tableModel = t
                }
                var table: PopulationTable?
                if let tableModel { table = try await PopulationStore.load(tableModel, on: tx) }
                let result = try Allocator.allocate(pot, population: table)
                created.append(try await store(result, potID: potID, tableModel: tableModel,
                                               previous: current, by: actor, now: now, on: tx))
            }
            return created
        }
    }

    /// Allocates a reported-quantity pot by its accepted quantities, in the caller's write
    /// transaction, as its first version (`QuantityRules.allocate`: after the deadline, every
    /// report decided; lines `R`/`K` + länskod). A pot that already has an allocation is refused:
    /// decisions are locked once it is divided, so another version would be the same.
    /// - Parameter today: the day in Sweden the deadline is judged against.
    /// - Returns: the version created, or why not.
    public static func allocateQuantityPotInTransaction(potID: UUID, today: CivilDate, replacing: Bool = false, by actor: String, now: Date,
                                                        on db: any Database) async throws -> Result<AllocationModel, QuantityRefusal> {
        guard let potModel = try await PotModel.find(potID, on: db) else { throw StoreError.notFound("Potten finns inte.") }
        let pot = AgreementStore.pot(from: potModel)
        let current = try await currentVersion(potID: potID, on: db)
        // Allocated once; again only when an amendment changed the pot (`replacing`), as a new version.
        if current != nil && !replacing { return .failure(.potAllocated) }
        let rows = try await QuantityReportModel.query(on: db).filter(\.$potID == potID).all()
        let organisations = try await OrganisationModel.query(on: db).filter(\.$id ~~ rows.map(\.organisationID)).all()
        let reports = rows.compactMap { r -> QuantityReport? in
            guard let recipient = QuantityRecipient(code: r.code), let state = QuantityReportState(rawValue: r.state) else { return nil }
            let name = organisations.first { $0.id == r.organisationID }?.name ?? r.code
            return QuantityReport(recipient: recipient, name: name, reported: r.quantity, accepted: r.acceptedQuantity, state: state)
        }
        switch QuantityRules.allocate(pot, reports: reports, today: today) {
        case .failure(let refusal): return .failure(refusal)
        case .success(let result):
            return .success(try await store(result, potID: potID, tableModel: nil, previous: current, by: actor, now: now, on: db))
        }
    }

    static func store(_ result: AllocationResult, potID: UUID, tableModel: PopulationTableModel?,
                      previous: AllocationModel?, by actor: String, now: Date, on db: any Database) async throws -> AllocationModel {
        if let previous {
            previous.isCurrent = false
            try await previous.update(on: db)
        }
        let m = AllocationModel()
        m.potID = potID; m.version = (previous?.version ?? 0) + 1; m.isCurrent = true
        m.populationTableID = tableModel?.id; m.referenceDate = tableModel?.referenceDate
        m.totalOre = result.total.ore; m.totalWeight = result.totalWeight
        m.leftoverUnits = result.split?.leftoverUnits ?? 0; m.computedAt = now; m.computedBy = actor
        try await m.create(on: db)
        let id = try m.requireID()
        let lines = result.lines.enumerated().map { i, line -> AllocationLineModel in
            let l = AllocationLineModel()
            l.allocationID = id; l.position = i; l.code = line.code; l.name = line.name; l.weight = line.weight
            l.amountOre = line.amount.ore; l.floorUnits = line.split?.floorUnits
            l.remainderNumerator = line.split?.remainderNumerator; l.remainderRank = line.split?.remainderRank
            l.receivedExtraUnit = line.split?.receivedExtraUnit ?? false; l.residualOre = line.split?.residualOre ?? 0
            l.note = line.note
            return l
        }
        try await lines.create(on: db)
        // The allocation pages show the new version: every server's public cache forgets them.
        try await ContentVersion.bump(on: db)
        return m
    }

    public static func currentVersion(potID: UUID, on db: any Database) async throws -> AllocationModel? {
        try await AllocationModel.query(on: db).filter(\.$potID == potID).filter(\.$isCurrent == true).first()
    }

    public static func versions(potID: UUID, on db: any Database) async throws -> [AllocationModel] {
        try await AllocationModel.query(on: db).filter(\.$potID == potID).sort(\.$version, .descending).all()
    }

    public static func version(potID: UUID, number: Int, on db: any Database) async throws -> AllocationModel? {
        try await AllocationModel.query(on: db).filter(\.$potID == potID).filter(\.$version == number).first()
    }

    public static func lines(allocationID: UUID, on db: any Database) async throws -> [AllocationLineModel] {
        try await AllocationLineModel.query(on: db).filter(\.$allocationID == allocationID).sort(\.$position).all()
    }
}

/// A store operation that cannot be done, with a Swedish sentence.
public enum StoreError: Error, CustomStringConvertible {
    case notFound(String)
    public var description: String {
        switch self { case .notFound(let s): return s }
    }
}
