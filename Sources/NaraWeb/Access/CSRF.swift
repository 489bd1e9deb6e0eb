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
            let given = request.headers.first(name: "X-CSRF-Token") ?? (try? request.content.get(String.self, at: Self.field))
            guard let expected, let given, SecretToken.constantTimeEquals(expected, given) else {
                throw Abort(.forbidden, reason: "Formuläret har gått ut eller kom inte från Nära. Ladda om sidan och försök igen.")
            }
        }
        return try await next.respond(to: request)
    }

    /// The session's token, created on first use.
    static func token(for request: Request) -> String {
        if let existing = request.session.data[SessionKeys.csrf] { return existing }
        let token = SecretToken.generate()
        request.session.data[SessionKeys.csrf] = token
        return token
    }
}
