import Plot

/// A field's error, for the summary at the top of a form and the message at the field.
struct FieldError: Sendable {
    let field: String
    let message: String
}

/// Form building blocks: labelled fields with hints and errors, the error summary, the CSRF
/// field. Generic over the context so they fit both forms and page bodies.
enum Forms {
    /// Escapes text for an attribute value; prefer `.attr(name, value)`, which does it itself.
    static func attr(_ s: String) -> String { Markup.escape(s) }

    static func csrf<C: HTML.BodyContext>(_ token: String) -> Node<C> {
        .input(.type(.hidden), .name(CSRFMiddleware.field), .value(token))
    }

    /// The summary at the top of a form that did not validate; each message links to its field.
    static func errorSummary(_ errors: [FieldError]) -> Node<HTML.BodyContext> {
        guard !errors.isEmpty else { return .group() }
        return .div(.class("error-summary"), .attribute(named: "role", value: "alert"), .attribute(named: "tabindex", value: "-1"),
                    .id("felsammanfattning"),
            .h2(.class("error-summary-title"), .text("Det finns fel att rätta")),
            .ul(.forEach(errors) { e in .li(.a(.href("#" + e.field), .text(e.message))) }))
    }

    /// The ids of a field's hint and error message, for its `aria-describedby`.
    static func describedByIDs(name: String, hint: String?, error: FieldError?) -> String {
        [hint.map { _ in name + "-hint" }, error.map { _ in name + "-error" }].compactMap { $0 }.joined(separator: " ")
    }

    /// What every field starts with: its label, its hint and the message saying what is wrong.
    static func fieldHead<C: HTML.BodyContext>(_ label: String, name: String, hint: String?, error: FieldError?) -> Node<C> {
        .group(.label(.for(name), .text(label)),
               .unwrap(hint) { .p(.class("hint"), .id(name + "-hint"), .text($0)) },
               .unwrap(error) { .p(.class("error-message"), .id(name + "-error"), .span(.class("visually-hidden"), .text("Fel: ")), .text($0.message)) })
    }

    /// A labelled input.
    static func field<C: HTML.BodyContext>(_ label: String, name: String, value: String = "", type: HTMLInputType = .text,
                                          hint: String? = nil, errors: [FieldError] = [], autocomplete: String? = nil,
                                          required: Bool = false) -> Node<C> {
        let error = errors.first { $0.field == name }
        let describedBy = describedByIDs(name: name, hint: hint, error: error)
        return .div(.class(error == nil ? "field" : "field field-error"),
            fieldHead(label, name: name, hint: hint, error: error),
            .selfClosedElement(named: "input", attributes: inputAttributes(type: type, name: name, value: value, describedBy: describedBy,
                                                                           invalid: error != nil, autocomplete: autocomplete, required: required))
        )
    }

    static func inputAttributes(type: HTMLInputType, name: String, value: String, describedBy: String, invalid: Bool,
                                autocomplete: String?, required: Bool) -> [Attribute<HTML.InputContext>] {
        var attributes: [Attribute<HTML.InputContext>] = [.type(type), .id(name), .name(name), .attr("value", value, keepEmpty: true)]
        if !describedBy.isEmpty { attributes.append(.attr("aria-describedby", describedBy)) }
        if invalid { attributes.append(Attribute(name: "aria-invalid", value: "true")) }
        if let autocomplete { attributes.append(.attr("autocomplete", autocomplete)) }
        if required { attributes.append(Attribute(name: "required", value: "required")) }
        return attributes
    }

    /// A labelled textarea with its hint and error, keeping what was typed.
    static func textarea<C: HTML.BodyContext>(_ label: String, name: String, value: String = "", hint: String? = nil,
                                             errors: [FieldError] = [], rows: Int = 4) -> Node<C> {
        let error = errors.first { $0.field == name }
        let describedBy = describedByIDs(name: name, hint: hint, error: error)
        return .div(.class(error == nil ? "field" : "field field-error"),
            fieldHead(label, name: name, hint: hint, error: error),
            .element(named: "textarea", nodes: [
                .attr("id", name), .attr("name", name), .attr("rows", String(rows)),
                .if(!describedBy.isEmpty, .attr("aria-describedby", describedBy)),
                .if(error != nil, .attribute(named: "aria-invalid", value: "true")),
                .text(value)]))
    }

    /// A labelled select.
    static func select<C: HTML.BodyContext>(_ label: String, name: String, options: [(value: String, label: String)],
                                           selected: String? = nil, errors: [FieldError] = []) -> Node<C> {
        let error = errors.first { $0.field == name }
        return .div(.class(error == nil ? "field" : "field field-error"),
            .label(.for(name), .text(label)),
            .unwrap(error) { .p(.class("error-message"), .id(name + "-error"), .span(.class("visually-hidden"), .text("Fel: ")), .text($0.message)) },
            .select(.id(name), .attr("name", name),
                    .if(error != nil, .attr("aria-describedby", name + "-error")),
                    .if(error != nil, .attribute(named: "aria-invalid", value: "true")),
                    .forEach(options) { o in
                        .element(named: "option", nodes: [
                            Node<HTML.BodyContext>.attr("value", o.value, keepEmpty: true),
                            .if(o.value == selected, .attribute(named: "selected", value: "selected")),
                            .text(o.label)])
                    })
        )
    }

    static func submit<C: HTML.BodyContext>(_ text: String, secondary: Bool = false) -> Node<C> {
        .button(.type(.submit), .class(secondary ? "button button-secondary" : "button"), .text(text))
    }

    /// A one-button form (sign out, revoke, deactivate).
    static func button(_ text: String, action: String, csrf: String, secondary: Bool = true, hidden: [(String, String)] = [],
                       label: String? = nil) -> Node<HTML.BodyContext> {
        .form(.method(.post), .action(action), .class("inline-form"),
              .input(.type(.hidden), .name(CSRFMiddleware.field), .value(csrf)),
              .forEach(hidden) { h in .input(.type(.hidden), .name(h.0), .attr("value", h.1, keepEmpty: true)) },
              .button(.type(.submit), .class(secondary ? "button button-secondary" : "button"), .text(text),
                      .unwrap(label) { .attr("aria-label", $0) }))
    }
}
