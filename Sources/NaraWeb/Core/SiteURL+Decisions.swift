import Foundation

extension SiteURL {
    /// A decision to pay (*beslut om utbetalning*), as a page.
    static func decisionLetter(_ org: UUID, _ year: Int, _ letter: UUID) -> String {
        "/organisationer/\(org.uuidString)/medel/\(year)/beslut/\(letter.uuidString)"
    }

    /// The same decision as a PDF.
    static func decisionLetterPDF(_ org: UUID, _ year: Int, _ letter: UUID) -> String { decisionLetter(org, year, letter) + "/pdf" }
}
