import Plot

/// The one way a view writes an attribute value that is not a literal: `.attr(name, value)`,
/// which always escapes. Plot escapes text but writes attribute values as they are given
/// (`.attribute(named:value:)`, `.value(_:)`, `.content(_:)`), so a `"` in a plan line's title
/// would end the attribute and start markup of its own. `HostileInputTests` checks the sources
/// for raw attribute values and renders every page with hostile text in every field.
enum Markup {
    /// `&`, `"`, `<` and `>` as character references: safe inside a double-quoted attribute and in text.
    static func escape(_ s: String) -> String {
        guard s.contains(where: { $0 == "&" || $0 == "\"" || $0 == "<" || $0 == ">" }) else { return s }
        var out = ""
        out.reserveCapacity(s.count + 16)
        for ch in s {
            switch ch {
            case "&": out += "&amp;"
            case "\"": out += "&quot;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            default: out.append(ch)
            }
        }
        return out
    }
}

extension Node {
    /// An attribute with its value escaped.
    /// - Parameters:
    ///   - name: the attribute's name (a literal in the view).
    ///   - value: any text, escaped here.
    ///   - keepEmpty: write `name=""` for an empty value instead of leaving the attribute out.
    static func attr(_ name: String, _ value: String, keepEmpty: Bool = false) -> Node {
        .attribute(named: name, value: Markup.escape(value), ignoreIfValueIsEmpty: !keepEmpty)
    }
}

extension Attribute {
    /// An attribute with its value escaped (see `Node.attr`).
    static func attr(_ name: String, _ value: String, keepEmpty: Bool = false) -> Attribute {
        Attribute(name: name, value: Markup.escape(value), ignoreIfValueIsEmpty: !keepEmpty)
    }
}
