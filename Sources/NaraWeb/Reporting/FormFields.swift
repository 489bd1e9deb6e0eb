import Foundation
import NaraCore
import NaraPersistence
import Plot

/// Renders questions as accessible form controls, and answers as text.
enum FormFields {
    static func fieldID(_ q: Question) -> String { "q-" + q.id }

    /// The answers that show a conditional question, as a JSON list for the page's script (an option
    /// may hold any character).
    static func showValues(_ c: Question.Condition) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes]
        return (try? encoder.encode(c.values)).map { String(decoding: $0, as: UTF8.self) } ?? "[]"
    }

    /// One question: its label or legend, help, error, control(s), comment, and the revision
    /// it was loaded at (for conflict detection).
    static func question(_ q: Question, answer: AnswerModel?, editable: Bool, error: String?, typed: String? = nil,
                         attachment: AttachmentLink? = nil) -> Node<HTML.BodyContext> {
        let id = fieldID(q)
        let value = typed ?? AnswerFormatter.editable(answer?.value ?? "", for: q)
        let label = (q.number.isEmpty ? "" : q.number + ". ") + q.text + (q.required ? "" : " (frivillig)")
        let describedBy = [q.help.map { _ in id + "-hint" }, error.map { _ in id + "-error" }].compactMap { $0 }.joined(separator: " ")
        let hint: Node<HTML.BodyContext> = .unwrap(q.help) { help in
            .div(.class("hint"), .id(id + "-hint"), .forEach(help.split(separator: "\n").map(String.init)) { .p(.text($0)) })
        }
        let errorNode: Node<HTML.BodyContext> = .unwrap(error) {
            .p(.class("error-message"), .id(id + "-error"), .span(.class("visually-hidden"), .text("Fel: ")), .text($0))
        }
        let attrs: [Node<HTML.BodyContext>] = [
            .if(!describedBy.isEmpty, .attr("aria-describedby", describedBy)),
            .if(error != nil, .attribute(named: "aria-invalid", value: "true")),
            .if(!editable, .attribute(named: "disabled", value: "disabled")),
        ]
        let control: Node<HTML.BodyContext>
        switch q.type {
        case .singleChoice, .multipleChoice:
            let chosen = q.type == .singleChoice ? [value] : AnswerFormatter.choices(answer?.value ?? "")
            let inputType = q.type == .singleChoice ? "radio" : "checkbox"
            control = .group(
                .element(named: "fieldset", nodes: [
                    Node<HTML.BodyContext>.class("choices"), .attr("id", id),
                    .element(named: "legend", nodes: [Node<HTML.BodyContext>.text(label)]),
                    hint, errorNode,
                    .forEach(Array((q.options ?? []).enumerated())) { i, option in
                        .div(.class("choice"),
                             .element(named: "input", nodes: [
                                Node<HTML.BodyContext>.attr("type", inputType),
                                .attr("id", "\(id)-\(i)"),
                                .attr("name", "value_\(q.id)" + (inputType == "checkbox" ? "[]" : "")),
                                .attr("value", option),
                                .if(chosen.contains(option), .attribute(named: "checked", value: "checked")),
                                .if(!editable, .attribute(named: "disabled", value: "disabled")),
                                .if(i == 0 && !describedBy.isEmpty, .attr("aria-describedby", describedBy)),
                             ]),
                             .label(.for("\(id)-\(i)"), .text(option)))
                    }]),
                .unwrap(q.comment) { c in
                    .div(.class("field comment-field"),
                         .label(.for(id + "-comment"), .text(c.label)),
                         .element(named: "textarea", nodes: [
                            Node<HTML.BodyContext>.attr("id", id + "-comment"),
                            .attr("name", "comment_\(q.id)"), .attribute(named: "rows", value: "3"),
                            .attribute(named: "data-comment", value: "true"),
                            .if(!editable, .attribute(named: "disabled", value: "disabled")),
                            .text(answer?.comment ?? "")]))
                })
        case .text:
            control = .group(
                .label(.for(id), .text(label)), hint, errorNode,
                .element(named: "textarea", nodes: [
                    Node<HTML.BodyContext>.attr("id", id), .attr("name", "value_\(q.id)"),
                    .attribute(named: "rows", value: "7"),
                    .unwrap(q.maxLength) { .attribute(named: "maxlength", value: String($0)) },
                    .group(attrs), .text(value)]))
        case .table:
            let cells = AnswerFormatter.table(answer?.value ?? "")
            control = .group(
                .p(.class("table-question-label"), .id(id), .strong(.text(label))), hint, errorNode,
                .div(.class("table-wrap"), .attribute(named: "tabindex", value: "0"), .table(.class("answer-table"),
                    .caption(.class("visually-hidden"), .text(label)),
                    .thead(.tr(.td(), .forEach(q.columns ?? []) { c in Blocks.col(c.label) })),
                    .tbody(.forEach(q.rows ?? []) { row in
                        .tr(Blocks.rowHeader(.text(row.label)),
                            .forEach(q.columns ?? []) { col in
                                let raw = cells[row.id]?[col.id] ?? ""
                                let shown = col.type == "amount" ? AnswerFormatter.editable(raw, for: Question(id: "", number: "", text: "", type: .amount)) : raw
                                return .td(.element(named: "input", nodes: [
                                    Node<HTML.BodyContext>.attribute(named: "type", value: "text"),
                                    .attr("name", "cell_\(q.id)_\(row.id)_\(col.id)"),
                                    .attr("value", shown, keepEmpty: true),
                                    .attr("aria-label", "\(row.label), \(col.label)"),
                                    .if(col.type != "text", .attribute(named: "inputmode", value: "decimal")),
                                    .if(!editable, .attribute(named: "disabled", value: "disabled"))]))
                            })
                    }))))
        case .file:
            control = .group(
                .label(.for(id), .text(label)), hint, errorNode,
                .unwrap(answer.flatMap { $0.value.isEmpty ? nil : $0 }) { a in
                    .p(.text("Bifogad: "), attachment.map(link) ?? .text(AnswerFormatter.display(a.value, for: q)))
                },
                .element(named: "input", nodes: [
                    Node<HTML.BodyContext>.attribute(named: "type", value: "file"), .attr("id", id),
                    .attr("name", "file_\(q.id)"),
                    .attr("accept", (q.accept ?? []).map { "." + $0 }.joined(separator: ",")),
                    .group(attrs)]),
                .p(.class("hint"), .text("Tillåtna filtyper: \((q.accept ?? []).joined(separator: ", ").uppercased()); högst \((q.maxBytes ?? 0) / 1_048_576) MB.")))
        case .integer, .amount, .percent, .date:
            let suffix = q.type == .amount ? " kr" : q.type == .percent ? " %" : ""
            control = .group(
                .label(.for(id), .text(label + suffix)), hint, errorNode,
                .element(named: "input", nodes: [
                    Node<HTML.BodyContext>.attr("type", q.type == .date ? "date" : "text"),
                    .attr("id", id), .attr("name", "value_\(q.id)"),
                    .attr("value", value, keepEmpty: true),
                    .if(q.type != .date, .attr("inputmode", q.type == .integer ? "numeric" : "decimal")),
                    .attribute(named: "class", value: "input-short"),
                    .group(attrs)]))
        }
        return .div(.class("question" + (error == nil ? "" : " field-error")),
                    .attr("data-question", q.id),
                    .data(named: "type", value: q.type.rawValue),
                    .data(named: "revision", value: String(answer?.revision ?? 0)),
                    .unwrap(q.showIf) { c in .group(.attr("data-show-if", c.question), .attr("data-show-values", showValues(c))) },
                    .input(.type(.hidden), .name("revision_\(q.id)"), .value(String(answer?.revision ?? 0))),
                    control,
                    .div(.class("save-state"), .attribute(named: "aria-live", value: "polite")))
    }

    /// A question and its answer as read-only text (check page, print view, review).
    static func answerRow(_ q: Question, value: String, comment: String, attachment: AttachmentLink? = nil) -> Node<HTML.BodyContext> {
        let shown = AnswerFormatter.display(value, for: q)
        let lines = shown.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let commentLines = comment.split(separator: "\n").map(String.init)
        let body: Node<HTML.BodyContext> = shown.isEmpty
            ? .span(.class("muted"), .text("Inte besvarad"))
            : attachment.map { .p(link($0)) } ?? .forEach(lines) { .p(.text($0)) }
        let commentNode: Node<HTML.BodyContext> = comment.isEmpty ? .group() :
            .div(.class("answer-comment"), .strong(.text((q.comment?.label ?? "Kommentar") + " ")), .forEach(commentLines) { .p(.text($0)) })
        let title = (q.number.isEmpty ? "" : q.number + ". ") + q.text
        return .div(.class("answer"), .h3(.class("answer-question"), .text(title)), .div(.class("answer-value"), body, commentNode))
    }

    /// A file to open: its name as the link, its size beside it.
    static func link(_ a: AttachmentLink) -> Node<HTML.BodyContext> {
        .group(.a(.href(a.url), .text(a.name)), .text(" (\(a.size))"))
    }
}
