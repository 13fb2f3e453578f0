/// `assert condition "message"`: a failed assertion is a runtime error (exit 70) that names the place
/// and shows the compared operands: `assertion failed: the map classifies (t.accuracy[0] = 0.42, expected > 0.5)`.
extension Interpreter {
    func check(_ condition: Expr, message: Expr?, statement: Statement) throws {
        let (holds, explanation) = try evaluateExplained(condition)
        guard !holds else { return }
        var text = source.slice(condition.span)
        if let message { text = try evaluate(message, as: .any).text }
        throw error("assertion failed: \(text)" + (explanation.map { " (\($0))" } ?? ""), at: statement.span)
    }

    /// A condition's truth and, when false, what its operands were; each operand is evaluated once.
    private func evaluateExplained(_ expr: Expr) throws -> (Bool, String?) {
        switch expr {
        case .grouped(let inner, _):
            return try evaluateExplained(inner)
        case .binary(let l, .and, _, let r):
            let (left, why) = try evaluateExplained(l)
            if !left { return (false, why) }
            return try evaluateExplained(r)
        case .binary(let l, let op, let span, let r) where op.isComparison:
            let left = try evaluate(l, as: .any)
            let right = try evaluate(r, as: .any)
            let result = try operation(at: span) { try Operations.binary(op, left, right) }
            let expected: String
            if case .literal = r { expected = right.description } else { expected = "\(source.slice(r.span)) (= \(right.description))" }
            return (result.bool ?? false, "\(describe(l, left)), expected \(op.rawValue) \(expected)")
        default:
            let value = try evaluate(expr, as: .any)
            let holds = try truth(value, of: "'assert'", at: expr.span)
            if case .literal = expr { return (holds, nil) }
            return (holds, describe(expr, value))
        }
    }

    private func describe(_ expr: Expr, _ value: Value) -> String {
        if case .literal = expr { return value.description }
        return "\(source.slice(expr.span)) = \(value.description)"
    }
}
