import Foundation
import Vapor

/// A file the pages link to (the stylesheet, the script): read once from the package's
/// resources (`Sources/NaraWeb/Assets`, next to the binary as `nara_NaraWeb.resources`), and
/// served with a fingerprint of its content.
///
/// Pages link to `path?v=<fingerprint>`: that address never changes its content, so browsers
/// keep it for a year without asking (`immutable`); a new release has a new fingerprint and so
/// a new address. Asked for without the current fingerprint, the file is served with `no-cache`,
/// and a browser holding it already gets a 304 on its `If-None-Match`.
struct StaticAsset: Sendable {
    /// The path the route answers, e.g. `/static/nara.css`.
    let path: String
    let contentType: String
    let content: ByteBuffer
    /// The first 16 hex digits of the content's SHA-256.
    let fingerprint: String

    /// The address pages link to: the path with the fingerprint as its version.
    var versionedURL: String { path + "?v=" + fingerprint }
    /// The entity tag: the fingerprint, quoted as HTTP wants it.
    var etag: String { "\"" + fingerprint + "\"" }

    init(path: String, contentType: String, data: Data) {
        self.path = path
        self.contentType = contentType
        content = ByteBuffer(data: data)
        fingerprint = String(SHA256.hash(data: data).map { String(format: "%02x", $0) }.joined().prefix(16))
    }

    /// Reads `Assets/<name>` from the bundle. (Without `nara_NaraWeb.resources` beside the binary
    /// or in the build folder, `Bundle.module` itself stops the program, naming both places.)
    /// - Throws: `StaticAssetMissing` when the bundle lacks the file.
    static func load(_ name: String, contentType: String) throws -> StaticAsset {
        guard let url = Bundle.module.url(forResource: "Assets/\(name)", withExtension: nil)
                ?? Bundle.module.url(forResource: name, withExtension: nil),
              let data = try? Data(contentsOf: url)
        else { throw StaticAssetMissing(name: name) }
        return StaticAsset(path: "/static/" + name, contentType: contentType, data: data)
    }

    /// The file, or a 304 when the browser already holds this version.
    func response(for req: Request) -> Response {
        var headers = HTTPHeaders()
        headers.replaceOrAdd(name: .eTag, value: etag)
        let current = req.query[String.self, at: "v"] == fingerprint
        headers.replaceOrAdd(name: .cacheControl, value: current ? "public, max-age=31536000, immutable" : "no-cache")
        let held = req.headers[.ifNoneMatch].flatMap { $0.split(separator: ",") }
            .map { $0.trimmingCharacters(in: .whitespaces) }
        if held.contains(etag) || held.contains("W/" + etag) || held.contains("*") {
            return Response(status: .notModified, headers: headers)
        }
        headers.replaceOrAdd(name: .contentType, value: contentType)
        return Response(status: .ok, headers: headers, body: .init(buffer: content))
    }
}

/// The package's resources are not where the binary looks for them.
struct StaticAssetMissing: Error, CustomStringConvertible {
    let name: String
    var description: String {
        "Filen Assets/\(name) saknas bland programmets resurser (nara_NaraWeb.resources ska ligga bredvid programfilen)."
    }
}

/// The stylesheet and the script, read once when first used; `configure` uses them at start,
/// so a server without its resources does not start.
enum StaticAssets {
    static let loaded: Result<(stylesheet: StaticAsset, script: StaticAsset), any Error> = Result {
        (try StaticAsset.load("nara.css", contentType: "text/css; charset=utf-8"),
         try StaticAsset.load("nara.js", contentType: "text/javascript; charset=utf-8"))
    }

    /// Both files. - Throws: `StaticAssetMissing`.
    static func require() throws -> (stylesheet: StaticAsset, script: StaticAsset) { try loaded.get() }

    /// The stylesheet's address with its version; the plain path if the file could not be read
    /// (which stops the start, so no page is ever rendered that way).
    static var stylesheetURL: String { (try? loaded.get().stylesheet.versionedURL) ?? SiteURL.stylesheet }
    static var scriptURL: String { (try? loaded.get().script.versionedURL) ?? SiteURL.script }
}
