extension Parser {
    mutating func statement() throws -> Statement {
        let start = current.span.start
        switch kind {
        case .keyword(.for):
            _ = advance()
            guard case .identifier(let name) = kind else {
                throw fail("expected a loop variable name after 'for', found \(kind.displayName)", at: current.span)
            }
            let nameSpan = advance().span
            _ = try expect(.keyword(.in), "'in' after the loop variable")
            let sequence = try expression()
            let body = try block()
            return Statement(.forLoop(name, nameSpan, sequence, body), span: SourceSpan(start, previousEnd))
        case .keyword(.repeat):
            _ = advance()
            let count = try expression()
            let body = try block()
            return Statement(.repeatLoop(count, body), span: SourceSpan(start, previousEnd))
        case .keyword(.if):
            return try conditional()
        case .keyword(.else):
            throw fail("'else' must follow the '}' of an 'if' block, on the same line", at: current.span)
        case .keyword(.def):
            return try definition()
        case .keyword(.return):
            let keyword = advance().span
            let value = atSeparator || kind == .rightBrace ? nil : try bare()
            return Statement(.returnValue(value, keyword), span: SourceSpan(start, previousEnd))
        case .keyword(.assert):
            _ = advance()
            if atSeparator || kind == .rightBrace {
                throw fail("expected a condition after 'assert', as in assert x > 0 \"x is positive\"", at: current.span)
            }
            let condition = try expression()
            let message = atSeparator || kind == .rightBrace ? nil : try argument()
            return Statement(.assertion(condition, message), span: SourceSpan(start, previousEnd))
        case .identifier(let name) where peekKind(1) == .equal:
            let nameSpan = advance().span
            _ = advance()
            if atSeparator || kind == .rightBrace {
                throw fail("expected a command or value after '\(name) ='", at: current.span)
            }
            let value = try bare()
            return Statement(.assign(name, nameSpan, value), span: SourceSpan(start, previousEnd))
        default:
            let value = try bare()
            return Statement(.expression(value), span: SourceSpan(start, previousEnd))
        }
    }

    /// `if c { } else if c { } else { }`; `else` goes on the line of the closing `}`.
    private mutating func conditional() throws -> Statement {
        let start = current.span.start
        var branches: [(Expr, [Statement])] = []
        var otherwise: [Statement]? = nil
        repeat {
            _ = advance()   // 'if'
            let condition = try expression()
            branches.append((condition, try block()))
            guard kind == .keyword(.else) else { break }
            _ = advance()
            if kind != .keyword(.if) {
                otherwise = try block()
                break
            }
        } while true
        return Statement(.conditional(branches, otherwise), span: SourceSpan(start, previousEnd))
    }

    /// `def name positional option=default { body }` at the top level of a script.
    private mutating func definition() throws -> Statement {
        let start = current.span.start
        let keyword = advance()
        guard blockDepth == 0 else {
            throw fail("'def' must be at the top level of a script, not inside a block", at: keyword.span)
        }
        guard case .identifier(let name) = kind else {
            throw fail("expected the new command's name after 'def', found \(kind.displayName)", at: current.span)
        }
        let nameSpan = advance().span
        var parameters: [Definition.Parameter] = []
        while kind != .leftBrace {
            guard case .identifier(let parameter) = kind else {
                throw fail("expected a parameter name or '{' in the def of '\(name)', found \(kind.displayName)",
                           at: current.span)
            }
            let span = advance().span
            if parameters.contains(where: { $0.name == parameter }) {
                throw fail("parameter '\(parameter)' is named twice in the def of '\(name)'", at: span)
            }
            var defaultValue: Expr? = nil
            if kind == .equal {
                _ = advance()
                defaultValue = try argument()
            } else if parameters.contains(where: { $0.defaultValue != nil }) {
                throw fail("positional parameter '\(parameter)' must come before the options (name=default)", at: span)
            }
            parameters.append(Definition.Parameter(name: parameter, span: span, defaultValue: defaultValue))
        }
        let body = try block()
        let definition = Definition(name: name, nameSpan: nameSpan, parameters: parameters, body: body,
                                    summary: summary(above: keyword.span.start.line))
        return Statement(.definition(definition), span: SourceSpan(start, previousEnd))
    }

    /// The comment on the def's line, else the comment lines directly above it.
    private func summary(above line: Int) -> String {
        if let comment = comments[line] { return comment.trimmingSpaces }
        var lines: [String] = []
        var l = line - 1
        while l >= 1, let comment = comments[l], source.line(l).trimmingSpaces.hasPrefix("#") {
            lines.insert(comment.trimmingSpaces, at: 0)
            l -= 1
        }
        return lines.joined(separator: " ")
    }
}

extension String {
    /// Without leading and trailing spaces and tabs.
    var trimmingSpaces: String {
        var s = Substring(self)
        while let f = s.first, f == " " || f == "\t" { s.removeFirst() }
        while let l = s.last, l == " " || l == "\t" { s.removeLast() }
        return String(s)
    }
}
