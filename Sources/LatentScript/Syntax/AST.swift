/// An expression: a literal, a name, a list, a member, an index, an operation, a string with holes,
/// or a command call.
public indirect enum Expr: Sendable {
    /// A number, string, `true`, `false` or `none`.
    case literal(Literal, SourceSpan)
    /// A bare identifier: a variable, or a word when the parameter takes words (`plot loss`, `help train`).
    case word(String, SourceSpan)
    /// `[a, b, c]`.
    case list([Expr], SourceSpan)
    /// `base.name`.
    case member(Expr, String, SourceSpan)
    /// `base[index]` (no space before `[`); negative indices count from the end.
    case index(Expr, Expr, SourceSpan)
    /// `-x` or `not x`; the span is the operator's.
    case unary(Operator, SourceSpan, Expr)
    /// `a + b`, `a < b`, `a and b`, ...; the middle span is the operator's.
    case binary(Expr, Operator, SourceSpan, Expr)
    /// `"text {expression:format} text"`.
    case template([TemplatePiece], SourceSpan)
    /// `(command args...)`, or a command/variable heading a statement.
    case call(Call)
    /// `(expression)`: the expression, with the parentheses in its span.
    case grouped(Expr, SourceSpan)

    /// A literal value written in the source.
    public enum Literal: Sendable, Equatable {
        /// The literal kinds.
        case number(Double), string(String), bool(Bool), none
    }

    /// The characters the expression covers.
    public var span: SourceSpan {
        switch self {
        case .literal(_, let s), .word(_, let s), .list(_, let s), .member(_, _, let s), .index(_, _, let s),
             .template(_, let s), .grouped(_, let s):
            return s
        case .unary(_, let s, let operand): return s.union(operand.span)
        case .binary(let l, _, _, let r): return l.span.union(r.span)
        case .call(let c): return c.span
        }
    }
}

/// One piece of a string with holes.
public enum TemplatePiece: Sendable {
    /// Literal text.
    case text(String)
    /// A value shown with an optional format (`{x:.3f}`).
    case value(Expr, FormatSpec?)
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

/// `def name params { body }`: a user command.
public struct Definition: Sendable {
    /// One parameter: positional when it has no default, else an option `name=default`.
    public struct Parameter: Sendable {
        /// The name.
        public var name: String
        /// Where the name is.
        public var span: SourceSpan
        /// The default of an option (evaluated when the def runs).
        public var defaultValue: Expr?
    }

    /// The command's name.
    public var name: String
    /// Where the name is.
    public var nameSpan: SourceSpan
    /// Parameters in source order.
    public var parameters: [Parameter]
    /// The body.
    public var body: [Statement]
    /// The comment on the `def` line (or the comment lines just above it): the command's help summary.
    public var summary: String
}

/// One statement; top-level statements are the unit of history, recording and error recovery.
public struct Statement: Sendable {
    /// What the statement does.
    public enum Kind: Sendable {
        /// `name = expr` (expr is a call or an expression).
        case assign(String, SourceSpan, Expr)
        /// A call or expression whose value is shown when it is not `none`.
        case expression(Expr)
        /// `for name in expr { body }`; the name is local to the loop.
        case forLoop(String, SourceSpan, Expr, [Statement])
        /// `repeat expr { body }`.
        case repeatLoop(Expr, [Statement])
        /// `if c { } else if c { } else { }`: the conditions with their blocks, then the `else` block.
        case conditional([(Expr, [Statement])], [Statement]?)
        /// `def name params { body }`.
        case definition(Definition)
        /// `return [value]` inside a def; the span is the keyword's.
        case returnValue(Expr?, SourceSpan)
        /// `assert condition [message]`.
        case assertion(Expr, Expr?)
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
