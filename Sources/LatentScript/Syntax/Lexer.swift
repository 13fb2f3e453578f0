/// Splits a script into tokens; reports every lexical error and keeps going.
///
/// Newlines are tokens (they end statements; the parser skips those inside `[ ]` and `( )`), except
/// after a trailing `\`. Comments run from `#` to the end of the line.
public struct Lexer {
    private let chars: [Character]
    private let source: SourceText
    private var index = 0
    private var line = 1
    private var column = 1
    private var nesting = 0
    private var sawSpace = true

    /// Tokens read so far, ending with `.end` after `tokenize()`.
    public private(set) var tokens: [Token] = []
    /// Lexical errors, in source order.
    public private(set) var diagnostics: [Diagnostic] = []
    /// Unclosed `{`, `[` and `(` at the end of the text, and whether the last line ends in `\`.
    public private(set) var openDelimiters = 0
    /// True when the text ends inside a string or after a line-continuation backslash.
    public private(set) var endsInsideToken = false

    /// A lexer over `source`.
    public init(_ source: SourceText) {
        self.source = source
        self.chars = Array(source.text)
    }

    /// Lexes `source` completely.
    public static func tokenize(_ source: SourceText) -> Lexer {
        var lexer = Lexer(source)
        lexer.run()
        return lexer
    }

    private var location: SourceLocation { SourceLocation(line: line, column: column, offset: index) }
    private var peek: Character? { index < chars.count ? chars[index] : nil }
    private func peek(_ ahead: Int) -> Character? { index + ahead < chars.count ? chars[index + ahead] : nil }

    private mutating func advance() -> Character {
        let ch = chars[index]
        index += 1
        if ch.isNewline { line += 1; column = 1 } else { column += 1 }
        return ch
    }

    private mutating func emit(_ kind: TokenKind, from start: SourceLocation) {
        tokens.append(Token(kind, SourceSpan(start, location), spaceBefore: sawSpace))
        sawSpace = false
    }

    private mutating func error(_ message: String, from start: SourceLocation) {
        diagnostics.append(Diagnostic(.syntax, message, at: SourceSpan(start, location), in: source))
    }

    private mutating func run() {
        var braces = 0
        while let ch = peek {
            let start = location
            switch ch {
            case " ", "\t":
                _ = advance(); sawSpace = true
            case "#":
                while let c = peek, !c.isNewline { _ = advance() }
            case "\\" where peek(1)?.isNewline == true:
                _ = advance(); _ = advance(); sawSpace = true
            case "\\" where peek(1) == nil:
                _ = advance(); endsInsideToken = true
            case _ where ch.isNewline:
                _ = advance()
                emit(.newline, from: start)
                sawSpace = true
            case "=": _ = advance(); emit(.equal, from: start)
            case ",": _ = advance(); emit(.comma, from: start)
            case ";": _ = advance(); emit(.semicolon, from: start)
            case "[": _ = advance(); nesting += 1; emit(.leftBracket, from: start)
            case "]": _ = advance(); nesting = max(0, nesting - 1); emit(.rightBracket, from: start)
            case "(": _ = advance(); nesting += 1; emit(.leftParen, from: start)
            case ")": _ = advance(); nesting = max(0, nesting - 1); emit(.rightParen, from: start)
            case "{": _ = advance(); braces += 1; emit(.leftBrace, from: start)
            case "}": _ = advance(); braces = max(0, braces - 1); emit(.rightBrace, from: start)
            case "\"": lexString()
            case "." where !(peek(1)?.isASCIIDigit ?? false): _ = advance(); emit(.dot, from: start)
            case "-" where peek(1)?.isASCIIDigit == true || (peek(1) == "." && peek(2)?.isASCIIDigit == true):
                lexNumber()
            case _ where ch.isASCIIDigit || ch == ".":
                lexNumber()
            case _ where ch.isIdentifierStart:
                lexIdentifier()
            default:
                _ = advance()
                error("unexpected character '\(ch)'", from: start)
                sawSpace = true
            }
        }
        openDelimiters = braces + nesting
        let endLoc = location
        tokens.append(Token(.end, SourceSpan(endLoc, endLoc), spaceBefore: true))
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
        if peek == "-" { text.append(advance()) }
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
        emit(.number(value), from: start)
    }

    private mutating func lexString() {
        let start = location
        _ = advance()
        var value = ""
        while true {
            guard let c = peek, !c.isNewline else {
                error("unterminated string; add a closing '\"'", from: start)
                if peek == nil { endsInsideToken = true }
                emit(.string(value), from: start)
                return
            }
            _ = advance()
            if c == "\"" { break }
            if c != "\\" { value.append(c); continue }
            let escapeStart = SourceLocation(line: line, column: column - 1, offset: index - 1)
            guard let e = peek, !e.isNewline else { continue }
            _ = advance()
            switch e {
            case "n": value.append("\n")
            case "t": value.append("\t")
            case "r": value.append("\r")
            case "0": value.append("\0")
            case "\"": value.append("\"")
            case "\\": value.append("\\")
            case "u": lexUnicodeEscape(into: &value, from: escapeStart)
            default: error("unknown escape '\\\(e)' in string (use \\n \\t \\r \\0 \\\" \\\\ or \\u{...})", from: escapeStart)
            }
        }
        emit(.string(value), from: start)
    }

    private mutating func lexUnicodeEscape(into value: inout String, from start: SourceLocation) {
        guard peek == "{" else { error("expected '{' after \\u", from: start); return }
        _ = advance()
        var hex = ""
        while let c = peek, c.isHexDigit { hex.append(advance()) }
        guard peek == "}", let code = UInt32(hex, radix: 16), let scalar = Unicode.Scalar(code) else {
            error("malformed unicode escape; write \\u{1F600}", from: start)
            return
        }
        _ = advance()
        value.unicodeScalars.append(scalar)
    }
}

extension Character {
    var isASCIIDigit: Bool { isASCII && isWholeNumber }
    var isIdentifierStart: Bool { self == "_" || isLetter }
    var isIdentifierBody: Bool { self == "_" || isLetter || isASCIIDigit }
}
