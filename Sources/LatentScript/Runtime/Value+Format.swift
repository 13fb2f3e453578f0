import Foundation

extension Value {
    /// The value as a string hole shows it: as `print` would without a format, else per `format`
    /// (`.3f`, `.0e`, `5d`, `>8`, `.1%`); throws when the format needs a number and this is not one.
    func formatted(_ format: FormatSpec?) throws -> String {
        guard let format else { return text }
        var body: String
        var numeric = false
        switch format.style {
        case nil where format.precision == nil, .text?:
            body = text
        case .integer?:
            guard let n = int else {
                throw OperationError(message: "format 'd' needs an integer, got \(kindDescription); use .0f to round")
            }
            body = String(n)
            numeric = true
        default:
            guard let v = number else {
                throw OperationError(message: "format ':\(format.description)' needs a number, got \(kindDescription)")
            }
            numeric = true
            body = Value.write(v, format)
        }
        guard let width = format.width, body.count < width else { return body }
        let padding = width - body.count
        if numeric && format.zeroPad && format.align == nil {
            let sign = body.hasPrefix("-") ? "-" : ""
            return sign + String(repeating: "0", count: padding) + body.dropFirst(sign.count)
        }
        let right = format.align.map { $0 == ">" } ?? numeric
        return right ? String(repeating: " ", count: padding) + body : body + String(repeating: " ", count: padding)
    }

    private static func write(_ v: Double, _ format: FormatSpec) -> String {
        if !v.isFinite { return Value.format(v) }
        let p = Int32(format.precision ?? 6)
        switch format.style {
        case .fixed?: return String(format: "%.*f", p, v)
        case .exponent?: return String(format: "%.*e", p, v)
        case .percent?: return String(format: "%.*f", p, v * 100) + "%"
        default: return String(format: "%.*g", format.precision.map { Int32(max(1, $0)) } ?? 6, v)
        }
    }
}

extension FormatSpec: CustomStringConvertible {
    /// The format as written after the colon.
    public var description: String {
        var s = align.map(String.init) ?? ""
        if zeroPad { s += "0" }
        if let width { s += String(width) }
        if let precision { s += ".\(precision)" }
        if let style { s.append(style.rawValue) }
        return s
    }
}
