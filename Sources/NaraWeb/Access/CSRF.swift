import Foundation
import Vapor

/// Cross-site request forgery protection: every state-changing request made with the browser
/// session must carry the session's token, as the form field `_csrf` or the header
/// `X-CSRF-Token`. Requests authenticated by an API token carry no cookie and need none.
struct CSRFMiddleware: AsyncMiddleware {
    static let field = "_csrf"

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let safe: [HTTPMethod] = [.GET, .HEAD, .OPTIONS]
        if !safe.contains(request.method), request.headers.bearerAuthorization == nil {
            let expected = request.hasSession ? request.session.data[SessionKeys.csrf] : nil
            var given = request.headers.first(name: "X-CSRF-Token")
            if given == nil {
                // Global middleware runs before the route collects the body; a body that arrived
                // in several chunks must be collected here to read the form's token.
                if request.body.data == nil { _ = try await request.body.collect(max: 25 * 1024 * 1024).get() }
                given = try? request.content.get(String.self, at: Self.field)
                // Multipart bodies, and forms whose field names are document paths
                // (`pots[0].amount_ore`) that Vapor's form decoder cannot read as a structure.
                if given == nil { given = try? FormBody.fields(request).first(Self.field) }
            }
            guard let expected, let given, SecretToken.constantTimeEquals(expected, given) else {
                throw Abort(.forbidden, reason: "Formuläret har gått ut eller kom inte från Nära. Ladda om sidan och försök igen.")
            }
        }
        return try await next.respond(to: request)
    }

    /// The session's token, created on first use. A request made with an API token has no session
    /// and needs no token (see above): it gets none, so a page read with an API token does not
    /// start a session (a session row written on every such read).
    static func token(for request: Request) -> String {
        if request.headers.bearerAuthorization != nil { return "" }
        if let existing = request.session.data[SessionKeys.csrf] { return existing }
        let token = SecretToken.generate()
        request.session.data[SessionKeys.csrf] = token
        return token
    }
}
