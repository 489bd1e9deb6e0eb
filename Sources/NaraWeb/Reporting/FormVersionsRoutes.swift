import Fluent
import Foundation
import NaraCore
import NaraPersistence
import Vapor

extension SiteURL {
    /// The versions of a questionnaire and the difference between two of them (`fran`, `till`).
    static func adminFormVersions(_ key: String, from: Int? = nil, to: Int? = nil) -> String {
        let allowed = CharacterSet.alphanumerics.union(CharacterSet(charactersIn: "-_.~"))
        let path = "/admin/formular/versioner/" + (key.addingPercentEncoding(withAllowedCharacters: allowed) ?? "")
        let query = [from.map { "fran=\($0)" }, to.map { "till=\($0)" }].compactMap { $0 }
        return query.isEmpty ? path : path + "?" + query.joined(separator: "&")
    }
}

/// Every stored version of a questionnaire, and what differs between any two of them.
struct FormVersionsRoutes: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.on(.GET, "admin", "formular", "versioner", ":formkey", rule: AccessRule.capability(.manageForms), use: Self.versions)
    }

    /// The versions page. Without `fran` and `till` it compares the two latest versions; a version
    /// that does not exist is named at its select, and the page answers 422.
    @Sendable static func versions(req: Request) async throws -> Response {
        guard let key = req.parameters.get("formkey"), !key.isEmpty, key.count <= 100 else {
            throw Abort(.notFound, reason: "Formuläret finns inte.")
        }
        let models = try await FormDefinitionModel.query(on: req.db).filter(\.$formKey == key).sort(\.$version).all()
        guard let latest = models.last else {
            throw Abort(.notFound, reason: "Det finns inget formulär med nyckeln ”\(key)”. Kontrollera adressen eller välj formuläret under Administration → Formulär.")
        }
        let versions = try models.map { FormVersionsPage.Version(model: $0, definition: try ReportService.definition($0)) }
        let numbers = models.map(\.version)
        let typedFrom = req.query[String.self, at: "fran"], typedTo = req.query[String.self, at: "till"]
        var errors: [FieldError] = []
        func chosen(_ typed: String?, field: String) -> Int? {
            guard let typed, !typed.isEmpty else { return nil }
            if let n = Int(typed.trimmingCharacters(in: .whitespaces)), numbers.contains(n) { return n }
            errors.append(FieldError(field: field, message: "Version \(typed) finns inte. Välj en av versionerna "
                                     + FormVersionsPage.listed(numbers) + "."))
            return nil
        }
        let asked = (from: chosen(typedFrom, field: "fran"), to: chosen(typedTo, field: "till"))
        let to = asked.to ?? latest.version
        let from = asked.from ?? numbers.last { $0 < to } ?? to
        let comparison: FormVersionsPage.Comparison? = errors.isEmpty && numbers.count > 1
            ? versions.first { $0.model.version == from }.flatMap { a in
                versions.first { $0.model.version == to }.map { b in
                    FormVersionsPage.Comparison(from: from, to: to, diff: FormDiff.compare(a.definition, b.definition))
                }
            }
            : nil
        let page = FormVersionsPage(key: key, title: versions.last?.definition.title ?? latest.title, versions: versions,
                                    selectedFrom: errors.isEmpty ? String(from) : (typedFrom ?? String(from)),
                                    selectedTo: errors.isEmpty ? String(to) : (typedTo ?? String(to)),
                                    comparison: comparison, errors: errors)
        return req.page(status: errors.isEmpty ? .ok : .unprocessableEntity) { page.render() }
    }
}
