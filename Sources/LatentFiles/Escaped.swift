/// Text from data files made safe to echo in a message: control bytes (ESC, NUL, CR, ...) and DEL
/// become visible escapes such as `\u{1B}`, so a hostile file cannot drive the user's terminal.
public enum Escaped {
    /// `text` with every control character written as `\u{XX}` (backslashes doubled).
    public static func text(_ text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            switch scalar.value {
            case 0x5C: out += "\\\\"
            case 0..<0x20, 0x7F, 0x80..<0xA0:
                out += "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// A file name's bytes as text: valid UTF-8 as it is, every byte that is not part of valid UTF-8 as
    /// `\x{XX}` (so names in Latin-1 or another legacy encoding stay distinct and visible instead of
    /// turning into U+FFFD); control characters are escaped as in `text`.
    public static func fileName(_ bytes: [UInt8]) -> String {
        var out = ""
        var i = 0
        while i < bytes.count {
            let width = bytes[i] < 0x80 ? 1 : bytes[i] >= 0xF0 ? 4 : bytes[i] >= 0xE0 ? 3 : bytes[i] >= 0xC2 ? 2 : 0
            if width > 0, i + width <= bytes.count,
               let piece = String(validating: bytes[i..<(i + width)], as: UTF8.self) {
                out += text(piece)
                i += width
            } else {
                out += "\\x{" + String(bytes[i], radix: 16, uppercase: true) + "}"
                i += 1
            }
        }
        return out
    }
}
