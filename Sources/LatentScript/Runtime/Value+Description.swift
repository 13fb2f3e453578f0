extension Value: CustomStringConvertible {
    /// How a bare expression shows the value: strings quoted, lists bracketed, objects as `Type: summary`.
    public var description: String { description(all: false) }

    /// How `print` shows the value: like `description`, but a string is printed as is.
    public var text: String { text(all: false) }

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

    /// Lists longer than this print their first `shownHead` and last `shownTail` items and a count.
    public static let listLimit = 20
    static let shownHead = 10, shownTail = 2

    /// How a bare expression or `print` shows the value. A list of more than `listLimit` items shows its
    /// first and last few, its count and how to see every item (`name` is the variable it was written as,
    /// for that hint); `all` shows every item, nested lists included.
    public func description(all: Bool, name: String? = nil) -> String {
        if case .list(let items) = self, !all, items.count > Value.listLimit {
            let how = name.map { "print \($0) all=true" } ?? "add all=true to print"
            return display(top: true) + " (\(items.count) items; \(how) to see them all)"
        }
        return display(top: true, all: all)
    }

    /// `description(all:name:)`, with strings unquoted as `print` shows them.
    public func text(all: Bool, name: String? = nil) -> String {
        if case .string(let s) = self { return s }
        return description(all: all, name: name)
    }

    /// The value's text; a long list is cut to its first and last items unless `all`, and its count
    /// follows it when it is nested (the top level says more: see `description(all:name:)`).
    private func display(top: Bool, all: Bool = false) -> String {
        switch self {
        case .none: return "none"
        case .number(let v): return Value.format(v)
        case .string(let s): return Value.quote(s)
        case .bool(let b): return b ? "true" : "false"
        case .object(let o): return top ? o.printedText ?? "\(o.typeName): \(o.summary)" : "<\(o.typeName)>"
        case .list(let items):
            if all || items.count <= Value.listLimit {
                return "[" + items.map { $0.display(top: false, all: all) }.joined(separator: ", ") + "]"
            }
            let head = items.prefix(Value.shownHead).map { $0.display(top: false) }
            let tail = items.suffix(Value.shownTail).map { $0.display(top: false) }
            let cut = "[" + (head + ["..."] + tail).joined(separator: ", ") + "]"
            return top ? cut : cut + " (\(items.count) items)"
        }
    }
}
