import Fluent
import Foundation
import NaraCore
import NaraPersistence
import Vapor

extension SiteURL {
    /// A recipient's report of its quantity for a pot.
    static func quantityReport(_ org: UUID, _ year: Int, _ pot: String) -> String { "/organisationer/\(org.uuidString)/antal/\(year)/\(pot)" }
    static func quantityAttachment(_ org: UUID, _ year: Int, _ pot: String) -> String { quantityReport(org, year, pot) + "/bilaga" }
    /// Socialstyrelsen's list of a pot's reports, with the allocation button.
    static func quantityReview(_ year: Int, _ pot: String) -> String { "/overenskommelser/\(year)/antal/\(pot)" }
    static func quantityDecision(_ year: Int, _ pot: String, _ org: UUID) -> String { quantityReview(year, pot) + "/\(org.uuidString)" }
    static func quantityAllocate(_ year: Int, _ pot: String) -> String { quantityReview(year, pot) + "/fordela" }
}

/// Reported quantities (VFU weeks): recipients report before the deadline, Socialstyrelsen
/// accepts or adjusts each report and allocates the pot after the deadline. Handlers decode,
/// call `QuantityReportService` and render; the rules are `QuantityRules`.
struct QuantityReportRoutes: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let read = AccessRule.organisation(.readOrganisation, parameter: "org")
        let write = AccessRule.organisation(.changeOwnOrganisation, parameter: "org")
        let manage = AccessRule.capability(.manageAgreements)
        routes.on(.GET, "organisationer", ":org", "antal", ":year", ":pot", rule: read, use: Self.recipientPage)
        routes.on(.POST, "organisationer", ":org", "antal", ":year", ":pot", rule: write, body: .collect(maxSize: "12mb"), use: Self.report)
        routes.on(.GET, "organisationer", ":org", "antal", ":year", ":pot", "bilaga", rule: read, use: Self.attachment)
        routes.on(.GET, "overenskommelser", ":year", "antal", ":pot", rule: manage, use: Self.review)
        routes.on(.POST, "overenskommelser", ":year", "antal", ":pot", "fordela", rule: manage, use: Self.allocate)
        routes.on(.GET, "overenskommelser", ":year", "antal", ":pot", ":org", rule: manage, use: Self.decisionPage)
        routes.on(.POST, "overenskommelser", ":year", "antal", ":pot", ":org", rule: manage, use: Self.decide)
    }

    /// The largest attachment, and the types accepted (checked by name and by content).
    static let largestAttachment = 10 * 1_048_576
    static let attachmentTypes = ["pdf", "docx", "xlsx"]
    static let longestComment = 2_000

    static func load(_ req: Request) async throws -> QuantityPotView {
        let year = try RequestParameters.year(req)
        let pot = try RequestParameters.slug(req, "pot")
        guard let view = try await QuantityQueries.load(year: year, pot: pot, on: req.db) else {
            throw Abort(.notFound, reason: "Det finns ingen pott som fördelas efter rapporterat antal på den adressen.")
        }
        return view
    }

    static func organisation(_ req: Request) async throws -> OrganisationModel {
        guard let id = req.parameters.get("org").flatMap(UUID.init(uuidString:)), let org = try await OrganisationModel.find(id, on: req.db)
        else { throw Abort(.notFound, reason: "Organisationen finns inte.") }
        return org
    }

    // MARK: The recipient

    static func recipientPage(_ req: Request, view: QuantityPotView, organisation: OrganisationModel, quantity: String? = nil,
                              comment: String? = nil, errors: [FieldError] = [], status: HTTPResponseStatus = .ok) -> Response {
        let row = organisation.id.flatMap { view.row(for: $0) }
        let canEdit = req.principal.map { AccessPolicy.may($0.standing, .changeOwnOrganisation, organisation: organisation.id?.uuidString) } ?? false
        let amount = view.isAllocated ? row.map { view.amounts[$0.recipient.code] ?? .zero } : nil
        let page = QuantityReportPage(view: view, organisation: organisation, row: row, canEdit: canEdit, today: req.today,
                                      csrf: CSRFMiddleware.token(for: req), quantity: quantity ?? row?.report.map { String($0.quantity) } ?? "",
                                      comment: comment ?? row?.report?.comment ?? "", errors: errors, allocated: amount)
        return req.page(status: status) { page.render() }
    }

    @Sendable static func recipientPage(req: Request) async throws -> Response {
        let organisation = try await organisation(req)
        return recipientPage(req, view: try await load(req), organisation: organisation)
    }

    struct ReportForm: Content {
        var quantity: String?
        var comment: String?
        var attachment: File?
    }

    @Sendable static func report(req: Request) async throws -> Response {
        let organisation = try await organisation(req)
        let view = try await load(req)
        let form = try req.content.decode(ReportForm.self)
        let quantity = form.quantity ?? "", comment = (form.comment ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        var errors: [FieldError] = []
        if comment.count > longestComment { errors.append(FieldError(field: "comment", message: "Kommentaren får vara högst \(longestComment) tecken.")) }
        var attachment: QuantityReportService.Attachment?
        if let file = form.attachment, file.data.readableBytes > 0 {
            switch checkAttachment(file) {
            case .failure(let e): errors.append(FieldError(field: "attachment", message: e.message))
            case .success(let a): attachment = a
            }
        }
        if errors.isEmpty {
            let outcome = try await QuantityReportService.report(potID: view.potID, organisation: organisation, quantity: quantity, comment: comment,
                                                                 attachment: attachment, today: req.today, by: Actor.of(req), now: req.now, on: req.db)
            switch outcome {
            case .success(let m):
                req.flash("Rapporten är mottagen: \(view.quantityText(m.quantity)). Socialstyrelsen godkänner eller justerar den.")
                return req.seeOther(SiteURL.quantityReport(try organisation.requireID(), view.year, view.pot.id))
            case .failure(let refusal):
                errors.append(FieldError(field: "quantity", message: refusal.description))
            }
        }
        let fresh = try await QuantityQueries.load(year: view.year, pot: view.pot.id, on: req.db) ?? view
        return recipientPage(req, view: fresh, organisation: organisation, quantity: quantity, comment: comment, errors: errors,
                             status: .unprocessableEntity)
    }

    /// Checks an attached file by its name's type, its size and its first bytes.
    struct AttachmentProblem: Error { let message: String }

    static func checkAttachment(_ file: File) -> Result<QuantityReportService.Attachment, AttachmentProblem> {
        let name = String(file.filename.prefix(200))
        let ext = name.split(separator: ".").last.map { $0.lowercased() } ?? ""
        let data = Data(file.data.readableBytesView)
        guard attachmentTypes.contains(ext) else {
            return .failure(AttachmentProblem(message: "Bilagan måste vara en PDF-, DOCX- eller XLSX-fil."))
        }
        guard data.count <= largestAttachment else {
            return .failure(AttachmentProblem(message: "Bilagan är för stor; högst \(largestAttachment / 1_048_576) MB."))
        }
        guard let signature = Attachments.signatures[ext], data.starts(with: signature) else {
            return .failure(AttachmentProblem(message: "Bilagan är inte en riktig \(ext.uppercased())-fil."))
        }
        return .success(.init(name: name, data: data))
    }

    @Sendable static func attachment(req: Request) async throws -> Response {
        let organisation = try await organisation(req)
        let view = try await load(req)
        guard let report = organisation.id.flatMap({ view.row(for: $0) })?.report, let name = report.attachmentName,
              let content = report.attachmentContent, let data = Data(base64Encoded: content)
        else { throw Abort(.notFound, reason: "Rapporten har ingen bilaga.") }
        let ext = name.split(separator: ".").last.map { $0.lowercased() } ?? ""
        let type = ext == "pdf" ? "application/pdf"
            : ext == "docx" ? "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
            : "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        var headers = HTTPHeaders()
        headers.replaceOrAdd(name: .contentType, value: type)
        let safe = name.filter { $0.isASCII && ($0.isLetter || $0.isNumber || "._- ".contains($0)) }
        headers.replaceOrAdd(name: .contentDisposition, value: "attachment; filename=\"\(safe.isEmpty ? "bilaga." + ext : safe)\"")
        headers.replaceOrAdd(name: .cacheControl, value: "private, no-store")
        return Response(status: .ok, headers: headers, body: .init(data: data))
    }

    // MARK: Socialstyrelsen

    static func reviewPage(_ req: Request, view: QuantityPotView, errors: [FieldError] = [], status: HTTPResponseStatus = .ok) -> Response {
        let page = QuantityReviewPage(view: view, today: req.today, csrf: CSRFMiddleware.token(for: req), errors: errors)
        return req.page(status: status) { page.render() }
    }

    @Sendable static func review(req: Request) async throws -> Response {
        reviewPage(req, view: try await load(req))
    }

    @Sendable static func allocate(req: Request) async throws -> Response {
        let view = try await load(req)
        switch try await QuantityReportService.allocate(potID: view.potID, year: view.year, today: req.today, by: Actor.of(req), now: req.now, on: req.db) {
        case .success:
            req.flash("Potten \(view.pot.name) är fördelad efter godkänt antal \(view.unit).")
            return req.seeOther(SiteURL.allocation(view.year, view.pot.id))
        case .failure(let refusal):
            let fresh = try await QuantityQueries.load(year: view.year, pot: view.pot.id, on: req.db) ?? view
            return reviewPage(req, view: fresh, errors: [FieldError(field: "allocation", message: refusal.description)], status: .unprocessableEntity)
        }
    }

    static func decisionPage(_ req: Request, view: QuantityPotView, row: QuantityRow, quantity: String = "", reason: String = "",
                             note: String = "", errors: [FieldError] = [], status: HTTPResponseStatus = .ok) -> Response {
        let page = QuantityDecisionPage(view: view, row: row, csrf: CSRFMiddleware.token(for: req), quantity: quantity, reason: reason,
                                        note: note, errors: errors)
        return req.page(status: status) { page.render() }
    }

    static func reportedRow(_ req: Request, _ view: QuantityPotView) async throws -> QuantityRow {
        let organisation = try await organisation(req)
        guard let row = organisation.id.flatMap({ view.row(for: $0) }), row.report != nil else {
            throw Abort(.notFound, reason: "\(organisation.name) har ingen rapport för potten.")
        }
        return row
    }

    @Sendable static func decisionPage(req: Request) async throws -> Response {
        let view = try await load(req)
        return decisionPage(req, view: view, row: try await reportedRow(req, view))
    }

    struct DecisionForm: Content {
        var decision: String?
        var quantity: String?
        var reason: String?
        var note: String?
    }

    @Sendable static func decide(req: Request) async throws -> Response {
        let view = try await load(req)
        let row = try await reportedRow(req, view)
        let form = try req.content.decode(DecisionForm.self)
        let quantity = form.quantity ?? "", reason = form.reason ?? "", note = form.note ?? ""
        let decision: QuantityReportService.Decision
        switch form.decision {
        case "accept": decision = .accept(note: note)
        case "adjust": decision = .adjust(quantity: quantity, reason: reason)
        default:
            return decisionPage(req, view: view, row: row, quantity: quantity, reason: reason, note: note,
                                errors: [FieldError(field: "decision", message: "Välj att godkänna eller justera rapporten.")],
                                status: .unprocessableEntity)
        }
        let outcome = try await QuantityReportService.decide(decision, potID: view.potID, organisationID: row.organisation!.requireID(),
                                                             by: Actor.of(req), now: req.now, on: req.db)
        switch outcome {
        case nil:
            throw Abort(.notFound, reason: "\(row.name) har ingen rapport för potten.")
        case .success(let m)?:
            let what = m.state == QuantityReportState.accepted.rawValue ? "godkänd" : "justerad till \(view.quantityText(m.acceptedQuantity ?? 0))"
            req.flash("Rapporten från \(row.name) är \(what).")
            return req.seeOther(SiteURL.quantityReview(view.year, view.pot.id))
        case .failure(let refusal)?:
            let field: String
            switch (decision, refusal) {
            case (.accept, .reasonTooLong): field = "note"
            case (.adjust, _) where refusal.field == "quantity" || refusal.field == "reason": field = refusal.field
            default: field = "decision"
            }
            let fresh = try await QuantityQueries.load(year: view.year, pot: view.pot.id, on: req.db) ?? view
            let freshRow = fresh.rows.first { $0.recipient == row.recipient } ?? row
            return decisionPage(req, view: fresh, row: freshRow, quantity: quantity, reason: reason, note: note,
                                errors: [FieldError(field: field, message: refusal.description)], status: .unprocessableEntity)
        }
    }
}
