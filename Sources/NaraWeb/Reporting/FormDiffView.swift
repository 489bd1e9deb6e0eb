import Foundation
import NaraCore
import Plot

/// The difference between two questionnaire versions for people: a summary sentence, then one
/// table row per changed field (the question as the row header, spanning its rows), added and
/// removed questions as rows of their own. Used on the versions page and before publishing.
struct FormDiffView {
    let diff: FormDiff
    /// The table's caption, e.g. "Skillnader mellan version 1 och 2".
    let caption: String

    func nodes() -> Node<HTML.BodyContext> {
        guard !diff.isEmpty else { return .p(.class("form-diff-summary"), .text("Inga skillnader.")) }
        return .group(
            .p(.class("form-diff-summary"), .text(Self.summary(diff))),
            .div(.class("table-wrap"), .attribute(named: "tabindex", value: "0"),
                .table(.class("diff form-diff"),
                    .caption(.text(caption)),
                    .thead(.tr(Blocks.col("Fråga"), Blocks.col("Vad"), Blocks.col("Före"), Blocks.col("Efter"))),
                    .forEach(groups()) { group in body(group) }))
        )
    }

    /// "3 frågor ändrade, 1 tillagd, 0 borttagna." and, when the questionnaire's own texts or its
    /// sections changed, a second sentence saying so.
    static func summary(_ diff: FormDiff) -> String {
        let changed = diff.changedCount == 1 ? "1 fråga ändrad" : "\(diff.changedCount) frågor ändrade"
        let added = diff.addedCount == 1 ? "1 tillagd" : "\(diff.addedCount) tillagda"
        let removed = diff.removedCount == 1 ? "1 borttagen" : "\(diff.removedCount) borttagna"
        var text = "\(changed), \(added), \(removed)."
        // "formulärets rubrik, inledning och 2 avsnitt"
        var more = diff.form.map { $0.name.lowercased() }
        if !more.isEmpty { more[0] = "formulärets " + more[0] }
        if !diff.sections.isEmpty { more.append("\(diff.sections.count) avsnitt") }
        if let last = more.popLast() {
            text += " Dessutom ändrat: " + (more.isEmpty ? last : more.joined(separator: ", ") + " och " + last) + "."
        }
        return text
    }

    /// One thing that changed (the questionnaire, a section or a question) and its rows.
    struct Group {
        let heading: Node<HTML.BodyContext>
        let rows: [Row]
    }

    /// One row: what changed and how it read before and after ("" when it was not there).
    struct Row {
        let what: String
        let note: String?
        let before: String
        let after: String
    }

    func groups() -> [Group] {
        var out: [Group] = []
        if !diff.form.isEmpty {
            out.append(Group(heading: .text("Formuläret"), rows: diff.form.map(Self.row)))
        }
        for s in diff.sections {
            let heading: Node<HTML.BodyContext> = .group(.text("Avsnitt: "), .text(s.heading))
            switch s.kind {
            case .added: out.append(Group(heading: heading, rows: [Row(what: "Nytt avsnitt", note: nil, before: "", after: s.heading)]))
            case .removed: out.append(Group(heading: heading, rows: [Row(what: "Borttaget avsnitt", note: nil, before: s.heading, after: "")]))
            case .changed(let fields): out.append(Group(heading: heading, rows: fields.map(Self.row)))
            }
        }
        for q in diff.questions {
            let heading: Node<HTML.BodyContext> = .group(.unwrap(q.number.isEmpty ? nil : q.number) { .strong(.text($0 + ". ")) },
                                                         .text(Self.shortened(q.text)))
            switch q.kind {
            case .added: out.append(Group(heading: heading, rows: [Row(what: "Ny fråga", note: nil, before: "", after: q.text)]))
            case .removed: out.append(Group(heading: heading, rows: [Row(what: "Borttagen fråga", note: nil, before: q.text, after: "")]))
            case .changed(let fields): out.append(Group(heading: heading, rows: fields.map(Self.row)))
            }
        }
        return out
    }

    static func row(_ f: FormDiff.FieldChange) -> Row { Row(what: f.name, note: f.note, before: f.before, after: f.after) }

    /// The group as a row group; its heading is the row header of the first row, spanning them all.
    func body(_ group: Group) -> Node<HTML.TableContext> {
        .tbody(.forEach(Array(group.rows.enumerated())) { i, r in
            .tr(.if(i == 0, .th(.attribute(named: "scope", value: "rowgroup"),
                                .if(group.rows.count > 1, .attribute(named: "rowspan", value: String(group.rows.count))),
                                group.heading)),
                r.note.map { note in .td(.text(r.what), .p(.class("form-diff-note"), .text(note))) } ?? Blocks.cell(r.what),
                // A list's note names what changed in it; a text's changed words are marked.
                .td(.class("diff-old"), Self.shown(r.before, against: r.note == nil ? r.after : nil, mark: { .del(.strong(.text($0))) })),
                .td(.class("diff-new"), Self.shown(r.after, against: r.note == nil ? r.before : nil, mark: { .ins(.strong(.text($0))) })))
        })
    }

    /// A value as paragraphs (a text of several paragraphs keeps them apart by line breaks), the
    /// words that are not in `other` marked (`del` before, `ins` after) when most words are shared
    /// (nothing marked without `other`); an empty value: "Saknas".
    static func shown(_ text: String, against other: String?, mark: (String) -> Node<HTML.BodyContext>) -> Node<HTML.BodyContext> {
        guard !text.isEmpty else { return .span(.class("muted"), .text("Saknas")) }
        let paragraphs = Self.paragraphs(text), others = other.map(Self.paragraphs) ?? []
        let nodes: [Node<HTML.BodyContext>] = paragraphs.enumerated().map { i, p in
            paragraphs.count == others.count ? marked(p, against: others[i], mark: mark) : .text(p)
        }
        // The first paragraph starts at the cell's top; the others follow as paragraphs.
        return .group([nodes[0]] + nodes.dropFirst().map { .p($0) })
    }

    static func paragraphs(_ text: String) -> [String] {
        text.split(separator: "\n", omittingEmptySubsequences: true).map(String.init)
    }

    /// `text` with each run of words that `other` does not have in the same order marked; unmarked
    /// when the two share fewer than half their words (then everything differs anyway).
    static func marked(_ text: String, against other: String, mark: (String) -> Node<HTML.BodyContext>) -> Node<HTML.BodyContext> {
        let words = text.split(separator: " ").map(String.init), otherWords = other.split(separator: " ").map(String.init)
        let kept = FormDiff.commonWords(words, otherWords)
        guard kept.count * 2 >= min(words.count, otherWords.count), kept.count < words.count else { return .text(text) }
        // Runs of words that are all kept or all changed, a space between runs.
        var runs: [(changed: Bool, words: [String])] = []
        for (i, word) in words.enumerated() {
            let changed = !kept.contains(i)
            if let last = runs.last, last.changed == changed { runs[runs.count - 1].words.append(word) }
            else { runs.append((changed, [word])) }
        }
        let nodes: [Node<HTML.BodyContext>] = runs.enumerated().map { j, r in
            let words = r.words.joined(separator: " ")
            return .group(.if(j > 0, .text(" ")), r.changed ? mark(words) : .text(words))
        }
        return .group(nodes)
    }

    /// A question's text cut at a word near 100 characters, for the row header.
    static func shortened(_ text: String, limit: Int = 100) -> String {
        guard text.count > limit else { return text }
        let head = text.prefix(limit)
        let cut = head.lastIndex(of: " ").map { head[..<$0] } ?? head
        return cut.trimmingCharacters(in: .punctuationCharacters.union(.whitespaces)) + " …"
    }
}
