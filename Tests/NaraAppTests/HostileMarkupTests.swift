import Fluent
import Foundation
import NaraCore
import NaraPersistence
import Testing
import VaporTesting
@testable import NaraWeb

extension AppTests.HostileInputTests {
    /// A string that breaks out of an attribute (`"` then an attribute of its own) or opens an
    /// element of its own if any of its `"`, `<` or `>` reaches the page unescaped.
    static let hostile = "Fi\"nt nara-evil=\"1\" <nara-evil> 'x' & >"

    /// Every place in `html` where the hostile string left its text: an element or attribute
    /// named `nara-evil`, a raw `<` or `>` of it in an attribute value, or a raw `>` in text.
    static func leaks(in html: String) -> [String] {
        var problems: [String] = []
        let s = Array(html.unicodeScalars)
        var i = 0
        func context(_ at: Int) -> String { String(String.UnicodeScalarView(s[max(0, at - 60)..<min(s.count, at + 60)])) }
        func starts(_ text: String, at k: Int) -> Bool {
            let t = Array(text.unicodeScalars)
            return k + t.count <= s.count && Array(s[k..<(k + t.count)]) == t
        }
        while i < s.count {
            if s[i] != "<" {
                if starts("nara-evil>", at: i) || starts("'x' & >", at: i) { problems.append("raw > in text: \(context(i))") }
                i += 1; continue
            }
            if starts("<!--", at: i) {
                while i < s.count && !starts("-->", at: i) { i += 1 }
                continue
            }
            // A tag: its name, then attributes with quoted values.
            i += 1
            var name = ""
            while i < s.count, !" \t\n\r/>".unicodeScalars.contains(s[i]) { name.unicodeScalars.append(s[i]); i += 1 }
            if name.lowercased().contains("nara-evil") { problems.append("element from text: \(context(i))") }
            while i < s.count && s[i] != ">" {
                if " \t\n\r/".unicodeScalars.contains(s[i]) { i += 1; continue }
                var attribute = ""
                while i < s.count, !" \t\n\r=>".unicodeScalars.contains(s[i]) { attribute.unicodeScalars.append(s[i]); i += 1 }
                if attribute.contains("nara-evil") || attribute.contains("\"") { problems.append("attribute from text: \(context(i))") }
                guard i < s.count, s[i] == "=" else { continue }
                i += 1
                guard i < s.count else { break }
                let quote = s[i]
                var value = ""
                if quote == "\"" || quote == "'" {
                    i += 1
                    while i < s.count && s[i] != quote { value.unicodeScalars.append(s[i]); i += 1 }
                    i += 1
                } else {
                    while i < s.count, !" \t\n\r>".unicodeScalars.contains(s[i]) { value.unicodeScalars.append(s[i]); i += 1 }
                }
                if value.contains("<nara-evil") || value.contains("nara-evil>") || value.contains("& >") {
                    problems.append("raw < or > in an attribute: \(context(i))")
                }
            }
            i += 1
            // Script and style contents are not markup (and Nära's pages have none inline).
            if ["script", "style"].contains(name.lowercased()) {
                while i < s.count && !starts("</", at: i) { i += 1 }
            }
        }
        return problems
    }

    @Test("the leak finder sees a broken attribute, a raw element and a raw > in text")
    func leakFinder() {
        let h = Self.hostile
        #expect(Self.leaks(in: "<input value=\"\(Markup.escape(h))\"><p>\(h.replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;"))</p>").isEmpty)
        #expect(!Self.leaks(in: "<input value=\"\(h)\">").isEmpty)
        #expect(!Self.leaks(in: "<input value=\"\(h.replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;"))\">").isEmpty)
        #expect(!Self.leaks(in: "<p>\(h)</p>").isEmpty)
    }

    @Test("views write attribute values one way: .attr(name, value), which escapes; raw values are literals or ids")
    func oneWayToWriteAttributes() throws {
        let sources = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Sources/NaraWeb")
        let raw = try NSRegularExpression(pattern: #"\.attribute\(named: *"[^"]*", *value: *([^\n]*)|\bAttribute\(name: *"[^"]*", *value: *([^\n]*)|\.value\(([^\n]*)|\.content\(([^\n]*)|\.data\(named: *"[^"]*", *value: *([^\n]*)"#)
        // What may follow without escaping: a literal without interpolation, a number (`String(`), an id, a date, a token,
        // an enumeration's raw value.
        let safe = try NSRegularExpression(pattern: #"^("[^"\\]*"[,)]|String\(|Text\.|Forms\.attr\(|token\)|csrf\)|[\w.!?()]*\.(uuidString|iso|rawValue)\b)"#)
        var offenders: [String] = []
        let files = FileManager.default.enumerator(at: sources, includingPropertiesForKeys: nil)?.compactMap { $0 as? URL } ?? []
        for file in files where file.pathExtension == "swift" && file.lastPathComponent != "Markup.swift" {
            for (n, line) in try String(contentsOf: file, encoding: .utf8).components(separatedBy: "\n").enumerated() {
                let ns = line as NSString
                for m in raw.matches(in: line, range: NSRange(location: 0, length: ns.length)) {
                    let group = (1...5).map { m.range(at: $0) }.first { $0.location != NSNotFound }!
                    let value = ns.substring(with: group)
                    if safe.firstMatch(in: value, range: NSRange(location: 0, length: (value as NSString).length)) == nil {
                        offenders.append("\(file.lastPathComponent):\(n + 1): \(line.trimmingCharacters(in: .whitespaces).prefix(120))")
                    }
                }
            }
        }
        #expect(files.count > 50)
        #expect(offenders.isEmpty, "write these with .attr(name, value):\n\(offenders.joined(separator: "\n"))")
    }

    @Test("hostile text in every query parameter a page reads is shown inert")
    func hostileQueries() async throws {
        let names = ["action", "actor", "alternativ", "county", "entity", "fel", "from", "kind", "kon", "lan", "mottagare", "q", "region",
                     "status", "tabell", "till", "to", "typ"]
        let value = Self.hostile.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""
        let query = names.map { "\($0)=\(value)" }.joined(separator: "&")
        try await withNara { app in
            var reflected = 0
            for email in [Demo.analyst, Demo.admin, Demo.regionEditor] {
                var client = Client(app)
                try await client.login(email)
                for route in app.routes.all where route.method == .GET && !route.path.contains(where: { if case .parameter = $0 { return true }; return false }) {
                    let res = try await client.get("/" + route.path.map(\.description).joined(separator: "/") + "?" + query)
                    guard res.headers.contentType?.subType == "html" else { continue }
                    #expect(res.status.code < 500, "\(email) \(route.path.string) → \(res.status.code)")
                    for leak in Self.leaks(in: res.text) { Issue.record("\(email) GET \(route.path.string)?…: \(leak)") }
                    if res.text.contains("Fi&quot;nt nara-evil=&quot;1&quot;") { reflected += 1 }
                }
            }
            #expect(reflected > 0, "the search and filter fields show what was asked for")
        }
    }

    /// Puts the hostile string into every text a person can type that reaches a page.
    static func plant(on db: any Database) async throws {
        let h = hostile
        for line in try await PlanLineModel.query(on: db).all() { line.title = h; try await line.update(on: db) }
        for org in try await OrganisationModel.query(on: db).filter(\.$code == "23").all() { org.name = h + " " + org.kind; try await org.update(on: db) }
        for org in try await OrganisationModel.query(on: db).filter(\.$kind == "provider").all() { org.name = h; try await org.update(on: db) }
        for user in try await UserModel.query(on: db).all() { user.name = h; try await user.update(on: db) }
        for agreement in try await AgreementModel.query(on: db).all() { agreement.title = h; agreement.summary = h; try await agreement.update(on: db) }
        var textQuestions: Set<String> = []
        for model in try await FormDefinitionModel.query(on: db).all() {
            var def = try JSONDecoder().decode(FormDefinition.self, from: Data(model.definition.utf8))
            def.title = h; def.introduction = [h]
            for s in def.sections.indices {
                def.sections[s].heading = h
                for q in def.sections[s].questions.indices {
                    def.sections[s].questions[q].text = h; def.sections[s].questions[q].help = h
                    if def.sections[s].questions[q].type == .text { textQuestions.insert(def.sections[s].questions[q].id) }
                }
            }
            model.title = h
            model.definition = String(decoding: try JSONEncoder().encode(def), as: UTF8.self)
            try await model.update(on: db)
            ReportService.definitionCache.set(try model.requireID(), def)
        }
        try await AnswerModel.query(on: db).set(\.$comment, to: h).update()
        try await AnswerModel.query(on: db).filter(\.$questionID ~~ Array(textQuestions)).set(\.$value, to: h).update()
        try await FollowUpValueModel.query(on: db).set(\.$comment, to: h).set(\.$organisationName, to: h).update()
        try await FollowUpValueModel.query(on: db).filter(\.$questionID ~~ Array(textQuestions)).set(\.$value, to: h).update()
        for membership in try await MembershipModel.query(on: db).all() {
            let token = APITokenModel()
            token.userID = membership.userID; token.membershipID = try membership.requireID(); token.name = h
            token.tokenHash = SecretToken.hash(SecretToken.generate()); token.prefix = "nara_x"; token.createdAt = Date()
            try await token.create(on: db)
        }
        for region in try await OrganisationModel.query(on: db).filter(\.$kind == "region").all() {
            let picture = GoalPictureModel()
            picture.organisationID = try region.requireID(); picture.title = h; picture.summary = h; picture.factors = h
            picture.followUp = h; picture.decidedOn = "2024-01-01"; picture.decidedBy = h; picture.updatedAt = Date(); picture.updatedBy = h
            try await picture.create(on: db)
        }
    }

    @Test("hostile text in every field a person types is shown inert on every page, to every role")
    func everyPageEveryRole() async throws {
        try await withNara { app in
            let db = app.db
            try await Self.plant(on: db)
            let regionJH = try await OrganisationModel.query(on: db).filter(\.$kind == "region").filter(\.$code == "23").first()!
            let reports = try await ReportModel.query(on: db).all()
            let form = try await FormDefinitionModel.query(on: db).first()!
            let assignment = try await AssignmentModel.query(on: db).first()!
            let someMembership = try await MembershipModel.query(on: db).first()!
            var checked = 0
            var shown: Set<String> = [], inAttributes: Set<String> = []
            for email in [nil] + DemoPeople.people.map(\.email) {
                var client = Client(app)
                var own = regionJH
                if let email {
                    #expect(try await client.login(email).status == .seeOther)
                    let user = try await UserModel.query(on: db).filter(\.$email == email).first()!
                    own = try await Principal.load(userID: user.requireID(), membershipID: nil, via: .session, on: db)?.organisation ?? regionJH
                }
                let report = reports.first { $0.organisationID == own.id } ?? reports[0]
                let token = try await APITokenModel.query(on: db).first()!
                for route in app.routes.all where route.method == .GET && !route.path.string.hasPrefix("api") {
                  // The seeded plan and money are 2019's; the questionnaires are 2022–2023's.
                  for year in route.path.string.contains(":year") ? ["2019", "2023"] : ["2023"] {
                    let path = "/" + route.path.map { component -> String in
                        guard case .parameter(let name) = component else { return component.description }
                        switch name {
                        case "year": return year
                        case "pot": return "regioner"
                        case "code": return "23"
                        case "org": return own.id!.uuidString
                        case "token": return token.id!.uuidString
                        case "person": return someMembership.userID.uuidString
                        case "membership": return someMembership.id!.uuidString
                        case "report": return report.id!.uuidString
                        case "section", "version": return "1"
                        case "question": return "q1"
                        case "formkey": return ReferenceForms.municipalFinalReportKey
                        case "indicator": return IndicatorDefinition.catalogue[0].key
                        case "form": return form.id!.uuidString
                        case "assignment": return assignment.id!.uuidString
                        default: return UUID().uuidString
                        }
                    }.joined(separator: "/") + (route.path.string.contains("berakning") ? "?version=1" : "")
                    let res = try await client.get(path)
                    guard res.headers.contentType?.subType == "html" else { continue }
                    checked += 1
                    #expect(res.status.code < 500, "\(email ?? "anonym") GET \(path) → \(res.status.code)")
                    for leak in Self.leaks(in: res.text) { Issue.record("\(email ?? "anonym") GET \(path): \(leak)") }
                    if res.text.contains("&lt;nara-evil&gt;") { shown.insert(route.path.string) }
                    if res.text.contains("=\"Fi&quot;nt nara-evil=&quot;1&quot;") { inAttributes.insert(route.path.string) }
                  }
                }
            }
            #expect(checked > 100, "pages checked: \(checked)")
            // The string did reach the pages: as text on many, inside attribute values on the editors.
            #expect(shown.count > 20, "\(shown.sorted())")
            #expect(["organisationer/:org/planer/:year", "malbild"].allSatisfy { p in inAttributes.contains { $0.hasPrefix(p) } }, "\(inAttributes.sorted())")
        }
    }
}
