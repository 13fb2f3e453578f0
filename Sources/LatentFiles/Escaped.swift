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
}
