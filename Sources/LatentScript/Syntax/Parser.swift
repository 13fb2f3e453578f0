/// Builds a `Program` from tokens, reporting every syntax error: after an error it skips to the next
/// line (parsing any block that starts on the skipped line, so its errors are reported too).
///
/// Grammar (newlines and `;` separate statements; jlox-style precedence climbing for expressions):
///
///     statement  := 'for' NAME 'in' expr block | 'repeat' expr block
///                 | 'if' expr block ('else' 'if' expr block)* ('else' block)?
///                 | 'def' NAME (NAME | NAME '=' argument)* block       -- top level only
///                 | 'return' bare? | 'assert' expr argument?
///                 | NAME '=' bare | bare
///     block      := '{' statement* '}'
///     bare       := NAME argument*          -- a command call (a variable when bare), unless an operator,
///                 | expr                       '.' or '[' follows the name: then an expression
///     argument   := NAME '=' argument | '-' argument | 'not' argument | postfix
///     expr       := or
///     or         := and ('or' and)*
///     and        := not ('and' not)*
///     not        := 'not' not | comparison
///     comparison := term (('<' | '<=' | '>' | '>=' | '==' | '!=') term)?
///     term       := factor (('+' | '-') factor)*
///     factor     := unary (('*' | '/' | '%') unary)*
///     unary      := '-' unary | power
///     power      := postfix ('**' unary)?
///     postfix    := primary ('.' NAME | '[' expr ']')*    -- no space before '.' or '['
///     primary    := NUMBER | STRING | true | false | none | NAME | '[' expr,* ']' | '(' bare ')'
///
/// A space before a `-` and none after it make a new argument in a call (`a -1` passes -1 to `a`);
/// everywhere else `-` between two values subtracts.
public struct Parser {
    struct Failure: Error {}

    let source: SourceText
    let tokens: [Token]
    var position = 0
    var diagnostics: [Diagnostic]
    var parenDepth = 0
    /// Open `[`, `(`, `{` and operators around the current token; bounded so deep nesting is an error,
    /// not a stack overflow.
    var nesting = 0
    var reportedNesting = false
    /// Blocks around the current statement (a `def` must be at the top level).
    var blockDepth = 0
    let comments: [Int: String]
    /// The deepest nesting of brackets, parentheses, blocks and operators (and the longest `a.b.c` chain) accepted.
    static let maxNesting = 128

    let lexicalErrorLines: Set<Int>
    /// The last line that ended inside a string (nil when none did).
    let openStringLine: Int?

    init(source: SourceText, lexer: Lexer) {
        self.source = source
        self.tokens = lexer.tokens
        self.diagnostics = lexer.diagnostics
        self.comments = lexer.comments
        self.lexicalErrorLines = Set(lexer.diagnostics.compactMap { $0.span?.start.line })
        self.openStringLine = lexer.openStringLine
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

    /// True when `text` is an unfinished statement (open block, bracket or trailing `\`; an open string is
    /// an error at the end of its line, not unfinished):
    /// the REPL then reads a continuation line (it uses `ContinuationTracker`, which lexes each line once).
    public static func needsMoreInput(_ text: String) -> Bool {
        var tracker = ContinuationTracker()
        return tracker.feed(text)
    }

    // MARK: token access

    var current: Token { tokens[position] }
    var kind: TokenKind { tokens[position].kind }
    var previousEnd: SourceLocation { position > 0 ? tokens[position - 1].span.end : current.span.start }

    mutating func advance() -> Token {
        let token = tokens[position]
        if position < tokens.count - 1 { position += 1 }
        return token
    }

    mutating func skipNewlines() {
        while kind == .newline { _ = advance() }
    }

    /// Inside a list: steps over line breaks only when the list continues (`,` or `]` follows them).
    mutating func continueOverNewlines() {
        var ahead = position
        while tokens[ahead].kind == .newline && ahead < tokens.count - 1 { ahead += 1 }
        if tokens[ahead].kind == .comma || tokens[ahead].kind == .rightBracket { position = ahead }
    }

    func peekToken(_ ahead: Int) -> Token {
        tokens[min(position + ahead, tokens.count - 1)]
    }

    func peekKind(_ ahead: Int) -> TokenKind { peekToken(ahead).kind }

    var atSeparator: Bool {
        switch kind {
        case .newline, .semicolon, .end: return true
        default: return false
        }
    }

    /// Records an error, unless the lexer already reported one on that line (avoids cascades).
    mutating func fail(_ message: String, at span: SourceSpan) -> Failure {
        if lexicalErrorLines.contains(span.start.line) { return Failure() }
        diagnostics.append(Diagnostic(.syntax, message, at: span, in: source))
        return Failure()
    }

    mutating func expect(_ expected: TokenKind, _ what: String) throws -> Token {
        guard kind == expected else { throw fail("expected \(what), found \(kind.displayName)", at: current.span) }
        return advance()
    }

    /// Counts one more open bracket, parenthesis, block or operator; reports excessive nesting once per script.
    mutating func enterNesting() throws {
        guard nesting < Parser.maxNesting else {
            if reportedNesting { throw Failure() }
            reportedNesting = true
            throw fail("brackets, parentheses, blocks and operators are nested more than \(Parser.maxNesting) deep", at: current.span)
        }
        nesting += 1
    }

    // MARK: statements

    mutating func statements(inBlock: Bool) -> [Statement] {
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
    mutating func synchronize() {
        while !atSeparator {
            if kind == .leftBrace {
                let before = position
                _ = try? block()
                if position == before { _ = advance() }
                continue
            }
            if kind == .rightBrace { return }
            _ = advance()
        }
    }

    mutating func block() throws -> [Statement] {
        guard kind == .leftBrace else {
            throw fail("expected '{' to open the block, found \(kind.displayName)", at: current.span)
        }
        try enterNesting()
        blockDepth += 1
        defer { nesting -= 1; blockDepth -= 1 }
        let open = advance()
        let body = statements(inBlock: true)
        guard kind == .rightBrace else {
            // a prompt entry ended by an open string on its last line: that error is the one to show
            if kind == .end && openStringLine == current.span.start.line { throw Failure() }
            throw fail("expected '}' to close the block opened at line \(open.span.start.line + source.firstLine - 1)", at: open.span)
        }
        _ = advance()
        return body
    }
}
