extension Parser {
    /// A full expression (precedence climbing from `or` down to `postfix`).
    mutating func expression() throws -> Expr { try binary(level: 0) }

    /// Binary operators by level, loosest first; `not`, unary minus and `**` are handled between them.
    private static let levels: [[Operator]] = [
        [.or], [.and], [.less, .lessEqual, .greater, .greaterEqual, .equal, .notEqual],
        [.plus, .minus], [.times, .divide, .remainder],
    ]

    private func binaryOperator(at level: Int) -> Operator? {
        let op: Operator
        switch kind {
        case .op(let o): op = o
        case .keyword(.and): op = .and
        case .keyword(.or): op = .or
        default: return nil
        }
        return Parser.levels[level].contains(op) ? op : nil
    }

    private mutating func binary(level: Int) throws -> Expr {
        guard level < Parser.levels.count else { return try unary() }
        var left = try operand(above: level)
        var chained = 0
        defer { nesting -= chained }
        while let op = binaryOperator(at: level) {
            try enterNesting()
            chained += 1
            let opSpan = advance().span
            if parenDepth > 0 { skipNewlines() }
            let right = try operand(above: level)
            if op.isComparison && chained > 1 {
                throw fail("comparisons do not chain; write a < b and b < c", at: opSpan)
            }
            left = .binary(left, op, opSpan, right)
        }
        return left
    }

    /// The operands of `level`: `and` takes `not` expressions, the others the next level.
    private mutating func operand(above level: Int) throws -> Expr {
        level == 1 ? try notLevel() : try binary(level: level + 1)
    }

    /// `not x` binds looser than comparisons: `not a == b` is `not (a == b)`.
    private mutating func notLevel() throws -> Expr {
        guard kind == .keyword(.not) else { return try binary(level: 2) }
        try enterNesting()
        defer { nesting -= 1 }
        let op = advance().span
        return .unary(.not, op, try notLevel())
    }

    private mutating func unary() throws -> Expr {
        guard kind == .op(.minus) else { return try power() }
        try enterNesting()
        defer { nesting -= 1 }
        let op = advance().span
        return Parser.negate(op, try unary())
    }

    /// `base ** exponent`, right-associative; `-2 ** 2` is -4.
    private mutating func power() throws -> Expr {
        let base = try postfix()
        guard kind == .op(.power) else { return base }
        try enterNesting()
        defer { nesting -= 1 }
        let opSpan = advance().span
        return .binary(base, .power, opSpan, try unary())
    }

    /// A primary followed by `.member` and `[index]` (neither preceded by a space).
    mutating func postfix() throws -> Expr {
        var expr = try primary()
        var chain = 0
        while (kind == .dot || kind == .leftBracket) && !current.spaceBefore {
            chain += 1
            if chain > Parser.maxNesting {
                throw fail("a chain of more than \(Parser.maxNesting) '.member' or '[index]' accesses is too long", at: current.span)
            }
            if kind == .leftBracket {
                let open = advance()
                try enterNesting()
                defer { nesting -= 1 }
                // d[top s.error 20]: a command call inside brackets needs no parentheses
                let index: Expr
                if case .identifier = kind, peekKind(1) != .rightBracket { index = try bare() } else { index = try expression() }
                guard kind == .rightBracket else {
                    throw fail("expected ']' to close the index opened at column \(open.span.start.column), found \(kind.displayName)",
                               at: current.span)
                }
                _ = advance()
                expr = .index(expr, index, SourceSpan(expr.span.start, previousEnd))
                continue
            }
            _ = advance()
            guard case .identifier(let name) = kind, !current.spaceBefore else {
                throw fail("expected a member name after '.', found \(kind.displayName)", at: current.span)
            }
            let nameSpan = advance().span
            expr = .member(expr, name, expr.span.union(nameSpan))
        }
        return expr
    }
}
