import Fluent
import Foundation
import NaraCore
import NaraPersistence
import Plot
import SQLKit

/// Who reviews each report round (`assignments.reviewer`, migration 016). Read and written with
/// SQL because the round's model predates the column.
enum RoundReviewers {
    static func set(_ reviewer: String, round: UUID, on db: any Database) async throws {
        guard let sql = db as? any SQLDatabase else { return }
        try await sql.raw("UPDATE assignments SET reviewer = \(bind: reviewer) WHERE id = \(bind: round)").run()
    }

    /// Every round's reviewer, where one is stored.
    static func all(on db: any Database) async throws -> [UUID: String] {
        guard let sql = db as? any SQLDatabase else { return [:] }
        var out: [UUID: String] = [:]
        for row in try await sql.raw("SELECT id, reviewer FROM assignments WHERE reviewer IS NOT NULL").all() {
            let id = try row.decode(column: "id", as: UUID.self)
            let reviewer = try row.decode(column: "reviewer", as: String.self)
            if !reviewer.isEmpty { out[id] = reviewer }
        }
        return out
    }
}

/// The report rounds the published agreements' milestones ask for and that are not created yet,
/// each offered on the administrator's round page as a filled-in form.
enum RoundOfferAdmin {
    static func offers(on db: any Database) async throws -> [RoundOffer] {
        let existing = Set(try await AssignmentModel.query(on: db).all()
            .map { RoundKey(year: $0.agreementYear, reportKind: $0.reportKind, recipientKind: $0.recipientKind) })
        var out: [RoundOffer] = []
        for model in try await AgreementStore.list(on: db).sorted(by: { $0.year > $1.year }) {
            out += RoundOffers.offers(for: try await AgreementStore.load(model, on: db), existing: existing)
        }
        return out
    }

    /// The day an offered round opens: three months before its deadline, so recipients see it in time.
    static func opens(_ offer: RoundOffer) -> CivilDate { offer.deadline.adding(days: -91) }

    static func section(_ offers: [RoundOffer], definitions: [FormDefinitionModel], csrf: String) -> Node<HTML.BodyContext> {
        .if(!offers.isEmpty && !definitions.isEmpty, .group(
            .h3(.id("foreslagna-omgangar"), .text("Omgångar som överenskommelserna anger")),
            .p(.text("Del- och slutredovisningar i de publicerade överenskommelsernas tidsplaner som ännu saknar omgång. Mottagare, sista dag och granskare kommer från milstolpen; välj formulär och skapa omgången.")),
            .forEach(Array(offers.enumerated())) { i, offer in
                let who = RoundOffers.recipientsName(offer.recipientKind.rawValue)
                return .form(.method(.post), .action(SiteURL.adminAssignments), .class("narrow-form offer-form"),
                    Forms.csrf(csrf),
                    .h4(.text("\(offer.reportKind.swedishName) \(offer.year): \(offer.title)")),
                    .p(.text("\(who), sista dag \(offer.deadline.swedish). Granskas av \(offer.reviewer).")),
                    hidden("year", String(offer.year)), hidden("recipients", offer.recipientKind.rawValue),
                    hidden("kind", offer.reportKind.rawValue), hidden("deadline", offer.deadline.iso), hidden("reviewer", offer.reviewer),
                    .div(.class("field"),
                         .label(.for("offer-form-\(i)"), .text("Formulär")),
                         .select(.id("offer-form-\(i)"), .attribute(named: "name", value: "form"),
                                 .forEach(definitions) { d in
                                     .element(named: "option", nodes: [Node<HTML.BodyContext>.attribute(named: "value", value: d.id!.uuidString),
                                                                       .text("\(d.title), version \(d.version)")])
                                 })),
                    .div(.class("field"),
                         .label(.for("offer-opens-\(i)"), .text("Öppnar")),
                         .input(.type(.date), .id("offer-opens-\(i)"), .name("opens"), .value(opens(offer).iso))),
                    Forms.submit("Skapa omgången", secondary: true))
            }))
    }

    static func hidden(_ name: String, _ value: String) -> Node<HTML.FormContext> {
        .input(.type(.hidden), .name(name), .value(Forms.attr(value)))
    }
}
