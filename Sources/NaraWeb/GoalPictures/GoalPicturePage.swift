import Foundation
import NaraCore
import Plot

/// One region's goal picture, for analysts.
struct GoalPicturePage {
    let detail: GoalPictureDetail

    func render() -> String {
        let org = detail.organisation
        return Layout.render(title: "Målbild – \(org.name)",
                             breadcrumbs: [("Uppföljning", SiteURL.followUp), ("Målbilder per län", "/uppfoljning/malbilder"), (org.name, nil)],
                             current: SiteURL.followUp,
            .h1(.text("Målbild – \(org.name)")),
            detail.stored.map { Self.sections(GoalPictures.picture($0)) } ?? .p(.text("Regionen har inte registrerat någon målbild.")),
            .unwrap(detail.stored) { .p(.class("muted"), .text("Senast ändrad \(SwedishDateTime.format($0.updatedAt)) av \($0.updatedBy).")) })
    }

    /// A goal picture as text: its summary, success factors, how it is followed up and its decision.
    static func sections(_ p: GoalPicture) -> Node<HTML.BodyContext> {
        let decision = [p.decidedOn.map { "Beslutad \($0.swedish)." }, p.decidedBy.isEmpty ? nil : p.decidedBy].compactMap { $0 }.joined(separator: " ")
        return .group(
            .h2(.text(p.title)),
            .p(.text(p.summary)),
            .h3(.text("Framgångsfaktorer")),
            p.factors.isEmpty ? .p(.text("Inga angivna.")) : .ul(.forEach(p.factors) { .li(.text($0)) }),
            .h3(.text("Så följs målbilden upp")),
            .p(.text(p.followUp.isEmpty ? "Inte beskrivet." : p.followUp)),
            .h3(.text("Beslut")),
            .p(.text(decision.isEmpty ? "Inte beslutad." : decision))
        )
    }
}
