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
            // The title as the year's own version reads it ("… 2022" for 2022's answers).
            let title = titles[r.formKey].map { t in FormYear.years(in: t).last.map { FormYear.replacing($0, with: r.year, in: t) } ?? t } ?? r.formKey
            analysed.append(Analysed(formKey: r.formKey, title: title, year: r.year, reports: r.reports))
        }
        // A lägesbild belongs to an agreement: only years with a published agreement are offered.
        let agreementYears = Set(try await AgreementStore.list(on: db).map(\.year))
        let years = Array(Set(rounds.map(\.assignment.agreementYear)).intersection(agreementYears)).sorted(by: >)
        return FollowUpHome(analysed: analysed, years: years, rounds: rounds, canLink: canLink)
    }
}
