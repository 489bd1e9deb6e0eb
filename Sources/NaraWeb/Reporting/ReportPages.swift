import Foundation
import NaraCore
import NaraPersistence
import Plot

/// Blocks the report pages share: notices about the report's state and the reviewer's actions.
enum ReportPages {
    static func notices(_ ctx: ReportContext, others: [String], today: CivilDate) -> Node<HTML.BodyContext> {
        .group(
            .unwrap(ctx.report.completionMessage) { m in Blocks.notice("warning", heading: "Socialstyrelsen begär komplettering", .p(.text(m))) },
            .if(!others.isEmpty, Blocks.notice("info", heading: "Fler har rapporten öppen",
                .p(.text("\(others.joined(separator: ", ")) har rapporten öppen just nu. Om ni ändrar samma svar får den som sparar sist välja vilket som ska gälla.")))),
            .if(ctx.assignment.locked, Blocks.notice("warning", heading: "Perioden är låst", .p(.text("Socialstyrelsen har låst perioden; svaren kan inte ändras.")))),
            .if(ctx.state == .draft && today > ctx.deadline && !ctx.assignment.locked,
                Blocks.notice("warning", heading: "Sista dag har passerat", .p(.text("Sista dag var \(ctx.deadline.swedish). Du kan fortfarande skicka in; rapporten markeras som försenad.")))),
            .if(ctx.report.changedAfterApproval, Blocks.notice("warning", heading: "Ändrad efter godkännande", .p(.text("Svar har ändrats efter att rapporten godkändes."))))
        )
    }

    /// The reviewer's actions; a refused request for completion comes back with its message kept and the reason at the field.
    static func reviewBlock(_ ctx: ReportContext, csrf: String, message: String = "", errors: [FieldError] = []) -> Node<HTML.BodyContext> {
        let id = ctx.report.id!
        let refusedMessage = errors.contains { $0.field == "message" }
        return .group(
            .h2(.id("granska"), .text("Granska")),
            .if(Self.may(ReportLifecycle.approve(from: ctx.state)), Forms.button("Godkänn rapporten", action: SiteURL.approve(id), csrf: csrf, secondary: false)),
            .if(refusedMessage || Self.may(ReportLifecycle.requestCompletion(from: ctx.state, message: "…")),
                .form(.method(.post), .action(SiteURL.requestCompletion(id)), .class("narrow-form"),
                      Forms.csrf(csrf),
                      Forms.textarea("Begär komplettering: vad behöver mottagaren lägga till?", name: "message", value: message, errors: errors),
                      Forms.submit("Begär komplettering", secondary: true))),
            .if(ctx.state.isOpen, .p(.text("Rapporten är inte inskickad ännu."))))
    }

    /// Whether a move is open to the report as it is (to offer its button).
    static func may(_ move: Result<ReportState, ReportLifecycle.Refusal>) -> Bool {
        if case .success = move { return true }
        return false
    }
}
