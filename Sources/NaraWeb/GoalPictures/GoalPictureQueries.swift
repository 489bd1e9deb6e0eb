import Fluent
import Foundation
import NaraCore
import NaraPersistence
import SQLKit

/// Per county: the region's recorded goal picture and the latest answers to questions 1–4 of
/// the reference questionnaire, for one year.
struct GoalPictureTable: Sendable {
    /// The years with submitted reference reports.
    let years: [Int]
    let year: Int
    let table: DataTable
    /// How many counties answered that they have a decided joint goal picture.
    let decided: Int

    /// - Parameter year: the year asked for; the latest when absent or without reports.
    static func query(year asked: Int?, on db: any Database) async throws -> GoalPictureTable {
        let key = ReferenceForms.municipalFinalReportKey
        let years = try await FollowUpStore.rounds(on: db).filter { $0.formKey == key }.map(\.year).sorted()
        let year = asked.flatMap { years.contains($0) ? $0 : nil } ?? years.last ?? 0
        var answers: [String: [String: (String, UUID)]] = [:]
        let rows = try await FollowUpStore.sql(db).select().columns("county_code", "question_id", "value", "report_id").from(FollowUpValueModel.schema)
            .where("form_key", .equal, SQLBind(key)).where("year", .equal, SQLBind(year)).where("question_id", .in, SQLBind.group(["q1", "q2", "q3", "q4"])).all()
        for r in rows {
            answers[try r.decode(column: "county_code", as: String.self), default: [:]][try r.decode(column: "question_id", as: String.self)] =
                (try r.decode(column: "value", as: String.self), try r.decode(column: "report_id", as: UUID.self))
        }
        let regions = try await OrganisationModel.query(on: db).filter(\.$kind == OrganisationKind.region.rawValue).all()
        let pictures = try await GoalPictureModel.query(on: db).all()
        let table = DataTable(id: "malbilder", caption: "Målbild och handlingsplan per län, \(year)",
                              columns: ["Län", "Regionens registrerade målbild", "Fråga 1: beslutad gemensam målbild", "Fråga 2: gemensam handlingsplan",
                                        "Fråga 3: uppföljning beskriven", "Fråga 4: kommunala handlingsplaner"],
                              rows: Geography.shipped.counties.map { c in
                                  let region = regions.first { $0.countyCode == c.code || $0.code == c.code }
                                  let picture = pictures.first { $0.organisationID == region?.id }
                                  let a = answers[c.code] ?? [:]
                                  let pictureCell: DataTable.Cell = picture.map { p in
                                      .link(p.title + (GoalPictures.picture(p).isDecided ? " (beslutad)" : ""), href: "/uppfoljning/malbilder/\(p.organisationID.uuidString)")
                                  } ?? .text("Ej registrerad")
                                  return [.text(c.name), pictureCell, .text(a["q1"]?.0 ?? "Inget svar"), .text(a["q2"]?.0 ?? "Inget svar"),
                                          a["q3"].map { .link("Ja, läs svaret", href: SiteURL.report($0.1)) } ?? .text("Inget svar"), .text(a["q4"]?.0 ?? "Inget svar")]
                              })
        let decided = Geography.shipped.counties.filter { answers[$0.code]?["q1"]?.0.hasPrefix("Ja") ?? false }.count
        return GoalPictureTable(years: years, year: year, table: table, decided: decided)
    }
}

/// One organisation's goal picture as analysts read it.
struct GoalPictureDetail: Sendable {
    let organisation: OrganisationModel
    let stored: GoalPictureModel?

    static func query(organisationID: UUID, on db: any Database) async throws -> GoalPictureDetail? {
        guard let org = try await OrganisationModel.find(organisationID, on: db) else { return nil }
        return GoalPictureDetail(organisation: org, stored: try await GoalPictures.load(organisationID, on: db))
    }
}

/// A person's own organisation's goal picture: shown, or in a form when they may change it.
struct OwnGoalPicture: Sendable {
    let organisation: OrganisationModel
    let isRegion: Bool
    let canEdit: Bool
    /// What the page shows: the picture as just sent, or as stored.
    let shown: GoalPicture?

    /// - Parameter sent: a picture just sent that could not be saved, to show again.
    static func query(_ principal: Principal, sent: GoalPicture?, on db: any Database) async throws -> OwnGoalPicture {
        let org = principal.organisation
        let isRegion = org.kind == OrganisationKind.region.rawValue
        let canEdit = AccessPolicy.may(principal.standing, .changeOwnOrganisation, organisation: principal.standing.organisationID) && isRegion
        let stored = try await GoalPictures.load(org.requireID(), on: db)
        return OwnGoalPicture(organisation: org, isRegion: isRegion, canEdit: canEdit, shown: sent ?? stored.map(GoalPictures.picture))
    }
}
