import Foundation
import Vapor

/// A form's fields in the order sent, with repeated keys kept (`value_q7[]` for each ticked
/// box), from an `application/x-www-form-urlencoded` or `multipart/form-data` body. Forms whose
/// fields are known in advance decode a `Content` type instead (`req.content.decode`); this is
/// for forms whose field names follow the questionnaire or the agreement being edited.
enum FormBody {
    struct Fields {
        let pairs: [(String, String)]
        /// The first value sent under `key`.
        func first(_ key: String) -> String? { pairs.first { $0.0 == key }?.1 }
        /// Every value sent under `key`, in order.
        func all(_ key: String) -> [String] { pairs.filter { $0.0 == key }.map(\.1) }
    }

    /// One part of a multipart body: a field, or a file when it has a file name.
    struct Part {
        let name: String
        let filename: String?
        let contentType: String?
        let data: Data
    }

    /// The body's fields (a multipart body's parts that are not files).
    static func fields(_ req: Request) throws -> Fields {
        if req.headers.contentType?.type == "multipart" {
            return Fields(pairs: try multipart(req).compactMap { $0.filename == nil ? ($0.name, String(decoding: $0.data, as: UTF8.self)) : nil })
        }
        return Fields(pairs: urlEncoded(req.body.string ?? ""))
    }

    /// The files sent, by field name; a file field left empty is not there.
    static func files(_ req: Request) throws -> [String: Part] {
        guard req.headers.contentType?.type == "multipart" else { return [:] }
        var out: [String: Part] = [:]
        for p in try multipart(req) where !(p.filename ?? "").isEmpty && !p.data.isEmpty { out[p.name] = p }
        return out
    }

    /// `a=1&b=x+y&a=2` as pairs in order, `+` and percent escapes decoded.
    static func urlEncoded(_ body: String) -> [(String, String)] {
        body.split(separator: "&").map { pair -> (String, String) in
            let kv = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            func decode(_ s: Substring) -> String { s.replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? "" }
            return (decode(kv[0]), kv.count > 1 ? decode(kv[1]) : "")
        }
    }

    /// The parts of a multipart body, read by MultipartKit's parser (the one Vapor decodes
    /// `Content` with), each part's name and file name from its `Content-Disposition`.
    static func multipart(_ req: Request) throws -> [Part] {
        guard let boundary = req.headers.contentType?.parameters["boundary"], !boundary.isEmpty, let body = req.body.data else { return [] }
        let parser = MultipartParser(boundary: boundary)
        var parts: [Part] = []
        var headers = HTTPHeaders()
        var data = ByteBuffer()
        parser.onHeader = { name, value in headers.add(name: name, value: value) }
        parser.onBody = { chunk in data.writeBuffer(&chunk) }
        parser.onPartComplete = {
            let disposition = headers.contentDisposition
            parts.append(Part(name: disposition?.name ?? "", filename: disposition?.filename, contentType: headers.first(name: .contentType),
                              data: Data(data.readableBytesView)))
            headers = HTTPHeaders()
            data.clear()
        }
        do { try parser.execute(body) } catch { throw Abort(.badRequest, reason: "Formuläret kunde inte läsas (felaktig multipart-kropp).") }
        return parts
    }
}
