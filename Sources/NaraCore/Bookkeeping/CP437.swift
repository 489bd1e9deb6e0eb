/// IBM PC 8-bit extended ASCII, code page 437: the character set SIE calls `PC8`.
public enum CP437 {
    /// The characters of bytes 0x80–0xFF, in order.
    static let upperHalf: [Character] = Array(
        "ÇüéâäàåçêëèïîìÄÅ" + "ÉæÆôöòûùÿÖÜ¢£¥₧ƒ" + "áíóúñÑªº¿⌐¬½¼¡«»" + "░▒▓│┤╡╢╖╕╣║╗╝╜╛┐"
        + "└┴┬├─┼╞╟╚╔╩╦╠═╬╧" + "╨╤╥╙╘╒╓╫╪┘┌█▄▌▐▀" + "αßΓπΣσµτΦΘΩδ∞φε∩" + "≡±≥≤⌠⌡÷≈°∙·√ⁿ²■\u{00A0}")

    static let byteOf: [Character: UInt8] = Dictionary(uniqueKeysWithValues: upperHalf.enumerated().map { ($0.element, UInt8(0x80 + $0.offset)) })

    /// The byte for a character: printable ASCII as itself, the upper half from the table, and
    /// `?` for anything code page 437 cannot hold (or that is not one character in it).
    public static func byte(_ c: Character) -> UInt8 {
        if let ascii = c.asciiValue, ascii >= 0x20, ascii < 0x7F { return ascii }
        return byteOf[c] ?? UInt8(ascii: "?")
    }

    public static func encode(_ text: String) -> [UInt8] { text.map(byte) }

    /// The text of bytes in code page 437 (control bytes as themselves).
    public static func decode(_ bytes: [UInt8]) -> String {
        String(bytes.map { $0 < 0x80 ? Character(Unicode.Scalar($0)) : upperHalf[Int($0) - 0x80] })
    }
}
