import Foundation
import Vapor

/// Renders every error: a JSON `{error, reason}` under `/api` and `/health`, a Swedish HTML
/// page elsewhere. Internal errors never show their details to the visitor; they are logged.
struct NaraErrorMiddleware: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        do {
            return try await next.respond(to: request)
        } catch AccessDenied.notSignedIn where !request.url.path.hasPrefix("/api/") && request.method == .GET {
            let next = request.url.string.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "/"
            return request.redirect(to: SiteURL.login + "?till=" + next, redirectType: .normal)
        } catch {
            let status: HTTPResponseStatus
            let reason: String
            if let abort = error as? any AbortError {
                status = abort.status
                reason = Self.swedish(abort.reason, status: status)
            } else {
                status = .internalServerError
                reason = "Ett oväntat fel inträffade. Försök igen om en stund."
                request.logger.report(error: error)
            }
            if status == .internalServerError, error is any AbortError { request.logger.report(error: error) }
            if request.url.path.hasPrefix("/api/") {
                return APIResponse.json(APIErrorBody(error: true, reason: reason), status: status)
            }
            let page = ErrorPage(status: status, reason: status == .notFound && reason == Self.notFound ? "Sidan finns inte. Kontrollera adressen eller gå till startsidan." : reason)
            return request.page(status: status) { page.render() }
        }
    }

    static let notFound = "Det som efterfrågades finns inte."

    /// Vapor's own refusals carry the English status phrase ("Payload Too Large"); nobody using
    /// Nära should see one, so those get a Swedish sentence. Nära's own reasons are Swedish already.
    static func swedish(_ reason: String, status: HTTPResponseStatus) -> String {
        guard reason == status.reasonPhrase || reason.isEmpty else { return reason }
        switch status {
        case .payloadTooLarge:
            return "Det du skickade är för stort för att tas emot. Korta texten eller dela upp filen och försök igen."
        case .notFound: return notFound
        case .badRequest: return "Förfrågan gick inte att läsa. Kontrollera uppgifterna och försök igen."
        case .methodNotAllowed: return "Det går inte att göra så här på den här adressen."
        case .unsupportedMediaType: return "Innehållet har en form som inte tas emot här."
        case .unprocessableEntity: return "Uppgifterna gick inte att använda. Kontrollera dem och försök igen."
        case .tooManyRequests: return "För många förfrågningar. Vänta en stund och försök igen."
        case .unauthorized: return "Du behöver logga in."
        case .forbidden: return "Du har inte behörighet till det här."
        default: return "Förfrågan gick inte att genomföra (kod \(status.code)). Försök igen om en stund."
        }
    }
}

struct APIErrorBody: Codable, Sendable {
    let error: Bool
    let reason: String
}

/// Headers every response carries: no sniffing, no framing, a strict content policy; HSTS over https.
struct SecurityHeadersMiddleware: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let response = try await next.respond(to: request)
        response.headers.replaceOrAdd(name: "X-Content-Type-Options", value: "nosniff")
        response.headers.replaceOrAdd(name: "X-Frame-Options", value: "DENY")
        response.headers.replaceOrAdd(name: "Referrer-Policy", value: "same-origin")
        response.headers.replaceOrAdd(name: "Content-Security-Policy",
                                      value: "default-src 'self'; style-src 'self'; img-src 'self' data:; frame-ancestors 'none'; form-action 'self'"
                                        + request.application.eidFormOrigins.text)
        // Served over https (NARA_PUBLIC_URL): browsers are told never to use plain http again.
        if request.config.secureCookies {
            response.headers.replaceOrAdd(name: "Strict-Transport-Security", value: "max-age=31536000; includeSubDomains")
        }
        return response
    }
}

/// JSON responses with the API's conventions: snake_case keys, sorted, UTF-8.
enum APIResponse {
    static let encoder: JSONEncoder = {
        let e = JSONEncoder()
        e.keyEncodingStrategy = .convertToSnakeCase
        e.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return e
    }()

    static func json(_ value: some Encodable, status: HTTPResponseStatus = .ok) -> Response {
        let data = (try? encoder.encode(value)) ?? Data("{\"error\":true,\"reason\":\"encoding failed\"}".utf8)
        var headers = HTTPHeaders()
        headers.contentType = .json
        return Response(status: status, headers: headers, body: .init(data: data))
    }
}

/// Refuses requests that carry a NUL character in the address or in a form or JSON body: no text
/// in Nära can hold one, PostgreSQL cannot store one, and a clear 400 is better than a failed
/// query. File uploads (multipart) are left alone; their contents are checked by type.
struct NulGuardMiddleware: AsyncMiddleware {
    static let reason = "Förfrågan innehåller ett otillåtet tecken (NUL). Ta bort det och försök igen."

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let url = request.url.string
        if url.contains("%00") { throw Abort(.badRequest, reason: Self.reason) }
        if request.headers.contentType?.type != "multipart", let body = request.body.data {
            let bytes = Array(body.readableBytesView)
            if bytes.contains(0) || Self.contains(bytes, Array("%00".utf8)) || Self.contains(bytes, Array("\\u0000".utf8)) {
                throw Abort(.badRequest, reason: Self.reason)
            }
        }
        return try await next.respond(to: request)
    }

    static func contains(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool {
        guard haystack.count >= needle.count else { return false }
        for i in 0...(haystack.count - needle.count) where haystack[i] == needle[0] {
            if Array(haystack[i..<(i + needle.count)]) == needle { return true }
        }
        return false
    }
}
