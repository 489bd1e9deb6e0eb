import Foundation
import Vapor

/// A page's own HTML printed to PDF by headless Chromium, so a PDF holds exactly what the page
/// shows: the same markup, the stylesheet's print rules (`@page`: A4, margins, page numbers).
///
/// The browser is the one named by `NARA_PDF_BROWSER`, else the first of `chromium`,
/// `chromium-browser`, `google-chrome` on the `PATH` (`AppConfig.pdfBrowser`). Without one the
/// PDF links answer 503 with a Swedish sentence; the page itself still prints from the browser.
///
/// The HTML is written to a temporary folder with the stylesheet inlined and every script
/// removed (the text in it is escaped, so none can come from what people typed); Chromium runs
/// with no network (every host name resolves to nothing) and its own throwaway profile, and is stopped after `timeout`. PDFs take turns with the
/// exports (`ExportGate`): one Chromium at a time.
enum PDFRenderer {
    static let timeout: Duration = .seconds(90)

    /// The first usable browser: `configured` if given, else a Chromium on `path`.
    static func locate(configured: String?, path: String?) -> String? {
        let fm = FileManager.default
        if let configured, !configured.isEmpty { return fm.isExecutableFile(atPath: configured) ? configured : nil }
        let folders = (path ?? "/usr/local/bin:/usr/bin:/bin").split(separator: ":").map(String.init)
        for name in ["chromium", "chromium-browser", "google-chrome", "google-chrome-stable"] {
            for folder in folders where fm.isExecutableFile(atPath: folder + "/" + name) { return folder + "/" + name }
        }
        return nil
    }

    /// The PDF of `html` as a download named `filename` (without `.pdf`).
    /// - Throws: 503 when the server has no browser, 500 when printing failed.
    static func response(_ req: Request, html: String, filename: String) async throws -> Response {
        guard let browser = req.config.pdfBrowser else {
            throw Abort(.serviceUnavailable, reason: "Servern kan inte skapa PDF: Chromium är inte installerat. Skriv ut sidan till PDF från webbläsaren i stället.")
        }
        await ExportGate.shared.acquire()
        let pdf: Data
        do {
            pdf = try await render(html: html, browser: browser, logger: req.logger)
            await ExportGate.shared.release()
        } catch {
            await ExportGate.shared.release()
            throw error
        }
        var headers = HTTPHeaders()
        headers.replaceOrAdd(name: .contentType, value: "application/pdf")
        headers.replaceOrAdd(name: .contentDisposition, value: "attachment; filename=\"\(safeName(filename)).pdf\"")
        headers.replaceOrAdd(name: .cacheControl, value: "private, no-store")
        return Response(status: .ok, headers: headers, body: .init(data: pdf))
    }

    /// Prints `html` with `browser` and returns the PDF's bytes.
    static func render(html: String, browser: String, logger: Logger) async throws -> Data {
        let fm = FileManager.default
        let folder = fm.temporaryDirectory.appendingPathComponent("nara-pdf-" + UUID().uuidString)
        try fm.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? fm.removeItem(at: folder) }
        let page = folder.appendingPathComponent("page.html"), out = folder.appendingPathComponent("page.pdf")
        try Data(standalone(html).utf8).write(to: page)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: browser)
        process.arguments = [
            "--headless", "--disable-gpu", "--no-sandbox", "--disable-dev-shm-usage", "--no-first-run",
            "--disable-extensions", "--host-resolver-rules=MAP * ~NOTFOUND",
            "--user-data-dir=" + folder.appendingPathComponent("profile").path,
            "--no-pdf-header-footer", "--print-to-pdf=" + out.path, page.absoluteString,
        ]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        let watchdog = Task {
            try await Task.sleep(for: timeout)
            if process.isRunning { process.terminate() }
        }
        defer { watchdog.cancel() }
        let status: Int32 = try await withCheckedThrowingContinuation { continuation in
            process.terminationHandler = { continuation.resume(returning: $0.terminationStatus) }
            do { try process.run() } catch {
                process.terminationHandler = nil
                continuation.resume(throwing: error)
            }
        }
        guard let data = try? Data(contentsOf: out), data.starts(with: Array("%PDF-".utf8)) else {
            logger.error("PDF printing failed", metadata: ["browser": .string(browser), "status": .stringConvertible(status)])
            throw Abort(.internalServerError, reason: "PDF-filen kunde inte skapas. Försök igen, eller skriv ut sidan till PDF från webbläsaren.")
        }
        return data
    }

    /// The page as one file: the stylesheet inlined, scripts removed.
    static func standalone(_ html: String) -> String {
        var out = html
        if let css = try? StaticAssets.require().stylesheet.content,
           let start = out.range(of: "<link rel=\"stylesheet\""),
           let end = out.range(of: ">", range: start.upperBound..<out.endIndex) {
            out.replaceSubrange(start.lowerBound..<end.upperBound, with: "<style>" + String(buffer: css) + "</style>")
        }
        while let start = out.range(of: "<script"), let end = out.range(of: "</script>", range: start.upperBound..<out.endIndex) {
            out.removeSubrange(start.lowerBound..<end.upperBound)
        }
        return out
    }

    /// A file name of letters, digits, `-` and `_` only.
    static func safeName(_ name: String) -> String {
        let kept = name.unicodeScalars.map { CharacterSet.alphanumerics.contains($0) && $0.isASCII || $0 == "-" || $0 == "_" ? Character($0) : "-" }
        return String(kept).isEmpty ? "nara" : String(kept)
    }
}
