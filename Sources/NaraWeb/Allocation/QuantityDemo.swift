import Fluent
import Foundation
import NaraCore
import NaraPersistence

/// Demo reports of VFU weeks for the 2023 pot (seed `002_…`: 250 mnkr, report due 31 March
/// 2023), so the quantity pages show something on first start: a few regions and RSS, some
/// accepted, one adjusted, two waiting for Socialstyrelsen's decision. Region Jämtland
/// Härjedalen and RSS Jämtlands län are left without a report for the demo people. Every
/// report is marked as demo data and the pages say so. Created in demo mode only, once.
enum QuantityDemo {
    static let marker = "Nära (demodata)"
    static let year = 2023
    static let pot = "vfu"

    struct Entry {
        let code: String
        let weeks: Int64
        let day: Int
        let decision: QuantityReportState
        var accepted: Int64? = nil
        var reason: String = ""
        var comment: String = ""
    }

    static let entries: [Entry] = [
        Entry(code: "R01", weeks: 420, day: 20, decision: .accepted, comment: "Utökning på akutsjukhusen och i primärvården."),
        Entry(code: "R12", weeks: 310, day: 22, decision: .adjusted, accepted: 296,
              reason: "14 av veckorna avsåg specialistsjuksköterskor, som inte omfattas av potten."),
        Entry(code: "R14", weeks: 385, day: 24, decision: .accepted),
        Entry(code: "R25", weeks: 72, day: 29, decision: .reported, comment: "Veckorna i glesbygdens hälsocentraler ingår."),
        Entry(code: "K03", weeks: 64, day: 27, decision: .reported),
        Entry(code: "K14", weeks: 150, day: 23, decision: .accepted, comment: "Kommunernas VFU i hemsjukvård och särskilt boende."),
    ]

    /// Stores the demo reports unless the pot has any report already.
    static func seed(on db: any Database) async throws {
        guard let agreement = try await AgreementStore.model(year: year, on: db),
              let potModel = try await PotModel.query(on: db).filter(\.$agreementID == agreement.requireID()).filter(\.$slug == pot).first()
        else { return }
        let potID = try potModel.requireID()
        guard try await QuantityReportModel.query(on: db).filter(\.$potID == potID).count() == 0 else { return }
        var models: [QuantityReportModel] = []
        for e in entries {
            guard let recipient = QuantityRecipient(code: e.code),
                  let org = try await OrganisationModel.query(on: db).filter(\.$kind == recipient.kind.rawValue)
                      .filter(\.$code == recipient.countyCode).first()
            else { continue }
            let m = QuantityReportModel()
            m.potID = potID; m.organisationID = try org.requireID(); m.code = recipient.code
            m.quantity = e.weeks; m.state = e.decision.rawValue; m.reason = e.reason; m.comment = e.comment; m.isDemo = true
            m.reportedAt = FollowUpDemo.noon(.make(2023, 3, e.day)); m.reportedBy = marker
            switch e.decision {
            case .reported: m.acceptedQuantity = nil
            case .accepted: m.acceptedQuantity = e.weeks
            case .adjusted: m.acceptedQuantity = e.accepted
            }
            if e.decision.isDecided { m.decidedAt = FollowUpDemo.noon(.make(2023, 3, 30)); m.decidedBy = marker }
            models.append(m)
        }
        let rows = models
        try await db.writeTransaction { tx in try await rows.create(on: tx) }
    }
}
