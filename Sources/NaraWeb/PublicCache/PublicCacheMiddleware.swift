import Foundation
import Vapor

/// Serves the public routes it is put on from `PublicCache` for anonymous visitors, with a
/// strong `ETag` and `Cache-Control: no-cache`, so a browser revalidates each time and gets
/// `304 Not Modified` while the page is unchanged. A signed-in person, an API token and a
/// visitor with a message waiting in the session get the page rendered for them, as before.
/// Only 200 answers with a body in memory and no cookie are kept.
struct PublicCacheMiddleware: AsyncMiddleware {
    func respond(to req: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        guard req.method == .GET, let cache = req.application.publicCache, Self.isAnonymous(req) else {
            return try await next.respond(to: req)
        }
        let key = req.url.string
        if let hit = cache.get(key) { return Self.answer(hit, to: req) }
        let ticket = cache.ticket()
        let response = try await next.respond(to: req)
        guard let ticket, response.status == .ok, !response.headers.contains(name: .setCookie),
              let body = response.body.buffer, body.readableBytes <= cache.maxEntryBytes else { return response }
        let stored = Self.stored(response.headers, body: body, version: ticket.version)
        cache.store(key, stored, rendered: ticket)
        return Self.answer(stored, to: req)
    }

    /// Nobody signed in, no token, and nothing in the session that the page would show.
    static func isAnonymous(_ req: Request) -> Bool {
        guard req.principal == nil, !req.headers.contains(name: .authorization) else { return false }
        return !(req.hasSession && req.session.data[SessionKeys.flash] != nil)
    }

    static func stored(_ rendered: HTTPHeaders, body: ByteBuffer, version: Int64) -> PublicCache.Stored {
        let digest = SHA256.hash(data: body.readableBytesView).prefix(12).map { String(format: "%02x", $0) }.joined()
        let etag = "\"c\(version)-\(digest)\""
        var headers = rendered
        headers.replaceOrAdd(name: .cacheControl, value: "public, no-cache")
        headers.replaceOrAdd(name: .eTag, value: etag)
        return PublicCache.Stored(headers: headers, body: body, etag: etag, version: version)
    }

    /// The stored page, or 304 with no body when the browser already holds it.
    static func answer(_ stored: PublicCache.Stored, to req: Request) -> Response {
        if matches(req.headers[.ifNoneMatch], stored.etag) {
            var headers = HTTPHeaders()
            headers.replaceOrAdd(name: .eTag, value: stored.etag)
            headers.replaceOrAdd(name: .cacheControl, value: "public, no-cache")
            return Response(status: .notModified, headers: headers)
        }
        return Response(status: .ok, headers: stored.headers, body: .init(buffer: stored.body))
    }

    /// `If-None-Match` compares weakly: `W/"x"` matches `"x"`, and `*` matches anything.
    static func matches(_ values: [String], _ etag: String) -> Bool {
        for value in values {
            for candidate in value.split(separator: ",") {
                let tag = candidate.trimmingCharacters(in: .whitespaces)
                if tag == "*" || tag == etag || (tag.hasPrefix("W/") && tag.dropFirst(2) == etag) { return true }
            }
        }
        return false
    }
}
