import Fluent
import Foundation
import NaraCore
import NaraPersistence

/// Reads the open payment rows live from the database: every payment of a requisition
/// (Kammarkollegiet to a region, RSS, municipality or SKR), split per development area where the
/// split is known, and every repayment to the state. A region's payments to care providers are
/// not the state's and are left out; no row names a person.
enum OpenPaymentQuery {
    static let funderCode = "KAMK"

    static func rows(on db: any Database) async throws -> [OpenPaymentRecord] {
        let organisations = try await OrganisationModel.query(on: db).all()
        var byID: [UUID: OpenOrganisation] = [:]
        for o in organisations { if let id = o.id { byID[id] = open(o) } }
        let funder = organisations.first { $0.kind == OrganisationKind.state.rawValue && $0.code == funderCode }.map(open)
            ?? OpenOrganisation(kind: OrganisationKind.state.rawValue, code: funderCode, name: "Kammarkollegiet", number: nil)
        var agreements: [Int: Agreement] = [:]
        func agreement(_ year: Int) async throws -> Agreement? {
            if let a = agreements[year] { return a }
            let loaded = try await AgreementStore.load(year: year, on: db)
            agreements[year] = loaded
            return loaded
        }
        var rows: [OpenPaymentRecord] = []
        let payments = try await PaymentModel.query(on: db).filter(\.$requisitionID != nil).all()
        for p in payments {
            guard let recipient = byID[p.organisationID], let date = CivilDate(iso: p.paymentDate),
                  let status = OpenPaymentRecord.Status(rawValue: p.status) else { continue }
            let a = try await agreement(p.agreementYear)
            let titles = Dictionary((a?.areas ?? []).map { ($0.number, $0.title) }, uniquingKeysWith: { first, _ in first })
            rows += OpenPaymentRecord.payment(reference: p.reference, amount: Money(ore: p.amountOre), areas: MoneyService.areas(p.areas),
                                              areaTitles: titles, date: date, status: status, recipient: recipient, funder: funder,
                                              agreementYear: p.agreementYear, agreementTitle: a?.title ?? "God och nära vård \(p.agreementYear)")
        }
        for r in try await RepaymentModel.query(on: db).all() {
            guard let recipient = byID[r.organisationID], let date = CivilDate(iso: r.paidOn), let id = r.id else { continue }
            let a = try await agreement(r.agreementYear)
            rows.append(OpenPaymentRecord(identifier: "nara:repayment:" + id.uuidString.lowercased(), kind: .repayment, amount: Money(ore: r.amountOre),
                                          date: date, status: .paid, reference: "", recipient: recipient, funder: funder,
                                          agreementYear: r.agreementYear, agreementTitle: a?.title ?? "God och nära vård \(r.agreementYear)", area: nil))
        }
        return OpenPaymentRecord.ordered(rows)
    }

    /// An organisation as the files name it; a stored number that fails the check digit is left out.
    static func open(_ o: OrganisationModel) -> OpenOrganisation {
        OpenOrganisation(kind: o.kind, code: o.code, name: o.name, number: o.orgNumber.flatMap(OrganisationNumber.init))
    }
}
