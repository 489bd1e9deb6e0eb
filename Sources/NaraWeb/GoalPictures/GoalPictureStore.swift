import Fluent
import Foundation
import NaraCore
import NaraPersistence

/// Regions' goal pictures in storage.
enum GoalPictures {
    static func save(_ picture: GoalPicture, for organisation: OrganisationModel, by actor: String, now: Date, on db: any Database) async throws {
        let id = try organisation.requireID()
        let m = try await GoalPictureModel.query(on: db).filter(\.$organisationID == id).first() ?? GoalPictureModel()
        m.organisationID = id; m.title = picture.title; m.summary = picture.summary; m.factors = AnswerParser.json(picture.factors)
        m.followUp = picture.followUp; m.decidedOn = picture.decidedOn?.iso; m.decidedBy = picture.decidedBy
        m.updatedAt = now; m.updatedBy = actor
        try await m.save(on: db)
    }

    static func picture(_ m: GoalPictureModel) -> GoalPicture {
        GoalPicture(title: m.title, summary: m.summary, factors: AnswerFormatter.choices(m.factors), followUp: m.followUp,
                    decidedOn: m.decidedOn.flatMap(CivilDate.init(iso:)), decidedBy: m.decidedBy)
    }

    static func load(_ organisationID: UUID, on db: any Database) async throws -> GoalPictureModel? {
        try await GoalPictureModel.query(on: db).filter(\.$organisationID == organisationID).first()
    }
}

extension GoalPictures {
    /// Saves a region's own goal picture from its form, with its audit entry, in one transaction.
    /// - Returns: the problems at their fields when the form cannot be saved as sent (with the
    ///   picture as read, to show again).
    static func saveOwn(_ form: GoalPictureForm, for organisation: OrganisationModel, by actor: Actor, now: Date,
                        on db: any Database) async throws -> Result<Void, GoalPictureForm.Refusal> {
        let picture = form.picture
        let errors = form.problems
        if !errors.isEmpty { return .failure(.init(picture: picture, errors: errors)) }
        let id = try organisation.requireID()
        try await db.writeTransaction { tx in
            let before = try await load(id, on: tx)
            try await save(picture, for: organisation, by: actor.name, now: now, on: tx)
            try await AuditLog.record(before == nil ? .create : .update, entity: "goal_picture", id: id.uuidString,
                                      before: before.map { ["namn": $0.title] } ?? [:],
                                      after: ["namn": picture.title, "faktorer": picture.factors.joined(separator: ", ")], by: actor, now: now, on: tx)
        }
        return .success(())
    }
}
