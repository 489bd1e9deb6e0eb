import Foundation

extension FormWorkbook {
    /// Reads a workbook's sheets (by name; each a list of rows of cells, the first row the
    /// header) into a validated definition.
    /// - Throws: `FormWorkbookError` with every problem, each named by sheet, row and column.
    public static func definition(from sheets: [String: [[String]]]) throws -> FormDefinition {
        var reader = WorkbookReader(sheets: sheets)
        let definition = reader.read()
        var problems = reader.problems
        if let definition {
            // Problems the validator finds in a row already named are left out: the row's own problem comes first.
            let named = Set(problems.map { "\($0.sheet)#\($0.row ?? 0)" })
            for p in FormValidator.validate(definition) {
                let located = reader.origins.locate(p, in: definition)
                if !named.contains("\(located.sheet)#\(located.row ?? 0)") || located.sheet != Sheet.survey { problems.append(located) }
            }
        }
        if !problems.isEmpty {
            let order = Dictionary(uniqueKeysWithValues: Sheet.order.enumerated().map { ($1, $0) })
            throw FormWorkbookError(problems: problems.enumerated().sorted { a, b in
                let x = (order[a.element.sheet] ?? 9, a.element.row ?? 0), y = (order[b.element.sheet] ?? 9, b.element.row ?? 0)
                return x != y ? x < y : a.offset < b.offset
            }.map(\.element))
        }
        return definition!
    }
}

/// One sheet read by its header: columns found by name (case-insensitive, trimmed).
struct HeadedSheet {
    let name: String
    let rows: [[String]]
    let columns: [String: Int]

    init(name: String, rows: [[String]]) {
        self.name = name; self.rows = rows
        var columns: [String: Int] = [:]
        for (i, h) in (rows.first ?? []).enumerated() {
            let key = h.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
            if !key.isEmpty && columns[key] == nil { columns[key] = i }
        }
        self.columns = columns
    }

    /// The data rows that hold anything, with their Excel row numbers.
    var dataRows: [(row: Int, cells: [String])] {
        rows.enumerated().dropFirst().filter { !$0.element.allSatisfy { $0.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty } }
            .map { ($0.offset + 1, $0.element) }
    }

    func value(_ cells: [String], _ header: String) -> String {
        guard let i = columns[header], i < cells.count else { return "" }
        return cells[i]
    }

    func trimmed(_ cells: [String], _ header: String) -> String { value(cells, header).trimmingCharacters(in: .whitespacesAndNewlines) }
}

/// Reads the sheets one by one, collecting every problem and where each part came from.
struct WorkbookReader {
    let sheets: [String: [[String]]]
    var problems: [WorkbookProblem] = []
    var origins = WorkbookOrigins()

    init(sheets: [String: [[String]]]) { self.sheets = sheets }

    typealias S = FormWorkbook.Sheet

    mutating func problem(_ sheet: HeadedSheet, _ row: Int, _ header: String?, _ message: String) {
        problems.append(origins.cell(sheet.name, row, header, message))
    }

    /// The sheet by name (exact, else ignoring case), checked for its required columns.
    mutating func sheet(_ name: String, required: [String]) -> HeadedSheet? {
        let key = sheets[name] != nil ? name : sheets.keys.first { $0.trimmingCharacters(in: .whitespaces).lowercased() == name }
        guard let key, let rows = sheets[key] else {
            problems.append(WorkbookProblem(sheet: name, row: nil, message: "bladet saknas; arbetsboken ska ha bladen " + S.order.joined(separator: ", ")))
            return nil
        }
        let sheet = HeadedSheet(name: name, rows: rows)
        origins.columns[name] = sheet.columns
        let missing = required.filter { sheet.columns[$0] == nil }
        if !missing.isEmpty {
            problems.append(WorkbookProblem(sheet: name, row: 1, message: (missing.count == 1 ? "kolumnen " : "kolumnerna ")
                + missing.map { "”\($0)”" }.joined(separator: ", ") + " saknas i rubrikraden"))
            return nil
        }
        return sheet
    }

    static func paragraphs(_ s: String) -> [String] {
        s.isEmpty ? [] : s.components(separatedBy: FormWorkbook.paragraphBreak)
    }

    static func optional(_ s: String) -> String? { s.isEmpty ? nil : s }

    /// A whole number in a cell (spaces between digit groups allowed), nil when empty.
    mutating func integer<N: FixedWidthInteger>(_ sheet: HeadedSheet, _ row: Int, _ cells: [String], _ header: String, as: N.Type) -> N? {
        let raw = sheet.trimmed(cells, header)
        if raw.isEmpty { return nil }
        let compact = raw.filter { !$0.isWhitespace && $0 != "\u{00A0}" && $0 != "\u{202F}" }.replacingOccurrences(of: "−", with: "-")
        if let n = N(compact) { return n }
        problem(sheet, row, header, "”\(raw)” är inget heltal")
        return nil
    }

    mutating func read() -> FormDefinition? {
        let settings = sheet(S.settings, required: ["form_id", "version", "form_title"])
        let sectionSheet = sheet(S.sections, required: ["section", "heading"])
        let survey = sheet(S.survey, required: ["section", "name", "type", "label"])
        let choices = sheet(S.choices, required: ["list_name", "label"])
        let tables = sheet(S.tables, required: ["list_name", "part", "name", "label"])

        var d = FormDefinition(id: "", version: 1, title: "", sections: [])
        if let settings {
            if let (row, cells) = settings.dataRows.first {
                origins.settingsRow = row
                d.id = settings.trimmed(cells, "form_id")
                d.title = settings.value(cells, "form_title")
                d.instruction = Self.optional(settings.value(cells, "instruction"))
                d.introduction = Self.paragraphs(settings.value(cells, "introduction"))
                if settings.trimmed(cells, "version").isEmpty { problem(settings, row, "version", "versionen saknas") }
                else if let v = integer(settings, row, cells, "version", as: Int.self) { d.version = v }
            } else {
                problem(settings, 2, nil, "raden med formulärets id, version och titel saknas")
            }
        }
        var sectionIndex: [String: Int] = [:]
        for (row, cells) in sectionSheet?.dataRows ?? [] {
            let id = sectionSheet!.trimmed(cells, "section")
            if sectionIndex[id] == nil { sectionIndex[id] = d.sections.count }
            d.sections.append(FormSection(id: id, heading: sectionSheet!.value(cells, "heading"),
                                          introduction: Self.paragraphs(sectionSheet!.value(cells, "introduction")), questions: []))
            origins.sectionRows.append(row)
            origins.questionRows.append([])
        }
        var byID: [String: (section: Int, index: Int)] = [:]
        if let survey { readSurvey(survey, into: &d, sectionIndex: sectionIndex, byID: &byID) }
        // Options and table parts name questions: without a readable survey they cannot be placed.
        if let choices, survey != nil { readChoices(choices, into: &d, byID: byID) }
        if let tables, survey != nil { readTables(tables, into: &d, byID: byID) }
        return settings == nil || sectionSheet == nil || survey == nil ? nil : d
    }

    mutating func readSurvey(_ survey: HeadedSheet, into d: inout FormDefinition, sectionIndex: [String: Int],
                             byID: inout [String: (section: Int, index: Int)]) {
        for (row, cells) in survey.dataRows {
            let id = survey.trimmed(cells, "name"), sectionID = survey.trimmed(cells, "section")
            let typeName = survey.trimmed(cells, "type")
            var type = QuestionType.text
            if let t = FormWorkbook.type(named: typeName) { type = t } else {
                problem(survey, row, "type", typeName.isEmpty ? "typen saknas" : "okänd typ ”\(typeName)”; tillåtna: select_one, select_multiple, text, integer, amount, percent, date, table, file")
            }
            var q = Question(id: id, number: survey.trimmed(cells, "number"), text: survey.value(cells, "label"), type: type,
                             required: false, help: Self.optional(survey.value(cells, "hint")))
            switch survey.trimmed(cells, "required").lowercased() {
            case "yes", "ja", "true", "1", "sant": q.required = true
            case "", "no", "nej", "false", "0", "falskt": q.required = false
            case let other: problem(survey, row, "required", "”\(other)” ska vara yes eller tomt")
            }
            q.comment = Self.optional(survey.value(cells, "comment")).map(Question.Comment.init(label:))
            q.maxChoices = integer(survey, row, cells, "max_choices", as: Int.self)
            q.maxLength = integer(survey, row, cells, "max_length", as: Int.self)
            q.min = integer(survey, row, cells, "min", as: Int64.self)
            q.max = integer(survey, row, cells, "max", as: Int64.self)
            q.maxBytes = integer(survey, row, cells, "max_bytes", as: Int.self)
            let accept = survey.value(cells, "accept").split(separator: ",").map { $0.trimmingCharacters(in: .whitespacesAndNewlines).lowercased() }
                .filter { !$0.isEmpty }
            q.accept = accept.isEmpty ? nil : accept
            if FormWorkbook.type(named: typeName) != nil { misplaced(survey, row, cells, type) }
            let relevant = survey.value(cells, "relevant").trimmingCharacters(in: .whitespacesAndNewlines)
            if !relevant.isEmpty {
                switch RelevantParser.parse(relevant) {
                case .success(let c): q.showIf = c
                case .failure(let message): problem(survey, row, "relevant", message)
                }
            }
            if origins.firstRow[id] == nil { origins.firstRow[id] = row }
            guard let s = sectionIndex[sectionID] ?? (d.sections.isEmpty ? nil : d.sections.count - 1) else { continue }
            if sectionIndex[sectionID] == nil {
                problem(survey, row, "section", sectionID.isEmpty ? "avsnittet saknas" : "avsnittet ”\(sectionID)” finns inte i bladet sections")
            }
            if byID[id] == nil { byID[id] = (s, d.sections[s].questions.count) }
            d.sections[s].questions.append(q)
            origins.questionRows[s].append(row)
        }
    }

    /// Which types each number column belongs to: a value for another type would be stored and never used.
    static let columnTypes: [(header: String, types: [QuestionType], names: String)] = [
        ("max_choices", [.multipleChoice], "select_multiple"), ("max_length", [.text], "text"),
        ("min", [.integer, .amount], "integer och amount"), ("max", [.integer, .amount], "integer och amount"),
        ("accept", [.file], "file"), ("max_bytes", [.file], "file"),
    ]

    mutating func misplaced(_ survey: HeadedSheet, _ row: Int, _ cells: [String], _ type: QuestionType) {
        for (header, types, names) in Self.columnTypes where !types.contains(type) && !survey.trimmed(cells, header).isEmpty {
            problem(survey, row, header, "\(header) gäller bara frågor av typen \(names); lämna cellen tom för \(FormWorkbook.typeName(type))")
        }
    }

    mutating func readChoices(_ choices: HeadedSheet, into d: inout FormDefinition, byID: [String: (section: Int, index: Int)]) {
        for (row, cells) in choices.dataRows {
            let list = choices.trimmed(cells, "list_name")
            guard let (s, i) = byID[list] else {
                problem(choices, row, "list_name", list.isEmpty ? "list_name saknas" : "det finns ingen fråga ”\(list)” i bladet survey")
                continue
            }
            let type = d.sections[s].questions[i].type
            guard type == .singleChoice || type == .multipleChoice else {
                problem(choices, row, "list_name", "frågan ”\(list)” är ingen valfråga (select_one eller select_multiple)")
                continue
            }
            d.sections[s].questions[i].options = (d.sections[s].questions[i].options ?? []) + [choices.value(cells, "label")]
            origins.optionRows[list, default: []].append(row)
        }
    }

    mutating func readTables(_ tables: HeadedSheet, into d: inout FormDefinition, byID: [String: (section: Int, index: Int)]) {
        for (row, cells) in tables.dataRows {
            let list = tables.trimmed(cells, "list_name")
            guard let (s, i) = byID[list] else {
                problem(tables, row, "list_name", list.isEmpty ? "list_name saknas" : "det finns ingen fråga ”\(list)” i bladet survey")
                continue
            }
            guard d.sections[s].questions[i].type == .table else {
                problem(tables, row, "list_name", "frågan ”\(list)” är ingen tabellfråga (table)")
                continue
            }
            let id = tables.trimmed(cells, "name"), label = tables.value(cells, "label")
            if id.isEmpty { problem(tables, row, "name", "id saknas") }
            switch tables.trimmed(cells, "part").lowercased() {
            case "row", "rad":
                d.sections[s].questions[i].rows = (d.sections[s].questions[i].rows ?? []) + [Question.TableRow(id: id, label: label)]
            case "column", "kolumn":
                let column = Question.TableColumn(id: id, label: label, type: tables.trimmed(cells, "type").lowercased())
                d.sections[s].questions[i].columns = (d.sections[s].questions[i].columns ?? []) + [column]
                origins.columnRows[list, default: []].append(row)
            case let other:
                problem(tables, row, "part", other.isEmpty ? "ange row eller column" : "”\(other)” ska vara row eller column")
            }
        }
    }
}
