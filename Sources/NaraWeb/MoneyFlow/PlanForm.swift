import Foundation
import NaraCore

/// The plan form's rows as typed, the lines they make, and a Swedish message at each wrong field.
///
/// Rows are numbered as they come back on the page: a row marked *Ta bort* is left out before
/// the rest are numbered, so a message names the row and field the person sees.
struct PlanForm {
    /// What the person asked for with the button they pressed.
    enum Action: Equatable {
        /// *Spara planen* (and Enter in a field: the first button in the form).
        case save
        /// *Lägg till rad*: the same form again with one more empty row, nothing saved.
        case addRow
    }

    var rows: [PlanPage.Row] = []
    var lines: [PlanLine] = []
    var errors: [FieldError] = []
    var unit: MoneyUnit = .mnkr
    var action: Action = .save

    /// The most rows a form may send; more are not read.
    static let maxRows = 200
    /// The field a message about the whole plan (its sum against the allocation) is shown at.
    static let sumField = "plan-summa"

    static func read(_ fields: FormBody.Fields, agreement: Agreement) -> PlanForm {
        var form = PlanForm()
        form.unit = fields.first("unit") == "kr" ? .kr : .mnkr
        form.action = fields.first("action") == "lagg-till-rad" ? .addRow : .save
        let count = min(Int(fields.first("rows") ?? "0") ?? 0, maxRows)
        let areas = agreement.areas.map(\.number)
        for posted in 0..<count where fields.first("remove_\(posted)") == nil {
            let i = form.rows.count
            let title = (fields.first("title_\(posted)") ?? "").trimmed
            let amountText = fields.first("amount_\(posted)") ?? ""
            let areaText = fields.first("area_\(posted)") ?? ""
            form.rows.append(.init(area: areaText, title: title, amount: amountText))
            if title.isEmpty && amountText.isBlank { continue }
            if title.isEmpty || title.count > 300 { form.errors.append(FieldError(field: "title_\(i)", message: "Rad \(i + 1): skriv vad insatsen är (högst 300 tecken).")) }
            guard let area = Int(areaText), areas.contains(area) else {
                form.errors.append(FieldError(field: "area_\(i)", message: "Rad \(i + 1): välj utvecklingsområde.")); continue
            }
            do {
                let amount = try MoneyParser.parse(amountText, defaultUnit: form.unit)
                if amount.ore <= 0 { form.errors.append(FieldError(field: "amount_\(i)", message: "Rad \(i + 1): beloppet måste vara större än noll.")); continue }
                if !title.isEmpty { form.lines.append(PlanLine(area: area, title: title, amount: amount)) }
            } catch {
                form.errors.append(FieldError(field: "amount_\(i)", message: "Rad \(i + 1): \((error as? MoneyParseError)?.description ?? "skriv beloppet.")"))
            }
        }
        return form
    }
}
