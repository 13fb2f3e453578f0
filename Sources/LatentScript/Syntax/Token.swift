/// A position in a source text: 1-based line and column (columns count characters).
public struct SourceLocation: Sendable, Equatable, Comparable, CustomStringConvertible {
    /// 1-based line number.
    public var line: Int
    /// 1-based column, counted in characters.
    public var column: Int
    /// 0-based character offset from the start of the text.
    public var offset: Int

    /// A location from its parts.
    public init(line: Int, column: Int, offset: Int) {
        self.line = line
        self.column = column
        self.offset = offset
    }

    /// The first character of a text.
    public static let start = SourceLocation(line: 1, column: 1, offset: 0)

    /// `line:column`.
    public var description: String { "\(line):\(column)" }

    /// Orders locations by their offset.
    public static func < (a: SourceLocation, b: SourceLocation) -> Bool { a.offset < b.offset }
}

/// A half-open range of characters in a source text.
public struct SourceSpan: Sendable, Equatable {
    /// The first character.
    public var start: SourceLocation
    /// The character after the last one.
    public var end: SourceLocation

    /// A span from its bounds.
    public init(_ start: SourceLocation, _ end: SourceLocation) {
        self.start = start
        self.end = end
    }

    /// The number of characters covered (at least 1 for carets).
    public var length: Int { max(1, end.offset - start.offset) }

    /// The smallest span covering both.
    public func union(_ other: SourceSpan) -> SourceSpan {
        SourceSpan(min(start, other.start), max(end, other.end))
    }
}

/// The kinds of token the lexer produces.
public enum TokenKind: Sendable, Equatable {
    /// A name: letters, digits and `_`, not starting with a digit.
    case identifier(String)
    /// A number literal (`3`, `-2.5`, `1e-3`).
    case number(Double)
    /// A string literal with its escapes resolved.
    case string(String)
    /// A string with `{expression}` holes (`"map-{lr:.0e}.png"`), in source order.
    case template([TemplatePart])
    /// An operator symbol: `+ - * / % ** < <= > >= == !=`.
    case op(Operator)
    /// A reserved word.
    case keyword(Keyword)
    /// Punctuation: `=` `,` `.` `;`.
    case equal, comma, dot, semicolon
    /// Brackets: `[` `]` `{` `}` `(` `)`.
    case leftBracket, rightBracket, leftBrace, rightBrace, leftParen, rightParen
    /// A line break (ends a statement).
    case newline
    /// The end of the text.
    case end

    /// Words reserved by the language.
    public enum Keyword: String, Sendable, CaseIterable {
        /// Loop and literal keywords.
        case `for`, `in`, `repeat`, `true`, `false`, `none`
        /// Conditionals, user commands, assertions and the logical operators.
        case `if`, `else`, `def`, `return`, `assert`, `and`, `or`, `not`
    }

    /// How the token is named in error messages ("'{'", "a number", "end of line").
    public var displayName: String {
        switch self {
        case .identifier(let name): return "'\(name)'"
        case .number: return "a number"
        case .string, .template: return "a string"
        case .op(let o): return "'\(o.rawValue)'"
        case .keyword(let k): return "'\(k.rawValue)'"
        case .equal: return "'='"
        case .comma: return "','"
        case .dot: return "'.'"
        case .semicolon: return "';'"
        case .leftBracket: return "'['"
        case .rightBracket: return "']'"
        case .leftBrace: return "'{'"
        case .rightBrace: return "'}'"
        case .leftParen: return "'('"
        case .rightParen: return "')'"
        case .newline: return "end of line"
        case .end: return "end of input"
        }
    }
}

/// One lexical token with its place in the source.
public struct Token: Sendable, Equatable {
    /// What was read.
    public var kind: TokenKind
    /// Where it was read.
    public var span: SourceSpan
    /// True when whitespace (or a line start) precedes the token; separates `d.x` from `d .x`.
    public var spaceBefore: Bool

    /// A token from its parts.
    public init(_ kind: TokenKind, _ span: SourceSpan, spaceBefore: Bool) {
        self.kind = kind
        self.span = span
        self.spaceBefore = spaceBefore
    }
}
