import Foundation
import NaraCore
import NaraPersistence
import Plot

/// Questionnaires drafted in Excel: what the workbook holds, a download per stored version, and
/// the upload with every problem named by sheet, row and column.
struct FormWorkbookPage {
    let definitions: [FormDefinitionModel]
    let csrf: String
    let problems: [WorkbookProblem]
    /// The message at the file field: no file, not a workbook, or how many problems.
    let fileError: String?

    enum Text {
        static let title = "Formulär i Excel"
        static let lead = [
            "Ladda ned ett formulär som arbetsbok, ändra det i Excel eller LibreOffice och ladda upp det igen. Ett formulär med samma id sparas som en ny version; den gamla ändras aldrig, och inget sparas förrän hela arbetsboken är korrekt.",
            "Arbetsboken följer XLSForm: bladet settings har formulärets id, version och titel, sections ett avsnitt per rad, survey en fråga per rad (typ, text, hjälptext, villkor som ${q1} = 'Ja'), choices svarsalternativen med frågans id som list_name och tables tabellfrågornas rader och kolumner.",
        ]
        static let hint = "Högst 5 MB och 5 000 rader per blad."
        static func summary(_ n: Int) -> String { "Arbetsboken sparades inte (\(n) fel)" }
    }

    var fileAttributes: [Attribute<HTML.InputContext>] {
        var attributes: [Attribute<HTML.InputContext>] = [
            .type(.file), .id("workbook"), .name("workbook"),
            .attr("accept", ".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
            .attr("aria-describedby", Forms.describedByIDs(name: "workbook", hint: Text.hint, error: fileError.map { FieldError(field: "workbook", message: $0) })),
        ]
        if fileError != nil { attributes.append(Attribute(name: "aria-invalid", value: "true")) }
        return attributes
    }

    func render() -> String {
        Layout.render(title: Text.title, breadcrumbs: [("Administration", SiteURL.admin), ("Formulär", SiteURL.adminForms), (Text.title, nil)],
                      current: SiteURL.admin,
            .h1(.text(Text.title)),
            .if(!problems.isEmpty, .div(.class("error-summary"), .attribute(named: "role", value: "alert"), .attribute(named: "tabindex", value: "-1"),
                                        .id("felsammanfattning"),
                .h2(.class("error-summary-title"), .text(Text.summary(problems.count))),
                .ul(.forEach(problems.prefix(500)) { .li(.a(.href("#workbook"), .text($0.description))) }))),
            .if(problems.isEmpty && fileError != nil, Forms.errorSummary(fileError.map { [FieldError(field: "workbook", message: $0)] } ?? [])),
            .forEach(Text.lead) { .p(.text($0)) },
            .h2(.text("Ladda ned")),
            .p(.text("Varje sparad version av ett formulär som arbetsbok (.xlsx):")),
            .ul(.forEach(definitions) { d in
                .li(.a(.href(SiteURL.adminFormWorkbook(d.id!)), .text("Version \(d.version): \(d.title)")), .text(" "), .code(.text(d.formKey)))
            }),
            .h2(.text("Ladda upp")),
            .form(.method(.post), .action(SiteURL.adminFormWorkbooks), .attribute(named: "enctype", value: "multipart/form-data"), .class("narrow-form"),
                  Forms.csrf(csrf),
                  .div(.class("field" + (fileError == nil ? "" : " field-error")),
                       Forms.fieldHead("Arbetsbok (.xlsx)", name: "workbook", hint: Text.hint,
                                       error: fileError.map { FieldError(field: "workbook", message: $0) }),
                       .selfClosedElement(named: "input", attributes: fileAttributes)),
                  Forms.submit("Kontrollera och spara"))
        )
    }
}
