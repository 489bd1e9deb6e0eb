import Foundation
import Logging
import Testing
@testable import NaraWeb

extension AppTests {
    @Suite("PDF: a page printed by headless Chromium")
    struct PDFRendererTests {
        @Test("the printed page is one file: the stylesheet inlined, no script, no link to fetch")
        func standalone() throws {
            let html = Layout.render(title: "Prov", .h1(.text("Prov")))
            #expect(html.contains("<script"))
            let page = PDFRenderer.standalone(html)
            #expect(!page.contains("<script"))
            #expect(!page.contains("rel=\"stylesheet\""))
            #expect(page.contains("<style>") && page.contains("@media print"))
        }

        @Test("a page prints to a PDF where the server has Chromium; a missing browser is named at start")
        func prints() async throws {
            #expect(throws: ConfigError.self) { try AppConfig.read(from: ["NARA_PDF_BROWSER": "/finns/inte/chromium"]) }
            guard let browser = PDFRenderer.locate(configured: nil, path: ProcessInfo.processInfo.environment["PATH"]) else { return }
            let pdf = try await PDFRenderer.render(html: Layout.render(title: "Prov", .h1(.text("Sammanställning"))),
                                                   browser: browser, logger: Logger(label: "test"))
            #expect(pdf.starts(with: Array("%PDF-".utf8)))
            #expect(String(decoding: pdf, as: UTF8.self).contains("/Type /Page") || String(decoding: pdf, as: UTF8.self).contains("/Type/Page"))
        }

        @Test("a download's file name keeps only safe characters")
        func names() {
            #expect(PDFRenderer.safeName("beslut \"2019\"/../x") == "beslut--2019-----x")
            #expect(PDFRenderer.safeName("") == "nara")
        }
    }
}
