import Foundation
import NaraCore
import Plot

/// The national compilation as a page: what analysts read on screen, print on A4 (page
/// numbers, headings repeated, a section per page) and download as PDF.
struct CompilationPage {
    let model: Compilation

    func render() -> String {
        let c = model.context
        return Layout.render(title: model.title,
                             breadcrumbs: [("Uppföljning", SiteURL.followUp), ("Svar \(c.year)", AnalysisRoutes.formURL(c.key, year: c.year)),
                                           ("Nationell sammanställning", nil)],
                             current: SiteURL.followUp,
                             CompilationBlocks(model: model, forWord: false).document())
    }
}
