extension Parser {
    mutating func primary() throws -> Expr {
        let token = current
        let nests = token.kind == .leftBracket || token.kind == .leftParen
        if nests { try enterNesting() }
        defer { if nests { nesting -= 1 } }
        switch token.kind {
        case .number(let v): _ = advance(); return .literal(.number(v), token.span)
        case .string(let s): _ = advance(); return .literal(.string(s), token.span)
        case .template(let parts): _ = advance(); return try template(parts, token.span)
        case .keyword(.true): _ = advance(); return .literal(.bool(true), token.span)
        case .keyword(.false): _ = advance(); return .literal(.bool(false), token.span)
        case .keyword(.none): _ = advance(); return .literal(.none, token.span)
        case .identifier(let name): _ = advance(); return .word(name, token.span)
        case .leftBracket: return try list(token)
        case .leftParen:
            _ = advance()
            parenDepth += 1
            skipNewlines()
            let inner: Expr
            do {
                inner = try bare()
                skipNewlines()
                parenDepth -= 1
            } catch {
                parenDepth -= 1
                throw error
            }
            guard kind == .rightParen else {
                if kind == .newline || kind == .end {
                    throw fail("expected ')' to close this '('", at: token.span)
                }
                throw fail("expected ')' to close the '(' at column \(token.span.start.column), found \(kind.displayName)",
                           at: current.span)
            }
            _ = advance()
            if case .call(var call) = inner {
                call.span = SourceSpan(token.span.start, previousEnd)
                return .call(call)
            }
            return .grouped(inner, SourceSpan(token.span.start, previousEnd))
        default:
            throw fail("expected a command, variable or value, found \(token.kind.displayName)" + callHint(token), at: token.span)
        }
    }

    /// A hint for `exit()`, `help()`, `quit()`: the `)` right after `NAME(`, where commands take no parentheses.
    private func callHint(_ token: Token) -> String {
        guard token.kind == .rightParen, position >= 2, tokens[position - 1].kind == .leftParen,
              case .identifier(let name) = tokens[position - 2].kind else { return "" }
        return "; commands take no parentheses: write '\(name)'" + (name == "help" ? " or 'help COMMAND'" : "")
    }

    private mutating func list(_ token: Token) throws -> Expr {
        _ = advance()
        var items: [Expr] = []
        skipNewlines()
        while kind != .rightBracket {
            if kind == .end || kind == .newline {
                throw fail("expected ']' to close the list opened at column \(token.span.start.column)", at: token.span)
            }
            items.append(try expression())
            continueOverNewlines()
            if kind == .comma { _ = advance(); skipNewlines(); continue }
            guard kind == .rightBracket else {
                if kind == .newline || kind == .end {
                    throw fail("expected ']' to close the list opened at column \(token.span.start.column)", at: token.span)
                }
                throw fail("expected ',' or ']' in list, found \(kind.displayName)", at: current.span)
            }
        }
        _ = advance()
        return .list(items, SourceSpan(token.span.start, previousEnd))
    }

    /// A string with holes: each `{...}` is lexed and parsed as an expression in place.
    private mutating func template(_ parts: [TemplatePart], _ span: SourceSpan) throws -> Expr {
        var pieces: [TemplatePiece] = []
        var failed = false
        for part in parts {
            switch part {
            case .text(let text):
                pieces.append(.text(text))
            case .hole(let exprSpan, let formatText, let formatSpan):
                var lexer = Lexer(source, span: exprSpan)
                lexer.run()
                var inner = Parser(source: source, lexer: lexer)
                inner.nesting = nesting
                inner.reportedNesting = reportedNesting
                var expr: Expr? = nil
                do {
                    inner.skipNewlines()
                    expr = try inner.bare()
                    if inner.kind != .end {
                        throw inner.fail("unexpected \(inner.kind.displayName) in '{...}'; a hole holds one expression",
                                         at: inner.current.span)
                    }
                } catch { expr = nil }
                diagnostics += inner.diagnostics
                reportedNesting = inner.reportedNesting
                var format: FormatSpec? = nil
                if let formatText, let formatSpan {
                    format = FormatSpec(formatText)
                    if format == nil {
                        _ = fail("unknown format ':\(formatText)'; write e.g. :.3f, :.0e, :5d, :>8 or :.1%", at: formatSpan)
                        failed = true
                    }
                }
                guard let expr else { failed = true; continue }
                pieces.append(.value(expr, format))
            }
        }
        if failed { throw Failure() }
        return .template(pieces, span)
    }
}
