import NaraCore
import Plot

/// The editor's field blocks: label, hint, the message at the field, the control. Names are
/// document paths (`pots[0].amount_ore`) and serve as ids; values go through `Forms.attr`.
struct EditorFields {
    let errors: [FieldError]

    func error(_ name: String) -> FieldError? { errors.first { $0.field == name } }

    func wrapper(_ name: String, _ label: String, hint: String?, wide: Bool = false, _ control: Node<HTML.BodyContext>) -> Node<HTML.BodyContext> {
        let e = error(name)
        return .div(.class("field" + (e == nil ? "" : " field-error") + (wide ? " field-wide" : "")),
            .label(.for(name), .text(label)),
            .unwrap(hint) { .p(.class("hint"), .id(name + "-hint"), .text($0)) },
            .unwrap(e) { .p(.class("error-message"), .id(name + "-error"), .span(.class("visually-hidden"), .text("Fel: ")), .text($0.message)) },
            control)
    }

    func describedBy(_ name: String, hint: String?) -> Node<HTML.BodyContext> {
        let ids = [hint.map { _ in name + "-hint" }, error(name).map { _ in name + "-error" }].compactMap { $0 }
        return .group(.if(!ids.isEmpty, .attr("aria-describedby", ids.joined(separator: " "))),
                      .if(error(name) != nil, .attribute(named: "aria-invalid", value: "true")))
    }

    func text(_ label: String, _ name: String, _ value: String, hint: String? = nil, type: String = "text", amount: Bool = false) -> Node<HTML.BodyContext> {
        wrapper(name, label, hint: hint, .element(named: "input", nodes: [
            .attr("type", type), .attr("id", name), .attr("name", name),
            .attr("value", value, keepEmpty: true),
            .if(amount, .attribute(named: "inputmode", value: "decimal")), .if(amount, .class("amount-input")),
            describedBy(name, hint: hint)]))
    }

    func area(_ label: String, _ name: String, _ value: String, hint: String? = nil, rows: Int = 3) -> Node<HTML.BodyContext> {
        wrapper(name, label, hint: hint, wide: true, .element(named: "textarea", nodes: [
            .attr("id", name), .attr("name", name),
            .attribute(named: "rows", value: String(rows)), describedBy(name, hint: hint), .text(value)]))
    }

    func select(_ label: String, _ name: String, _ options: [(String, String)], selected: String) -> Node<HTML.BodyContext> {
        wrapper(name, label, hint: nil, .element(named: "select", nodes: [
            .attr("id", name), .attr("name", name), describedBy(name, hint: nil),
            .forEach(options) { o in
                .element(named: "option", nodes: [.attr("value", o.0, keepEmpty: true),
                                                  .if(o.0 == selected, .attribute(named: "selected", value: "selected")), .text(o.1)])
            }]))
    }

    func remove(_ name: String, _ label: String, checked: Bool) -> Node<HTML.BodyContext> {
        .div(.class("field field-check"),
             .element(named: "input", nodes: [.attribute(named: "type", value: "checkbox"), .attr("id", name),
                                             .attr("name", name), .attribute(named: "value", value: "1"),
                                             .if(checked, .attribute(named: "checked", value: "checked"))]),
             .label(.for(name), .text(label)))
    }

    /// A submit button that changes the form's structure (`add:pots`) and stores nothing.
    static func action(_ text: String, _ value: String, label: String? = nil) -> Node<HTML.BodyContext> {
        .button(.type(.submit), .class("button button-secondary button-small"), .attribute(named: "name", value: "action"),
                .attr("value", value), .unwrap(label) { .attr("aria-label", $0) },
                .text(text))
    }

    /// A `<fieldset>` with its legend.
    static func fieldset(_ legend: String, id: String? = nil, _ nodes: Node<HTML.BodyContext>...) -> Node<HTML.BodyContext> {
        .element(named: "fieldset", nodes: [.class("editor-section"), .unwrap(id) { .id($0) },
                                             .element(named: "legend", nodes: [.text(legend)])] + nodes)
    }

    static let categories: [(String, String)] = RecipientCategory.allCases.map { ($0.rawValue, $0.swedishName) }
    static let keys: [(String, String)] = [("population", "Befolkningsandel"), ("fixed", "Fasta belopp per mottagare"), ("quantity", "Rapporterat antal")]
    static let milestoneKinds: [(String, String)] = MilestoneKind.allCases.map { ($0.rawValue, $0.swedishName) }
}
