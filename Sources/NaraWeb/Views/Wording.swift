import Foundation

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
