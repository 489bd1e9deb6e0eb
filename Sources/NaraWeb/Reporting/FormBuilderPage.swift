import Foundation
import NaraCore
import NaraPersistence
import Plot

/// A questionnaire draft in the builder: its title and introduction, its sections and questions
/// with buttons to change, move and remove them, what stands in the way of publishing, the
/// difference from the version it was copied from, and the button that publishes it.
struct FormBuilderPage {
    let draft: FormDrafts.Loaded
    let csrf: String
    /// Messages for the title form and the new-section form, by field.
    var errors: [FieldError] = []
    /// What was typed in a refused form.
    var typed: [String: String] = [:]
    /// Why the last change was refused, when it was about no one field.
    var alert: String? = nil

    var d: FormDefinition { draft.definition }

    func render() -> String {
        let problems = FormEditing.publishProblems(d)
        let years = Set(Self.texts(d).flatMap(FormYear.years(in:)))
        return Layout.render(title: "Utkast: \(d.title)",
                             breadcrumbs: [("Administration", SiteURL.admin), ("Formulär", SiteURL.adminForms), ("Utkast", nil)], current: SiteURL.admin,
            .div(.class("form-builder"), .data(named: "live", value: "builder"),
                .unwrap(alert) { .div(.class("error-summary"), .attribute(named: "role", value: "alert"), .attribute(named: "tabindex", value: "-1"), .id("felsammanfattning"),
                                      .h2(.class("error-summary-title"), .text("Ändringen sparades inte")), .p(.text($0))) },
                Forms.errorSummary(errors),
                .p(.class("section-count"), .text("Utkast · " + d.id)),
                .h1(FormBuilderOutline.marked(d.title)),
                .p(.class("muted"), .text(status)),
                .forEach(d.introduction) { .p(FormBuilderOutline.marked($0)) },
                .unwrap(d.instruction) { .p(.class("instruction"), .strong(FormBuilderOutline.marked($0))) },
                .if(!years.isEmpty, .p(.class("instruction"), .text("Årtal är markerade så att du kan se över dem innan formuläret publiceras: "),
                                        .text(years.sorted().map(String.init).joined(separator: ", ")), .text("."))),
                .p(.class("button-row"),
                   .if(!d.sections.isEmpty, .a(.class("button button-secondary"), .href(SiteURL.adminDraftPreview(draft.id, 0)), .text("Förhandsgranska som mottagaren ser det"))),
                   .a(.href("#publicera"), .text("Granska och publicera"))),
                formDetails,
                .h2(.text("Avsnitt och frågor")),
                .if(d.sections.isEmpty, .p(.text("Formuläret har inga avsnitt ännu. Börja med att lägga till ett avsnitt nedan."))),
                .forEach(Array(d.sections.enumerated())) { i, s in FormBuilderOutline(draft: draft, csrf: csrf).section(s, index: i) },
                newSection,
                publishPart(problems)))
    }

    /// Every text of the questionnaire a person reads, for the years to review.
    static func texts(_ d: FormDefinition) -> [String] {
        var out: [String] = [d.title, d.instruction ?? ""]
        out += d.introduction
        for s in d.sections {
            out.append(s.heading)
            out += s.introduction
            for q in s.questions {
                out += [q.text, q.help ?? "", q.comment?.label ?? ""]
                out += (q.rows ?? []).map(\.label)
                out += (q.columns ?? []).map(\.label)
            }
        }
        return out
    }

    var status: String {
        var parts = ["\(d.sections.count) avsnitt", "\(d.questions.count) frågor"]
        if let b = draft.base { parts.append("kopierat från version \(b.version)") } else { parts.append("nytt formulär") }
        parts.append("senast ändrat \(SwedishDateTime.format(draft.model.updatedAt)) av \(draft.model.updatedBy)")
        return parts.joined(separator: " · ")
    }

    func hidden() -> Node<HTML.FormContext> {
        .group(Forms.csrf(csrf), .input(.type(.hidden), .name("revision"), .value(String(draft.model.revision))))
    }

    var formDetails: Node<HTML.BodyContext> {
        .details(.class("builder-details"), .if(errors.contains { ["title", "introduction", "instruction"].contains($0.field) }, .attribute(named: "open", value: "open")),
            .summary(.text("Titel, inledning och instruktion")),
            .form(.method(.post), .action(SiteURL.adminDraft(draft.id, "formular")), .class("narrow-form"),
                  hidden(),
                  Forms.textarea("Titel", name: "title", value: typed["title"] ?? d.title, hint: "Titeln säger vilket år formuläret gäller, till exempel ”… god och nära vård 2024”.",
                                 errors: errors, rows: 2),
                  Forms.textarea("Inledning", name: "introduction", value: typed["introduction"] ?? Paragraphs.write(d.introduction),
                                 hint: "Visas överst. Skilj stycken åt med en tom rad.", errors: errors, rows: 5),
                  Forms.textarea("Instruktion i varje avsnitt", name: "instruction", value: typed["instruction"] ?? (d.instruction ?? ""),
                                 hint: "Till exempel jämställdhetsperspektivet. Visas överst i varje avsnitt.", errors: errors, rows: 3),
                  Forms.submit("Spara titel och inledning")))
    }

    var newSection: Node<HTML.BodyContext> {
        .section(.id("nytt-avsnitt"), .class("builder-new-section"),
            .h2(.text("Lägg till avsnitt")),
            .form(.method(.post), .action(SiteURL.adminDraft(draft.id, "avsnitt")), .class("narrow-form"),
                  hidden(),
                  Forms.field("Rubrik", name: "heading", value: typed["heading"] ?? "", errors: errors),
                  Forms.textarea("Inledning (frivillig)", name: "sectionIntroduction", value: typed["sectionIntroduction"] ?? "",
                                 hint: "Till exempel citat ur överenskommelsen: ”Från Överenskommelsen: …”. Skilj stycken åt med en tom rad.", errors: errors, rows: 4),
                  Forms.submit("Lägg till avsnitt")))
    }

    func publishPart(_ problems: [FormEditing.Problem]) -> Node<HTML.BodyContext> {
        .section(.id("publicera"), .class("builder-publish"),
            .h2(.text("Granska och publicera")),
            problems.isEmpty ? .p(.text("Utkastet är komplett och kan publiceras.")) :
                .div(.class("notice notice-warning"),
                     .h3(.text("Innan formuläret kan publiceras")),
                     .ul(.forEach(problems) { p in .li(.a(.href(anchor(p)), .text(p.message))) })),
            .unwrap(draft.baseDefinition) { base in
                .group(.h3(.text("Skillnader mot version \(draft.base!.version)")),
                       FormDiffView(diff: FormDiff.compare(base, d), caption: "Ändringar mot version \(draft.base!.version)").nodes())
            },
            .p(.text("När formuläret publiceras blir det en ny version. Versioner som används ändras aldrig; tidigare svar finns kvar med sin version.")),
            .div(.class("button-row"),
                 .form(.method(.post), .action(SiteURL.adminDraft(draft.id, "publicera")), .class("inline-form"), hidden(), Forms.submit("Publicera som ny version")),
                 .form(.method(.post), .action(SiteURL.adminDraft(draft.id, "kasta")), .class("inline-form"), hidden(), Forms.submit("Kasta utkastet", secondary: true))))
    }

    func anchor(_ p: FormEditing.Problem) -> String {
        if let q = p.question { return "#fraga-" + q }
        if let s = p.section { return "#avsnitt-\(s + 1)" }
        return p.field == "title" ? "#title" : "#nytt-avsnitt"
    }
}
