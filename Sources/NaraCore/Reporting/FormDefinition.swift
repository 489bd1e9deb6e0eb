/// A questionnaire as data (see `docs/FORMS.md`).
public struct FormDefinition: Codable, Sendable, Equatable {
    public var id: String
    public var version: Int
    public var title: String
    public var introduction: [String]
    public var instruction: String?
    public var sections: [FormSection]

    public init(id: String, version: Int, title: String, introduction: [String] = [], instruction: String? = nil, sections: [FormSection]) {
        self.id = id; self.version = version; self.title = title; self.introduction = introduction
        self.instruction = instruction; self.sections = sections
    }

    enum CodingKeys: String, CodingKey { case id, version, title, introduction, instruction, sections }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decode(String.self, forKey: .id)
        version = try c.decode(Int.self, forKey: .version)
        title = try c.decode(String.self, forKey: .title)
        introduction = try c.decodeIfPresent([String].self, forKey: .introduction) ?? []
        instruction = try c.decodeIfPresent(String.self, forKey: .instruction)
        sections = try c.decode([FormSection].self, forKey: .sections)
    }

    /// Every question in order.
    public var questions: [Question] { sections.flatMap(\.questions) }

    public func question(_ id: String) -> Question? { questions.first { $0.id == id } }

    /// The section (0-based) holding a question.
    public func sectionIndex(of questionID: String) -> Int? {
        sections.firstIndex { $0.questions.contains { $0.id == questionID } }
    }
}

public struct FormSection: Codable, Sendable, Equatable {
    public var id: String
    public var heading: String
    public var introduction: [String]
    public var questions: [Question]

    public init(id: String, heading: String, introduction: [String] = [], questions: [Question]) {
        self.id = id; self.heading = heading; self.introduction = introduction; self.questions = questions
    }

    enum CodingKeys: String, CodingKey { case id, heading, introduction, questions }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decode(String.self, forKey: .id)
        heading = try c.decode(String.self, forKey: .heading)
        introduction = try c.decodeIfPresent([String].self, forKey: .introduction) ?? []
        questions = try c.decodeIfPresent([Question].self, forKey: .questions) ?? []
    }
}

/// The kinds of question a form can hold.
public enum QuestionType: String, Codable, Sendable, CaseIterable {
    case singleChoice = "single_choice"
    case multipleChoice = "multiple_choice"
    case text
    case integer
    case amount
    case percent
    case date
    case table
    case file

    public var swedishName: String {
        switch self {
        case .singleChoice: return "Ett val"
        case .multipleChoice: return "Flera val"
        case .text: return "Fritext"
        case .integer: return "Heltal"
        case .amount: return "Belopp i kronor"
        case .percent: return "Procent"
        case .date: return "Datum"
        case .table: return "Tabell"
        case .file: return "Bifogad fil"
        }
    }
}

public struct Question: Codable, Sendable, Equatable {
    public struct Comment: Codable, Sendable, Equatable {
        public var label: String
        public init(label: String) { self.label = label }
    }

    public struct Condition: Codable, Sendable, Equatable {
        public var question: String
        public var equals: String?
        public var `in`: [String]?

        public init(question: String, equals: String? = nil, in values: [String]? = nil) {
            self.question = question; self.equals = equals; self.in = values
        }

        /// The answers that make the question visible.
        public var values: [String] { (equals.map { [$0] } ?? []) + (self.in ?? []) }
    }

    public struct TableRow: Codable, Sendable, Equatable {
        public var id: String
        public var label: String
        public init(id: String, label: String) { self.id = id; self.label = label }
    }

    public struct TableColumn: Codable, Sendable, Equatable {
        public var id: String
        public var label: String
        /// `text`, `integer` or `amount`.
        public var type: String
        public init(id: String, label: String, type: String) { self.id = id; self.label = label; self.type = type }
    }

    public var id: String
    public var number: String
    public var text: String
    public var help: String?
    public var required: Bool
    public var type: QuestionType
    public var options: [String]?
    public var comment: Comment?
    public var maxChoices: Int?
    public var maxLength: Int?
    public var min: Int64?
    public var max: Int64?
    public var rows: [TableRow]?
    public var columns: [TableColumn]?
    public var accept: [String]?
    public var maxBytes: Int?
    public var showIf: Condition?

    public init(id: String, number: String, text: String, type: QuestionType, required: Bool = false, help: String? = nil,
                options: [String]? = nil, comment: Comment? = nil, maxChoices: Int? = nil, maxLength: Int? = nil,
                min: Int64? = nil, max: Int64? = nil, rows: [TableRow]? = nil, columns: [TableColumn]? = nil,
                accept: [String]? = nil, maxBytes: Int? = nil, showIf: Condition? = nil) {
        self.id = id; self.number = number; self.text = text; self.type = type; self.required = required; self.help = help
        self.options = options; self.comment = comment; self.maxChoices = maxChoices; self.maxLength = maxLength
        self.min = min; self.max = max; self.rows = rows; self.columns = columns; self.accept = accept
        self.maxBytes = maxBytes; self.showIf = showIf
    }

    enum CodingKeys: String, CodingKey {
        case id, number, text, help, required, type, options, comment, maxChoices, maxLength, min, max, rows, columns, accept, maxBytes, showIf
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decode(String.self, forKey: .id)
        number = try c.decodeIfPresent(String.self, forKey: .number) ?? ""
        text = try c.decode(String.self, forKey: .text)
        help = try c.decodeIfPresent(String.self, forKey: .help)
        required = try c.decodeIfPresent(Bool.self, forKey: .required) ?? false
        type = try c.decode(QuestionType.self, forKey: .type)
        options = try c.decodeIfPresent([String].self, forKey: .options)
        comment = try c.decodeIfPresent(Comment.self, forKey: .comment)
        maxChoices = try c.decodeIfPresent(Int.self, forKey: .maxChoices)
        maxLength = try c.decodeIfPresent(Int.self, forKey: .maxLength)
        min = try c.decodeIfPresent(Int64.self, forKey: .min)
        max = try c.decodeIfPresent(Int64.self, forKey: .max)
        rows = try c.decodeIfPresent([TableRow].self, forKey: .rows)
        columns = try c.decodeIfPresent([TableColumn].self, forKey: .columns)
        accept = try c.decodeIfPresent([String].self, forKey: .accept)
        maxBytes = try c.decodeIfPresent(Int.self, forKey: .maxBytes)
        showIf = try c.decodeIfPresent(Condition.self, forKey: .showIf)
    }
}
