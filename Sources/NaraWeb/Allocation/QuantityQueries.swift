import Fluent
import Foundation
import NaraCore
import NaraPersistence

/// One recipient a quantity pot names, with its organisation and report (if it reported).
struct QuantityRow: Sendable {
    let recipient: QuantityRecipient
    let organisation: OrganisationModel?
    let report: QuantityReportModel?

    var name: String { organisation?.name ?? recipient.code }
    var state: QuantityReportState? { report.flatMap { QuantityReportState(rawValue: $0.state) } }
}

/// Everything the quantity pages show about one reported-quantity pot.
struct QuantityPotView: Sendable {
    let year: Int
    let agreementTitle: String
    let pot: Pot
    let potID: UUID
    /// Every recipient the pot names, regions first, in county order.
    let rows: [QuantityRow]
    /// The current allocation, once the pot is divided.
    let allocation: AllocationModel?
    /// The current allocation's amounts by line code (`R23`); empty before allocation.
    let amounts: [String: Money]

    var deadline: CivilDate? { pot.quantityDeadline }
    var unit: String { QuantityReportService.unit(pot) }
    var reported: [QuantityRow] { rows.filter { $0.report != nil } }
    var waiting: [QuantityRow] { rows.filter { $0.state == .reported } }
    var hasDemo: Bool { rows.contains { $0.report?.isDemo == true } }
    var isAllocated: Bool { allocation != nil }

    /// Whether reports are still received on `today`.
    func isOpen(_ today: CivilDate) -> Bool { deadline.map { today <= $0 } ?? false }

    /// The named recipients that get nothing, with the reason in Swedish.
    var withoutShare: [(row: QuantityRow, why: String)] {
        rows.compactMap { row in
            guard let report = row.report else { return (row, "rapporterade inget antal före sista dagen och får därför inget") }
            if let a = report.acceptedQuantity, a == 0 { return (row, "fick godkänt antal 0 och får därför inget") }
            return nil
        }
    }

    /// `120 VFU-veckor`.
    func quantityText(_ n: Int64) -> String { SwedishNumber.grouped(n) + " " + unit }

    func row(for organisationID: UUID) -> QuantityRow? { rows.first { $0.organisation?.id == organisationID } }
}

/// Reads what the quantity pages show; callable from tests without HTTP.
enum QuantityQueries {
    /// Loads a published agreement's reported-quantity pot with every named recipient.
    /// - Returns: nil if the agreement or pot does not exist or the pot is not divided by reported quantities.
    static func load(year: Int, pot slug: String, on db: any Database) async throws -> QuantityPotView? {
        guard let agreement = try await AgreementStore.model(year: year, on: db) else { return nil }
        guard let potModel = try await PotModel.query(on: db).filter(\.$agreementID == agreement.requireID())
                .filter(\.$slug == slug).first() else { return nil }
        let pot = AgreementStore.pot(from: potModel)
        guard case .reportedQuantity = pot.key else { return nil }
        let potID = try potModel.requireID()
        let named = QuantityRecipient.named(by: pot.category)
        let organisations = try await OrganisationModel.query(on: db)
            .filter(\.$kind ~~ [OrganisationKind.region.rawValue, OrganisationKind.rss.rawValue]).all()
        let reports = try await QuantityReportModel.query(on: db).filter(\.$potID == potID).all()
        let rows = named.map { r -> QuantityRow in
            let org = organisations.first { $0.kind == r.kind.rawValue && $0.countyCode == r.countyCode }
            return QuantityRow(recipient: r, organisation: org, report: reports.first { $0.code == r.code })
        }
        let allocation = try await AllocationStore.currentVersion(potID: potID, on: db)
        var amounts: [String: Money] = [:]
        if let allocation {
            for line in try await AllocationStore.lines(allocationID: allocation.requireID(), on: db) { amounts[line.code] = Money(ore: line.amountOre) }
        }
        return QuantityPotView(year: year, agreementTitle: agreement.title, pot: pot, potID: potID, rows: rows,
                               allocation: allocation, amounts: amounts)
    }

    /// The reported-quantity pots of published agreements that name an organisation, for links
    /// from its page: year, slug and name.
    static func pots(naming organisation: OrganisationModel, on db: any Database) async throws -> [(year: Int, slug: String, name: String)] {
        guard let kind = OrganisationKind(rawValue: organisation.kind), let county = organisation.countyCode,
              let recipient = QuantityRecipient(kind: kind, countyCode: county) else { return [] }
        var out: [(Int, String, String)] = []
        for agreement in try await AgreementStore.list(on: db) {
            for pm in try await AgreementStore.potModels(agreementID: agreement.requireID(), on: db) where pm.keyKind == "quantity" {
                let pot = AgreementStore.pot(from: pm)
                if QuantityRecipient.named(by: pot.category).contains(recipient) { out.append((agreement.year, pm.slug, pm.name)) }
            }
        }
        return out
    }
}
