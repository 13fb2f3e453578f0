extension Parser {
    /// A call when the first token is a name that no operator, `.` or `[` follows, else an expression.
    mutating func bare() throws -> Expr {
        guard case .identifier(let head) = kind, startsCall else { return try expression() }
        let headSpan = advance().span
        var arguments: [Argument] = []
        while true {
            if parenDepth > 0 { skipNewlines() }
            if atSeparator || kind == .rightBrace || kind == .rightParen || kind == .rightBracket { break }
            if case .identifier(let name) = kind, peekKind(1) == .equal {
                let nameSpan = advance().span
                _ = advance()
                if atSeparator || kind == .rightBrace || kind == .rightParen {
                    throw fail("expected a value after '\(name)='", at: current.span)
                }
                arguments.append(.option(name, nameSpan, try argument()))
            } else if kind == .equal {
                throw fail("unexpected '='; options are written name=value", at: current.span)
            } else if head == "help", kind == .op(.minus), !current.spaceBefore, case .identifier(let rest) = peekKind(1),
                      !peekToken(1).spaceBefore, case .positional(.word(let word, let span))? = arguments.last {
                // help t-sne: a hyphenated word is one word to look up, not a subtraction
                _ = advance()
                let restSpan = advance().span
                arguments[arguments.count - 1] = .positional(.word(word + "-" + rest, span.union(restSpan)))
            } else if kind == .op(.divide), !peekToken(1).spaceBefore, peekKind(1) != .newline {
                // load data/x.csv or load /data/x.csv: a path written without quotes
                let start = !current.spaceBefore ? arguments.last.map(\.span.start) ?? current.span.start : current.span.start
                throw fail("put the path in quotes: \(head) \"\(source.word(from: start.offset))\"", at: current.span)
            } else if isInfixOperator {
                throw fail("a command's arguments are single values: write an expression in parentheses, "
                           + "as in epochs=(20 + 10) or (len xs) \(kind.displayName.dropFirst().dropLast()) 1",
                           at: current.span)
            } else {
                arguments.append(.positional(try argument()))
            }
        }
        return .call(Call(head: head, headSpan: headSpan, arguments: arguments,
                          span: SourceSpan(headSpan.start, previousEnd)))
    }

    /// Whether the name at the current token starts a call: no `.`/`[` touches it and no operator
    /// follows (a `-` with a space before and none after starts a negative argument: `a -1`).
    private var startsCall: Bool {
        let next = peekToken(1)
        switch next.kind {
        case .dot, .leftBracket: return next.spaceBefore
        case .op(.minus): return next.spaceBefore && !peekToken(2).spaceBefore && peekToken(2).kind != .newline
        case .op, .keyword(.and), .keyword(.or): return false
        default: return true
        }
    }

    /// True at a binary operator that would continue an expression (not a `-1`-style argument).
    private var isInfixOperator: Bool {
        switch kind {
        case .op(.minus): return !(current.spaceBefore && !peekToken(1).spaceBefore)
        case .op, .keyword(.and), .keyword(.or): return true
        default: return false
        }
    }

    /// One argument of a call or default of a def: a postfix value, optionally negated.
    mutating func argument() throws -> Expr {
        switch kind {
        case .op(.minus):
            try enterNesting()
            defer { nesting -= 1 }
            let op = advance().span
            return Parser.negate(op, try argument())
        case .keyword(.not):
            try enterNesting()
            defer { nesting -= 1 }
            let op = advance().span
            return .unary(.not, op, try argument())
        default:
            return try postfix()
        }
    }

    /// `-operand`, folded into the literal when the operand is a number.
    static func negate(_ op: SourceSpan, _ operand: Expr) -> Expr {
        if case .literal(.number(let v), let span) = operand { return .literal(.number(-v), op.union(span)) }
        return .unary(.minus, op, operand)
    }
}
