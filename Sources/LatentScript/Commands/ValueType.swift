/// The type a command parameter accepts; drives validation, error messages, help and completion.
public indirect enum ValueType: Sendable, Equatable {
    /// Anything.
    case any
    /// A number.
    case number
    /// A number without a fractional part.
    case int
    /// A string.
    case string
    /// `true` or `false`.
    case bool
    /// A list whose items have the given type (`.list(.any)` for any list).
    case list(ValueType)
    /// A host object of one Swift class: write `.object(DatasetObject.self)`; its `typeName` ("Dataset") is what
    /// the binder matches, the checker reports and help shows.
    case object(ObjectType)
    /// One of a fixed set of words, written bare (`label=first`) or quoted.
    case choice([String])
    /// A bare name that is not evaluated (`help train`, `del x`).
    case name
    /// Any of several types, tried in order.
    case oneOf([ValueType])

    /// The parameter type of objects of class `T`: `.object(ModelObject.self)` accepts a Model.
    public static func object<T: ScriptObject>(_ type: T.Type) -> ValueType { .object(ObjectType(type)) }

    /// The type as a noun phrase: "a number", "a list of integers", "one of first, last".
    public var phrase: String {
        switch self {
        case .any: return "a value"
        case .number: return "a number"
        case .int: return "an integer"
        case .string: return "a string"
        case .bool: return "true or false"
        case .list(.any): return "a list"
        case .list(let item): return "a list of \(item.plural)"
        case .object(let type): return "\(Self.article(type.name)) \(type.name)"
        case .choice(let words): return "one of " + words.joined(separator: ", ")
        case .name: return "a name"
        case .oneOf(let types): return types.map(\.phrase).joined(separator: " or ")
        }
    }

    /// The placeholder in usage lines: NUMBER, INT, STRING, BOOL, LIST, Dataset, first|last.
    public var placeholder: String {
        switch self {
        case .any: return "VALUE"
        case .number: return "NUMBER"
        case .int: return "INT"
        case .string: return "STRING"
        case .bool: return "BOOL"
        case .list(.any): return "LIST"
        case .list(let item): return "[\(item.placeholder),...]"
        case .object(let type): return type.name
        case .choice(let words): return words.joined(separator: "|")
        case .name: return "NAME"
        case .oneOf(let types): return types.map(\.placeholder).joined(separator: "|")
        }
    }

    /// True when a bare word written for this parameter is taken literally rather than as a variable.
    func takesWord(_ word: String) -> Bool {
        switch self {
        case .name: return true
        case .choice(let words): return words.contains(word)
        case .oneOf(let types): return types.contains { $0.takesWord(word) }
        default: return false
        }
    }

    /// True when an unknown bare word is taken as a string (a choice next to `.any`, as `set`'s value has),
    /// so the receiver can say which words it accepts.
    var takesUnknownWords: Bool {
        guard case .oneOf(let types) = self else { return false }
        return types.contains(.any) && types.contains { if case .choice = $0 { return true } else { return false } }
    }

    /// The literal words this type accepts (for completion).
    var words: [String] {
        switch self {
        case .choice(let words): return words
        case .bool: return ["true", "false"]
        case .oneOf(let types): return types.flatMap(\.words)
        default: return []
        }
    }

    /// Checks `value`; returns nil when it fits, else the message tail "expects a number, got string \"x\"".
    public func mismatch(_ value: Value) -> String? {
        switch (self, value) {
        case (.any, _), (.number, .number), (.string, .string), (.bool, .bool), (.name, .string):
            return nil
        case (.int, .number):
            return value.int == nil ? "expects an integer, got \(value.kindDescription)" : nil
        case (.object(let type), .object(let o)) where o.typeName == type.name:
            return nil
        case (.choice(let words), .string(let s)):
            if words.contains(s) { return nil }
            return "expects \(phrase), got \(Value.quote(s))" + Suggestion.didYouMean(s, in: words)
        case (.list(let item), .list(let items)):
            for (i, element) in items.enumerated() where item.mismatch(element) != nil {
                return "expects \(phrase), got a list whose item \(i + 1) is \(element.kindDescription)"
            }
            return nil
        case (.oneOf(let types), _):
            if types.contains(where: { $0.mismatch(value) == nil }) { return nil }
            return "expects \(phrase), got \(value.kindDescription)"
        default:
            return "expects \(phrase), got \(value.kindDescription)"
        }
    }

    private var plural: String {
        switch self {
        case .number: return "numbers"
        case .int: return "integers"
        case .string: return "strings"
        case .bool: return "bools"
        case .object(let type): return type.name + "s"
        default: return "values (\(phrase))"
        }
    }

    private static func article(_ word: String) -> String {
        guard let first = word.lowercased().first else { return "a" }
        return "aeiou".contains(first) ? "an" : "a"
    }
}

/// The object type a parameter accepts, made only from a Swift class (`ObjectType(ModelObject.self)`), so a
/// misspelt type is a compile error rather than a parameter no object ever matches.
public struct ObjectType: Sendable, Equatable {
    /// The class's `typeName` ("Model").
    public let name: String
    /// The type of objects of class `T`.
    public init<T: ScriptObject>(_ type: T.Type) { name = T.typeName }
}
