import Fluent
import Foundation
import NaraCore
import NaraPersistence

/// The situation for one agreement year (*lägesbild*): each report round's statuses, the money
/// to regions and RSS step by step, the rounds' choice questions as tallies, and the indicators.
struct Dashboard: Sendable {
    /// One single-choice question of a round, tallied over the submitted reports.
    struct ChoiceChart: Sendable {
        let formKey: String
        let question: Question
        let tally: ChoiceTally
    }

    let year: Int
    /// The published agreement's title (a lägesbild belongs to an agreement).
    let agreementTitle: String
    let statusTable: DataTable
    let money: MoneySteps
    let charts: [ChoiceChart]
    let indicatorTable: DataTable

    var title: String { "Lägesbild: \(agreementTitle)" }

    /// - Returns: nil when there is no published agreement for the year (a lägesbild belongs to an agreement).
    static func query(year: Int, today: CivilDate, on db: any Database) async throws -> Dashboard? {
        guard let agreement = try await AgreementStore.load(year: year, on: db) else { return nil }
        let rounds = try await StatusBoardQuery.rounds(on: db).filter { $0.assignment.agreementYear == year }
        var statusRows: [[DataTable.Cell]] = []
        var charts: [ChoiceChart] = []
        for r in rounds {
            statusRows.append(try await statusRow(r, today: today, on: db))
            charts += try await choiceCharts(r, year: year, on: db)
        }
        let statusTable = DataTable(id: "status", caption: "Rapportomgångar \(year)", columns: ["Omgång", "Mottagare"] + ReportStatus.allCases.map(\.swedishName),
                                    numeric: Set(1...(1 + ReportStatus.allCases.count)), rows: statusRows)
        var money = MoneySteps()
        if let (_, rows) = try await MoneyService.overview(year: year, on: db) {
            for r in rows {
                money.allocated = money.allocated + r.total.allocated; money.requisitioned = money.requisitioned + r.total.requisitioned
                money.paid = money.paid + r.total.paid; money.spent = money.spent + r.total.spent; money.repaid = money.repaid + r.total.repaid
            }
        }
        return Dashboard(year: year, agreementTitle: agreement.title, statusTable: statusTable, money: money, charts: charts,
                         indicatorTable: try await indicatorTable(year: year, on: db))
    }

    /// A round's link, its number of recipients and how many reports are in each status.
    static func statusRow(_ r: StatusBoardQuery.Round, today: CivilDate, on db: any Database) async throws -> [DataTable.Cell] {
        let id = try r.assignment.requireID()
        let reports = try await ReportModel.query(on: db).filter(\.$assignmentID == id).all()
        let deadline = CivilDate(iso: r.assignment.deadline) ?? .make(2100, 1, 1)
        let withAnswers = try await ReportService.reportsWithAnswers(assignmentID: id, on: db)
        let statuses = reports.map { ReportRules.status(state: ReportState(rawValue: $0.state) ?? .draft, hasAnswers: withAnswers.contains($0.id!), deadline: deadline, today: today) }
        let counts = Dictionary(grouping: statuses, by: { $0 }).mapValues(\.count)
        return [.link(r.title, href: SiteURL.statusBoard(id)), .number(Decimal(reports.count), String(reports.count))]
            + ReportStatus.allCases.map { .number(Decimal(counts[$0] ?? 0), String(counts[$0] ?? 0)) }
    }

    /// The round's single-choice questions that have answers.
    static func choiceCharts(_ r: StatusBoardQuery.Round, year: Int, on db: any Database) async throws -> [ChoiceChart] {
        guard let defModel = try await FormDefinitionModel.find(r.assignment.formDefinitionID, on: db) else { return [] }
        let def = try ReportService.definition(defModel)
        var charts: [ChoiceChart] = []
        for q in def.questions where q.type == .singleChoice {
            let (tally, _) = try await FollowUpStore.choices(FollowUpScope(formKey: def.id, year: year), question: q, on: db)
            if tally.respondents > 0 { charts.append(ChoiceChart(formKey: def.id, question: q, tally: tally)) }
        }
        return charts
    }

    /// Each indicator in the year (or the latest year before it): the regions' mean and how many meet the target.
    static func indicatorTable(year: Int, on db: any Database) async throws -> DataTable {
        var rows: [[DataTable.Cell]] = []
        for d in IndicatorDefinition.catalogue {
            let s = try await Indicators.series(d, on: db)
            guard let y = s.years.contains(year) ? year : s.years.filter({ $0 <= year }).last else { continue }
            let values = s.values.values.compactMap { $0[y] }
            let meeting = values.filter { d.meetsTarget($0) ?? false }.count
            let mean = values.isEmpty ? 0 : values.reduce(0, +) / Int64(values.count)
            rows.append([.link(d.name, href: "/uppfoljning/indikatorer/\(d.key)"), .text(String(y)), .number(Decimal(mean) / 100, Indicators.text(mean, unit: d.unit)),
                         .text(d.target == nil ? "Inget mål" : "\(meeting) av \(values.count)")])
        }
        return DataTable(id: "indikatorer", caption: "Indikatorer", columns: ["Indikator", "År", "Medelvärde för regionerna", "Regioner som når målet"],
                         numeric: [2], rows: rows)
    }
}
