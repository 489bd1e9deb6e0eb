import Foundation
import NaraCore
import Plot

/// The national compilation as one self-contained HTML file that Word opens: `meta charset`,
/// the styles inline (bordered tables), no scripts, no stylesheet or image to fetch, the charts'
/// figures as the tables beside them, and links to reports as full addresses.
struct CompilationWordDocument {
    let model: Compilation
    /// The server's public address (`https://nara.example.se`), put before the links' paths.
    let publicURL: String

    static let style = """
        body { font-family: Calibri, Arial, sans-serif; font-size: 11pt; color: #000; }
        h1 { font-size: 20pt; } h2 { font-size: 16pt; page-break-before: always; } h3 { font-size: 13pt; } h4 { font-size: 11pt; }
        table { border-collapse: collapse; margin: 6pt 0 12pt; }
        caption { text-align: left; font-weight: bold; padding: 3pt 0; }
        th, td { border: 1px solid #666; padding: 3pt 6pt; vertical-align: top; text-align: left; }
        thead th { background: #e8e8e8; }
        .num { text-align: right; white-space: nowrap; }
        .muted, .compilation-source { color: #444; }
        blockquote { margin: 3pt 0 0 12pt; }
        .visually-hidden { display: none; }
        """

    func render() -> String {
        let body = HTML(.body(CompilationBlocks(model: model, forWord: true).document())).render()
        let inner = body.range(of: "<body>").flatMap { start in body.range(of: "</body>", options: .backwards).map { String(body[start.upperBound..<$0.lowerBound]) } } ?? body
        let base = publicURL.hasSuffix("/") ? String(publicURL.dropLast()) : publicURL
        let linked = inner.replacingOccurrences(of: "href=\"/", with: "href=\"\(XLSX.escape(base))/")
        return "<!DOCTYPE html>\n<html lang=\"sv\"><head><meta charset=\"utf-8\"><title>\(XLSX.escape(model.title))</title>"
            + "<style>\(Self.style)</style></head><body>" + linked + "</body></html>"
    }
}
