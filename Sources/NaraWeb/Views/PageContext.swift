import Foundation
import NaraCore
import Vapor

/// What every page's frame needs to know about the request: who is signed in, for which
/// organisation, the CSRF token for the sign-out button, and a one-time message.
struct PageContext: Sendable {
    let personName: String?
    let organisationName: String?
    let roleName: String?
    let isAdministrator: Bool
    var canReview: Bool = false
    var canPay: Bool = false
    var isRegion: Bool = false
    var canManageAgreements: Bool = false
    let csrf: String?
    let flash: String?
    let path: String

    static let anonymous = PageContext(personName: nil, organisationName: nil, roleName: nil, isAdministrator: false,
                                       csrf: nil, flash: nil, path: "/")

    /// The page being rendered; set by `Request.page(_:)`.
    @TaskLocal static var current: PageContext = .anonymous

    init(personName: String?, organisationName: String?, roleName: String?, isAdministrator: Bool, csrf: String?, flash: String?, path: String) {
        self.personName = personName; self.organisationName = organisationName; self.roleName = roleName
        self.isAdministrator = isAdministrator; self.csrf = csrf; self.flash = flash; self.path = path
    }

    init(_ req: Request) {
        let p = req.principal
        var flash: String?
        if req.hasSession, let message = req.session.data[SessionKeys.flash] {
            flash = message
            req.session.data[SessionKeys.flash] = nil
        }
        self.init(personName: p?.user.name, organisationName: p?.organisation.name, roleName: p?.role.swedishName,
                  isAdministrator: p?.role == .administrator,
                  csrf: p == nil ? nil : CSRFMiddleware.token(for: req), flash: flash, path: req.url.path)
        canReview = p.map { AccessPolicy.may($0.standing, .reviewReports) } ?? false
        canPay = p.map { $0.role == .payer } ?? false
        isRegion = p?.organisation.kind == OrganisationKind.region.rawValue
        canManageAgreements = p.map { AccessPolicy.may($0.standing, .manageAgreements) } ?? false
    }
}

extension Request {
    /// Renders a page with the request's context in its frame.
    func page(status: HTTPResponseStatus = .ok, _ render: () -> String) -> Response {
        let context = PageContext(self)
        let html = PageContext.$current.withValue(context) { render() }
        var headers = HTTPHeaders()
        headers.replaceOrAdd(name: .contentType, value: "text/html; charset=utf-8")
        headers.replaceOrAdd(name: .cacheControl, value: principal == nil ? "no-cache" : "private, no-store")
        return Response(status: status, headers: headers, body: .init(string: html))
    }

    /// A one-time message shown on the next page.
    func flash(_ message: String) {
        session.data[SessionKeys.flash] = message
    }

    /// Redirects after a form (303, so the browser follows with GET).
    func seeOther(_ path: String) -> Response {
        redirect(to: path, redirectType: .normal)
    }
}
