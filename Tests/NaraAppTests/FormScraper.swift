import Foundation

/// Reads a page's form fields as a browser would submit them: inputs with their values,
/// textareas with their text, the selected option of each select, checked checkboxes.
enum FormScraper {
    static func fields(in html: String) -> [String: String] {
        var out: [String: String] = [:]
        for tag in matches(#"<input\b[^>]*>"#, in: html) {
            guard let name = attribute("name", in: tag), name != "_csrf" else { continue }
            let type = attribute("type", in: tag) ?? "text"
            if type == "submit" || type == "file" { continue }
            if type == "checkbox" && !tag.contains("checked") { continue }
            out[name] = attribute("value", in: tag) ?? ""
        }
        for area in matches(#"<textarea\b[^>]*>[\s\S]*?</textarea>"#, in: html) {
            guard let name = attribute("name", in: area), let open = area.firstIndex(of: ">") else { continue }
            out[name] = unescape(String(area[area.index(after: open)...].dropLast("</textarea>".count)))
        }
        for select in matches(#"<select\b[^>]*>[\s\S]*?</select>"#, in: html) {
            guard let name = attribute("name", in: select) else { continue }
            let options = matches(#"<option\b[^>]*>"#, in: select)
            let chosen = options.first { $0.contains("selected") } ?? options.first
            out[name] = chosen.flatMap { attribute("value", in: $0) } ?? ""
        }
        return out
    }

    static func matches(_ pattern: String, in text: String) -> [String] {
        guard let re = try? NSRegularExpression(pattern: pattern) else { return [] }
        return re.matches(in: text, range: NSRange(text.startIndex..., in: text)).compactMap { Range($0.range, in: text).map { String(text[$0]) } }
    }

    static func attribute(_ name: String, in tag: String) -> String? {
        guard let re = try? NSRegularExpression(pattern: "\\s\(name)=\"([^\"]*)\""),
              let m = re.firstMatch(in: tag, range: NSRange(tag.startIndex..., in: tag)), let r = Range(m.range(at: 1), in: tag) else { return nil }
        return unescape(String(tag[r]))
    }

    static func unescape(_ s: String) -> String {
        s.replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&lt;", with: "<")
            .replacingOccurrences(of: "&gt;", with: ">").replacingOccurrences(of: "&#39;", with: "'").replacingOccurrences(of: "&amp;", with: "&")
    }
}
