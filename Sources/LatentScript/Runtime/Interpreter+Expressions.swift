extension Interpreter {
    /// The value of an expression written where a value of `type` is expected.
    ///
    /// A bare word is taken literally when the type accepts it (choices, names), otherwise it names a variable.
    func evaluate(_ expr: Expr, as type: ValueType) throws -> Value {
        try requireStack(expr.span)
        switch expr {
        case .literal(let literal, _):
            return literal.value
        case .word(let word, let span):
            if type.takesWord(word) { return .string(word) }
            if let value = environment.lookup(word) { return value }
            if case .choice = type { return .string(word) }
            if type.takesUnknownWords { return .string(word) }
            if session.registry.isHead(word) {
                throw error("'\(word)' is a command, not a value; write (\(word) ...) to use its result", at: span)
            }
            throw error("unknown variable '\(word)'" + Suggestion.didYouMean(word, in: environment.visibleNames), at: span)
        case .list(let items, _):
            let itemType: ValueType
            if case .list(let t) = type { itemType = t } else { itemType = .any }
            return .list(try items.map { try evaluate($0, as: itemType) })
        case .member(let baseExpr, let name, let span):
            let base = try evaluate(baseExpr, as: .any)
            guard let value = base.member(name) else {
                let names = base.memberNames
                let hint = Suggestion.nearest(to: name, in: names).map { "; did you mean '\($0)'?" }
                    ?? (names.isEmpty ? "" : " (members: \(names.joined(separator: ", ")))")
                throw error("\(base.typeName) has no member '\(name)'" + hint, at: span)
            }
            return value
        case .index(let baseExpr, let indexExpr, _):
            let base = try evaluate(baseExpr, as: .any)
            let index = try evaluate(indexExpr, as: .any)
            return try operation(at: indexExpr.span) { try Operations.index(base, index) }
        case .unary(let op, let span, let operandExpr):
            let operand = try evaluate(operandExpr, as: .any)
            return try operation(at: span.union(operandExpr.span)) {
                op == .not ? try Operations.not(operand) : try Operations.negate(operand)
            }
        case .binary(let leftExpr, let op, let span, let rightExpr):
            let left = try evaluate(leftExpr, as: .any)
            if op == .and || op == .or {
                let l = try truth(left, of: "'\(op.rawValue)'", at: leftExpr.span)
                if l == (op == .or) { return .bool(l) }
                let right = try evaluate(rightExpr, as: .any)
                return .bool(try truth(right, of: "'\(op.rawValue)'", at: rightExpr.span))
            }
            let right = try evaluate(rightExpr, as: .any)
            return try operation(at: span) { try Operations.binary(op, left, right) }
        case .template(let pieces, _):
            var text = ""
            for piece in pieces {
                switch piece {
                case .text(let t): text += t
                case .value(let e, let format):
                    let value = try evaluate(e, as: .any)
                    text += try operation(at: e.span) { try value.formatted(format) }
                }
            }
            return .string(text)
        case .call(let call):
            return try self.call(call)
        case .grouped(let inner, _):
            return try evaluate(inner, as: type)
        }
    }

    /// Runs an operation, turning its error into a diagnostic at `span`.
    func operation<T>(at span: SourceSpan, _ body: () throws -> T) throws -> T {
        do { return try body() } catch let failure as OperationError {
            throw error(failure.message, at: span)
        } catch let failure as CommandError {     // a host object's keyed element refused its key
            throw error(failure.message, at: span)
        }
    }
}

extension Expr.Literal {
    /// The runtime value of a literal.
    var value: Value {
        switch self {
        case .number(let v): return .number(v)
        case .string(let s): return .string(s)
        case .bool(let b): return .bool(b)
        case .none: return .none
        }
    }
}
