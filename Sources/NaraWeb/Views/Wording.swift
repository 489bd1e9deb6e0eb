import Foundation
import Plot

/// Small helpers for how text breaks on a narrow screen.
enum Wording {
    /// Lets a line break after a slash between two words ("rehabiliterande/habiliterande"), which
    /// browsers do not do by themselves, so a long heading wraps there rather than running off the
    /// screen or breaking inside a word. Adds an invisible zero-width space; nothing else changes.
    static func breakingAfterSlashes(_ text: String) -> String {
        var result = ""
        var previous: Character?
        var pendingSlash = false
        for character in text {
            if pendingSlash, character.isLetter { result.append("\u{200B}") }
            pendingSlash = character == "/" && (previous?.isLetter ?? false)
            result.append(character)
            previous = character
        }
        return result
    }
}

extension Wording {
    /// Text someone typed, with each word that joins numbers by a hyphen ("22-23", "VG-23-0001")
    /// kept on one line: browsers would otherwise break it after the hyphen. The text itself is
    /// unchanged; such words are wrapped in a `nowrap` span.
    static func keepingNumberedWordsWhole(_ text: String) -> Node<HTML.BodyContext> {
        let words = text.split(separator: " ", omittingEmptySubsequences: false)
        return .group(words.enumerated().map { index, word -> Node<HTML.BodyContext> in
            let space: Node<HTML.BodyContext> = index == 0 ? .empty : .text(" ")
            let numbered = word.contains("-") && word.contains(where: \.isNumber)
            return .group(space, numbered ? .span(.class("nowrap"), .text(String(word))) : .text(String(word)))
        })
    }
}
