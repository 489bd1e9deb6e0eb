import Fluent
import Foundation
import NaraCore
import NaraPersistence

/// A recipient's plan with what it is measured against.
struct PlanContext: Sendable {
    let organisation: OrganisationModel
    let agreement: Agreement
    let plan: Plan
    let stored: PlanModel?
    /// The recipient's current allocation for the agreement (regions' pots for a region, the
    /// municipal pots for an RSS or Region Gotland's municipal duties, a national body's named
    /// amount, quantity pots' lines for its code).
    let allocated: Money
    var assessment: PlanAssessment {
        PlanRules.assess(plan, allocated: allocated, areas: agreement.areas.map(\.number))
    }

    /// The lines a financial report accounts for: the plan's, or, for a recipient without a plan
    /// by area (a national body), the whole allocation as one line on area 0.
    var reportLines: [PlanLine] {
        plan.lines.isEmpty ? [PlanLine(area: 0, title: "Hela tilldelningen (ingen plan per utvecklingsområde)", amount: allocated)] : plan.lines
    }
}

enum PlanService {
    /// What a recipient was allocated under an agreement's current allocations: every pot that
    /// names it (population and fixed pots, and reported-quantity pots once allocated).
    static func allocated(to org: OrganisationModel, year: Int, on db: any Database) async throws -> Money {
        allocated(to: org, in: try await allocationsByCounty(year: year, on: db))
    }

    /// The current allocation of a year per pot category and line code, read once (a few
    /// queries) for pages that ask it for many organisations.
    static func allocationsByCounty(year: Int, on db: any Database) async throws -> AllocationTable {
        var table = AllocationTable()
        guard let agreement = try await AgreementStore.model(year: year, on: db) else { return table }
        for pot in try await AgreementStore.potModels(agreementID: agreement.requireID(), on: db) {
            guard let current = try await AllocationStore.currentVersion(potID: pot.requireID(), on: db) else { continue }
            for line in try await AllocationStore.lines(allocationID: current.requireID(), on: db) {
                table.add(category: pot.category, code: line.code, amount: Money(ore: line.amountOre))
            }
        }
        return table
    }

    /// What an organisation is allocated, from `allocationsByCounty`.
    static func allocated(to org: OrganisationModel, in table: AllocationTable) -> Money {
        guard let kind = OrganisationKind(rawValue: org.kind) else { return .zero }
        return table.allocated(kind: kind, code: org.code, countyCode: org.countyCode)
    }

    /// The kinds of organisation that can receive money from Kammarkollegiet under an agreement.
    static let recipientKinds: [String] = [OrganisationKind.region, .rss, .skr, .state].map(\.rawValue)

    static func load(organisation org: OrganisationModel, year: Int, on db: any Database) async throws -> PlanContext? {
        guard let agreement = try await AgreementStore.load(year: year, on: db) else { return nil }
        let stored = try await PlanModel.query(on: db).filter(\.$agreementYear == year).filter(\.$organisationID == org.requireID()).first()
        var lines: [PlanLine] = []
        if let stored {
            lines = try await PlanLineModel.query(on: db).filter(\.$planID == stored.requireID()).sort(\.$position).all()
                .map { PlanLine(area: $0.area, title: $0.title, amount: Money(ore: $0.amountOre)) }
        }
        return PlanContext(organisation: org, agreement: agreement, plan: Plan(year: year, recipientCode: org.countyCode ?? org.code, lines: lines),
                           stored: stored, allocated: try await allocated(to: org, year: year, on: db))
    }

    /// Replaces a plan's lines in one transaction.
    /// Saves a recipient's plan (replacing its lines) and audits it, in one transaction.
    static func save(organisation org: OrganisationModel, year: Int, lines: [PlanLine], before: Plan?, by who: Actor, now: Date, on db: any Database) async throws {
        let actor = who.displayName
        try await db.writeTransaction { tx in
            let plan: PlanModel
            if let existing = try await PlanModel.query(on: tx).filter(\.$agreementYear == year).filter(\.$organisationID == org.requireID()).first() {
                plan = existing
                try await PlanLineModel.query(on: tx).filter(\.$planID == plan.requireID()).delete()
                plan.updatedAt = now; plan.updatedBy = actor
                try await plan.update(on: tx)
            } else {
                plan = PlanModel()
                plan.agreementYear = year; plan.organisationID = try org.requireID(); plan.updatedAt = now; plan.updatedBy = actor
                try await plan.create(on: tx)
            }
            let models = lines.enumerated().map { i, l -> PlanLineModel in
                let m = PlanLineModel()
                m.planID = plan.id!; m.position = i; m.area = l.area; m.title = l.title; m.amountOre = l.amount.ore
                return m
            }
            if !models.isEmpty { try await models.create(on: tx) }
            let total = lines.map(\.amount).sum()
            try await AuditLog.record(before == nil ? .create : .update, entity: "plan", id: "\(org.id!.uuidString)/\(year)",
                                      before: before.map { ["planerat": $0.total.krText, "insatser": String($0.lines.count)] } ?? [:],
                                      after: ["mottagare": org.name, "år": String(year), "planerat": total.krText, "insatser": String(lines.count)],
                                      by: who, now: now, on: tx)
        }
    }

    /// Region Jämtland Härjedalen's 2019 plan from the seed, once.
    static func seedDemo(on db: any Database, now: Date = Date()) async throws {
        guard try await PlanModel.query(on: db).count() == 0,
              let region = try await OrganisationModel.query(on: db).filter(\.$kind == OrganisationKind.region.rawValue)
                .filter(\.$code == DemoPlans.jamtland2019.recipientCode).first(),
              try await AgreementStore.model(year: 2019, on: db) != nil else { return }
        try await save(organisation: region, year: 2019, lines: DemoPlans.jamtland2019.lines, before: nil,
                       by: Actor(principal: nil, label: "Nära (underlag 004, Region Jämtland Härjedalen)", address: ""), now: now, on: db)
    }
}
