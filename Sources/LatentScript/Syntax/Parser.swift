/// Builds a `Program` from tokens, reporting every syntax error: after an error it skips to the next
/// line (parsing any block that starts on the skipped line, so its errors are reported too).
///
/// Grammar (newlines and `;` separate statements):
///
///     statement := 'for' NAME 'in' expr block | 'repeat' expr block | NAME '=' value | value
///     block     := '{' statement* '}'
///     value     := NAME argument*              -- a command call, or a variable when bare
///                | expr
///     argument  := NAME '=' expr | expr
///     expr      := primary ('.' NAME)*         -- no space before '.'
///     primary   := NUMBER | STRING | true | false | none | NAME | '[' expr,* ']' | '(' value ')'
public struct Parser {
    private struct Failure: Error {}

    private let source: SourceText
    private let tokens: [Token]
    private var position = 0
    private var diagnostics: [Diagnostic]
    private var parenDepth = 0

    private let lexicalErrorLines: Set<Int>

    private init(source: SourceText, lexer: Lexer) {
        self.source = source
        self.tokens = lexer.tokens
        self.diagnostics = lexer.diagnostics
        self.lexicalErrorLines = Set(lexer.diagnostics.compactMap { $0.span?.start.line })
    }

    /// Parses `source`; the program is meant to run only when the diagnostics are empty.
    public static func parse(_ source: SourceText) -> (program: Program, diagnostics: [Diagnostic]) {
        var parser = Parser(source: source, lexer: Lexer.tokenize(source))
        let statements = parser.statements(inBlock: false)
        let sorted = parser.diagnostics.enumerated().sorted {
            ($0.element.span?.start.offset ?? 0, $0.offset) < ($1.element.span?.start.offset ?? 0, $1.offset)
        }.map(\.element)
        return (Program(source: source, statements: statements), sorted)
    }

    /// True when `text` is an unfinished statement (open block, bracket, string or trailing `\`):
    /// the REPL then reads a continuation line.
    public static func needsMoreInput(_ text: String) -> Bool {
        let lexer = Lexer.tokenize(SourceText(name: "", text: text))
        return lexer.openDelimiters > 0 || lexer.endsInsideToken
    }

    // MARK: token access

    private var current: Token { tokens[position] }
    private var kind: TokenKind { tokens[position].kind }
    private var previousEnd: SourceLocation { position > 0 ? tokens[position - 1].span.end : current.span.start }

    private mutating func advance() -> Token {
        let token = tokens[position]
        if position < tokens.count - 1 { position += 1 }
        return token
    }

    private mutating func skipNewlines() {
        while kind == .newline { _ = advance() }
    }

    /// Inside a list: steps over line breaks only when the list continues (`,` or `]` follows them).
    private mutating func continueOverNewlines() {
        var ahead = position
        while tokens[ahead].kind == .newline && ahead < tokens.count - 1 { ahead += 1 }
        if tokens[ahead].kind == .comma || tokens[ahead].kind == .rightBracket { position = ahead }
    }

    private func peekKind(_ ahead: Int) -> TokenKind {
        tokens[min(position + ahead, tokens.count - 1)].kind
    }

    private var atSeparator: Bool {
        switch kind {
        case .newline, .semicolon, .end: return true
        default: return false
        }
    }

    /// Records an error, unless the lexer already reported one on that line (avoids cascades).
    private mutating func fail(_ message: String, at span: SourceSpan) -> Failure {
        if lexicalErrorLines.contains(span.start.line) { return Failure() }
        diagnostics.append(Diagnostic(.syntax, message, at: span, in: source))
        return Failure()
    }

    private mutating func expect(_ expected: TokenKind, _ what: String) throws -> Token {
        guard kind == expected else { throw fail("expected \(what), found \(kind.displayName)", at: current.span) }
        return advance()
    }

    // MARK: statements

    private mutating func statements(inBlock: Bool) -> [Statement] {
        var result: [Statement] = []
        while true {
            while kind == .newline || kind == .semicolon { _ = advance() }
            if kind == .end { return result }
            if kind == .rightBrace {
                if inBlock { return result }
                _ = fail("unexpected '}' without an open block", at: advance().span)
                continue
            }
            do {
                result.append(try statement())
                switch kind {
                case .newline, .semicolon, .end: break
                case .rightBrace where inBlock: break
                default:
                    throw fail("expected end of statement, found \(kind.displayName)", at: current.span)
                }
            } catch {
                synchronize()
            }
        }
    }

    /// Skips the rest of a broken statement; a block opened on the way is parsed (and discarded).
    private mutating func synchronize() {
        while !atSeparator {
            if kind == .leftBrace {
                _ = try? block()
                continue
            }
            if kind == .rightBrace { return }
            _ = advance()
        }
    }

    private mutating func statement() throws -> Statement {
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
        case .identifier(let name) where peekKind(1) == .equal:
            let nameSpan = advance().span
            _ = advance()
            if atSeparator || kind == .rightBrace {
                throw fail("expected a command or value after '\(name) ='", at: current.span)
            }
            let value = try valueOrCall()
            return Statement(.assign(name, nameSpan, value), span: SourceSpan(start, previousEnd))
        default:
            let value = try valueOrCall()
            return Statement(.expression(value), span: SourceSpan(start, previousEnd))
        }
    }

    private mutating func block() throws -> [Statement] {
        guard kind == .leftBrace else {
            throw fail("expected '{' to open the block, found \(kind.displayName)", at: current.span)
        }
        let open = advance()
        let body = statements(inBlock: true)
        guard kind == .rightBrace else {
            throw fail("expected '}' to close the block opened at line \(open.span.start.line)", at: open.span)
        }
        _ = advance()
        return body
    }

    // MARK: calls and expressions

    /// A call when the first token is a name not followed by `.`, else an expression.
    private mutating func valueOrCall() throws -> Expr {
        guard case .identifier(let head) = kind, !(peekKind(1) == .dot && !tokens[position + 1].spaceBefore) else {
            return try expression()
        }
        let headSpan = advance().span
        var arguments: [Argument] = []
        while true {
            if parenDepth > 0 { skipNewlines() }
            if atSeparator || kind == .rightBrace || kind == .rightParen { break }
            if case .identifier(let name) = kind, peekKind(1) == .equal {
                let nameSpan = advance().span
                _ = advance()
                if atSeparator || kind == .rightBrace || kind == .rightParen {
                    throw fail("expected a value after '\(name)='", at: current.span)
                }
                arguments.append(.option(name, nameSpan, try expression()))
            } else if kind == .equal {
                throw fail("unexpected '='; options are written name=value", at: current.span)
            } else {
                arguments.append(.positional(try expression()))
            }
        }
        return .call(Call(head: head, headSpan: headSpan, arguments: arguments,
                          span: SourceSpan(headSpan.start, previousEnd)))
    }

    private mutating func expression() throws -> Expr {
        var expr = try primary()
        while kind == .dot && !current.spaceBefore {
            _ = advance()
            guard case .identifier(let name) = kind, !current.spaceBefore else {
                throw fail("expected a member name after '.', found \(kind.displayName)", at: current.span)
            }
            let nameSpan = advance().span
            expr = .member(expr, name, expr.span.union(nameSpan))
        }
        return expr
    }

    private mutating func primary() throws -> Expr {
        let token = current
        switch token.kind {
        case .number(let v): _ = advance(); return .literal(.number(v), token.span)
        case .string(let s): _ = advance(); return .literal(.string(s), token.span)
        case .keyword(.true): _ = advance(); return .literal(.bool(true), token.span)
        case .keyword(.false): _ = advance(); return .literal(.bool(false), token.span)
        case .keyword(.none): _ = advance(); return .literal(.none, token.span)
        case .identifier(let name): _ = advance(); return .word(name, token.span)
        case .leftBracket:
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
        case .leftParen:
            _ = advance()
            parenDepth += 1
            skipNewlines()
            let inner: Expr
            do {
                inner = try valueOrCall()
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
            return inner
        default:
            throw fail("expected a command, variable or value, found \(token.kind.displayName)", at: token.span)
        }
    }
}
