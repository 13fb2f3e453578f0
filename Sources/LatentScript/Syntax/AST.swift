/// An expression: a literal, a bare word, a list, a member access or a parenthesised command.
public indirect enum Expr: Sendable {
    /// A number, string, `true`, `false` or `none`.
    case literal(Literal, SourceSpan)
    /// A bare identifier: a variable, or a word when the parameter takes words (`plot loss`, `help train`).
    case word(String, SourceSpan)
    /// `[a, b, c]`.
    case list([Expr], SourceSpan)
    /// `base.name`.
    case member(Expr, String, SourceSpan)
    /// `(command args...)`, or a command/variable heading a statement.
    case call(Call)

    /// A literal value written in the source.
    public enum Literal: Sendable, Equatable {
        /// The literal kinds.
        case number(Double), string(String), bool(Bool), none
    }

    /// The characters the expression covers.
    public var span: SourceSpan {
        switch self {
        case .literal(_, let s), .word(_, let s), .list(_, let s), .member(_, _, let s): return s
        case .call(let c): return c.span
        }
    }
}

/// `head arg arg key=value ...`: a command invocation (or a bare variable when it has no arguments).
public struct Call: Sendable {
    /// The first word.
    public var head: String
    /// Where the first word is.
    public var headSpan: SourceSpan
    /// Positional arguments and options in source order.
    public var arguments: [Argument]
    /// The whole invocation.
    public var span: SourceSpan

    /// A call from its parts.
    public init(head: String, headSpan: SourceSpan, arguments: [Argument], span: SourceSpan) {
        self.head = head
        self.headSpan = headSpan
        self.arguments = arguments
        self.span = span
    }
}

/// One argument of a call.
public enum Argument: Sendable {
    /// A value in position.
    case positional(Expr)
    /// `name=value`; the first span is the name's.
    case option(String, SourceSpan, Expr)

    /// The characters the argument covers.
    public var span: SourceSpan {
        switch self {
        case .positional(let e): return e.span
        case .option(_, let s, let e): return s.union(e.span)
        }
    }
}

/// One statement; top-level statements are the unit of history, recording and error recovery.
public struct Statement: Sendable {
    /// What the statement does.
    public enum Kind: Sendable {
        /// `name = expr` (expr is usually a call).
        case assign(String, SourceSpan, Expr)
        /// A call or expression whose value is shown when it is not `none`.
        case expression(Expr)
        /// `for name in expr { body }`.
        case forLoop(String, SourceSpan, Expr, [Statement])
        /// `repeat expr { body }`.
        case repeatLoop(Expr, [Statement])
    }

    /// What the statement does.
    public var kind: Kind
    /// The characters from the first token to the last (including a block's closing brace).
    public var span: SourceSpan

    /// A statement from its parts.
    public init(_ kind: Kind, span: SourceSpan) {
        self.kind = kind
        self.span = span
    }
}

/// A parsed script: its statements and the text they came from.
public struct Program: Sendable {
    /// The source the statements point into.
    public var source: SourceText
    /// Top-level statements in order.
    public var statements: [Statement]
}
