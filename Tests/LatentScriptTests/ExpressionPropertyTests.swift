import Foundation
import XCTest
@testable import LatentScript

/// Property test: random expression trees, written with only the parentheses precedence requires,
/// evaluate in the language exactly as a reference evaluator written here (or both fail).
final class ExpressionPropertyTests: XCTestCase {
    indirect enum Tree {
        case number(Double), bool(Bool), variable(String, Double)
        case neg(Tree), not(Tree)
        case binary(String, Tree, Tree)
    }

    /// Binding strength of each form, loosest first (the grammar's levels).
    static func precedence(_ t: Tree) -> Int {
        switch t {
        case .number, .bool, .variable: return 8
        case .neg: return 6
        case .not: return 2
        case .binary(let op, _, _): return level(op)
        }
    }

    static func level(_ op: String) -> Int {
        switch op {
        case "or": return 0
        case "and": return 1
        case "<", "<=", ">", ">=", "==", "!=": return 3
        case "+", "-": return 4
        case "*", "/", "%": return 5
        default: return 7   // **
        }
    }

    static func render(_ t: Tree) -> String {
        func wrap(_ child: Tree, _ needs: Bool) -> String { needs ? "(\(render(child)))" : render(child) }
        switch t {
        case .number(let v): return Value.format(v)
        case .bool(let b): return b ? "true" : "false"
        case .variable(let name, _): return name
        case .neg(let x): return "-" + wrap(x, precedence(x) < 6)
        case .not(let x): return "not " + wrap(x, precedence(x) < 2)
        case .binary(let op, let l, let r):
            let p = level(op)
            if op == "**" { return wrap(l, precedence(l) < 8) + " ** " + wrap(r, precedence(r) < 6) }
            let comparison = p == 3
            let leftNeeds = precedence(l) < p || (comparison && precedence(l) == p) || (p == 1 && precedence(l) < 2)
            let rightNeeds = precedence(r) <= p || (p == 1 && precedence(r) < 2)
            return wrap(l, leftNeeds) + " \(op) " + wrap(r, rightNeeds)
        }
    }

    enum Result: Equatable { case number(Double), bool(Bool) }

    /// The static check's view: the tree's type, or nil when some operator gets the wrong kinds of value
    /// (even in a branch that `and`/`or` would skip) or divides by a literal zero.
    static func type(_ t: Tree) -> Bool?? {
        switch t {
        case .number, .variable: return .some(false)   // false: a number
        case .bool: return .some(true)                 // true: a bool
        case .neg(let x): return type(x) == .some(false) ? .some(false) : nil
        case .not(let x): return type(x) == .some(true) ? .some(true) : nil
        case .binary(let op, let l, let r):
            guard let a = type(l), let b = type(r) else { return nil }
            if (op == "/" || op == "%"), case .number(0) = r { return nil }
            switch op {
            case "and", "or": return a == true && b == true ? .some(true) : nil
            case "==", "!=": return .some(true)
            case "<", "<=", ">", ">=": return a == false && b == false ? .some(true) : nil
            default: return a == false && b == false ? .some(false) : nil
            }
        }
    }

    /// The reference semantics; nil for an error (wrong types, division by zero).
    static func evaluate(_ t: Tree) -> Result? {
        switch t {
        case .number(let v), .variable(_, let v): return .number(v)
        case .bool(let b): return .bool(b)
        case .neg(let x): if case .number(let v)? = evaluate(x) { return .number(-v) } else { return nil }
        case .not(let x): if case .bool(let b)? = evaluate(x) { return .bool(!b) } else { return nil }
        case .binary(let op, let l, let r):
            guard let a = evaluate(l) else { return nil }
            if op == "and" || op == "or" {
                guard case .bool(let x) = a else { return nil }
                if x == (op == "or") { return .bool(x) }
                guard case .bool(let y)? = evaluate(r) else { return nil }
                return .bool(y)
            }
            guard let b = evaluate(r) else { return nil }
            if op == "==" { return .bool(a == b) }
            if op == "!=" { return .bool(a != b) }
            guard case .number(let x) = a, case .number(let y) = b else { return nil }
            switch op {
            case "+": return .number(x + y)
            case "-": return .number(x - y)
            case "*": return .number(x * y)
            case "/": return y == 0 ? nil : .number(x / y)
            case "%":
                guard y != 0 else { return nil }
                let m = x - y * (x / y).rounded(.down)
                return .number(m)
            case "**": return .number(pow(x, y))
            case "<": return .bool(x < y)
            case "<=": return .bool(x <= y)
            case ">": return .bool(x > y)
            default: return .bool(x >= y)
            }
        }
    }

    struct SplitMix { var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E3779B97F4A7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58476D1CE4E5B9
            z = (z ^ (z >> 27)) &* 0x94D049BB133111EB
            return z ^ (z >> 31)
        }
        mutating func below(_ n: Int) -> Int { Int(next() % UInt64(n)) }
    }

    static let operators = ["or", "and", "<", "<=", ">", ">=", "==", "!=", "+", "-", "*", "/", "%", "**"]

    static func tree(_ rng: inout SplitMix, depth: Int) -> Tree {
        if depth == 0 || rng.below(4) == 0 {
            switch rng.below(6) {
            case 0: return .bool(rng.below(2) == 0)
            case 1: return .variable("a", 3)
            case 2: return .variable("b", 0.5)
            default: return .number([0, 1, 2, 3, 7, 0.5, 2.5, 10][rng.below(8)])
            }
        }
        switch rng.below(10) {
        case 0: return .neg(tree(&rng, depth: depth - 1))
        case 1: return .not(tree(&rng, depth: depth - 1))
        default:
            return .binary(operators[rng.below(operators.count)], tree(&rng, depth: depth - 1), tree(&rng, depth: depth - 1))
        }
    }

    func testRandomExpressionsEvaluateLikeTheReference() {
        var rng = SplitMix(state: 20261201)
        var checked = 0, failures = 0, errors = 0
        for _ in 0..<3000 {
            let t = Self.tree(&rng, depth: 5)
            let text = Self.render(t)
            let (session, output) = makeToySession()
            let result = session.run("a = 3\nb = 0.5\nr = \(text)", file: "p")
            checked += 1
            guard Self.type(t) != nil, let expected = Self.evaluate(t) else {
                errors += 1
                XCTAssertNotEqual(result.status, 0, "\(text) should fail")
                continue
            }
            guard result.status == 0, let value = session.variables["r"] else {
                failures += 1
                XCTFail("\(text) failed: \(output.text)")
                if failures > 5 { return }
                continue
            }
            switch (expected, value) {
            case (.number(let e), .number(let v)):
                XCTAssertTrue(e == v || (e.isNaN && v.isNaN), "\(text): \(v), expected \(e)")
            case (.bool(let e), .bool(let v)):
                XCTAssertEqual(e, v, text)
            default:
                XCTFail("\(text): \(value), expected \(expected)")
            }
        }
        XCTAssertEqual(checked, 3000)
        XCTAssertGreaterThan(errors, 100, "the trees include ill-typed ones")
        XCTAssertGreaterThan(checked - errors, 600, "many trees evaluate")
    }
}
