/// Splits a script into tokens; reports every lexical error and keeps going.
///
/// Newlines are tokens (they end statements; the parser skips those inside `[ ]` and `( )`), except
/// after a trailing `\`. Comments run from `#` to the end of the line. `-` is always an operator: the
/// parser makes `-1` a negative number.
public struct Lexer {
    /// Unclosed brackets and blocks: carried from line to line by `ContinuationTracker`.
    public struct Depth: Sendable, Equatable {
        /// Open `[` and `(`.
        public var brackets = 0
        /// Open `{`.
        public var braces = 0
        /// Everything still open.
        public var open: Int { brackets + braces }
        /// Nothing open.
        public init() {}
    }

    let chars: [Character]
    let source: SourceText
    var index: Int
    let limit: Int
    var line: Int
    var column: Int
    var depth: Depth
    var sawSpace = true

    /// Tokens read so far, ending with `.end` after `tokenize()`.
    public internal(set) var tokens: [Token] = []
    /// Lexical errors, in source order.
    public internal(set) var diagnostics: [Diagnostic] = []
    /// Comments by line (the text after `#`), for the help summary of a `def`.
    public internal(set) var comments: [Int: String] = [:]
    /// True when the text ends after a line-continuation backslash.
    public internal(set) var endsInsideToken = false
    /// The last line on which a string was left open (an error; at the prompt it ends the entry).
    public internal(set) var openStringLine: Int? = nil

    /// Unclosed `{`, `[` and `(` at the end of the text.
    public var openDelimiters: Int { depth.open }
    /// The brackets and blocks still open at the end of the text.
    public var finalDepth: Depth { depth }

    /// A lexer over `source`, optionally starting inside brackets already open (`depth`).
    public init(_ source: SourceText, depth: Depth = Depth()) {
        self.source = source
        self.chars = source.characters
        self.index = 0
        self.limit = chars.count
        self.line = 1
        self.column = 1
        self.depth = depth
    }

    /// A lexer over the characters of `span` (the expression inside a string's `{...}`).
    init(_ source: SourceText, span: SourceSpan) {
        self.source = source
        self.chars = source.characters
        self.index = span.start.offset
        self.limit = min(span.end.offset, chars.count)
        self.line = span.start.line
        self.column = span.start.column
        self.depth = Depth()
    }

    /// Lexes `source` completely.
    public static func tokenize(_ source: SourceText, depth: Depth = Depth()) -> Lexer {
        var lexer = Lexer(source, depth: depth)
        lexer.run()
        return lexer
    }

    var location: SourceLocation { SourceLocation(line: line, column: column, offset: index) }
    var peek: Character? { index < limit ? chars[index] : nil }
    func peek(_ ahead: Int) -> Character? { index + ahead < limit ? chars[index + ahead] : nil }

    mutating func advance() -> Character {
        let ch = chars[index]
        index += 1
        if ch.isNewline { line += 1; column = 1 } else { column += 1 }
        return ch
    }

    mutating func emit(_ kind: TokenKind, from start: SourceLocation) {
        tokens.append(Token(kind, SourceSpan(start, location), spaceBefore: sawSpace))
        sawSpace = false
    }

    mutating func error(_ message: String, from start: SourceLocation) {
        diagnostics.append(Diagnostic(.syntax, message, at: SourceSpan(start, location), in: source))
    }

    mutating func run() {
        while let ch = peek {
            let start = location
            switch ch {
            case " ", "\t":
                _ = advance(); sawSpace = true
            case "#":
                _ = advance()
                var text = ""
                while let c = peek, !c.isNewline { text.append(advance()) }
                comments[start.line] = text
            case "\\" where peek(1)?.isNewline == true:
                _ = advance(); _ = advance(); sawSpace = true
            case "\\" where peek(1) == nil:
                _ = advance(); endsInsideToken = true
            case _ where ch.isNewline:
                _ = advance()
                emit(.newline, from: start)
                sawSpace = true
            case "=" where peek(1) == "=": _ = advance(); _ = advance(); emit(.op(.equal), from: start)
            case "!" where peek(1) == "=": _ = advance(); _ = advance(); emit(.op(.notEqual), from: start)
            case "<", ">":
                _ = advance()
                let orEqual = peek == "="
                if orEqual { _ = advance() }
                emit(.op(ch == "<" ? (orEqual ? .lessEqual : .less) : (orEqual ? .greaterEqual : .greater)), from: start)
            case "*":
                _ = advance()
                if peek == "*" { _ = advance(); emit(.op(.power), from: start) } else { emit(.op(.times), from: start) }
            case "+": _ = advance(); emit(.op(.plus), from: start)
            case "-": _ = advance(); emit(.op(.minus), from: start)
            case "/": _ = advance(); emit(.op(.divide), from: start)
            case "%": _ = advance(); emit(.op(.remainder), from: start)
            case "=": _ = advance(); emit(.equal, from: start)
            case ",": _ = advance(); emit(.comma, from: start)
            case ";": _ = advance(); emit(.semicolon, from: start)
            case "[": _ = advance(); depth.brackets += 1; emit(.leftBracket, from: start)
            case "]": _ = advance(); depth.brackets = max(0, depth.brackets - 1); emit(.rightBracket, from: start)
            case "(": _ = advance(); depth.brackets += 1; emit(.leftParen, from: start)
            case ")": _ = advance(); depth.brackets = max(0, depth.brackets - 1); emit(.rightParen, from: start)
            case "{": _ = advance(); depth.braces += 1; emit(.leftBrace, from: start)
            case "}": _ = advance(); depth.braces = max(0, depth.braces - 1); emit(.rightBrace, from: start)
            case "\"": lexString()
            case "." where !(peek(1)?.isASCIIDigit ?? false): _ = advance(); emit(.dot, from: start)
            case _ where ch.isASCIIDigit || ch == ".":
                lexNumber()
            case _ where ch.isIdentifierStart:
                lexIdentifier()
            default:
                _ = advance()
                error("unexpected character '\(ch)'" + Lexer.hint(for: ch), from: start)
                sawSpace = true
            }
        }
        let endLoc = location
        tokens.append(Token(.end, SourceSpan(endLoc, endLoc), spaceBefore: true))
    }

    private static func hint(for ch: Character) -> String {
        switch ch {
        case "&": return "; write 'and'"
        case "|": return "; write 'or'"
        case "!": return "; write 'not' (or '!=' to compare)"
        case "'": return "; strings are written in double quotes"
        case "~", "\\": return "; a path goes in quotes: load \"~/data.csv\""
        default: return ""
        }
    }

    private mutating func lexIdentifier() {
        let start = location
        var name = ""
        while let c = peek, c.isIdentifierBody { name.append(advance()) }
        if let keyword = TokenKind.Keyword(rawValue: name) {
            emit(.keyword(keyword), from: start)
        } else {
            emit(.identifier(name), from: start)
        }
    }

    private mutating func lexNumber() {
        let start = location
        var text = ""
        while let c = peek, c.isASCIIDigit || c == "_" { let d = advance(); if d != "_" { text.append(d) } }
        if peek == ".", peek(1)?.isASCIIDigit == true || !(peek(1)?.isIdentifierStart ?? false) {
            text.append(advance())
            while let c = peek, c.isASCIIDigit { text.append(advance()) }
        }
        if let e = peek, e == "e" || e == "E" {
            let signed = peek(1) == "+" || peek(1) == "-"
            if (signed ? peek(2) : peek(1))?.isASCIIDigit == true {
                text.append(advance())
                if signed { text.append(advance()) }
                while let c = peek, c.isASCIIDigit { text.append(advance()) }
            }
        }
        if let c = peek, c.isIdentifierStart || (c == "." && peek(1)?.isASCIIDigit == true) {
            while let c = peek, c.isIdentifierBody || c == "." { _ = advance() }
            error("malformed number '\(String(chars[start.offset..<index]))'", from: start)
            return
        }
        guard let value = Double(text) else {
            error("malformed number '\(text)'", from: start)
            return
        }
        guard value.isFinite else {
            error("number '\(String(chars[start.offset..<index]))' is too large (the largest is about 1.8e308)", from: start)
            return
        }
        emit(.number(value), from: start)
    }
}

extension Character {
    var isASCIIDigit: Bool { isASCII && isWholeNumber }
    var isIdentifierStart: Bool { self == "_" || isLetter }
    var isIdentifierBody: Bool { self == "_" || isLetter || isASCIIDigit }
}
