/// The format after `:` in a string hole: `[<|>][0][width][.precision][f|e|g|d|s|%]`.
///
/// `.3f` fixed with 3 decimals, `.0e` exponent (`1e-03`), `5d` an integer in 5 columns, `>8` right-aligned
/// in 8 columns, `.1%` a percentage.
public struct FormatSpec: Sendable, Equatable {
    /// How the value is written.
    public enum Style: Character, Sendable {
        /// Fixed-point, exponent, shortest of the two, integer, text, percentage.
        case fixed = "f", exponent = "e", general = "g", integer = "d", text = "s", percent = "%"
    }

    /// `<` (left) or `>` (right); numbers align right and text left by default.
    public var align: Character?
    /// Pad numbers with zeros instead of spaces.
    public var zeroPad = false
    /// The minimum width.
    public var width: Int?
    /// Digits after the point (`f`, `e`, `%`) or significant digits (`g`).
    public var precision: Int?
    /// The style; nil writes the value as `print` does.
    public var style: Style?

    /// The widest width or precision accepted.
    public static let maxField = 100

    /// Parses `text` (without the colon); nil when it is not a format.
    public init?(_ text: String) {
        var chars = Substring(text)
        if let first = chars.first, first == "<" || first == ">" { align = first; chars.removeFirst() }
        if chars.first == "0" { zeroPad = true; chars.removeFirst() }
        var digits = ""
        while let c = chars.first, c.isASCIIDigit { digits.append(c); chars.removeFirst() }
        if !digits.isEmpty {   // too many digits for an Int is not a width to drop silently: not a format
            guard let w = Int(digits) else { return nil }
            width = w
        }
        if chars.first == "." {
            chars.removeFirst()
            var p = ""
            while let c = chars.first, c.isASCIIDigit { p.append(c); chars.removeFirst() }
            guard !p.isEmpty, let digitsGiven = Int(p) else { return nil }
            precision = digitsGiven
        }
        if let c = chars.first {
            guard let s = Style(rawValue: c) else { return nil }
            style = s
            chars.removeFirst()
        }
        guard chars.isEmpty, (width ?? 0) <= FormatSpec.maxField, (precision ?? 0) <= FormatSpec.maxField else { return nil }
        if style == .integer && precision != nil { return nil }
    }
}
