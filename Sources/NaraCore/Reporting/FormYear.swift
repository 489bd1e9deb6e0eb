import Foundation

/// A questionnaire speaks of one agreement year ("under 2022", "God och nära vård 2022"). A new
/// year's round asks a version of the same questionnaire whose text speaks of that year, with every
/// question id kept so the follow-up compares answers across years.
public enum FormYear {
    /// The year a questionnaire speaks of: the last four-digit year in its title.
    public static func year(of definition: FormDefinition) -> Int? {
        years(in: definition.title).last
    }

    /// The questionnaire as it reads for `year`: the year it speaks of replaced in its title, texts,
    /// headings, help, comment labels and table labels. Ids, numbers, options (answers are stored as
    /// the option's text, and conditions name them) and the version are left as they are; the
    /// store numbers the new version.
    /// - Returns: the definition unchanged when it names no year or already speaks of `year`.
    public static func rewrite(_ definition: FormDefinition, to year: Int) -> FormDefinition {
        guard let from = self.year(of: definition), from != year else { return definition }
        func r(_ s: String) -> String { replacing(from, with: year, in: s) }
        var d = definition
        d.title = r(d.title)
        d.introduction = d.introduction.map(r)
        d.instruction = d.instruction.map(r)
        d.sections = d.sections.map { section in
            var s = section
            s.heading = r(s.heading)
            s.introduction = s.introduction.map(r)
            s.questions = s.questions.map { question in
                var q = question
                q.text = r(q.text)
                q.help = q.help.map(r)
                q.comment = q.comment.map { Question.Comment(label: r($0.label)) }
                q.rows = q.rows?.map { Question.TableRow(id: $0.id, label: r($0.label)) }
                q.columns = q.columns?.map { Question.TableColumn(id: $0.id, label: r($0.label), type: $0.type) }
                return q
            }
            return s
        }
        return d
    }

    /// `text` with the year `from` replaced by `to` where it stands as a year of its own: not inside
    /// a longer number, a reference such as "prop. 2022/23:1" or "SOU 2022:80", nor a date such as 2022-03-31.
    public static func replacing(_ from: Int, with to: Int, in text: String) -> String {
        let pattern = "(?<![0-9/:\\-])\(from)(?![0-9/:\\-])"
        guard let re = try? NSRegularExpression(pattern: pattern) else { return text }
        return re.stringByReplacingMatches(in: text, range: NSRange(text.startIndex..., in: text), withTemplate: String(to))
    }

    /// A four-digit year (1900–2099) standing on its own: not inside a longer number, a reference or a date.
    static let yearPattern = "(?<![0-9/:\\-])(19|20)[0-9]{2}(?![0-9/:\\-])"

    /// The four-digit years (1900–2099) standing on their own in `text`, in order.
    public static func years(in text: String) -> [Int] {
        guard let re = try? NSRegularExpression(pattern: yearPattern) else { return [] }
        return re.matches(in: text, range: NSRange(text.startIndex..., in: text)).compactMap { m in
            Range(m.range, in: text).flatMap { Int(text[$0]) }
        }
    }
}

/// What a report covers: its agreement, its kind and the period, said in one line.
public enum ReportPeriod {
    /// The period a report of an agreement year covers: the agreement's calendar year (the funds are
    /// for that year; a final report accounts for the whole of it).
    public static func covered(year: Int) -> (start: CivilDate, end: CivilDate) {
        (.make(year, 1, 1), .make(year, 12, 31))
    }

    /// "1 januari–31 december 2023".
    public static func swedish(year: Int) -> String {
        let p = covered(year: year)
        return "\(p.start.day) \(CivilDate.swedishMonths[p.start.month - 1])–\(p.end.swedish)"
    }

    /// "Överenskommelse 2023 · Slutredovisning · avser 1 januari–31 december 2023".
    public static func heading(year: Int, kind: ReportKind) -> String {
        "Överenskommelse \(year) · \(kind.swedishName) · avser \(swedish(year: year))"
    }
}

extension FormYear {
    /// `text` cut into pieces, each a year standing on its own (`years(in:)`) or the text between,
    /// so a copied questionnaire can show its years marked for review.
    public static func marked(_ text: String) -> [(text: String, isYear: Bool)] {
        guard let re = try? NSRegularExpression(pattern: yearPattern) else { return [(text, false)] }
        var out: [(text: String, isYear: Bool)] = []
        var last = text.startIndex
        for m in re.matches(in: text, range: NSRange(text.startIndex..., in: text)) {
            guard let r = Range(m.range, in: text) else { continue }
            if last < r.lowerBound { out.append((String(text[last..<r.lowerBound]), false)) }
            out.append((String(text[r]), true))
            last = r.upperBound
        }
        if last < text.endIndex { out.append((String(text[last...]), false)) }
        return out
    }
}
