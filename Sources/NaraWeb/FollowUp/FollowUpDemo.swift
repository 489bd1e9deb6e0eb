import Fluent
import Foundation
import NaraCore
import NaraPersistence

/// Demo material for the follow-up, so its pages show real charts on first start: the
/// reference questionnaire asked of every RSS (and Region Gotland) for 2022 with generated
/// answers from all of them, generated answers for 2023 from all but RSS Jämtlands län (left for
/// the demo editor to fill in), Region Halland's goal picture from seed `001_…`, and generated
/// indicator values. Everything generated is marked so on the pages.
enum FollowUpDemo {
    static let indicatorSource = "Genererade demovärden – inte verkliga uppgifter"
    /// The county whose 2023 report is left for the demo editor.
    static let leftForEditor = "23"

    static func seed(on db: any Database, now: Date = Date()) async throws {
        guard let formModel = try await FormDefinitionModel.query(on: db).filter(\.$formKey == ReferenceForms.municipalFinalReportKey)
                .sort(\.$version).first() else { return }
        let ids = try await FormDefinitionModel.query(on: db).filter(\.$formKey == ReferenceForms.municipalFinalReportKey).all().compactMap(\.id)
        guard try await AssignmentModel.query(on: db).filter(\.$formDefinitionID ~~ ids).filter(\.$agreementYear == 2022).count() == 0 else { return }
        let round2022 = try await ReportService.createAssignment(definition: formModel, year: 2022, recipientKind: OrganisationKind.rss.rawValue,
                                                                 reportKind: .final, opensOn: .make(2023, 1, 1), deadline: .make(2023, 3, 31), now: now, on: db)
        try await answerAll(round2022, except: nil, submittedAround: .make(2023, 3, 24), on: db)
        if let round2023 = try await AssignmentModel.query(on: db).filter(\.$formDefinitionID ~~ ids).filter(\.$agreementYear == 2023).first() {
            try await answerAll(round2023, except: leftForEditor, submittedAround: .make(2024, 3, 22), on: db)
        }
        if let halland = try await OrganisationModel.query(on: db).filter(\.$kind == OrganisationKind.region.rawValue).filter(\.$code == "13").first() {
            try await GoalPictures.save(GoalPicture.halland, for: halland, by: "Nära (underlag 001, Region Halland)", now: now, on: db)
        }
        try await seedIndicators(now: now, on: db)
    }

    /// Generated answers, submitted a few days either side of `submittedAround`.
    static func answerAll(_ assignment: AssignmentModel, except county: String?, submittedAround: CivilDate, on db: any Database) async throws {
        let reports = try await ReportModel.query(on: db).filter(\.$assignmentID == assignment.requireID()).all()
        for report in reports {
            guard let ctx = try await ReportService.load(report.requireID(), on: db), ctx.state == .draft, ctx.answers.isEmpty else { continue }
            let code = ctx.organisation.countyCode ?? ctx.organisation.code
            if code == county { continue }
            let countyName = Geography.shipped.county(code)?.name ?? ctx.organisation.name
            let generated = DemoAnswers.answers(for: ctx.definition, recipientCode: code, countyName: countyName, year: assignment.agreementYear)
            let offset = (Int(code) ?? 0) % 12 - 5
            let day = CivilDate.make(submittedAround.year, submittedAround.month, submittedAround.day + offset)
            let when = noon(day)
            let models = generated.map { q, a -> AnswerModel in
                let m = AnswerModel()
                m.reportID = report.id!; m.questionID = q; m.value = a.value; m.comment = a.comment; m.revision = 1
                m.updatedAt = when; m.updatedBy = DemoAnswers.marker
                return m
            }
            try await db.transaction { tx in
                try await models.create(on: tx)
                report.lastChangedAt = when; report.lastChangedBy = DemoAnswers.marker
                try await report.update(on: tx)
            }
            guard let filled = try await ReportService.load(report.requireID(), on: db) else { continue }
            _ = try await ReportService.submit(filled, by: DemoAnswers.marker, today: day, now: when, on: db)
        }
    }

    static func noon(_ day: CivilDate) -> Date {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "Europe/Stockholm") ?? .current
        return calendar.date(from: DateComponents(year: day.year, month: day.month, day: day.day, hour: 12)) ?? Date()
    }

    /// Six years of generated values per region for each known indicator, total and by sex.
    static func seedIndicators(now: Date, on db: any Database) async throws {
        guard try await IndicatorValueModel.query(on: db).count() == 0 else { return }
        var values: [IndicatorValue] = []
        for county in Geography.shipped.counties {
            for definition in IndicatorDefinition.catalogue {
                var rng = SplitMix(seed: DemoAnswers.fnv("\(definition.key)|\(county.code)"))
                var level = Int64(4_200 + rng.next() % 1_600)
                for year in 2019...2024 {
                    level += Int64(rng.next() % 260) - 60
                    let women = level + Int64(rng.next() % 300), men = level - Int64(rng.next() % 300)
                    values += [IndicatorValue(indicator: definition.key, code: county.code, year: year, sex: "", value: level),
                               IndicatorValue(indicator: definition.key, code: county.code, year: year, sex: "K", value: women),
                               IndicatorValue(indicator: definition.key, code: county.code, year: year, sex: "M", value: men)]
                }
            }
        }
        _ = try await Indicators.store(values, source: indicatorSource, by: "Nära (demodata)", now: now, on: db)
    }
}
