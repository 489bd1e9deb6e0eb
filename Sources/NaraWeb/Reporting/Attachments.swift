import Fluent
import Foundation
import NaraCore
import NaraPersistence

/// Files attached to answers: type-checked by name and content, size-limited.
enum Attachments {
    /// The leading bytes each allowed type must start with: PDF, and DOCX/XLSX as ZIP packages.
    static let signatures: [String: [UInt8]] = ["pdf": Array("%PDF".utf8), "docx": [0x50, 0x4B, 0x03, 0x04], "xlsx": [0x50, 0x4B, 0x03, 0x04]]

    static func check(_ file: FormBody.Part, for q: Question) -> Result<Void, AnswerError> {
        let ext = (file.filename ?? "").split(separator: ".").last.map { $0.lowercased() } ?? ""
        guard (q.accept ?? []).contains(ext) else {
            return .failure(AnswerError("Filen måste vara av typen \((q.accept ?? []).joined(separator: ", ").uppercased())."))
        }
        guard file.data.count <= (q.maxBytes ?? FormValidator.largestFile) else {
            return .failure(AnswerError("Filen är för stor; högst \((q.maxBytes ?? FormValidator.largestFile) / 1_048_576) MB."))
        }
        guard let signature = signatures[ext], file.data.starts(with: signature) else {
            return .failure(AnswerError("Filen är inte en riktig \(ext.uppercased())-fil."))
        }
        return .success(())
    }

    static func fileName(_ file: FormBody.Part) -> String { String((file.filename ?? "fil").prefix(200)) }

    /// The answer's stored value for a file (its name and size), known before the file is kept.
    static func describe(_ file: FormBody.Part) -> String { describe(name: fileName(file), size: file.data.count) }

    static func describe(name: String, size: Int) -> String { "\(name) (\(SwedishNumber.grouped(Int64(size))) byte)" }

    /// A report's files, oldest first, without their contents.
    static func list(reportID: UUID, on db: any Database) async throws -> [AttachmentModel] {
        try await AttachmentModel.query(on: db).filter(\.$reportID == reportID)
            .field(\.$id).field(\.$reportID).field(\.$questionID).field(\.$fileName).field(\.$size).field(\.$createdAt)
            .sort(\.$createdAt).all()
    }

    /// For each file question, the file its answer names (the latest one kept under that name
    /// and size); a question whose answer names no kept file has none.
    static func named(by answers: [String: String], in files: [AttachmentModel]) -> [String: AttachmentLink] {
        var links: [String: AttachmentLink] = [:]
        for a in files where answers[a.questionID] == describe(name: a.fileName, size: a.size) { links[a.questionID] = AttachmentLink(a) }
        return links
    }

    /// Keeps the file, once the answer naming it has been saved.
    static func store(_ file: FormBody.Part, reportID: UUID, questionID: String, now: Date, on db: any Database) async throws {
        let a = AttachmentModel()
        a.reportID = reportID; a.questionID = questionID
        a.fileName = fileName(file); a.size = file.data.count
        a.content = file.data.base64EncodedString(); a.createdAt = now
        try await a.create(on: db)
    }
}
