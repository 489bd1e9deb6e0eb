import Fluent
import Foundation
import NaraCore

/// The published versions of agreements: each publication and amendment as a whole document.
public enum AgreementVersionStore {
    /// Records the agreement as it now stands as version `model.version`.
    public static func record(_ a: Agreement, model: AgreementModel, amendment: Amendment?, changes: [FieldChange],
                              by actor: String, now: Date, on db: any Database) async throws {
        let v = AgreementVersionModel()
        v.agreementID = try model.requireID(); v.version = model.version
        v.kind = amendment == nil ? "published" : "amendment"
        v.amendmentDate = amendment?.date.iso; v.reason = amendment?.reason ?? ""; v.reference = amendment?.reference ?? ""
        v.document = String(decoding: AgreementDocument(a, status: .published, version: model.version).encoded(), as: UTF8.self)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        v.changes = String(decoding: try encoder.encode(changes), as: UTF8.self)
        v.createdAt = now; v.createdBy = actor
        try await v.create(on: db)
    }

    /// Every version of an agreement, newest first.
    public static func versions(of model: AgreementModel, on db: any Database) async throws -> [AgreementVersionModel] {
        try await AgreementVersionModel.query(on: db).filter(\.$agreementID == model.requireID()).sort(\.$version, .descending).all()
    }

    /// The agreement as it stood in one version.
    public static func agreement(in version: AgreementVersionModel) -> Agreement? {
        guard case .success(let doc) = AgreementDocument.decode(Data(version.document.utf8)),
              case .success(let a) = doc.agreement() else { return nil }
        return a
    }

    /// What a version changed.
    public static func changes(in version: AgreementVersionModel) -> [FieldChange] {
        (try? JSONDecoder().decode([FieldChange].self, from: Data(version.changes.utf8))) ?? []
    }
}
