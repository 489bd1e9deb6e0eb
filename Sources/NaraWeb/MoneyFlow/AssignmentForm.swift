import Fluent
import Foundation
import NaraCore
import NaraPersistence

/// The new-assignment form on a region's funds page, read into what the use case takes, with
/// a Swedish message at each field that is wrong.
enum AssignmentForm {
    static func read(_ f: FormBody.Fields, region: OrganisationModel, year: Int, on db: any Database) async throws
        -> (AssignmentUseCases.Assignment?, [FieldError]) {
        var errors: [FieldError] = []
        let title = (f.first("a_title") ?? "").trimmed
        if title.isEmpty || title.count > 300 { errors.append(FieldError(field: "a_title", message: "Skriv vad uppdraget gäller.")) }
        let costObject = (f.first("a_cost") ?? "").trimmed
        if costObject.count > 40 { errors.append(FieldError(field: "a_cost", message: "Kostnadsobjektet får ha högst 40 tecken.")) }
        let areas = try await AgreementStore.load(year: year, on: db)?.areas.map(\.number) ?? []
        let area = Int(f.first("a_area") ?? "").flatMap { areas.contains($0) ? $0 : nil }
        if area == nil { errors.append(FieldError(field: "a_area", message: "Välj utvecklingsområde.")) }
        let providers = try await OrganisationModel.query(on: db).filter(\.$parentID == region.requireID()).all()
        let providerRaw = f.first("a_provider") ?? ""
        let provider = providers.first { $0.id?.uuidString == providerRaw }
        if !providerRaw.isEmpty && provider == nil { errors.append(FieldError(field: "a_provider", message: "Välj en vårdgivare under regionen.")) }
        if provider == nil && costObject.isEmpty {
            errors.append(FieldError(field: "a_cost", message: "Ange kostnadsobjekt för ett uppdrag till en egen enhet, till exempel 9916."))
        }
        var amount = Money.zero
        do { amount = try MoneyForm.amount(f.first("a_amount") ?? "", field: "a_amount") } catch let refusal as MoneyRefusal {
            errors.append(refusal.fieldError!)
        }
        guard errors.isEmpty, let area else { return (nil, errors) }
        return (AssignmentUseCases.Assignment(title: title, area: area, costObject: costObject, provider: provider, amount: amount), errors)
    }
}
