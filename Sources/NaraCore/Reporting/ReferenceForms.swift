import Foundation

/// The questionnaires shipped with Nära.
public enum ReferenceForms {
    /// The reference questionnaire's stable key.
    public static let municipalFinalReportKey = "kommuner-slutredovisning-2022"

    /// The municipalities' final report on God och nära vård 2022 (seed `002_…`), complete.
    public static func municipalFinalReport2022() throws -> FormDefinition {
        let json = try Geography.resource("forms/kommuner-slutredovisning-2022.json")
        return try FormValidator.parse(json)
    }

    /// The JSON text of the reference questionnaire.
    public static func municipalFinalReport2022JSON() throws -> String {
        try Geography.resource("forms/kommuner-slutredovisning-2022.json")
    }
}
