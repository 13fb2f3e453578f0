/// The operators of expressions, from the loosest binding to the tightest:
/// `or`, `and`, `not`, comparisons, `+ -`, `* / %`, unary `-`, `**` (right-associative).
public enum Operator: String, Sendable, Equatable, CaseIterable {
    /// Logical operators (keywords).
    case or, and, not
    /// Comparisons (they do not chain: `a < b < c` is an error).
    case less = "<", lessEqual = "<=", greater = ">", greaterEqual = ">=", equal = "==", notEqual = "!="
    /// Arithmetic; `+` also joins strings and lists.
    case plus = "+", minus = "-", times = "*", divide = "/", remainder = "%", power = "**"

    /// True for `< <= > >= == !=`.
    public var isComparison: Bool {
        switch self {
        case .less, .lessEqual, .greater, .greaterEqual, .equal, .notEqual: return true
        default: return false
        }
    }
}

/// One piece of a string with holes: literal text, or `{expression}` with an optional format.
public enum TemplatePart: Sendable, Equatable {
    /// Characters taken as written (`{{` and `}}` already turned into braces).
    case text(String)
    /// `{expression:format}`: the characters of the expression, and the format after `:` with its span.
    case hole(expression: SourceSpan, format: String?, formatSpan: SourceSpan?)
}
