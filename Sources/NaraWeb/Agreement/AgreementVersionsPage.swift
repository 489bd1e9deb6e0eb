import Foundation
import NaraCore
import NaraPersistence
import Plot

/// A published agreement's versions: the first publication and every amendment with its date,
/// reason, reference and what it changed.
struct AgreementVersionsPage {
    let model: AgreementModel
    let versions: [AgreementVersionModel]

    func render() -> String {
        let year = model.year
        return Layout.render(title: "Versioner av överenskommelsen \(year)",
                             breadcrumbs: [("Överenskommelser", SiteURL.home), (String(year), SiteURL.agreement(year)), ("Versioner", nil)],
                             current: SiteURL.home,
            .h1(.text("Versioner av överenskommelsen \(year)")),
            .p(.class("lead"), .text("Gällande version: \(model.version). En publicerad överenskommelse ändras bara genom en ändringsöverenskommelse; varje ändring är en ny version och de tidigare går att läsa här.")),
            versions.isEmpty ? .p(.text("Överenskommelsen har inte ändrats sedan den lades in.")) : .group(),
            .forEach(versions) { v in
                .section(.class("version"),
                    .h2(.text("Version \(v.version)" + (v.kind == "amendment" ? ": ändringsöverenskommelse" : ": publicerad"))),
                    .dl(.class("facts"),
                        .dt(.text("Datum")), .dd(.text(v.amendmentDate.flatMap(CivilDate.init(iso:))?.swedish ?? SwedishDateTime.format(v.createdAt))),
                        .if(!v.reference.isEmpty, .group(.dt(.text("Diarienummer")), .dd(.text(v.reference)))),
                        .if(!v.reason.isEmpty, .group(.dt(.text("Skäl")), .dd(.text(v.reason))))),
                    .p(.a(.href(SiteURL.agreementVersion(year, v.version)), .text("Läs överenskommelsen som den löd i version \(v.version)"))),
                    {
                        let changes = AgreementVersionStore.changes(in: v)
                        return changes.isEmpty ? .group() : ChangeTable.render(changes, caption: "Ändringar i version \(v.version)")
                    }())
            })
    }
}
