import Foundation
import NIOConcurrencyHelpers
import Vapor

/// The provider addresses a form on Nära may lead to: the sign-in buttons post to Nära, which
/// sends the browser on to the provider's sign-in page, and signing out may send it on to the
/// provider's sign-out page; browsers allow that only for origins in the page's `form-action`.
/// Every issuer's origin is known from the settings; sign-in and sign-out pages on other hosts (a
/// broker) are added as discovery documents are read, which every server does at start.
final class EIDFormOrigins: Sendable {
    private let origins: NIOLockedValueBox<(set: Set<String>, text: String)>

    init(settings: EIDSettings) {
        let initial = Set(settings.providers.compactMap { Self.origin($0.issuer) })
        origins = NIOLockedValueBox((initial, Self.render(initial)))
    }

    /// ` https://idp.example.se …`, to follow `form-action 'self'`; empty without providers.
    var text: String { origins.withLockedValue { $0.text } }

    func add(_ metadata: OIDCProviderMetadata) {
        let found = [metadata.authorizationEndpoint, metadata.endSessionEndpoint].compactMap { $0.flatMap(Self.origin) }
        origins.withLockedValue { current in
            let next = current.set.union(found)
            if next != current.set { current = (next, Self.render(next)) }
        }
    }

    /// `scheme://host[:port]` of an address, or nil when it has none that can go in a policy.
    static func origin(_ address: String) -> String? {
        guard let url = URLComponents(string: address), let scheme = url.scheme?.lowercased(), ["http", "https"].contains(scheme),
              let host = url.host?.lowercased(), !host.isEmpty,
              host.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "." || $0 == "-" || $0 == ":" || $0 == "[" || $0 == "]" })
        else { return nil }
        return "\(scheme)://\(host)" + (url.port.map { ":\($0)" } ?? "")
    }

    private static func render(_ set: Set<String>) -> String {
        set.sorted().map { " " + $0 }.joined()
    }
}

extension Application {
    struct EIDFormOriginsKey: StorageKey { typealias Value = EIDFormOrigins }

    /// Set when the routes are registered.
    var eidFormOrigins: EIDFormOrigins {
        get { storage[EIDFormOriginsKey.self] ?? EIDFormOrigins(settings: EIDSettings()) }
        set { storage[EIDFormOriginsKey.self] = newValue }
    }
}
