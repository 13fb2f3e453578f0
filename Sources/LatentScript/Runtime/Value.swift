/// A value of the script language.
public enum Value {
    /// The absence of a value (what most commands return).
    case none
    /// A number (integers are numbers with no fractional part).
    case number(Double)
    /// A string.
    case string(String)
    /// `true` or `false`.
    case bool(Bool)
    /// An ordered list of values.
    case list([Value])
    /// A host object (dataset, model, ...).
    case object(any ScriptObject)

    /// The type name used in messages and `vars`: number, string, bool, list, none, or the object's type.
    public var typeName: String {
        switch self {
        case .none: return "none"
        case .number: return "number"
        case .string: return "string"
        case .bool: return "bool"
        case .list: return "list"
        case .object(let o): return o.typeName
        }
    }

    /// The number, if this is one.
    public var number: Double? { if case .number(let v) = self { return v } else { return nil } }
    /// The integer, if this is a number without a fractional part.
    public var int: Int? {
        guard case .number(let v) = self, v.rounded() == v, abs(v) < 9.0e15 else { return nil }
        return Int(v)
    }
    /// The string, if this is one.
    public var string: String? { if case .string(let v) = self { return v } else { return nil } }
    /// The bool, if this is one.
    public var bool: Bool? { if case .bool(let v) = self { return v } else { return nil } }
    /// The elements, if this is a list.
    public var list: [Value]? { if case .list(let v) = self { return v } else { return nil } }
    /// The object, if this is one.
    public var object: (any ScriptObject)? { if case .object(let v) = self { return v } else { return nil } }
    /// True for `.none`.
    public var isNone: Bool { if case .none = self { return true } else { return false } }

    /// The object cast to `T`, if this is one of that class.
    public func object<T: ScriptObject>(as type: T.Type) -> T? { object as? T }

    /// The value of `self.name`: object members, and `count` for lists and strings.
    public func member(_ name: String) -> Value? {
        switch self {
        case .object(let o): return o.member(name)
        case .list(let items) where name == "count": return .number(Double(items.count))
        case .string(let s) where name == "count": return .number(Double(s.count))
        default: return nil
        }
    }

    /// Member names offered for completion and in "no member" messages.
    public var memberNames: [String] {
        switch self {
        case .object(let o): return o.memberNames
        case .list, .string: return ["count"]
        default: return []
        }
    }
}

extension Value: ExpressibleByIntegerLiteral, ExpressibleByFloatLiteral, ExpressibleByStringLiteral,
    ExpressibleByBooleanLiteral, ExpressibleByArrayLiteral, ExpressibleByNilLiteral {
    /// `3` as a number.
    public init(integerLiteral value: Int) { self = .number(Double(value)) }
    /// `0.5` as a number.
    public init(floatLiteral value: Double) { self = .number(value) }
    /// `"text"` as a string.
    public init(stringLiteral value: String) { self = .string(value) }
    /// `true` as a bool.
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    /// `[1, 2]` as a list.
    public init(arrayLiteral elements: Value...) { self = .list(elements) }
    /// `nil` as `.none`.
    public init(nilLiteral: ()) { self = .none }
}

extension Value {
    /// A number from an integer.
    public static func int(_ v: Int) -> Value { .number(Double(v)) }
    /// A list of numbers.
    public static func numbers<S: Sequence>(_ values: S) -> Value where S.Element: BinaryFloatingPoint {
        .list(values.map { .number(Double($0)) })
    }
    /// A list of integers.
    public static func ints<S: Sequence>(_ values: S) -> Value where S.Element: BinaryInteger {
        .list(values.map { .number(Double($0)) })
    }
}
