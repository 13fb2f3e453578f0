import LatentFiles
import Foundation

/// A value an operator cannot take; the message is a complete sentence.
struct OperationError: Error {
    var message: String
}

/// What the operators of expressions do to values: arithmetic on numbers, `+` joining strings and lists,
/// comparisons of numbers or strings, equality of anything, and indexing. Shared by the interpreter and
/// the static checker (which applies them to literals).
enum Operations {
    /// Throws when a result of `bytes` would not fit in the memory available (`MemoryLimit`'s guard),
    /// as an operation error naming `what`.
    static func requireMemory(_ bytes: Int, _ what: @autoclosure () -> String) throws {
        do { try MemoryLimit.require(Double(bytes), for: what()) } catch let refusal as MemoryRefusal {
            throw OperationError(message: refusal.description)
        }
    }

    /// `left op right` for the arithmetic and comparison operators (`and`/`or` short-circuit in the interpreter).
    static func binary(_ op: Operator, _ left: Value, _ right: Value) throws -> Value {
        switch op {
        case .equal: return .bool(left.isEqual(to: right))
        case .notEqual: return .bool(!left.isEqual(to: right))
        case .less, .lessEqual, .greater, .greaterEqual:
            return .bool(try compare(op, left, right))
        case .plus:
            switch (left, right) {
            case (.number(let a), .number(let b)): return .number(a + b)
            case (.string(let a), .string(let b)):
                try requireMemory(a.utf8.count + b.utf8.count, "joining strings of \(a.utf8.count) and \(b.utf8.count) bytes")
                return .string(a + b)
            case (.list(let a), .list(let b)):
                try requireMemory((a.count + b.count) * MemoryLayout<Value>.stride, "joining lists of \(a.count) and \(b.count) items")
                return .list(a + b)
            default:
                throw OperationError(message: mismatch(op, left.kindDescription, right.kindDescription,
                                                       string: left.string != nil || right.string != nil))
            }
        case .minus, .times, .divide, .remainder, .power:
            guard case .number(let a) = left, case .number(let b) = right else {
                throw OperationError(message: mismatch(op, left.kindDescription, right.kindDescription))
            }
            switch op {
            case .minus: return .number(a - b)
            case .times: return .number(a * b)
            case .divide:
                guard b != 0 else { throw OperationError(message: "division by zero") }
                return .number(a / b)
            case .remainder:
                guard b != 0 else { throw OperationError(message: "remainder of a division by zero") }
                let r = a.truncatingRemainder(dividingBy: b)
                return .number(r != 0 && (r < 0) != (b < 0) ? r + b : r)
            default: return .number(Foundation.pow(a, b))
            }
        case .and, .or, .not:
            guard case .bool(let a) = left, case .bool(let b) = right else {
                throw OperationError(message: mismatch(op, left.kindDescription, right.kindDescription))
            }
            return .bool(op == .and ? a && b : a || b)
        }
    }

    /// The sentence for operands `op` cannot take, described as `left` and `right` ("string \"a\"", "Dataset 'd'").
    static func mismatch(_ op: Operator, _ left: String, _ right: String, string: Bool = false) -> String {
        let got = "got \(left) and \(right)"
        switch op {
        case .plus:
            return "'+' adds two numbers or joins two strings or two lists, \(got)"
                + (string ? "; to put a value in a string write \"text {x}\"" : "")
        case .less, .lessEqual, .greater, .greaterEqual: return "'\(op.rawValue)' compares two numbers or two strings, \(got)"
        case .and, .or, .not: return "'\(op.rawValue)' needs true or false on both sides, \(got)"
        default: return "'\(op.rawValue)' needs two numbers, \(got)"
        }
    }

    private static func compare(_ op: Operator, _ left: Value, _ right: Value) throws -> Bool {
        let order: Int
        switch (left, right) {
        case (.number(let a), .number(let b)):
            if a.isNaN || b.isNaN { return false }
            order = a < b ? -1 : (a > b ? 1 : 0)
        case (.string(let a), .string(let b)): order = a < b ? -1 : (a > b ? 1 : 0)
        default:
            throw OperationError(message: mismatch(op, left.kindDescription, right.kindDescription))
        }
        switch op {
        case .less: return order < 0
        case .lessEqual: return order <= 0
        case .greater: return order > 0
        default: return order >= 0
        }
    }

    /// `-value`.
    static func negate(_ value: Value) throws -> Value {
        guard case .number(let v) = value else {
            throw OperationError(message: "'-' needs a number, got \(value.kindDescription)")
        }
        return .number(-v)
    }

    /// `not value`.
    static func not(_ value: Value) throws -> Value {
        guard case .bool(let b) = value else {
            throw OperationError(message: "'not' needs true or false, got \(value.kindDescription)")
        }
        return .bool(!b)
    }

    /// The truth of a condition (`if`, `assert`, `and`, `or`): only true and false are conditions.
    static func condition(_ value: Value, of what: String) throws -> Bool {
        guard case .bool(let b) = value else {
            throw OperationError(message: "\(what) needs true or false, got \(value.kindDescription)"
                                 + (value.number != nil ? "; compare it, as in x > 0" : ""))
        }
        return b
    }

    /// `base[index]`: an item of a list, a character of a string, an element of an object (a table's row);
    /// negative indices count from the end.
    static func index(_ base: Value, _ index: Value) throws -> Value {
        if index.int == nil, case .object(let o) = base, let v = try o.element(forKey: index) { return v }
        if case .list(let picks) = index, case .list(let items) = base {   // xs[[2, 0]]: the items at those places
            return .list(try picks.map { try Operations.index(.list(items), $0) })
        }
        let count: Int
        switch base {
        case .list(let items): count = items.count
        case .string(let s): count = s.count
        case .object(let o):
            guard let n = o.elementCount else { throw OperationError(message: "\(o.typeName) cannot be indexed") }
            count = n
        default: throw OperationError(message: "\(base.kindDescription) cannot be indexed; only lists, strings and tables can")
        }
        guard let i = index.int else {
            throw OperationError(message: "an index must be an integer, got \(index.kindDescription)")
        }
        let what = base.list != nil ? "a list of \(count) item\(count == 1 ? "" : "s")"
            : base.string != nil ? "a string of \(count) character\(count == 1 ? "" : "s")"
            : "\(base.typeName) with \(count) element\(count == 1 ? "" : "s")"
        guard i < count && i >= -count else {
            throw OperationError(message: "index \(i) is out of range for \(what)"
                                 + (count == 0 ? "" : " (use 0 to \(count - 1), or -\(count) to -1 from the end)"))
        }
        let k = i < 0 ? count + i : i
        switch base {
        case .list(let items): return items[k]
        case .string(let s): return .string(String(s[s.index(s.startIndex, offsetBy: k)]))
        case .object(let o): return o.element(at: k)
        default: return .none
        }
    }
}

extension Value {
    /// Structural equality: numbers, strings, bools and lists by value, objects by identity.
    public func isEqual(to other: Value) -> Bool {
        switch (self, other) {
        case (.none, .none): return true
        case (.number(let a), .number(let b)): return a == b
        case (.string(let a), .string(let b)): return a == b
        case (.bool(let a), .bool(let b)): return a == b
        case (.list(let a), .list(let b)): return a.count == b.count && zip(a, b).allSatisfy { $0.isEqual(to: $1) }
        case (.object(let a), .object(let b)): return a === b
        default: return false
        }
    }
}
