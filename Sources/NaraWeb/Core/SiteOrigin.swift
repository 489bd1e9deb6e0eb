import Foundation
import Vapor

/// The scheme and host of links Nära writes for people to open elsewhere (invitation mails):
/// `NARA_PUBLIC_URL` when it is set; otherwise the address the request came in on, its own
/// `Host` header, with `X-Forwarded-Proto` believed only from a proxy in `NARA_TRUSTED_PROXIES`.
enum SiteOrigin {
    static func of(publicURL: String?, host: String?, forwardedProto: String?, fromTrustedProxy: Bool, fallback: String) -> String {
        if let publicURL { return publicURL }
        guard let host = host?.trimmingCharacters(in: .whitespaces), isHost(host) else { return fallback }
        let forwarded = forwardedProto?.split(separator: ",").first.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        let scheme = fromTrustedProxy && (forwarded == "https" || forwarded == "http") ? forwarded! : "http"
        return "\(scheme)://\(host)"
    }

    /// A host name or address with an optional port, and nothing else (no path, user, spaces).
    static func isHost(_ text: String) -> Bool {
        guard !text.isEmpty, text.count <= 255 else { return false }
        let allowed = CharacterSet(charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-:[]")
        guard text.unicodeScalars.allSatisfy({ allowed.contains($0) }), let url = URLComponents(string: "http://" + text),
              let host = url.host, !host.isEmpty, url.path.isEmpty else { return false }
        return true
    }
}

extension Request {
    /// `https://nara.example.se` or, without `NARA_PUBLIC_URL`, `http://<Host>` of this request.
    var siteOrigin: String {
        let config = self.config
        let trusted = remoteAddress?.ipAddress.map { config.trustedProxies.contains($0) } ?? false
        return SiteOrigin.of(publicURL: config.publicURLIsSet ? config.publicURL : nil, host: headers.first(name: .host),
                             forwardedProto: headers.first(name: "X-Forwarded-Proto"), fromTrustedProxy: trusted, fallback: config.publicURL)
    }
}
