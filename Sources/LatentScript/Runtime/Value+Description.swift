extension Value: CustomStringConvertible {
    /// How a bare expression shows the value: strings quoted, lists bracketed, objects as `Type: summary`.
    public var description: String { display(top: true) }

    /// How `print` shows the value: like `description`, but a string is printed as is.
    public var text: String {
        if case .string(let s) = self { return s }
        return description
    }

    /// The value as named in error messages: `string "fast"`, `number 2.5`, `list [1, 2]`, `Dataset`.
    public var kindDescription: String {
        switch self {
        case .none: return "none"
        case .object(let o): return o.typeName
        default: return "\(typeName) \(shortDisplay)"
        }
    }

    /// Numbers print as integers when integral, otherwise in the shortest form that reads back
    /// exactly; values that came from a Float print at Float precision (0.1, not 0.10000000149011612).
    public static func format(_ v: Double) -> String {
        if v.isNaN { return "nan" }
        if v.isInfinite { return v < 0 ? "-inf" : "inf" }
        if v.rounded() == v && abs(v) < 1e15 { return String(Int64(v)) }
        let single = Float(v)
        if Double(single) == v { return "\(single)" }
        return "\(v)"
    }

    /// A string literal as it would be written in a script.
    public static func quote(_ s: String) -> String {
        var out = "\""
        for ch in s {
            switch ch {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\r": out += "\\r"
            case "\0": out += "\\0"
            default: out.append(ch)
            }
        }
        return out + "\""
    }

    /// The value written as script source, or nil for objects (history files use this for settings).
    public var sourceForm: String? {
        switch self {
        case .none: return "none"
        case .number(let v): return v.rounded() == v && abs(v) < 1e15 ? Value.format(v) : "\(v)"
        case .string(let s): return Value.quote(s)
        case .bool(let b): return b ? "true" : "false"
        case .list(let items):
            let parts = items.map(\.sourceForm)
            if parts.contains(where: { $0 == nil }) { return nil }
            return "[" + parts.map { $0! }.joined(separator: ", ") + "]"
        case .object: return nil
        }
    }

    private var shortDisplay: String {
        let full = display(top: false)
        return full.count > 60 ? String(full.prefix(57)) + "..." : full
    }

    private func display(top: Bool) -> String {
        switch self {
        case .none: return "none"
        case .number(let v): return Value.format(v)
        case .string(let s): return Value.quote(s)
        case .bool(let b): return b ? "true" : "false"
        case .object(let o): return top ? o.printedText ?? "\(o.typeName): \(o.summary)" : "<\(o.typeName)>"
        case .list(let items):
            if items.count <= 20 {
                return "[" + items.map { $0.display(top: false) }.joined(separator: ", ") + "]"
            }
            let head = items.prefix(10).map { $0.display(top: false) }
            let tail = items.suffix(2).map { $0.display(top: false) }
            return "[" + (head + ["..."] + tail).joined(separator: ", ") + "] (\(items.count) items)"
        }
    }
}
