/// What the static checker knows about a value before running: its kind, or nothing.
enum StaticType: Equatable {
    case number, string, bool, list, none
    /// A host object of the given type name ("Dataset"), or one of several ("Dataset or Model").
    case object(String)
    /// Only running can tell.
    case unknown

    /// The type of a runtime value (variables that already exist in the session).
    init(_ value: Value) {
        switch value {
        case .none: self = .none
        case .number: self = .number
        case .string: self = .string
        case .bool: self = .bool
        case .list: self = .list
        case .object(let o): self = .object(o.typeName)
        }
    }

    /// The type of a command's declared result.
    init(_ type: ValueType?) {
        switch type {
        case .number?, .int?: self = .number
        case .string?: self = .string
        case .bool?: self = .bool
        case .list?: self = .list
        case .object(let type)?: self = .object(type.name)
        case .oneOf(let types)? where !types.isEmpty && types.allSatisfy({ if case .object = $0 { true } else { false } }):
            self = .object(types.map { StaticType($0).name }.joined(separator: " or "))   // `load`: "Dataset or Model"
        default: self = .unknown
        }
    }

    /// The type name used in messages ("number", "Dataset").
    var name: String {
        switch self {
        case .number: return "number"
        case .string: return "string"
        case .bool: return "bool"
        case .list: return "list"
        case .none: return "none"
        case .object(let n): return n
        case .unknown: return "value"
        }
    }

    /// Merges the types of two assignments to one name: equal types stay, others become unknown.
    func merged(with other: StaticType) -> StaticType { self == other ? self : .unknown }

    /// The result of `self op other`, `.unknown` when either side is unknown, nil when the operator
    /// cannot take these types.
    func applying(_ op: Operator, _ other: StaticType) -> StaticType? {
        if self == .unknown || other == .unknown {
            switch op {
            case .equal, .notEqual, .less, .lessEqual, .greater, .greaterEqual, .and, .or: return .bool
            default: return .unknown
            }
        }
        switch op {
        case .equal, .notEqual: return .bool
        case .less, .lessEqual, .greater, .greaterEqual:
            return self == other && (self == .number || self == .string) ? .bool : nil
        case .plus:
            return self == other && (self == .number || self == .string || self == .list) ? self : nil
        case .minus, .times, .divide, .remainder, .power:
            return self == .number && other == .number ? .number : nil
        case .and, .or:
            return self == .bool && other == .bool ? .bool : nil
        case .not:
            return nil
        }
    }
}
