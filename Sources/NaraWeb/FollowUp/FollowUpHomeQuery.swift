import Fluent
import Foundation
import NaraCore
import NaraPersistence

/// What the follow-up's start page lists: the questionnaires with submitted answers, the years
/// with a dashboard, and every report round.
struct FollowUpHome: Sendable {
    struct Analysed: Sendable {
        let formKey: String
        let title: String
        let year: Int
        let reports: Int
    }

    let analysed: [Analysed]
    let years: [Int]
    let rounds: [StatusBoardQuery.Round]
    /// Whether the reader may link questions across forms.
    let canLink: Bool

    static func query(canLink: Bool, on db: any Database) async throws -> FollowUpHome {
        let rounds = try await StatusBoardQuery.rounds(on: db)
        var titles: [String: String] = [:]
        var analysed: [Analysed] = []
        for r in try await FollowUpStore.rounds(on: db) {
            if titles[r.formKey] == nil {
                titles[r.formKey] = try await FormDefinitionModel.query(on: db).filter(\.$formKey == r.formKey).sort(\.$version, .descending).first()?.title ?? r.formKey
            }
            analysed.append(Analysed(formKey: r.formKey, title: titles[r.formKey] ?? r.formKey, year: r.year, reports: r.reports))
        }
        let years = Array(Set(rounds.map(\.assignment.agreementYear))).sorted(by: >)
        return FollowUpHome(analysed: analysed, years: years, rounds: rounds, canLink: canLink)
    }
}
